/**
 * The rows of a report in a few typed arrays, with every distinct string once. A 100 MB report
 * has 150,000 rows; as objects (a row, its DKIM and SPF results, their lists) they cost hundreds
 * of bytes each and most of the parse time in allocation and garbage collection, while here a row
 * costs about 100 bytes. Each array holds a fixed number of cells per row (or per result), at the
 * offsets named below: four arrays per report, since a folder of 1000 reports pays for every
 * typed array it makes. Every cell is a 32-bit integer, so reading one never makes a number object
 * (a double read before the JIT has optimised the loop does). The store is plain data: it crosses
 * the worker boundary as a few buffers,
 * which the worker moves rather than copies (reportWorker.ts). `rowAt` gives a row as an object
 * when one is wanted (the table, exports, tests).
 */
import type { DkimAuthResult, PolicyOverride, ReportRow, SpfAuthResult } from './reportModel';
import { formatIPv4 } from './ipv4Number';

/** Indexes into `strings` that every store has. */
export const EMPTY_STRING = 0;
export const PASS_STRING = 1;
/** In a string cell: the element was absent. */
export const ABSENT = -1;

/** Cells of `fields` per row: string indexes, where the row's results are, the source IP and the count. */
export const FIELDS_PER_ROW = 16;
export const DISPOSITION = 0;
/** policy_evaluated: the DMARC-aligned results, "pass" or "fail". */
export const DKIM = 1;
export const SPF = 2;
export const HEADER_FROM = 3;
export const ENVELOPE_FROM = 4;
export const ENVELOPE_TO = 5;
/** The row's DKIM results are entries DKIM_FIRST to DKIM_END - 1 of `dkimResults`; the same for SPF and reasons. */
export const DKIM_FIRST = 6;
export const DKIM_END = 7;
export const SPF_FIRST = 8;
export const SPF_END = 9;
export const REASON_FIRST = 10;
export const REASON_END = 11;
/** An IPv4 address as its 32 bits (a signed integer), when SOURCE_IP_TEXT is ABSENT. */
export const SOURCE_IP = 12;
/** The source IP as written (a string index) when it is not IPv4. */
export const SOURCE_IP_TEXT = 13;
/** The count is COUNT_HIGH * 2^31 + COUNT_LOW: counts are whole numbers up to 15 digits. */
export const COUNT_LOW = 14;
export const COUNT_HIGH = 15;
const COUNT_BASE = 2 ** 31;

/** Cells per DKIM or SPF result: domain, selector (DKIM) or scope (SPF), result, human_result. */
export const CELLS_PER_RESULT = 4;
export const RESULT_DOMAIN = 0;
export const RESULT_SELECTOR_OR_SCOPE = 1;
export const RESULT_RESULT = 2;
export const RESULT_HUMAN = 3;
/** Cells per policy override reason: type, comment. */
export const CELLS_PER_REASON = 2;
export const REASON_TYPE = 0;
export const REASON_COMMENT = 1;

export interface ReportRows {
  length: number;
  /** Every distinct string of the rows, once; string cells hold indexes into it. */
  strings: string[];
  /** FIELDS_PER_ROW per row. */
  fields: Int32Array;
  /** CELLS_PER_RESULT per DKIM result, rows after each other. */
  dkimResults: Int32Array;
  spfResults: Int32Array;
  /** CELLS_PER_REASON per reason. */
  reasons: Int32Array;
}

/** A store without rows (shared: it is never written to). */
export const NO_ROWS: ReportRows = Object.freeze({ length: 0, strings: ['', 'pass'], fields: new Int32Array(0), dkimResults: new Int32Array(0), spfResults: new Int32Array(0), reasons: new Int32Array(0) });

/** The source IP of row k as written. */
export function sourceIpText(rows: ReportRows, k: number): string {
  const at = k * FIELDS_PER_ROW;
  const text = rows.fields[at + SOURCE_IP_TEXT];
  return text === ABSENT ? formatIPv4(rows.fields[at + SOURCE_IP]) : rows.strings[text];
}

/** The count in cells `at + COUNT_LOW` and `at + COUNT_HIGH` of `fields`. */
export function countAt(fields: Int32Array, at: number): number {
  const high = fields[at + COUNT_HIGH];
  return high === 0 ? fields[at + COUNT_LOW] : high * COUNT_BASE + fields[at + COUNT_LOW];
}

export function rowCount(rows: ReportRows, k: number): number {
  return countAt(rows.fields, k * FIELDS_PER_ROW);
}

/** A string cell of row k. */
export function rowField(rows: ReportRows, k: number, field: number): number {
  return rows.fields[k * FIELDS_PER_ROW + field];
}

export function totalMessages(rows: ReportRows): number {
  let sum = 0;
  for (let k = 0; k < rows.length; k++) sum += countAt(rows.fields, k * FIELDS_PER_ROW);
  return sum;
}

