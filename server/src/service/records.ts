import type { Span } from './types';

/**
 * A TXT value after its character-strings are decoded and joined (RFC 7208 3.3: no space between
 * strings). `text` holds one char per octet (latin1) so offsets in it count octets, and `segments`
 * remember where each octet was written, so a finding on part of a value lands on the exact source
 * characters even across escapes and string boundaries. Use `sourceSpan` to map; never index
 * segments directly.
 */
export interface TxtValue {
  text: string;
  segments: TxtSegment[];
  strings: TxtString[];
  /** Span of the whole rdata, for findings about the value as a whole. */
  span: Span;
}

/**
 * A run of octets of the value starting at `at`. A plain run maps one octet to one source
 * character (`sourceLength === length`); an escape such as `\"` or `\059` is a run of one octet
 * written with `sourceLength` characters.
 */
export interface TxtSegment {
  at: number;
  length: number;
  source: number;
  sourceLength: number;
}

export interface TxtString {
  span: Span;
  octets: number;
}

/** An rdata field as written: quotes removed, escapes kept. It is its own span. */
export interface RdataToken extends Span {
  text: string;
  quoted: boolean;
}

/** One resource record as written in a zone file or a change batch. */
export interface DnsRecord {
  /** Absolute owner name, lower case, without the trailing dot ('' is the root). */
  name: string;
  ttl?: number;
  type: string;
  span: Span;
  nameSpan: Span;
  typeSpan: Span;
  rdataSpan: Span;
  rdata: RdataToken[];
  /** Present for TXT and SPF records. */
  txt?: TxtValue;
}

/** What cross-record checks see: every record, and the records by owner name. */
export interface RecordSet {
  records: readonly DnsRecord[];
  byName: ReadonlyMap<string, readonly DnsRecord[]>;
}

export function indexRecords(records: readonly DnsRecord[]): RecordSet {
  const byName = new Map<string, DnsRecord[]>();
  for (const record of records) {
    const list = byName.get(record.name);
    if (list) list.push(record);
    else byName.set(record.name, [record]);
  }
  return { records, byName };
}

function octetSource(value: TxtValue, index: number): Span {
  const segments = value.segments;
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid].at <= index) lo = mid;
    else hi = mid - 1;
  }
  const segment = segments[lo];
  if (segment.sourceLength !== segment.length) return { start: segment.source, end: segment.source + segment.sourceLength };
  const start = segment.source + (index - segment.at);
  return { start, end: start + 1 };
}

/** Maps a half-open span of the joined value back to document offsets. */
export function sourceSpan(value: TxtValue, start: number, end: number): Span {
  const n = value.text.length;
  if (n === 0 || value.segments.length === 0) return value.span;
  const s = Math.max(0, Math.min(start, n - 1));
  const e = Math.max(s + 1, Math.min(end, n));
  return { start: octetSource(value, s).start, end: octetSource(value, e - 1).end };
}

/** Builds a value from plain text written at `offset` with no escapes (tests, JSON without escapes). */
export function txtFromPlainText(text: string, offset = 0): TxtValue {
  const span = { start: offset, end: offset + text.length };
  return {
    text,
    segments: [{ at: 0, length: text.length, source: offset, sourceLength: text.length }],
    strings: [{ span, octets: text.length }],
    span,
  };
}

/** Whether a value is an SPF record: "v=spf1" followed by a space or nothing (RFC 7208 4.5). */
export function isSpfText(text: string): boolean {
  // Runs for every TXT record several times: compare characters instead of a regex.
  if (text.length < 6 || (text.length > 6 && text.charCodeAt(6) !== 32)) return false;
  return text.slice(0, 6).toLowerCase() === 'v=spf1';
}

export function isDmarcText(text: string): boolean {
  return /^\s*v\s*=\s*DMARC1\s*(;|$)/i.test(text);
}

/** DKIM key records usually start with v=DKIM1, but the tag is optional (RFC 6376 3.6.1). */
export function isDkimText(text: string): boolean {
  return /^\s*v\s*=\s*DKIM1\s*(;|$)/i.test(text) || /(^|;)\s*k\s*=\s*(rsa|ed25519)\s*(;|$)/i.test(text) && /(^|;)\s*p\s*=/i.test(text);
}

/** The octet of a value written at document offset `offset`, or undefined outside the value's strings. */
export function valueOffsetAt(value: TxtValue, offset: number): number | undefined {
  for (const segment of value.segments) {
    if (offset >= segment.source && offset < segment.source + segment.sourceLength) {
      return segment.sourceLength === segment.length ? segment.at + (offset - segment.source) : segment.at;
    }
  }
  // Just after the last octet of a string (the cursor before the closing quote).
  for (const segment of value.segments) {
    if (offset === segment.source + segment.sourceLength) return segment.at + segment.length;
  }
  if (value.text.length === 0) return 0;
  return undefined;
}
