/**
 * Turns the scanner's events into an AggregateReport. The element structure of RFC 7489 appendix C
 * and RFC 9990 appendix A is a table of contexts (which children each element may have); unknown
 * elements, such as RFC 9990 <extension> content, are skipped with their subtree. Values are
 * checked against the schema's enumerations: an upper-cased `PASS` is read as `pass` with a
 * warning, a record without a usable source IP or count is left out with a warning, and the rest
 * of the report is still shown.
 *
 * Records go into the row store of reportRows.ts as they close, without a row object: counts and
 * IPv4 addresses are read from the bytes as numbers, and short values that repeat (results,
 * domains, selectors) are found by their bytes in a small cache, so most of 150,000 rows cost no
 * string at all. Values that need decoding (references, non-ASCII, long ones) take the slow path,
 * with the same checks and warnings.
 */
import { parseIPv6 } from '../../../../server/src/service/net/ipAddress';
import type { BytePositions } from './bytePosition';
import { formatIPv4 } from './ipv4Number';
import { ProblemCollector, quoteValue } from './problems';
import type { AggregateReport } from './reportModel';
import * as Cell from './reportRows';
import { newRowsScratch, NO_ROWS, RowsBuilder, type RowsScratch } from './reportRows';
import { TEXT_HAS_NON_ASCII, TEXT_NOT_BLANK, decodeXmlText, firstInvalidUtf8, type XmlHandler } from './xmlScanner';

// Contexts: where in the report an element is.
const DOC = 0;
const WRAPPER = 1;
const IGNORED = 2;
const FEEDBACK = 3;
const VERSION = 4;
const METADATA = 5;
const ORG_NAME = 6;
const EMAIL = 7;
const EXTRA_CONTACT = 8;
const REPORT_ID = 9;
const DATE_RANGE = 10;
const BEGIN = 11;
const END = 12;
const META_ERROR = 13;
const GENERATOR = 14;
const POLICY = 15;
const P_DOMAIN = 16;
const P_ADKIM = 17;
const P_ASPF = 18;
const P_P = 19;
const P_SP = 20;
const P_NP = 21;
const P_PCT = 22;
const P_FO = 23;
const P_TESTING = 24;
const P_DISCOVERY = 25;
const RECORD = 26;
const ROW = 27;
const SOURCE_IP = 28;
const COUNT = 29;
const EVALUATED = 30;
const DISPOSITION = 31;
const EVAL_DKIM = 32;
const EVAL_SPF = 33;
const REASON = 34;
const REASON_TYPE = 35;
const REASON_COMMENT = 36;
const IDENTIFIERS = 37;
const ENVELOPE_TO = 38;
const ENVELOPE_FROM = 39;
const HEADER_FROM = 40;
const AUTH = 41;
const AUTH_DKIM = 42;
const DKIM_DOMAIN = 43;
const DKIM_SELECTOR = 44;
const DKIM_RESULT = 45;
const DKIM_HUMAN = 46;
const AUTH_SPF = 47;
const SPF_DOMAIN = 48;
const SPF_SCOPE = 49;
const SPF_RESULT = 50;
const SPF_HUMAN = 51;
const CONTEXTS = 52;

const CHILDREN: Array<Map<string, number> | undefined> = new Array(CONTEXTS);
CHILDREN[FEEDBACK] = new Map([['version', VERSION], ['report_metadata', METADATA], ['policy_published', POLICY], ['record', RECORD]]);
CHILDREN[METADATA] = new Map([['org_name', ORG_NAME], ['email', EMAIL], ['extra_contact_info', EXTRA_CONTACT], ['report_id', REPORT_ID], ['date_range', DATE_RANGE], ['error', META_ERROR], ['generator', GENERATOR]]);
CHILDREN[DATE_RANGE] = new Map([['begin', BEGIN], ['end', END]]);
CHILDREN[POLICY] = new Map([['domain', P_DOMAIN], ['adkim', P_ADKIM], ['aspf', P_ASPF], ['p', P_P], ['sp', P_SP], ['np', P_NP], ['pct', P_PCT], ['fo', P_FO], ['testing', P_TESTING], ['discovery_method', P_DISCOVERY]]);
CHILDREN[RECORD] = new Map([['row', ROW], ['identifiers', IDENTIFIERS], ['auth_results', AUTH]]);
CHILDREN[ROW] = new Map([['source_ip', SOURCE_IP], ['count', COUNT], ['policy_evaluated', EVALUATED]]);
CHILDREN[EVALUATED] = new Map([['disposition', DISPOSITION], ['dkim', EVAL_DKIM], ['spf', EVAL_SPF], ['reason', REASON]]);
CHILDREN[REASON] = new Map([['type', REASON_TYPE], ['comment', REASON_COMMENT]]);
CHILDREN[IDENTIFIERS] = new Map([['envelope_to', ENVELOPE_TO], ['envelope_from', ENVELOPE_FROM], ['header_from', HEADER_FROM]]);
CHILDREN[AUTH] = new Map([['dkim', AUTH_DKIM], ['spf', AUTH_SPF]]);
CHILDREN[AUTH_DKIM] = new Map([['domain', DKIM_DOMAIN], ['selector', DKIM_SELECTOR], ['result', DKIM_RESULT], ['human_result', DKIM_HUMAN]]);
CHILDREN[AUTH_SPF] = new Map([['domain', SPF_DOMAIN], ['scope', SPF_SCOPE], ['result', SPF_RESULT], ['human_result', SPF_HUMAN]]);

