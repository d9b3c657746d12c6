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
  /** Octets of the longest string, when known without building `strings`. */
  readonly longestString?: number;
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

/**
 * One resource record as written in a zone file or a change batch. Zone files give instances of
 * `ZoneRecord` (zone/zoneRecord.ts), whose spans and rdata are made on each read.
 */
export interface DnsRecord {
  /** Absolute owner name, lower case, without the trailing dot ('' is the root). */
  name: string;
  /**
   * Zone files: the $ORIGIN in effect where the record was written (or the file's origin), which
   * completes relative names in its rdata (`MX 10 mail`). Absent for change-batch records.
   */
  origin?: string;
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

/**
 * Records by owner name: a hash table of record numbers in typed arrays, which the garbage
 * collector neither scans nor copies. A Map of 100,000 names, with an array per name, took twice
 * as long to build and kept twice the objects. Lists handed out are made per call; read-only.
 */
export class NameIndex implements ReadonlyMap<string, readonly DnsRecord[]> {
  /** 0 for a free slot, else 1 + the number of the first record of a name. */
  private readonly slots: Int32Array;
  /** 1 + the number of the next record with the same name, or 0. */
  private readonly next: Int32Array;
  /** The first record of each name, in order of first appearance. */
  private readonly firsts: Int32Array;
  private readonly lasts: Int32Array;
  private count = 0;
  /** First records of names with more than one record, in the order they got their second. */
  private readonly sharedFirsts: number[] = [];
  private readonly mask: number;

  constructor(private readonly records: readonly DnsRecord[]) {
    let size = 16;
    while (size < records.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.next = new Int32Array(records.length);
    this.firsts = new Int32Array(records.length);
    // Per slot: the last record of the name, to append in order without walking the chain.
    this.lasts = new Int32Array(size);
    const slots = this.slots;
    for (let i = 0; i < records.length; i++) {
      const slot = this.slotOf(records[i].name);
      const first = slots[slot];
      if (first === 0) {
        slots[slot] = i + 1;
        this.lasts[slot] = i + 1;
        this.firsts[this.count++] = i;
        continue;
      }
      if (this.next[first - 1] === 0) this.sharedFirsts.push(first - 1);
      this.next[this.lasts[slot] - 1] = i + 1;
      this.lasts[slot] = i + 1;
    }
  }

  /** The slot that holds `name`, or the free slot where it would go (the table is never full). */
  private slotOf(name: string): number {
    // FNV-1a over the UTF-16 code units.
    let hash = 0x811c9dc5 | 0;
    for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
    const { slots, records, mask } = this;
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const first = slots[slot];
      if (first === 0 || records[first - 1].name === name) return slot;
      slot = (slot + 1) & mask;
    }
  }

  /** The records from the first of a name on, along the chain. */
  private list(first: number): DnsRecord[] {
    const list: DnsRecord[] = [];
    for (let i = first; i >= 0; i = this.next[i] - 1) list.push(this.records[i]);
    return list;
  }

  get size(): number {
    return this.count;
  }

  has(name: string): boolean {
    return typeof name === 'string' && this.slots[this.slotOf(name)] !== 0;
  }

  get(name: string): readonly DnsRecord[] | undefined {
    if (typeof name !== 'string') return undefined;
    const first = this.slots[this.slotOf(name)] - 1;
    return first < 0 ? undefined : this.list(first);
  }

  /** Names with more than one record, which is all that same-name checks need to visit. */
  *shared(): IterableIterator<[string, readonly DnsRecord[]]> {
    for (const first of this.sharedFirsts) yield [this.records[first].name, this.list(first)];
  }

  forEach(callback: (records: readonly DnsRecord[], name: string, map: ReadonlyMap<string, readonly DnsRecord[]>) => void, thisArg?: unknown): void {
    for (const [name, records] of this.entries()) callback.call(thisArg, records, name, this);
  }

  *entries(): IterableIterator<[string, readonly DnsRecord[]]> {
    for (let k = 0; k < this.count; k++) yield [this.records[this.firsts[k]].name, this.list(this.firsts[k])];
  }

  *keys(): IterableIterator<string> {
    for (let k = 0; k < this.count; k++) yield this.records[this.firsts[k]].name;
  }

  *values(): IterableIterator<readonly DnsRecord[]> {
    for (let k = 0; k < this.count; k++) yield this.list(this.firsts[k]);
  }

  [Symbol.iterator](): IterableIterator<[string, readonly DnsRecord[]]> {
    return this.entries();
  }
}

export function indexRecords(records: readonly DnsRecord[]): RecordSet {
  return { records, byName: new NameIndex(records) };
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

/** `record.type.toUpperCase() === type`, without the call for the upper-case types parsers give. */
export function isType(record: DnsRecord, type: string): boolean {
  return record.type === type || record.type.toUpperCase() === type;
}

/** Whether a value is an SPF record: "v=spf1" followed by a space or nothing (RFC 7208 4.5). */
export function isSpfText(text: string): boolean {
  // Runs for every TXT record several times: compare characters, no regex and no new strings.
  if (text.length < 6 || (text.length > 6 && text.charCodeAt(6) !== 32)) return false;
  return (
    (text.charCodeAt(0) | 0x20) === 0x76 && // v
    text.charCodeAt(1) === 0x3d && // =
    (text.charCodeAt(2) | 0x20) === 0x73 && // s
    (text.charCodeAt(3) | 0x20) === 0x70 && // p
    (text.charCodeAt(4) | 0x20) === 0x66 && // f
    text.charCodeAt(5) === 0x31 // 1
  );
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
