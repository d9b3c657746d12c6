import type { Span } from '../types';
import type { DnsRecord, RdataToken, TxtSegment, TxtString, TxtValue } from '../records';
import { lexRange } from './lexer';

/**
 * Records from $INCLUDEd files get offsets far past any document, so cross-record checks can use
 * them while findings on them are dropped from this document's diagnostics (the included file
 * reports its own when opened). The N-th included file's offsets start at N times this.
 */
export const INCLUDED_OFFSET_BASE = 2 ** 40;

/** Offsets kept per record, in this order. */
const ENTRY_START = 0;
const ENTRY_END = 1;
const NAME_START = 2;
const NAME_END = 3;
const TYPE_START = 4;
const TYPE_END = 5;
const RDATA_START = 6;
const RDATA_END = 7;
const FIELDS = 8;

/**
 * What the records read from one text keep besides their name, type and TXT value: offsets, TTL
 * and origin, in arrays indexed by record. A 100,000-record zone is held in a few large arrays,
 * which the garbage collector neither copies nor scans, instead of a dozen small objects per
 * record that each young-generation collection copies until they are old.
 */
export class RecordStore {
  count = 0;
  private offsets: Int32Array;
  /** NaN for a record without TTL (no $TTL and none before it). */
  private ttls: Float64Array;
  private originIndex: Int32Array;
  private readonly origins: string[] = [];

  constructor(
    /** The text the records were read from: the document, or an $INCLUDEd file. */
    readonly text: string,
    /** Offsets of the records are `include` × INCLUDED_OFFSET_BASE past the text's own. */
    readonly include: number,
  ) {
    // Room for a record per 64 characters (up to 65,536; the arrays double when full).
    const capacity = Math.min(1 << 16, Math.max(64, text.length >> 6));
    this.offsets = new Int32Array(FIELDS * capacity);
    this.ttls = new Float64Array(capacity);
    this.originIndex = new Int32Array(capacity);
  }

  get base(): number {
    return this.include === 0 ? 0 : this.include * INCLUDED_OFFSET_BASE;
  }

  /** Adds a record's data; offsets are into `text`. Returns the record's index. */
  add(ttl: number | undefined, origin: string, entryStart: number, entryEnd: number, nameStart: number, nameEnd: number, typeStart: number, typeEnd: number, rdataStart: number, rdataEnd: number): number {
    const index = this.count;
    if (index === this.ttls.length) this.grow();
    const o = this.offsets;
    const at = index * FIELDS;
    o[at + ENTRY_START] = entryStart;
    o[at + ENTRY_END] = entryEnd;
    o[at + NAME_START] = nameStart;
    o[at + NAME_END] = nameEnd;
    o[at + TYPE_START] = typeStart;
    o[at + TYPE_END] = typeEnd;
    o[at + RDATA_START] = rdataStart;
    o[at + RDATA_END] = rdataEnd;
    this.ttls[index] = ttl === undefined ? NaN : ttl;
    // Origins change at $ORIGIN lines only: records share the few strings.
    const origins = this.origins;
    if (origins.length === 0 || origins[origins.length - 1] !== origin) origins.push(origin);
    this.originIndex[index] = origins.length - 1;
    this.count = index + 1;
    return index;
  }

  /**
   * Moves a record of an earlier parse into this store, which reads the same text up to where
   * that record ends. The record object stays the same, so work keyed on it stays valid, and the
   * earlier parse's store and text can be collected.
   */
  adopt(record: ZoneRecord): void {
    const from = record.store;
    const k = record.index;
    const o = from.offsets;
    const at = k * FIELDS;
    const index = this.add(from.ttlAt(k), from.originAt(k), o[at + ENTRY_START], o[at + ENTRY_END], o[at + NAME_START], o[at + NAME_END], o[at + TYPE_START], o[at + TYPE_END], o[at + RDATA_START], o[at + RDATA_END]);
    record.store = this;
    record.index = index;
    const value = record.txt;
    // A one-string value is a slice of the text it was read from: take the same characters from this one.
    if (value instanceof PlainTxtValue && value.isSlice) {
      const rdataStart = o[at + RDATA_START];
      const start = rdataStart + (this.text.charCodeAt(rdataStart) === 34 ? 1 : 0);
      value.text = this.text.slice(start, start + value.text.length);
    }
  }

