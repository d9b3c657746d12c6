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

/** Turns problems at value offsets into findings at document offsets. */
export class FindingSink {
  readonly findings: Finding[] = [];

  constructor(readonly value: TxtValue) {}

  report(code: string, span: Span, message: string, severity?: Severity, data?: FixData): void {
    const mapped = sourceSpan(this.value, span.start, span.end);
    const finding: Finding = { code, message, start: mapped.start, end: mapped.end };
    if (severity) finding.severity = severity;
    if (data) finding.data = data;
    this.findings.push(finding);
  }

  replaceFix(span: Span, text: string, title: string): FixData {
    return { kind: 'replace', span: sourceSpan(this.value, span.start, span.end), text, title };
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
