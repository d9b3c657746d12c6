/**
 * Pieces shared by the two tag=value languages, DKIM key records (RFC 6376 section 3.2) and
 * DMARC records (RFC 9989 section 4.8): white space, trimming, splitting on ";", reporting
 * findings at value offsets, and the completion context.
 */
import type { FixData, Finding, Severity, Span } from '../types';
import { sourceSpan, type TxtValue } from '../records';

/** One `name=value` pair; every span is a half-open range of offsets into `TxtValue.text`. */
export interface Tag {
  /** As written (DKIM compares names exactly, DMARC ignoring case). */
  name: string;
  /** Without the white space around it; may be empty. */
  value: string;
  nameSpan: Span;
  valueSpan: Span;
  /** From the first character of the name to the last of the value. */
  span: Span;
}

export interface TagProblem<Code extends string> {
  code: Code;
  message: string;
  /** Offsets into `TxtValue.text`. */
  span: Span;
  /** Only where the rule's default severity does not fit. */
  severity?: Severity;
}

/** A parsed tag list: the tags in order and what was wrong with the syntax. */
export interface TagList<Code extends string> {
  value: TxtValue;
  tags: Tag[];
  problems: TagProblem<Code>[];
}

/** FWS and WSP: space, tab, and the CR LF of a folded line. */
export function isTagSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

export function trimSpan(text: string, start: number, end: number): Span {
  let s = start;
  let e = end;
  while (s < e && isTagSpace(text.charCodeAt(s))) s++;
  while (e > s && isTagSpace(text.charCodeAt(e - 1))) e--;
  return { start: s, end: e };
}

/** Splits on ';' (no tag value may contain one) into untrimmed segments. */
export function tagSegments(text: string): Span[] {
  const found: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 0x3b) {
      found.push({ start, end: i });
      start = i + 1;
    }
  }
  return found;
}

export function describeOctet(code: number): string {
  if (code === 0x09) return 'a tab';
  if (code < 0x20 || code === 0x7f) return `the control character 0x${code.toString(16).padStart(2, '0')}`;
  return `the non-ASCII octet 0x${code.toString(16)}`;
}

/**
 * A finding at offsets into `TxtValue.text`. What the text alone decides is found once per text
 * and kept (`TextCache`); `mapFindings` places it in each record's document.
 */
export interface ValueFinding {
  code: string;
  message: string;
  span: Span;
  severity?: Severity;
  /** A `replace` fix whose span is at value offsets too. */
  fix?: { span: Span; text: string; title: string };
}

/** Collects findings at value offsets (see `mapFindings`). */
export class FindingSink {
  findings: ValueFinding[] = [];

  /** `data` must come from `replaceFix`, whose span is at value offsets. */
  report(code: string, span: Span, message: string, severity?: Severity, data?: FixData): void {
    const finding: ValueFinding = { code, message, span };
    if (severity) finding.severity = severity;
    if (data && data.kind === 'replace') finding.fix = { span: data.span, text: data.text, title: data.title };
    this.findings.push(finding);
  }

  replaceFix(span: Span, text: string, title: string): FixData {
    return { kind: 'replace', span, text, title };
  }

  /** The findings so far, leaving the sink empty. */
  take(): ValueFinding[] {
    const taken = this.findings;
    this.findings = [];
    return taken;
  }
}

/** Findings at value offsets as findings at the document offsets of one record's value. */
export function mapFindings(value: TxtValue, found: readonly ValueFinding[], into: Finding[]): void {
  for (const entry of found) {
    const mapped = sourceSpan(value, entry.span.start, entry.span.end);
    const finding: Finding = { code: entry.code, message: entry.message, start: mapped.start, end: mapped.end };
    if (entry.severity) finding.severity = entry.severity;
    if (entry.fix) finding.data = { kind: 'replace', span: sourceSpan(value, entry.fix.span.start, entry.fix.span.end), text: entry.fix.text, title: entry.fix.title };
    into.push(finding);
  }
}

/**
 * Results of checks that depend on a record's text alone, by text. A zone repeats values (one
 * DMARC policy for many names, one key under several selectors), and every edit checks every
 * record again while nearly all texts stay the same. Bounded; the oldest entry goes first.
 */
export class TextCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly limit: number) {}

  get(text: string, compute: () => T): T {
    // A huge value is checked each time rather than kept.
    if (text.length > 4096) return compute();
    const found = this.entries.get(text);
    if (found !== undefined) return found;
    const made = compute();
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, made);
    return made;
  }
}

export type TagCompletionContext =
  | { kind: 'name'; present: Set<string>; prefix: string; first: boolean }
  | { kind: 'value'; tag: string; typed: string };

/** Where the cursor is in a tag list: typing a tag name (with the tags already present) or a value. */
export function tagCompletionContext(textBeforeCursor: string, foldCase: boolean): TagCompletionContext {
  const fold = (s: string) => (foldCase ? s.toLowerCase() : s);
  const semicolon = textBeforeCursor.lastIndexOf(';');
  const segment = textBeforeCursor.slice(semicolon + 1);
  const eq = segment.indexOf('=');
  if (eq >= 0) return { kind: 'value', tag: fold(segment.slice(0, eq).trim()), typed: segment.slice(eq + 1) };
  const present = new Set(
    textBeforeCursor
      .slice(0, semicolon + 1)
      .split(';')
      .map((s) => fold(s.split('=')[0].trim()))
      .filter((s) => s.length > 0),
  );
  return { kind: 'name', present, prefix: segment.trim(), first: semicolon < 0 };
}