const LEAF = new Uint8Array(CONTEXTS);
for (const c of [VERSION, ORG_NAME, EMAIL, EXTRA_CONTACT, REPORT_ID, BEGIN, END, META_ERROR, GENERATOR, P_DOMAIN, P_ADKIM, P_ASPF, P_P, P_SP, P_NP, P_PCT, P_FO, P_TESTING, P_DISCOVERY, SOURCE_IP, COUNT, DISPOSITION, EVAL_DKIM, EVAL_SPF, REASON_TYPE, REASON_COMMENT, ENVELOPE_TO, ENVELOPE_FROM, HEADER_FROM, DKIM_DOMAIN, DKIM_SELECTOR, DKIM_RESULT, DKIM_HUMAN, SPF_DOMAIN, SPF_SCOPE, SPF_RESULT, SPF_HUMAN]) LEAF[c] = 1;

/** Row values that repeat across records: looked up by their bytes, so a repeat costs no string. */
const SHARED_VALUE = new Uint8Array(CONTEXTS);
for (const c of [DISPOSITION, EVAL_DKIM, EVAL_SPF, REASON_TYPE, ENVELOPE_TO, ENVELOPE_FROM, HEADER_FROM, DKIM_DOMAIN, DKIM_SELECTOR, DKIM_RESULT, SPF_DOMAIN, SPF_SCOPE, SPF_RESULT]) SHARED_VALUE[c] = 1;
/** Domains are compared without regard to case (RFC 4343), so they are kept lower-cased. */
const LOWER_CASED = new Uint8Array(CONTEXTS);
for (const c of [ENVELOPE_TO, ENVELOPE_FROM, HEADER_FROM, DKIM_DOMAIN, SPF_DOMAIN]) LOWER_CASED[c] = 1;

const SCHEMA_REFERENCE = 'RFC 7489 appendix C, RFC 9990 appendix A';
const ALIGNMENT = new Set(['r', 's']);
const POLICY_VALUES = new Set(['none', 'quarantine', 'reject']);
const DISPOSITIONS = new Set(['none', 'quarantine', 'reject', 'pass']);
const DMARC_RESULTS = new Set(['pass', 'fail']);
const DKIM_RESULTS = new Set(['none', 'pass', 'fail', 'policy', 'neutral', 'temperror', 'permerror']);
// "unknown" and "error" are the old names of temperror and permerror (RFC 7489 appendix C comments).
const SPF_RESULTS = new Set(['none', 'neutral', 'pass', 'fail', 'softfail', 'temperror', 'permerror', 'unknown', 'error']);
const SPF_SCOPES = new Set(['helo', 'mfrom']);
const TESTING = new Set(['y', 'n']);
const DISCOVERY = new Set(['psl', 'treewalk']);
const OVERRIDES = new Set(['forwarded', 'sampled_out', 'trusted_forwarder', 'mailing_list', 'local_policy', 'other', 'policy_test_mode']);

const FIELD_NAMES: Record<number, string> = {
  [P_ADKIM]: 'policy_published/adkim',
  [P_ASPF]: 'policy_published/aspf',
  [P_P]: 'policy_published/p',
  [P_SP]: 'policy_published/sp',
  [P_NP]: 'policy_published/np',
  [P_TESTING]: 'policy_published/testing',
  [P_DISCOVERY]: 'policy_published/discovery_method',
  [DISPOSITION]: 'policy_evaluated/disposition',
  [EVAL_DKIM]: 'policy_evaluated/dkim',
  [EVAL_SPF]: 'policy_evaluated/spf',
  [REASON_TYPE]: 'policy_evaluated/reason/type',
  [DKIM_RESULT]: 'auth_results/dkim/result',
  [SPF_RESULT]: 'auth_results/spf/result',
  [SPF_SCOPE]: 'auth_results/spf/scope',
};