  private grow(): void {
    const size = this.ttls.length * 2;
    const offsets = new Int32Array(size * FIELDS);
    offsets.set(this.offsets);
    this.offsets = offsets;
    const ttls = new Float64Array(size);
    ttls.set(this.ttls);
    this.ttls = ttls;
    const originIndex = new Int32Array(size);
    originIndex.set(this.originIndex);
    this.originIndex = originIndex;
  }

  offset(index: number, field: number): number {
    return this.offsets[index * FIELDS + field];
  }

  span(index: number, startField: number): Span {
    const base = this.base;
    const at = index * FIELDS + startField;
    return { start: base + this.offsets[at], end: base + this.offsets[at + 1] };
  }

  ttlAt(index: number): number | undefined {
    const ttl = this.ttls[index];
    return ttl === ttl ? ttl : undefined;
  }

  originAt(index: number): string {
    return this.origins[this.originIndex[index]];
  }
}

/**
 * A record read from a zone file: its name, type and TXT value, and where the rest is in its
 * store. Spans and rdata tokens are made when asked (each read gives new objects; treat them as
 * read-only).
 */
export class ZoneRecord implements DnsRecord {
  /** Present for TXT and SPF records. */
  txt: TxtValue | undefined;

  constructor(
    public name: string,
    public type: string,
    /** Where the rest is: a later incremental parse that takes the record over moves it to its own store. */
    public store: RecordStore,
    public index: number,
  ) {
    this.txt = undefined;
  }

  get ttl(): number | undefined {
    return this.store.ttlAt(this.index);
  }

  /** The $ORIGIN in effect where the record was read (shared by the records under it). */
  get origin(): string {
    return this.store.originAt(this.index);
  }

  get span(): Span {
    return this.store.span(this.index, ENTRY_START);
  }

  get nameSpan(): Span {
    return this.store.span(this.index, NAME_START);
  }

  get typeSpan(): Span {
    return this.store.span(this.index, TYPE_START);
  }

  get rdataSpan(): Span {
    return this.store.span(this.index, RDATA_START);
  }

  /**
   * Whether the rdata as written contains `word` (lower case ASCII), ignoring ASCII case: lets a
   * check that looks for one name in the rdata skip the records that cannot have it unlexed.
   */
  rdataMentions(word: string): boolean {
    const store = this.store;
    const text = store.text;
    const end = store.offset(this.index, RDATA_END) - word.length;
    const first = word.charCodeAt(0);
    for (let i = store.offset(this.index, RDATA_START); i <= end; i++) {
      if (lowerAscii(text.charCodeAt(i)) !== first) continue;
      let k = 1;
      while (k < word.length && lowerAscii(text.charCodeAt(i + k)) === word.charCodeAt(k)) k++;
      if (k === word.length) return true;
    }
    return false;
  }

  /** The rdata fields, lexed again from the text (the entry was read by the same rules). */
  get rdata(): RdataToken[] {
    const store = this.store;
    return lexRange(store.text, store.offset(this.index, RDATA_START), store.offset(this.index, RDATA_END), store.base);
  }
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/**
 * The value of a TXT record whose strings are plain ASCII without escapes (nearly all of them):
 * octets and characters are one to one, so segments and strings follow from the tokens and are
 * only built when a finding, a hover or a duplicate check asks for them.
 */
export class PlainTxtValue implements TxtValue {
  private derived: { segments: TxtSegment[]; strings: TxtString[] } | undefined;

  constructor(
    public text: string,
    /** Octets of the longest string, so the length check need not build `strings`. */
    readonly longestString: number,
    private readonly record: ZoneRecord,
    /** The value is one string, and `text` a slice of the text the record was read from. */
    readonly isSlice: boolean,
  ) {
    this.derived = undefined;
  }

  get span(): Span {
    return this.record.rdataSpan;
  }

  get segments(): TxtSegment[] {
    return (this.derived ??= this.derive()).segments;
  }

  get strings(): TxtString[] {
    return (this.derived ??= this.derive()).strings;
  }

  private derive(): { segments: TxtSegment[]; strings: TxtString[] } {
    const segments: TxtSegment[] = [];
    const strings: TxtString[] = [];
    let at = 0;
    for (const token of this.record.rdata) {
      const length = token.text.length;
      if (length > 0) segments.push({ at, length, source: token.start + (token.quoted ? 1 : 0), sourceLength: length });
      strings.push({ span: token, octets: length });
      at += length;
    }
    return { segments, strings };
  }
}