/** Row k as an object, the shape the report model describes. */
export function rowAt(rows: ReportRows, k: number): ReportRow {
  const { strings, fields } = rows;
  const at = k * FIELDS_PER_ROW;
  const dkimResults: DkimAuthResult[] = [];
  for (let j = fields[at + DKIM_FIRST]; j < fields[at + DKIM_END]; j++) {
    const cells = rows.dkimResults;
    const c = j * CELLS_PER_RESULT;
    const result: DkimAuthResult = { domain: strings[cells[c + RESULT_DOMAIN]], result: strings[cells[c + RESULT_RESULT]] };
    if (cells[c + RESULT_SELECTOR_OR_SCOPE] !== ABSENT) result.selector = strings[cells[c + RESULT_SELECTOR_OR_SCOPE]];
    if (cells[c + RESULT_HUMAN] !== ABSENT) result.humanResult = strings[cells[c + RESULT_HUMAN]];
    dkimResults.push(result);
  }
  const spfResults: SpfAuthResult[] = [];
  for (let j = fields[at + SPF_FIRST]; j < fields[at + SPF_END]; j++) {
    const cells = rows.spfResults;
    const c = j * CELLS_PER_RESULT;
    const result: SpfAuthResult = { domain: strings[cells[c + RESULT_DOMAIN]], result: strings[cells[c + RESULT_RESULT]] };
    if (cells[c + RESULT_SELECTOR_OR_SCOPE] !== ABSENT) result.scope = strings[cells[c + RESULT_SELECTOR_OR_SCOPE]];
    if (cells[c + RESULT_HUMAN] !== ABSENT) result.humanResult = strings[cells[c + RESULT_HUMAN]];
    spfResults.push(result);
  }
  const reasons: PolicyOverride[] = [];
  for (let j = fields[at + REASON_FIRST]; j < fields[at + REASON_END]; j++) {
    const reason: PolicyOverride = { type: strings[rows.reasons[j * CELLS_PER_REASON + REASON_TYPE]] };
    const comment = rows.reasons[j * CELLS_PER_REASON + REASON_COMMENT];
    if (comment !== ABSENT) reason.comment = strings[comment];
    reasons.push(reason);
  }
  const row: ReportRow = {
    sourceIp: sourceIpText(rows, k),
    count: rowCount(rows, k),
    disposition: strings[fields[at + DISPOSITION]],
    dkim: strings[fields[at + DKIM]],
    spf: strings[fields[at + SPF]],
    reasons,
    headerFrom: strings[fields[at + HEADER_FROM]],
    dkimResults,
    spfResults,
  };
  if (fields[at + ENVELOPE_FROM] !== ABSENT) row.envelopeFrom = strings[fields[at + ENVELOPE_FROM]];
  if (fields[at + ENVELOPE_TO] !== ABSENT) row.envelopeTo = strings[fields[at + ENVELOPE_TO]];
  return row;
}

/** Every row as an object: for exports and tests, not for 150,000 rows on a hot path. */
export function rowList(rows: ReportRows): ReportRow[] {
  return Array.from({ length: rows.length }, (_, k) => rowAt(rows, k));
}

/** Working arrays larger than this are handed over to the finished store rather than copied. */
const HAND_OVER_BYTES = 256 * 1024;

