import type { Finding } from '../types';
import { isSpfText, sourceSpan, type DnsRecord, type RecordSet, type TxtValue } from '../records';
import { TextCache } from '../txt/tagList';
import { parseSpf, type SpfTerm } from './spfRecord';

/** The SPF records (TXT starting with v=spf1) of a name; type SPF records are not looked up by receivers. */
export function spfRecordsAt(set: RecordSet, name: string): DnsRecord[] {
  return (set.byName.get(name) ?? []).filter((r) => r.type === 'TXT' && r.txt && isSpfText(r.txt.text));
}

/** What the text of an SPF record decides, at offsets into the text (see TextCache). */
interface TextResult {
  /** Syntax problems of the record as a whole. */
  problems: Finding[];
  /** From the terms, the modifiers and `all`, in that order. */
  terms: Finding[];
}

const byText = new TextCache<TextResult>(4096);
const atText: At = (start, end) => ({ start, end });

function textResult(text: string): TextResult {
  return byText.get(text, () => {
    const parsed = parseSpf(text);
    const problems: Finding[] = parsed.problems.map((problem) => ({ code: 'spf-syntax', start: problem.start, end: problem.end, message: problem.message }));
    const terms: Finding[] = [];
    for (const term of parsed.terms) checkTerm(term, terms, atText);
    checkModifiers(parsed.terms, terms, atText);
    checkAll(parsed.terms, terms, atText, text.length);
    return { problems, terms };
  });
}

/** Findings at text offsets placed at the document offsets of this value (fix spans too). */
function placed(value: TxtValue, found: readonly Finding[], into: Finding[]): void {
  for (const finding of found) {
    const span = sourceSpan(value, finding.start, finding.end);
    const copy: Finding = { ...finding, start: span.start, end: span.end };
    if (finding.data?.kind === 'remove-term') copy.data = { kind: 'remove-term', span: sourceSpan(value, finding.data.span.start, finding.data.span.end) };
    into.push(copy);
  }
}

/** Record-level SPF checks: everything decidable from the text of one record and its name's other records. */
export function checkSpfRecord(record: DnsRecord, set: RecordSet): Finding[] {
  const value = record.txt;
  if (!value || !isSpfText(value.text)) return [];
  const findings: Finding[] = [];
  const text = textResult(value.text);
  placed(value, text.problems, findings);

  if (record.type === 'SPF') {
    findings.push({ code: 'spf-deprecated-type', ...record.typeSpan, message: 'The SPF record type is obsolete: receivers look only at TXT (RFC 7208 section 3.1, 14.1). Publish this value as a TXT record and remove the SPF one.' });
  }
  placed(value, text.terms, findings);
  if (value.text.length > 450) {
    findings.push({ code: 'spf-record-size', ...value.span, message: `The record is ${value.text.length} bytes; over 450 bytes the DNS answer may not fit in UDP and some receivers fail the check (RFC 7208 section 3.4). Shorten it: drop unused includes or use ip4/ip6 ranges.` });
  }
  if (record.type === 'TXT') checkMultiple(record, set, findings);
  return findings;
}

type At = (start: number, end: number) => { start: number; end: number };

function checkTerm(term: SpfTerm, findings: Finding[], at: At): void {
  if (term.kind === 'invalid' || term.error) {
    const code = term.ipProblem ? 'spf-ip-invalid' : 'spf-syntax';
    const reason = term.error!.replace(/\.$/, '');
    const cite = /RFC \d+/.test(reason) ? '' : ' (RFC 7208 section 12)';
    const message = term.kind === 'invalid' ? term.error! : `${reason}${cite}. Receivers treat the whole record as a permerror.`;
    findings.push({ code, ...at(term.start, term.end), message });
    return;
  }
  if (term.warning) findings.push({ code: 'spf-ip-invalid', severity: 'warning', ...at(term.start, term.end), message: term.warning });
  if (term.kind === 'mechanism' && term.name === 'ptr') {
    const span = at(term.start, term.end);
    findings.push({ code: 'spf-ptr', ...span, message: '"ptr" should not be used: it is slow, puts load on the .arpa servers and many receivers skip it (RFC 7208 section 5.5). Replace it with ip4/ip6 ranges or a/mx mechanisms for your sending hosts.', data: { kind: 'remove-term', span } });
  }
}

