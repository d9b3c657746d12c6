/**
 * Turns the scanner's events into an AggregateReport. The element structure of RFC 7489 appendix C
 * and RFC 9990 appendix A is a table of contexts (which children each element may have); unknown
 * elements, such as RFC 9990 <extension> content, are skipped with their subtree. Values are
 * checked against the schema's enumerations: an upper-cased `PASS` is read as `pass` with a
 * warning, a record without a usable source IP or count is left out with a warning, and the rest
 * of the report is still shown.
 */
import { parseIPv6 } from '../../../../server/src/service/net/ipAddress';
import type { BytePositions } from './bytePosition';
import { ProblemCollector, quoteValue } from './problems';
import type { AggregateReport, DkimAuthResult, PolicyOverride, ReportRow, SpfAuthResult } from './reportModel';
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

/** Leaves whose values repeat across records and are worth sharing as one string. */
const SHARED_VALUE = new Uint8Array(CONTEXTS);
for (const c of [DISPOSITION, EVAL_DKIM, EVAL_SPF, REASON_TYPE, ENVELOPE_TO, ENVELOPE_FROM, HEADER_FROM, DKIM_DOMAIN, DKIM_SELECTOR, DKIM_RESULT, SPF_DOMAIN, SPF_SCOPE, SPF_RESULT]) SHARED_VALUE[c] = 1;

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

/** Most rows have no override reason; they share this empty list (never pushed to). The same for rows without results. */
const NO_REASONS: PolicyOverride[] = Object.freeze([]) as unknown as PolicyOverride[];
const NO_DKIM: DkimAuthResult[] = Object.freeze([]) as unknown as DkimAuthResult[];
const NO_SPF: SpfAuthResult[] = Object.freeze([]) as unknown as SpfAuthResult[];

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

/** Dotted-quad IPv4 without allocating (parseIPv4 returns bytes; this runs once per row). */
function isIPv4(text: string): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || value > 255 || ++parts > 4) return false;
      value = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      // No leading zeros ("010" is octal to some parsers), as parseIPv4 decides too.
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 0x30);
      if (++digits > 3) return false;
    } else return false;
  }
  return parts === 4;
}

function parseEpoch(text: string): number | undefined {
  // Some reporters write "1538413632.0"; the schema says xs:integer.
  const match = /^\+?(\d{1,12})(?:\.0*)?$/.exec(text);
  return match ? Number(match[1]) : undefined;
}