function grown(array: Int32Array, size: number): Int32Array {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

/** Entries of a fixed number of string cells (DKIM results, SPF results, reasons), added while a row is read. */
class EntryTable {
  length = 0;

  constructor(
    private readonly defaults: readonly number[],
    /** Working space, reused from an earlier report; cells past `length` hold nothing of this one. */
    public cells: Int32Array,
  ) {}

  /** Appends an entry with the default values; returns the index of its first cell. */
  add(): number {
    const width = this.defaults.length;
    if ((this.length + 1) * width > this.cells.length) this.cells = grown(this.cells, this.cells.length * 2);
    const at = this.length++ * width;
    for (let c = 0; c < width; c++) this.cells[at + c] = this.defaults[c];
    return at;
  }
}

/**
 * The working arrays of a RowsBuilder. They are handed from one report to the next, since a
 * folder of 1000 reports would otherwise allocate them 1000 times: `finish` copies out what the
 * report keeps, and every cell of a row or result is written when it is begun.
 */
export interface RowsScratch {
  fields: Int32Array;
  dkimResults: Int32Array;
  spfResults: Int32Array;
  reasons: Int32Array;
}

export function newRowsScratch(rows = 16): RowsScratch {
  // Most rows have one DKIM and one SPF result, few a reason.
  return {
    fields: new Int32Array(rows * FIELDS_PER_ROW),
    dkimResults: new Int32Array(rows * CELLS_PER_RESULT),
    spfResults: new Int32Array(rows * CELLS_PER_RESULT),
    reasons: new Int32Array(4 * CELLS_PER_REASON),
  };
}

/**
 * Fills the store row by row. A row is begun, its cells set, then kept or dropped (a record
 * without a usable source IP is left out, and so are the results it already added).
 */
export class RowsBuilder {
  length = 0;
  private capacity: number;
  readonly strings: string[] = ['', 'pass'];
  private readonly index = new Map<string, number>([
    ['', EMPTY_STRING],
    ['pass', PASS_STRING],
  ]);
  fields: Int32Array;
  readonly dkimResults: EntryTable;
  readonly spfResults: EntryTable;
  readonly reasons: EntryTable;

  /** `expectedRows`: about how many rows will come (from the size of the XML), to allocate once. */
  constructor(
    expectedRows = 0,
    private readonly scratch: RowsScratch = newRowsScratch(),
  ) {
    const wanted = Math.ceil(expectedRows);
    if (scratch.fields.length < wanted * FIELDS_PER_ROW) Object.assign(scratch, newRowsScratch(wanted));
    this.capacity = scratch.fields.length / FIELDS_PER_ROW;
    this.fields = scratch.fields;
    this.dkimResults = new EntryTable([EMPTY_STRING, ABSENT, EMPTY_STRING, ABSENT], scratch.dkimResults);
    this.spfResults = new EntryTable([EMPTY_STRING, ABSENT, EMPTY_STRING, ABSENT], scratch.spfResults);
    this.reasons = new EntryTable([EMPTY_STRING, ABSENT], scratch.reasons);
  }

  /** The index of `text` in `strings`, added if new. */
  intern(text: string): number {
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(text);
      this.index.set(text, id);
    }
    return id;
  }

  /** Starts row `length` with every cell empty; returns the index of its first cell in `fields`. */
  begin(): number {
    const k = this.length;
    if (k === this.capacity) {
      this.capacity *= 2;
      this.fields = grown(this.fields, this.capacity * FIELDS_PER_ROW);
    }
    const at = k * FIELDS_PER_ROW;
    const { fields } = this;
    fields[at + DISPOSITION] = EMPTY_STRING;
    fields[at + DKIM] = EMPTY_STRING;
    fields[at + SPF] = EMPTY_STRING;
    fields[at + HEADER_FROM] = EMPTY_STRING;
    fields[at + ENVELOPE_FROM] = ABSENT;
    fields[at + ENVELOPE_TO] = ABSENT;
    fields[at + DKIM_FIRST] = this.dkimResults.length;
    fields[at + SPF_FIRST] = this.spfResults.length;
    fields[at + REASON_FIRST] = this.reasons.length;
    fields[at + SOURCE_IP] = 0;
    fields[at + SOURCE_IP_TEXT] = ABSENT;
    fields[at + COUNT_LOW] = 0;
    fields[at + COUNT_HIGH] = 0;
    return at;
  }

  /** Sets the count of the row whose first cell is `at`. */
  setCount(at: number, count: number): void {
    this.fields[at + COUNT_LOW] = count % COUNT_BASE;
    this.fields[at + COUNT_HIGH] = Math.floor(count / COUNT_BASE);
  }

  /** Keeps the row begun last. */
  keep(): void {
    const at = this.length * FIELDS_PER_ROW;
    this.fields[at + DKIM_END] = this.dkimResults.length;
    this.fields[at + SPF_END] = this.spfResults.length;
    this.fields[at + REASON_END] = this.reasons.length;
    this.length++;
  }

  /** Forgets the row begun last, with the results it added. */
  drop(): void {
    const at = this.length * FIELDS_PER_ROW;
    this.dkimResults.length = this.fields[at + DKIM_FIRST];
    this.spfResults.length = this.fields[at + SPF_FIRST];
    this.reasons.length = this.fields[at + REASON_FIRST];
  }

  /**
   * The store, cut to its length. A small one is copied out of the working arrays, which then
   * serve the next report; a large one keeps them (a copy of 10 MB would touch 10 MB of fresh
   * memory again), and the next report starts with new ones.
   */
  finish(): ReportRows {
    const n = this.length;
    const large = this.fields.byteLength > HAND_OVER_BYTES;
    const cut = (array: Int32Array, length: number): Int32Array => (large ? array.subarray(0, length) : array.slice(0, length));
    const rows: ReportRows = {
      length: n,
      strings: this.strings,
      fields: cut(this.fields, n * FIELDS_PER_ROW),
      dkimResults: cut(this.dkimResults.cells, this.dkimResults.length * CELLS_PER_RESULT),
      spfResults: cut(this.spfResults.cells, this.spfResults.length * CELLS_PER_RESULT),
      reasons: cut(this.reasons.cells, this.reasons.length * CELLS_PER_REASON),
    };
    if (large) Object.assign(this.scratch, newRowsScratch());
    // Arrays grown for this report serve the next one.
    else Object.assign(this.scratch, { fields: this.fields, dkimResults: this.dkimResults.cells, spfResults: this.spfResults.cells, reasons: this.reasons.cells });
    return rows;
  }
}