const ENUMS: Record<number, ReadonlySet<string>> = {
  [P_ADKIM]: ALIGNMENT,
  [P_ASPF]: ALIGNMENT,
  [P_P]: POLICY_VALUES,
  [P_SP]: POLICY_VALUES,
  [P_NP]: POLICY_VALUES,
  [P_TESTING]: TESTING,
  [P_DISCOVERY]: DISCOVERY,
  [DISPOSITION]: DISPOSITIONS,
  [EVAL_DKIM]: DMARC_RESULTS,
  [EVAL_SPF]: DMARC_RESULTS,
  [REASON_TYPE]: OVERRIDES,
  [DKIM_RESULT]: DKIM_RESULTS,
  [SPF_RESULT]: SPF_RESULTS,
  [SPF_SCOPE]: SPF_SCOPES,
};

/** Longest value kept; a report field that is longer is cut (a stranger's 50 MB org_name helps nobody). */
const MAX_VALUE_LENGTH = 1024;

/** One bit per enumeration, so a cached value knows at once which fields it is valid for. */
const ENUM_SETS: Array<ReadonlySet<string>> = [...new Set(Object.values(ENUMS))];
const ENUM_MASK = new Uint16Array(CONTEXTS);
for (const [context, allowed] of Object.entries(ENUMS)) ENUM_MASK[Number(context)] = 1 << ENUM_SETS.indexOf(allowed);

function enumBits(text: string): number {
  let bits = 0;
  for (let bit = 0; bit < ENUM_SETS.length; bit++) if (ENUM_SETS[bit].has(text)) bits |= 1 << bit;
  return bits;
}

/** Slots of the value cache (direct-mapped: a collision replaces the older value, which costs only speed). */
const CACHE_SLOTS = 512;
const CACHED_LENGTH = 64;

// What a record has said so far (bits of `rowSeen`).
const SEEN_SOURCE_IP = 1;
const SEEN_COUNT = 2;
const SEEN_EVALUATED = 4;
const SEEN_DISPOSITION = 8;
const SEEN_DKIM = 16;
const SEEN_SPF = 32;
const SEEN_HEADER_FROM = 64;

/** Names seen in reports are few; a per-builder table replaces a Map look-up per element. */
const NAME_SLOTS = 256;

/** Parses the digits of a count straight from the bytes: no string for 100,000 counts. */
function parseCount(bytes: Uint8Array, start: number, end: number): number | undefined {
  if (end <= start || end - start > 15) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = bytes[i] - 0x30;
    if (d < 0 || d > 9) return undefined;
    value = value * 10 + d;
  }
  return value;
}

/**
 * A dotted-quad IPv4 address as its 32-bit value, or -1. No leading zeros ("010" is octal to some
 * parsers), as parseIPv4 decides too; so the address written back from the value is the text.
 */
function ipv4FromBytes(bytes: Uint8Array, start: number, end: number): number {
  let address = 0;
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i < end ? bytes[i] : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || ++parts > 4) return -1;
      address = address * 256 + value;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits === 1 && value === 0) return -1;
      value = value * 10 + (c - 0x30);
      if (++digits > 3) return -1;
    } else return -1;
  }
  return parts === 4 ? address : -1;
}

function ipv4FromText(text: string): number {
  if (text.length > 15) return -1;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = Math.min(text.charCodeAt(i), 0xff);
  return ipv4FromBytes(bytes, 0, bytes.length);
}