export class ReportBuilder implements XmlHandler {
  readonly report: AggregateReport;
  private readonly stack = new Int32Array(300);
  private depth = 0;
  /** The current leaf's value so far (decoded when its text arrives: the bytes do not stay). */
  private leafText = '';
  /** White space cut from the end of the last piece, needed if another piece follows (a comment or CDATA split the value). */
  private leafTrailing = '';
  private leafPieces = 0;
  private leafCount: number | undefined;
  /** Where the leaf's text (or, without text, its start tag) is. */
  private leafAt = 0;
  /** The record being read: built in its final shape from the start, so rows share one hidden class. */
  private row: ReportRow | undefined;
  private rowStart = 0;
  private rowSeen = 0;
  private rowCountText: string | undefined;
  private readonly childContexts = new Int16Array(CONTEXTS * NAME_SLOTS).fill(-1);
  private dkim: DkimAuthResult | undefined;
  private spf: SpfAuthResult | undefined;
  private reason: PolicyOverride | undefined;
  private readonly shared = new Map<number, string>();
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
  ) {
    this.problems = new ProblemCollector(source);
    this.report = {
      origin,
      schema: 'rfc7489',
      metadata: { orgName: '', email: '', reportId: '', errors: [] },
      policy: { domain: '' },
      rows: [],
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
    if (slot >= 0 && this.childContexts[slot] >= 0) context = this.childContexts[slot];
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
      if (slot >= 0) this.childContexts[slot] = context;
    }
    this.stack[++this.depth] = context;
    if (LEAF[context]) {
      this.leafText = '';
      this.leafTrailing = '';
      this.leafPieces = 0;
      this.leafCount = undefined;
      this.leafAt = at;
      return;
    }
    switch (context) {
      case FEEDBACK:
        this.feedbackOpened = true;
        break;
      case RECORD:
        this.row = { sourceIp: '', count: 0, disposition: '', dkim: '', spf: '', reasons: NO_REASONS, headerFrom: '', envelopeFrom: undefined, envelopeTo: undefined, dkimResults: NO_DKIM, spfResults: NO_SPF };
        this.rowStart = at;
        this.rowSeen = 0;
        this.rowCountText = undefined;
        break;
      case EVALUATED:
        this.rowSeen |= SEEN_EVALUATED;
        break;
      case AUTH_DKIM:
        // All fields from the start: one hidden class, properties kept inside the object.
        this.dkim = { domain: '', selector: undefined, result: '', humanResult: undefined };
        // A list made for its first element holds one slot; a pushed-to [] reserves 17.
        if (this.row) this.row.dkimResults = this.row.dkimResults === NO_DKIM ? [this.dkim] : [...this.row.dkimResults, this.dkim];
        break;
      case AUTH_SPF:
        this.spf = { domain: '', scope: undefined, result: '', humanResult: undefined };
        if (this.row) this.row.spfResults = this.row.spfResults === NO_SPF ? [this.spf] : [...this.row.spfResults, this.spf];
        break;
      case REASON:
        this.reason = { type: '', comment: undefined };
        if (this.row) {
          this.row.reasons = this.row.reasons === NO_REASONS ? [this.reason] : [...this.row.reasons, this.reason];
        }
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
        if (context === COUNT && flags === TEXT_NOT_BLANK) this.leafCount = parseCount(bytes, from, to);
        this.leafText = this.decodeValue(bytes, from, to, flags, at - start, context);
      } else {
        // A comment or CDATA section split the value: keep the white space between the pieces.
        this.leafCount = undefined;
        this.leafText += this.leafTrailing + this.decodeValue(bytes, start, to, flags, at - start, context);
      }
      this.leafTrailing = to < end ? decodeXmlText(bytes, to, end, 0) : '';
      return;
    }
    if (context !== IGNORED && context !== WRAPPER && context !== DOC) {
      let from = start;
      while (bytes[from] <= 0x20) from++;
      const value = this.decodeValue(bytes, from, end, flags, at - start, IGNORED).trim();
      this.warn('report-unexpected-text', `Unexpected text ${quoteValue(value)} between elements (${SCHEMA_REFERENCE}: this element holds only other elements). It is ignored.`, at + (from - start));
    }
  }

  /**
   * Decodes `bytes[start, end)` (`base` turns indexes into document offsets). Values that repeat
   * across records become one shared string each: 100,000 rows then hold a few dozen "pass" and
   * "example.com" strings, not 100,000 copies.
   */
  private decodeValue(bytes: Uint8Array, start: number, end: number, flags: number, base: number, context: number): string {
    if (SHARED_VALUE[context] && flags === TEXT_NOT_BLANK && end - start <= 64) {
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 16777619);
      hash = (hash ^ (end - start)) | 0;
      const cached = this.shared.get(hash);
      if (cached !== undefined && cached.length === end - start) {
        let same = true;
        for (let i = 0; i < cached.length; i++) {
          if (cached.charCodeAt(i) !== bytes[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return cached;
      }
      const text = decodeXmlText(bytes, start, end, flags);
      if (cached === undefined && this.shared.size < 20000) this.shared.set(hash, text);
      return text;
    }
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

  close(_local: string, _at: number): void {
    const context = this.stack[this.depth--];
    if (LEAF[context]) {
      this.assign(context);
      return;
    }
    if (context === RECORD) this.finishRow();
    else if (context === FEEDBACK) this.feedbackClosed = true;
    else if (context === AUTH_DKIM) this.dkim = undefined;
    else if (context === AUTH_SPF) this.spf = undefined;
    else if (context === REASON) this.reason = undefined;
  }

  private assign(context: number): void {
    const { report, row } = this;
    if (context === COUNT) {
      if (!row) return;
      if (this.leafCount === undefined) this.rowCountText = this.leafValue();
      else {
        row.count = this.leafCount;
        this.rowSeen |= SEEN_COUNT;
      }
      return;
    }
    const value = this.leafValue();
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
    if (!row) return;
    switch (context) {
      case SOURCE_IP:
        row.sourceIp = value;
        this.rowSeen |= SEEN_SOURCE_IP;
        return;
      case DISPOSITION:
        row.disposition = this.enumValue(context, value);
        this.rowSeen |= SEEN_DISPOSITION;
        return;
      case EVAL_DKIM:
        row.dkim = this.enumValue(context, value);
        this.rowSeen |= SEEN_DKIM;
        return;
      case EVAL_SPF:
        row.spf = this.enumValue(context, value);
        this.rowSeen |= SEEN_SPF;
        return;
      case REASON_TYPE:
        if (this.reason) this.reason.type = this.enumValue(context, value);
        return;
      case REASON_COMMENT:
        if (this.reason && value) this.reason.comment = value;
        return;
      case HEADER_FROM:
        row.headerFrom = value.toLowerCase();
        this.rowSeen |= SEEN_HEADER_FROM;
        return;
      case ENVELOPE_FROM:
        row.envelopeFrom = value.toLowerCase();
        return;
      case ENVELOPE_TO:
        row.envelopeTo = value.toLowerCase();
        return;
      case DKIM_DOMAIN:
        if (this.dkim) this.dkim.domain = value.toLowerCase();
        return;
      case DKIM_SELECTOR:
        if (this.dkim) this.dkim.selector = value;
        return;
      case DKIM_RESULT:
        if (this.dkim) this.dkim.result = this.enumValue(context, value);
        return;
      case DKIM_HUMAN:
        if (this.dkim && value) this.dkim.humanResult = value;
        return;
      case SPF_DOMAIN:
        if (this.spf) this.spf.domain = value.toLowerCase();
        return;
      case SPF_SCOPE:
        if (this.spf) this.spf.scope = this.enumValue(context, value);
        return;
      case SPF_RESULT:
        if (this.spf) this.spf.result = this.enumValue(context, value);
        return;
      case SPF_HUMAN:
        if (this.spf && value) this.spf.humanResult = value;
        return;
    }
  }

  private finishRow(): void {
    const row = this.row;
    this.row = undefined;
    if (!row) return;
    const seen = this.rowSeen;
    const skip = (why: string) => this.warn('report-row-skipped', `This <record> is left out of the view and the totals: ${why} (${SCHEMA_REFERENCE}). The other records are shown.`, this.rowStart);
    if (!(seen & SEEN_SOURCE_IP) || row.sourceIp === '') return skip('it has no source_ip');
    if (!isIPv4(row.sourceIp) && !parseIPv6(row.sourceIp)) return skip(`its source_ip ${quoteValue(row.sourceIp)} is not an IPv4 or IPv6 address`);
    if (!(seen & SEEN_COUNT)) return skip(this.rowCountText === undefined ? 'it has no count' : `its count ${quoteValue(this.rowCountText)} is not a whole number`);
    if (!(seen & SEEN_EVALUATED)) return skip('it has no policy_evaluated, so whether DMARC passed is unknown');
    if (!(seen & SEEN_HEADER_FROM)) this.warn('report-missing-value', `This <record> has no identifiers/header_from (${SCHEMA_REFERENCE}); it is shown with an empty From domain.`, this.rowStart);
    const evaluated = SEEN_DISPOSITION | SEEN_DKIM | SEEN_SPF;
    if ((seen & evaluated) !== evaluated) {
      const lacking = [!(seen & SEEN_DISPOSITION) && 'disposition', !(seen & SEEN_DKIM) && 'dkim', !(seen & SEEN_SPF) && 'spf'].filter(Boolean).join(', ');
      this.warn('report-missing-value', `This <record>'s policy_evaluated lacks ${lacking} (${SCHEMA_REFERENCE}); missing results count as not passing.`, this.rowStart);
    }
    this.report.rows.push(row);
  }

  /** Completes the report after a successful scan; the schema is guessed from what was seen. */
  finish(rootNamespace: string | undefined, xmlBytes: number): AggregateReport {
    const report = this.report;
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