function checkModifiers(terms: SpfTerm[], findings: Finding[], at: At): void {
  for (const name of ['redirect', 'exp']) {
    const uses = terms.filter((t) => t.kind === 'modifier' && t.name === name);
    for (const extra of uses.slice(1)) {
      findings.push({ code: 'spf-duplicate-modifier', ...at(extra.start, extra.end), message: `"${name}=" appears more than once; it may appear at most once, or the record is a permerror (RFC 7208 section 6). Keep one.` });
    }
  }
}

function checkAll(terms: SpfTerm[], findings: Finding[], at: At, length: number): void {
  const allIndex = terms.findIndex((t) => t.kind === 'mechanism' && t.name === 'all' && !t.error);
  const redirect = terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (allIndex < 0) {
    if (!redirect) {
      findings.push({ code: 'spf-no-all', ...at(0, Math.min(6, length)), message: 'The record ends without "all" or "redirect=", so mail from unlisted hosts gets "neutral" (RFC 7208 section 4.7). End it with "~all" or "-all" to say what the listed hosts are not.' });
    }
    return;
  }
  const all = terms[allIndex];
  const after = terms.slice(allIndex + 1).filter((t) => t.kind === 'mechanism');
  if (after.length > 0) {
    findings.push({ code: 'spf-all-not-last', ...at(after[0].start, after[after.length - 1].end), message: `Mechanisms after "${all.text}" are never evaluated: "all" always matches (RFC 7208 section 5.1). Move "${all.text}" to the end.`, data: { kind: 'move-all-last' } });
  }
  if (redirect) {
    findings.push({ code: 'spf-redirect-ignored', ...at(redirect.start, redirect.end), message: `"${redirect.text}" is ignored because the record has "${all.text}" (RFC 7208 section 6.1). Remove one of them.` });
  }
  if (all.qualifier === '+') {
    findings.push({ code: 'spf-permissive-all', ...at(all.start, all.end), message: `"${all.text}" authorises every host on the internet to send as this domain (RFC 7208 section 5.1). Use "-all" or "~all".` });
  } else if (all.qualifier === '?') {
    findings.push({ code: 'spf-permissive-all', severity: 'information', ...at(all.start, all.end), message: '"?all" says nothing about unlisted hosts (neutral), so it protects nothing (RFC 7208 section 5.1, 8.2). Use "~all" or "-all" once your senders are listed.' });
  }
}

function checkMultiple(record: DnsRecord, set: RecordSet, findings: Finding[]): void {
  if ((set.byName.get(record.name)?.length ?? 0) < 2) return;
  const siblings = spfRecordsAt(set, record.name);
  if (siblings.length < 2) return;
  const merged = mergeSpfValues(siblings.map((r) => r.txt!.text));
  findings.push({
    code: 'spf-multiple-records',
    ...record.rdataSpan,
    message: `${record.name || '.'} has ${siblings.length} SPF records; receivers then return permerror and SPF fails for all your mail (RFC 7208 section 4.5). Merge them into one record.`,
    data: merged ? { kind: 'merge-spf', recordSpans: siblings.map((r) => r.span), mergedValue: merged } : undefined,
  });
}

/**
 * Merges SPF records when that is mechanical: the same `all` (or none), no modifiers that differ.
 * Returns undefined when a person must decide.
 */
export function mergeSpfValues(values: string[]): string | undefined {
  const parsed = values.map((v) => parseSpf(v));
  if (parsed.some((p) => p.problems.length > 0 || p.terms.some((t) => t.kind === 'invalid' || t.error))) return undefined;
  const alls = new Set<string>();
  const modifiers = new Map<string, string>();
  const mechanisms: string[] = [];
  for (const record of parsed) {
    for (const term of record.terms) {
      if (term.kind === 'mechanism' && term.name === 'all') alls.add(term.qualifier!);
      else if (term.kind === 'modifier') {
        const existing = modifiers.get(term.name);
        if (existing !== undefined && existing !== term.text.toLowerCase()) return undefined;
        modifiers.set(term.name, term.text.toLowerCase());
      } else if (!mechanisms.some((m) => m.toLowerCase() === term.text.toLowerCase())) mechanisms.push(term.text);
    }
  }
  if (alls.size > 1) return undefined;
  if (alls.size === 1 && modifiers.has('redirect')) return undefined;
  const parts = ['v=spf1', ...mechanisms, ...modifiers.values()];
  if (alls.size === 1) {
    const qualifier = [...alls][0];
    parts.push(qualifier === '+' ? 'all' : `${qualifier}all`);
  }
  return parts.join(' ');
}