function parseEpoch(text: string): number | undefined {
  // Some reporters write "1538413632.0"; the schema says xs:integer.
  const match = /^\+?(\d{1,12})(?:\.0*)?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

/**
 * Tables a builder needs that cost more to make than to clear, handed from one report to the
 * next (a folder of 1000 reports would otherwise allocate them 1000 times). `childContexts` is
 * indexed by the scanner's name numbers, so it goes with that scanner's NameTable.
 */
export interface BuilderScratch {
  /** The context of a child by parent context and name number, plus one (0: not yet known). */
  childContexts: Uint8Array;
  /** The cached values as written; per slot in `cache`: the hash, the string index, the lower-cased string index (-1 until a domain asks), the enumeration bits. */
  cacheText: Array<string | undefined>;
  cache: Int32Array;
  /** Per context, the cache slot of its last value (-1: none yet). */
  lastSlot: Int32Array;
  /** The contexts of the open elements. */
  stack: Int32Array;
  rows: RowsScratch;
}

export function newBuilderScratch(): BuilderScratch {
  return {
    childContexts: new Uint8Array(CONTEXTS * NAME_SLOTS),
    cacheText: new Array<string | undefined>(CACHE_SLOTS),
    cache: new Int32Array(CACHE_SLOTS * 4),
    lastSlot: new Int32Array(CONTEXTS),
    // MAX_DEPTH in xmlScanner.ts, plus the document level.
    stack: new Int32Array(300),
    rows: newRowsScratch(),
  };
}

export class ReportBuilder implements XmlHandler {
  readonly report: AggregateReport;
  private readonly rows: RowsBuilder;
  private readonly stack: Int32Array;
  private depth = 0;
  /** The current leaf's value so far, when it was decoded (the bytes do not stay). */
  private leafText = '';
  /** White space cut from the end of the last piece, needed if another piece follows (a comment or CDATA split the value). */
  private leafTrailing = '';
  private leafPieces = 0;
  private leafCount: number | undefined;
  private leafCountDigits = 0;
  /** A row value found in the cache: its string index as stored (lower-cased for domains), as written, and its enumerations. */
  private leafId = -1;
  private leafRawId = -1;
  private leafEnums = 0;
  /** A source_ip read straight from the bytes, or -1. */
  private leafIp = -1;
  /** Where the leaf's text (or, without text, its start tag) is. */
  private leafAt = 0;
  private rowStart = 0;
  /** Index of the record's first cell in the store's `fields`. */
  private rowFields = 0;
  private rowSeen = 0;
  private rowCountText: string | undefined;
  /** The source_ip as written when it is not a plain IPv4 address: IPv6, or something to warn about. */
  private rowIpText = '';
  private dkimEntry = -1;
  private spfEntry = -1;
  private reasonEntry = -1;
  private readonly childContexts: Uint8Array;
  private readonly cacheText: Array<string | undefined>;
  private readonly cache: Int32Array;
  private readonly lastSlot: Int32Array;
  private sawVersion = false;
  private rfc9990Elements = false;
  feedbackOpened = false;
  feedbackClosed = false;
  rootName = '';
  private wrapperWarned = false;
  readonly problems: ProblemCollector;

  constructor(
    readonly positions: BytePositions,
    origin: AggregateReport['origin'],
    source: string,
    expectedBytes = 0,
    scratch: BuilderScratch = newBuilderScratch(),
  ) {
    this.childContexts = scratch.childContexts;
    // The value cache holds string indexes of the last report's store: cleared.
    this.cacheText = scratch.cacheText.fill(undefined);
    this.cache = scratch.cache.fill(0);
    this.lastSlot = scratch.lastSlot.fill(-1);
    // stack[0] is the document level (DOC); deeper levels are written before they are read.
    this.stack = scratch.stack.fill(DOC, 0, 1);
    // A record takes 300 to 700 bytes of XML: start near the row count, and grow from there if need be.
    this.rows = new RowsBuilder(Math.min(expectedBytes / 400, 1 << 20), scratch.rows);
    this.problems = new ProblemCollector(source);
    this.report = {
      origin,
      schema: 'rfc7489',
      metadata: { orgName: '', email: '', reportId: '', errors: [] },
      policy: { domain: '' },
      // The rows come with finish().
      rows: NO_ROWS,
      problems: [],
      xmlBytes: 0,
    };
  }

  private warn(code: string, message: string, offset: number): void {
    if (!this.problems.wouldKeep(code)) {
      this.problems.add({ code, severity: 'warning', message });
      return;
    }
    this.problems.add({ code, severity: 'warning', message, ...this.positions.at(offset) });
  }

  open(local: string, at: number, qname: string, nameId: number): void {
    const parent = this.stack[this.depth];
    let context: number;
    const slot = nameId >= 0 && nameId < NAME_SLOTS ? parent * NAME_SLOTS + nameId : -1;
    if (slot >= 0 && this.childContexts[slot] > 0) context = this.childContexts[slot] - 1;
    else if (parent === IGNORED || LEAF[parent]) context = IGNORED;
    else if (parent === DOC) {
      this.rootName = qname;
      context = local === 'feedback' ? FEEDBACK : WRAPPER;
    } else if (parent === WRAPPER) {
      context = local === 'feedback' && !this.feedbackOpened ? FEEDBACK : IGNORED;
      if (context === FEEDBACK && !this.wrapperWarned) {
        this.wrapperWarned = true;
        this.warn('report-wrapped', `The <feedback> element is inside <${this.rootName}> instead of being the root element (${SCHEMA_REFERENCE}). Some reporters wrap reports this way; the report inside was read.`, at);
      }
    } else {
      context = CHILDREN[parent]?.get(local) ?? IGNORED;
      if (slot >= 0) this.childContexts[slot] = context + 1;
    }
    this.stack[++this.depth] = context;
    if (LEAF[context]) {
      this.leafText = '';
      this.leafTrailing = '';
      this.leafPieces = 0;
      this.leafCount = undefined;
      this.leafId = -1;
      this.leafIp = -1;
      this.leafAt = at;
      return;
    }
    switch (context) {
      case FEEDBACK:
        this.feedbackOpened = true;
        break;
      case RECORD:
        this.rowFields = this.rows.begin();
        this.rowStart = at;
        this.rowSeen = 0;
        this.rowCountText = undefined;
        this.rowIpText = '';
        break;
      case EVALUATED:
        this.rowSeen |= SEEN_EVALUATED;
        break;
      case AUTH_DKIM:
        this.dkimEntry = this.rows.dkimResults.add();
        break;
      case AUTH_SPF:
        this.spfEntry = this.rows.spfResults.add();
        break;
      case REASON:
        this.reasonEntry = this.rows.reasons.add();
        break;
    }
  }

  text(bytes: Uint8Array, start: number, end: number, flags: number, at: number): void {
    const context = this.stack[this.depth];
    if (LEAF[context]) {
      let from = start;
      let to = end;
      while (from < to && bytes[from] <= 0x20) from++;
      while (to > from && bytes[to - 1] <= 0x20) to--;
      if (this.leafPieces++ === 0) {
        this.leafAt = at + (from - start);
        // The usual values are read without a string: counts and IPv4 addresses as numbers, repeated values from the cache.
        if (flags === TEXT_NOT_BLANK && to - from <= CACHED_LENGTH) {
          if (SHARED_VALUE[context]) return this.cachedValue(bytes, from, to, context, end);
          if (context === COUNT && (this.leafCount = parseCount(bytes, from, to)) !== undefined) {
            this.leafCountDigits = to - from;
            return this.trailing(bytes, to, end);
          }
          if (context === SOURCE_IP && (this.leafIp = ipv4FromBytes(bytes, from, to)) >= 0) return this.trailing(bytes, to, end);
        }
        this.leafText = this.decodeValue(bytes, from, to, flags, at - start);
      } else {
        // A comment or CDATA section split the value: keep the white space between the pieces.
        if (this.leafId >= 0) this.leafText = this.rows.strings[this.leafRawId];
        else if (this.leafIp >= 0) this.leafText = formatIPv4(this.leafIp);
        else if (this.leafCount !== undefined) this.leafText = String(this.leafCount).padStart(this.leafCountDigits, '0');
        this.leafId = -1;
        this.leafIp = -1;
        this.leafCount = undefined;
        this.leafText += this.leafTrailing + this.decodeValue(bytes, start, to, flags, at - start);
      }
      this.trailing(bytes, to, end);
      return;
    }
    if (context !== IGNORED && context !== WRAPPER && context !== DOC) {
      let from = start;
      while (bytes[from] <= 0x20) from++;
      const value = this.decodeValue(bytes, from, end, flags, at - start).trim();
      this.warn('report-unexpected-text', `Unexpected text ${quoteValue(value)} between elements (${SCHEMA_REFERENCE}: this element holds only other elements). It is ignored.`, at + (from - start));
    }
  }

  private trailing(bytes: Uint8Array, to: number, end: number): void {
    this.leafTrailing = to < end ? decodeXmlText(bytes, to, end, 0) : '';
  }

  /**
   * A short ASCII value of a row, looked up by its bytes: 100,000 rows then decode "pass" and
   * "example.com" a few times, not 100,000 times. Sets leafId, leafRawId and leafEnums.
   */
  private cachedValue(bytes: Uint8Array, start: number, end: number, context: number, textEnd: number): void {
    const { cache, cacheText } = this;
    // The value this field had last time is the likeliest: compare with it before hashing.
    let slot = this.lastSlot[context];
    let cached = slot >= 0 ? cacheText[slot] : undefined;
    let hit = cached !== undefined && cached.length === end - start;
    for (let i = 0; hit && i < end - start; i++) hit = cached!.charCodeAt(i) === bytes[start + i];
    if (!hit) {
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 16777619);
      slot = (hash ^ (hash >>> 16)) & (CACHE_SLOTS - 1);
      cached = cacheText[slot];
      hit = cached !== undefined && cache[slot * 4] === hash && cached.length === end - start;
      for (let i = 0; hit && i < end - start; i++) hit = cached!.charCodeAt(i) === bytes[start + i];
      if (!hit) {
        const text = decodeXmlText(bytes, start, end, TEXT_NOT_BLANK);
        cacheText[slot] = text;
        cache[slot * 4] = hash;
        cache[slot * 4 + 1] = this.rows.intern(text);
        cache[slot * 4 + 2] = -1;
        cache[slot * 4 + 3] = enumBits(text);
      }
      this.lastSlot[context] = slot;
    }
    const at = slot * 4;
    const raw = cache[at + 1];
    this.leafRawId = raw;
    this.leafEnums = cache[at + 3];
    if (LOWER_CASED[context]) {
      if (cache[at + 2] < 0) cache[at + 2] = this.rows.intern(this.cacheText[slot]!.toLowerCase());
      this.leafId = cache[at + 2];
    } else this.leafId = raw;
    this.trailing(bytes, end, textEnd);
  }

  /** Decodes `bytes[start, end)` (`base` turns indexes into document offsets), with a warning for bad UTF-8 or an overlong value. */
  private decodeValue(bytes: Uint8Array, start: number, end: number, flags: number, base: number): string {
    if (flags & TEXT_HAS_NON_ASCII) {
      const bad = firstInvalidUtf8(bytes, start, end);
      if (bad >= 0) {
        this.warn('report-invalid-utf8', `Byte 0x${bytes[bad].toString(16).padStart(2, '0')} is not valid UTF-8 (RFC 3629; XML 1.0 section 4.3.3 makes UTF-8 the default). It is shown as U+FFFD. If the reporter uses another encoding it must say so in <?xml ... encoding="..."?>.`, base + bad);
      }
    }
    const text = decodeXmlText(bytes, start, end, flags);
    if (text.length <= MAX_VALUE_LENGTH) return text;
    this.warn('report-value-too-long', `A value of ${text.length.toLocaleString('en-US')} characters was cut to ${MAX_VALUE_LENGTH}; no report field needs more.`, base + start);
    return `${text.slice(0, MAX_VALUE_LENGTH)}…`;
  }

  /** The current leaf's text, trimmed. */
  private leafValue(): string {
    return this.leafPieces > 1 ? this.leafText.trim() : this.leafText;
  }

  /** Checks a value against its schema enumeration; case mistakes are repaired with a warning. */
  private enumValue(context: number, value: string): string {
    const allowed = ENUMS[context];
    if (!allowed || allowed.has(value)) return value;
    const field = FIELD_NAMES[context];
    const lower = value.toLowerCase();
    if (allowed.has(lower)) {
      this.warn('report-value-case', `${field} is ${quoteValue(value)}; the schema's values are lower case (${SCHEMA_REFERENCE}), so it is read as "${lower}".`, this.leafAt);
      return lower;
    }
    if (value === '') this.warn('report-empty-value', `${field} is empty; expected one of ${[...allowed].join(', ')} (${SCHEMA_REFERENCE}).`, this.leafAt);
    else this.warn('report-unknown-value', `${field} is ${quoteValue(value)}, not one of ${[...allowed].join(', ')} (${SCHEMA_REFERENCE}). It is shown as written.`, this.leafAt);
    return value;
  }

  /** A row field's value as a string index: enumerations checked, domains lower-cased. */
  private rowValue(context: number): number {
    if (this.leafId >= 0) {
      // Straight from the cache, unless the value is not one of its field's enumeration (then the slow path warns).
      if (!ENUM_MASK[context] || this.leafEnums & ENUM_MASK[context]) return this.leafId;
      return this.rows.intern(this.enumValue(context, this.rows.strings[this.leafRawId]));
    }
    const value = this.leafValue();
    if (LOWER_CASED[context]) return this.rows.intern(value.toLowerCase());
    return this.rows.intern(ENUM_MASK[context] ? this.enumValue(context, value) : value);
  }

  close(_local: string, _at: number): void {
    const context = this.stack[this.depth--];
    if (LEAF[context]) {
      this.assign(context);
      return;
    }
    if (context === RECORD) this.finishRow();
    else if (context === FEEDBACK) this.feedbackClosed = true;
    else if (context === AUTH_DKIM) this.dkimEntry = -1;
    else if (context === AUTH_SPF) this.spfEntry = -1;
    else if (context === REASON) this.reasonEntry = -1;
  }

  private assign(context: number): void {
    const { rows } = this;
    const at = this.rowFields;
    switch (context) {
      case COUNT:
        if (this.leafCount === undefined) this.rowCountText = this.leafValue();
        else {
          rows.setCount(at, this.leafCount);
          this.rowSeen |= SEEN_COUNT;
        }
        return;
      case SOURCE_IP: {
        this.rowSeen |= SEEN_SOURCE_IP;
        const v4 = this.leafIp >= 0 ? this.leafIp : ipv4FromText(this.leafValue());
        if (v4 >= 0) {
          rows.fields[at + Cell.SOURCE_IP] = v4 | 0;
          rows.fields[at + Cell.SOURCE_IP_TEXT] = Cell.ABSENT;
          return;
        }
        // Anything else is kept as written; the record's end checks it is an IPv6 address.
        this.rowIpText = this.leafValue();
        rows.fields[at + Cell.SOURCE_IP_TEXT] = rows.intern(this.rowIpText);
        return;
      }
      case DISPOSITION:
        rows.fields[at + Cell.DISPOSITION] = this.rowValue(context);
        this.rowSeen |= SEEN_DISPOSITION;
        return;
      case EVAL_DKIM:
        rows.fields[at + Cell.DKIM] = this.rowValue(context);
        this.rowSeen |= SEEN_DKIM;
        return;
      case EVAL_SPF:
        rows.fields[at + Cell.SPF] = this.rowValue(context);
        this.rowSeen |= SEEN_SPF;
        return;
      case HEADER_FROM:
        rows.fields[at + Cell.HEADER_FROM] = this.rowValue(context);
        this.rowSeen |= SEEN_HEADER_FROM;
        return;
      case ENVELOPE_FROM:
        rows.fields[at + Cell.ENVELOPE_FROM] = this.rowValue(context);
        return;
      case ENVELOPE_TO:
        rows.fields[at + Cell.ENVELOPE_TO] = this.rowValue(context);
        return;
      case REASON_TYPE:
        if (this.reasonEntry >= 0) rows.reasons.cells[this.reasonEntry + Cell.REASON_TYPE] = this.rowValue(context);
        return;
      case REASON_COMMENT: {
        const value = this.leafValue();
        if (this.reasonEntry >= 0 && value) rows.reasons.cells[this.reasonEntry + Cell.REASON_COMMENT] = rows.intern(value);
        return;
      }
      case DKIM_DOMAIN:
      case DKIM_SELECTOR:
      case DKIM_RESULT:
        // domain, selector and result are the first three cells of a result, in this order.
        if (this.dkimEntry >= 0) rows.dkimResults.cells[this.dkimEntry + context - DKIM_DOMAIN] = this.rowValue(context);
        return;
      case DKIM_HUMAN: {
        const value = this.leafValue();
        if (this.dkimEntry >= 0 && value) rows.dkimResults.cells[this.dkimEntry + Cell.RESULT_HUMAN] = rows.intern(value);
        return;
      }
      case SPF_DOMAIN:
      case SPF_SCOPE:
      case SPF_RESULT:
        if (this.spfEntry >= 0) rows.spfResults.cells[this.spfEntry + context - SPF_DOMAIN] = this.rowValue(context);
        return;
      case SPF_HUMAN: {
        const value = this.leafValue();
        if (this.spfEntry >= 0 && value) rows.spfResults.cells[this.spfEntry + Cell.RESULT_HUMAN] = rows.intern(value);
        return;
      }
    }
    this.assignReportField(context, this.leafValue());
  }

  /** Metadata and the published policy: once per report, as strings. */
  private assignReportField(context: number, value: string): void {
    const { report } = this;
    switch (context) {
      case VERSION:
        report.version = value;
        this.sawVersion = true;
        return;
      case ORG_NAME:
        report.metadata.orgName = value;
        return;
      case EMAIL:
        report.metadata.email = value;
        return;
      case EXTRA_CONTACT:
        report.metadata.extraContactInfo = value;
        return;
      case REPORT_ID:
        report.metadata.reportId = value;
        return;
      case BEGIN:
      case END: {
        const epoch = parseEpoch(value);
        if (epoch === undefined) this.warn('report-invalid-date', `date_range/${context === BEGIN ? 'begin' : 'end'} is ${quoteValue(value)}, not seconds since 1970 (${SCHEMA_REFERENCE}); the report's dates are unknown.`, this.leafAt);
        if (context === BEGIN) report.metadata.begin = epoch;
        else report.metadata.end = epoch;
        return;
      }
      case META_ERROR:
        if (value) report.metadata.errors.push(value);
        return;
      case GENERATOR:
        report.metadata.generator = value;
        this.rfc9990Elements = true;
        return;
      case P_DOMAIN:
        report.policy.domain = value.toLowerCase().replace(/\.$/, '');
        return;
      case P_ADKIM:
        report.policy.adkim = this.enumValue(context, value);
        return;
      case P_ASPF:
        report.policy.aspf = this.enumValue(context, value);
        return;
      case P_P:
        report.policy.p = this.enumValue(context, value);
        return;
      case P_SP:
        report.policy.sp = this.enumValue(context, value);
        return;
      case P_NP:
        // np came with RFC 9091 and Google sends it in RFC 7489-style reports, so it says nothing about the schema.
        report.policy.np = this.enumValue(context, value);
        return;
      case P_PCT:
        report.policy.pct = value;
        return;
      case P_FO:
        report.policy.fo = value;
        return;
      case P_TESTING:
        report.policy.testing = this.enumValue(context, value);
        this.rfc9990Elements = true;
        return;
      case P_DISCOVERY:
        report.policy.discoveryMethod = this.enumValue(context, value);
        this.rfc9990Elements = true;
        return;
    }
  }

  private finishRow(): void {
    const { rows } = this;
    const seen = this.rowSeen;
    const skip = (why: string) => {
      rows.drop();
      this.warn('report-row-skipped', `This <record> is left out of the view and the totals: ${why} (${SCHEMA_REFERENCE}). The other records are shown.`, this.rowStart);
    };
    const ip = this.rowIpText;
    if (!(seen & SEEN_SOURCE_IP)) return skip('it has no source_ip');
    if (rows.fields[this.rowFields + Cell.SOURCE_IP_TEXT] !== Cell.ABSENT) {
      if (ip === '') return skip('it has no source_ip');
      if (!parseIPv6(ip)) return skip(`its source_ip ${quoteValue(ip)} is not an IPv4 or IPv6 address`);
    }
    if (!(seen & SEEN_COUNT)) return skip(this.rowCountText === undefined ? 'it has no count' : `its count ${quoteValue(this.rowCountText)} is not a whole number`);
    if (!(seen & SEEN_EVALUATED)) return skip('it has no policy_evaluated, so whether DMARC passed is unknown');
    if (!(seen & SEEN_HEADER_FROM)) this.warn('report-missing-value', `This <record> has no identifiers/header_from (${SCHEMA_REFERENCE}); it is shown with an empty From domain.`, this.rowStart);
    const evaluated = SEEN_DISPOSITION | SEEN_DKIM | SEEN_SPF;
    if ((seen & evaluated) !== evaluated) {
      const lacking = [!(seen & SEEN_DISPOSITION) && 'disposition', !(seen & SEEN_DKIM) && 'dkim', !(seen & SEEN_SPF) && 'spf'].filter(Boolean).join(', ');
      this.warn('report-missing-value', `This <record>'s policy_evaluated lacks ${lacking} (${SCHEMA_REFERENCE}); missing results count as not passing.`, this.rowStart);
    }
    rows.keep();
  }

  /** Completes the report after a successful scan; the schema is guessed from what was seen. */
  finish(rootNamespace: string | undefined, xmlBytes: number): AggregateReport {
    const report = this.report;
    report.rows = this.rows.finish();
    report.xmlBytes = xmlBytes;
    if (rootNamespace === 'urn:ietf:params:xml:ns:dmarc-2.0' || this.rfc9990Elements) report.schema = 'rfc9990';
    else report.schema = this.sawVersion ? 'rfc7489' : 'draft';
    const missing = [
      !report.metadata.orgName && 'report_metadata/org_name',
      !report.metadata.reportId && 'report_metadata/report_id',
      report.metadata.begin === undefined && 'report_metadata/date_range/begin',
      report.metadata.end === undefined && 'report_metadata/date_range/end',
      !report.policy.domain && 'policy_published/domain',
      !report.policy.p && 'policy_published/p',
    ].filter((f): f is string => typeof f === 'string');
    if (missing.length > 0) {
      this.problems.add({ code: 'report-missing-value', severity: 'warning', message: `The report gives no ${missing.join(', ')} (required by ${SCHEMA_REFERENCE}); those fields are shown as unknown.` });
    }
    if (report.metadata.begin !== undefined && report.metadata.end !== undefined && report.metadata.end < report.metadata.begin) {
      this.problems.add({ code: 'report-invalid-date', severity: 'warning', message: `The date range ends before it begins (${report.metadata.begin} > ${report.metadata.end}); the dates are shown as given.` });
    }
    if (report.rows.length === 0) this.problems.add({ code: 'report-no-records', severity: 'warning', message: `The report has no usable <record> (${SCHEMA_REFERENCE} requires at least one), so it adds no messages to the totals.` });
    report.problems = this.problems.finish();
    return report;
  }
}
