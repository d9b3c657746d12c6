import type { Finding, Span } from '../types';
import type { DnsRecord, RdataToken, TxtSegment, TxtString, TxtValue } from '../records';
import { decodeCharacterString, lexZone, type EntryTokens, type Token } from './lexer';
import { nameProblem, ownerName } from './names';
import { CLASSES, canonicalType } from './recordTypes';
import { checkRdata, rdataPlainlyValid } from './rdataChecks';
import { MAX_TTL, MAX_TTL_FIELD, parseTtl } from './ttl';
import { INCLUDED_OFFSET_BASE, PlainTxtValue, RecordStore, ZoneRecord } from './zoneRecord';

export { INCLUDED_OFFSET_BASE } from './zoneRecord';

/** Reads an $INCLUDE target relative to the including file; undefined when it cannot be read. */
export type IncludeReader = (path: string) => { text: string; resolvedPath: string } | undefined;

export interface ParseOptions {
  origin?: string;
  readInclude?: IncludeReader;
  /** Upper bound on records one $GENERATE may produce, so a typo cannot exhaust memory. */
  maxGenerate?: number;
}

export interface ParsedZone {
  records: DnsRecord[];
  problems: Finding[];
  /** Line spans of the main document's entries written across several lines (folding). */
  multiLineEntries: Array<{ firstLine: number; lastLine: number }>;
  includes: Array<{ path: string; span: Span; resolvedPath?: string }>;
  /** The origin given by the caller, else the file's first $ORIGIN ('' when neither). */
  origin: string;
  /** Where a later parse of an edited text may resume (see `previous` in parseZone). */
  checkpoints: ParseCheckpoint[];
  inputOrigin: string;
}

/** The parser's state after an entry of the main document, every CHECKPOINT_EVERY entries. */
export interface ParseCheckpoint {
  end: number;
  line: number;
  entries: number;
  records: number;
  problems: number;
  multiLineEntries: number;
  origin: string;
  firstOrigin?: string;
  defaultTtl?: number;
  lastTtl?: number;
  lastOwner?: string;
}

const CHECKPOINT_EVERY = 64;

const MAX_INCLUDE_DEPTH = 8;
/** Text read through $INCLUDE in one parse, so files included many times over cannot make a parse endless. */
const MAX_INCLUDED_CHARS = 32 * 1024 * 1024;

interface ParseState {
  origin: string;
  /** The main document's first $ORIGIN: the zone's apex when the file says so itself. */
  firstOrigin?: string;
  defaultTtl?: number;
  lastTtl?: number;
  lastOwner?: string;
  records: DnsRecord[];
  problems: Finding[];
  includes: ParsedZone['includes'];
  options: ParseOptions;
  includeCount: number;
  includeStack: string[];
  /** The main document's $INCLUDE being followed: problems of the include chain itself are shown there. */
  mainIncludeSpan?: Span;
  /** Each path is read once per parse; files found to include themselves are not followed again. */
  readCache: Map<string, ReturnType<IncludeReader>>;
  loopingPaths: Set<string>;
  includedChars: number;
  /** Where records of the text being read keep their offsets, TTL, origin and TXT value. */
  store: RecordStore;
  /** Scratch for readTtlClassType, so reading a record's fields allocates nothing. */
  fields: { type: string; ttl: number | undefined; typeIndex: number };
}

/**
 * Parses a master file. With `previous` (the parse of an earlier version of the same document),
 * the entries before the first changed character are taken over from it and parsing resumes at
 * the last checkpoint before the change: typing in a large zone re-parses only what follows.
 */
export function parseZone(text: string, options: ParseOptions = {}, previous?: { text: string; parsed: ParsedZone }): ParsedZone {
  const initialOrigin = (options.origin ?? '').replace(/\.$/, '').toLowerCase();
  const state: ParseState = {
    origin: initialOrigin,
    records: [],
    problems: [],
    includes: [],
    options,
    includeCount: 0,
    includeStack: [],
    readCache: new Map(),
    loopingPaths: new Set(),
    includedChars: 0,
    store: new RecordStore(text, 0),
    fields: { type: '', ttl: undefined, typeIndex: 0 },
  };
  let multiLineEntries: ParsedZone['multiLineEntries'] = [];
  let checkpoints: ParseCheckpoint[] = [];
  let entries = 0;
  const resumeFrom = previous && resumePoint(text, initialOrigin, previous);
  if (resumeFrom && previous) {
    const { checkpoint } = resumeFrom;
    state.records = previous.parsed.records.slice(0, checkpoint.records);
    // Taken over as they are, but read from the new text (the same up to the checkpoint), so the
    // previous version's text and store can be collected.
    for (const record of state.records) if (record instanceof ZoneRecord) state.store.adopt(record);
    state.problems = previous.parsed.problems.slice(0, checkpoint.problems);
    multiLineEntries = previous.parsed.multiLineEntries.slice(0, checkpoint.multiLineEntries);
    checkpoints = previous.parsed.checkpoints.slice(0, resumeFrom.index + 1);
    entries = checkpoint.entries;
    state.origin = checkpoint.origin;
    state.firstOrigin = checkpoint.firstOrigin;
    state.defaultTtl = checkpoint.defaultTtl;
    state.lastTtl = checkpoint.lastTtl;
    state.lastOwner = checkpoint.lastOwner;
  }
  lexZone(
    text,
    (entry) => {
      if (entry.lastLine > entry.firstLine) multiLineEntries.push({ firstLine: entry.firstLine, lastLine: entry.lastLine });
      parseEntry(entry, state, true);
      if (++entries % CHECKPOINT_EVERY === 0) {
        checkpoints.push({
          end: entry.end,
          line: entry.lastLine,
          entries,
          records: state.records.length,
          problems: state.problems.length,
          multiLineEntries: multiLineEntries.length,
          origin: state.origin,
          firstOrigin: state.firstOrigin,
          defaultTtl: state.defaultTtl,
          lastTtl: state.lastTtl,
          lastOwner: state.lastOwner,
        });
      }
    },
    state.problems,
    0,
    resumeFrom && { offset: resumeFrom.checkpoint.end, line: resumeFrom.checkpoint.line },
  );
  return { records: state.records, problems: state.problems, multiLineEntries, includes: state.includes, origin: initialOrigin || (state.firstOrigin ?? ''), checkpoints, inputOrigin: initialOrigin };
}

/** The last checkpoint of the previous parse that lies wholly before the first changed character. */
function resumePoint(text: string, origin: string, previous: { text: string; parsed: ParsedZone }): { checkpoint: ParseCheckpoint; index: number } | undefined {
  // $INCLUDE state (read cache, offsets of included files) is not checkpointed: parse afresh.
  if (previous.parsed.includes.length > 0 || previous.parsed.inputOrigin !== origin) return undefined;
  const old = previous.text;
  const limit = Math.min(old.length, text.length);
  let changed = 0;
  while (changed < limit && old.charCodeAt(changed) === text.charCodeAt(changed)) changed++;
  const checkpoints = previous.parsed.checkpoints;
  let lo = 0;
  let hi = checkpoints.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    // The character at `end` (the line break after the entry) must be unchanged too.
    if (checkpoints[mid].end < changed) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found < 0 ? undefined : { checkpoint: checkpoints[found], index: found };
}

function syntax(state: ParseState, span: Span, message: string): void {
  state.problems.push({ code: 'zone-syntax', start: span.start, end: span.end, message });
}

/** BIND loads a TTL from 2^31 to 2^32-1 with a warning and uses 0 (RFC 2181 section 8), so this is no error. */
function ttlOverMax(state: ParseState, span: Span, text: string): void {
  state.problems.push({ code: 'zone-syntax', severity: 'warning', start: span.start, end: span.end, message: `The TTL ${text} is over the maximum of ${MAX_TTL} seconds (RFC 2181 section 8); BIND loads it as 0, so resolvers will not cache the record. Use a smaller TTL.` });
}

const DOLLAR = 36;

/**
 * Reads one entry straight from the lexer's buffer. A record becomes one `ZoneRecord` of offsets;
 * token objects are made only for the rdata checks of types that have them and for directives.
 */
function parseEntry(entry: EntryTokens, state: ParseState, inMainDocument: boolean): void {
  // BIND reads a quoted first token like an unquoted one: "$TTL" is the directive, "www" the owner.
  if (!entry.ownerOmitted && entry.firstCode(0) === DOLLAR) {
    parseDirective({ tokens: entry.tokens(), start: entry.base + entry.start, end: entry.base + entry.end }, state, inMainDocument);
    return;
  }
  let index = 0;
  let owner: string;
  let nameStart: number;
  let nameEnd: number;
  if (entry.ownerOmitted) {
    if (state.lastOwner === undefined) {
      syntax(state, entry.tokenSpan(0), 'This record starts with blank space, so it has no owner name, and no earlier record gives one (RFC 1035 section 5.1); write the owner name at the start of the line.');
      return;
    }
    owner = state.lastOwner;
    nameStart = nameEnd = entry.tokenStart[0];
  } else {
    const raw = entry.tokenText(0);
    owner = ownerName(raw, state.origin);
    const problem = nameProblem(raw, owner);
    if (problem) syntax(state, entry.tokenSpan(0), `The owner name is not valid: ${problem} (RFC 1035 section 2.3.4).`);
    nameStart = entry.tokenStart[0];
    nameEnd = entry.tokenEnd[0];
    index = 1;
  }
  state.lastOwner = owner;
  const fields = readTtlClassType(entry, index, state);
  if (!fields) return;
  const { type, ttl, typeIndex } = fields;
  const next = typeIndex + 1;
  const count = entry.count - next;
  const isText = type === 'TXT' || type === 'SPF';
  // TXT data needs no checks beyond being there, unless written in the generic \# form; most
  // other records are plainly valid, which is decided without making token objects.
  if (isText ? count === 0 || isGenericForm(entry, next) : !rdataPlainlyValid(type, entry, next, state.origin)) {
    for (const problem of checkRdata(type, entry.tokens(next), state.origin, entry.token(typeIndex))) state.problems.push(problem);
  }
  const typeStart = entry.tokenStart[typeIndex];
  const typeEnd = entry.tokenEnd[typeIndex];
  const store = state.store;
  const rdataStart = count > 0 ? entry.tokenStart[next] : typeEnd;
  const rdataEnd = count > 0 ? entry.tokenEnd[entry.count - 1] : typeEnd;
  const at = store.add(ttl, state.origin, entry.start, entry.end, nameStart, nameEnd, typeStart, typeEnd, rdataStart, rdataEnd);
  const record = new ZoneRecord(owner, type, store, at);
  if (isText) record.txt = txtValue(entry, next, record, state);
  state.records.push(record);
}

/** `\#` unquoted: RFC 3597's generic rdata. */
function isGenericForm(entry: EntryTokens, k: number): boolean {
  return !entry.isQuoted(k) && entry.textEnd[k] - entry.textStart[k] === 2 && entry.firstCode(k) === 92 && entry.text.charCodeAt(entry.textStart[k] + 1) === 35;
}

/** The tokens of an entry as `readTtlClassType` reads them: the lexer's buffer, or $GENERATE's tokens. */
interface TokenList {
  readonly count: number;
  isQuoted(k: number): boolean;
  tokenText(k: number): string;
  /** The first character of the token's text (NaN when empty). */
  firstCode(k: number): number;
  tokenSpan(k: number): Span;
  /** Whether the token's text is `word` (upper case letters) in any case. */
  isWord(k: number, word: string): boolean;
}

class TokenArray implements TokenList {
  constructor(private readonly list: readonly Token[]) {}
  get count(): number {
    return this.list.length;
  }
  isQuoted(k: number): boolean {
    return this.list[k].quoted;
  }
  tokenText(k: number): string {
    return this.list[k].text;
  }
  firstCode(k: number): number {
    return this.list[k].text.charCodeAt(0);
  }
  tokenSpan(k: number): Span {
    return { start: this.list[k].start, end: this.list[k].end };
  }
  isWord(k: number, word: string): boolean {
    return this.list[k].text.toUpperCase() === word;
  }
}

/** The types most records have, recognised in the buffer without a string. */
const COMMON_TYPES = ['A', 'TXT', 'MX', 'AAAA', 'CNAME', 'NS', 'SOA', 'SRV', 'PTR', 'CAA'];

function commonType(tokens: TokenList, k: number): string | undefined {
  for (const type of COMMON_TYPES) if (tokens.isWord(k, type)) return type;
  return undefined;
}

/** What `readTtlClassType` found; one object per parse, reused for every entry. */
interface Fields {
  type: string;
  ttl: number | undefined;
  typeIndex: number;
}

function readTtlClassType(tokens: TokenList, start: number, state: ParseState): Fields | undefined {
  let index = start;
  let ttl: number | undefined;
  let sawClass = false;
  for (let k = 0; k < 2 && index < tokens.count; k++) {
    if (tokens.isQuoted(index)) break;
    // A TTL starts with a digit; checking that first spares a string for "IN" on every record.
    const c = tokens.firstCode(index);
    const asTtl = ttl === undefined && c >= 48 && c <= 57 ? parseTtl(tokens.tokenText(index)) : undefined;
    if (asTtl !== undefined) {
      // BIND takes a number over 32 bits for the type (and rejects it), and loads 2^31..2^32-1 as TTL 0.
      if (asTtl > MAX_TTL_FIELD) syntax(state, tokens.tokenSpan(index), `The TTL ${tokens.tokenText(index)} does not fit in 32 bits, so BIND rejects the record (RFC 2181 section 8). Use a TTL of at most ${MAX_TTL} seconds.`);
      else if (asTtl > MAX_TTL) ttlOverMax(state, tokens.tokenSpan(index), tokens.tokenText(index));
      ttl = asTtl;
      index++;
    } else if (!sawClass && (tokens.isWord(index, 'IN') || CLASSES.has(tokens.tokenText(index).toUpperCase()))) {
      if (!tokens.isWord(index, 'IN')) syntax(state, tokens.tokenSpan(index), `Class ${tokens.tokenText(index).toUpperCase()} in an IN zone: BIND rejects a record whose class differs from the zone's. Use IN or leave the class out.`);
      sawClass = true;
      index++;
    } else break;
  }
  if (index >= tokens.count) {
    const first = tokens.tokenSpan(0);
    const last = tokens.tokenSpan(tokens.count - 1);
    syntax(state, { start: first.start, end: last.end }, 'This line has no record type (RFC 1035 section 5.1). Write owner, optional TTL and class, then a type such as TXT, then its data.');
    return undefined;
  }
  const type = tokens.isQuoted(index) ? undefined : (commonType(tokens, index) ?? canonicalType(tokens.tokenText(index)));
  if (type === undefined) {
    syntax(state, tokens.tokenSpan(index), `"${tokens.tokenText(index)}" is not a record type BIND knows (RFC 1035 section 5.1). Check the spelling, or write an unknown type as TYPEnnn (RFC 3597).`);
    return undefined;
  }
  if (ttl === undefined) ttl = state.defaultTtl ?? state.lastTtl;
  else state.lastTtl = ttl;
  const fields = state.fields;
  fields.type = type;
  fields.ttl = ttl;
  fields.typeIndex = index;
  return fields;
}

/**
 * The value of a TXT record. Strings that are plain ASCII without escapes (nearly all) need no
 * decoding: the text is the strings joined, and octets and characters are one to one.
 */
function txtValue(entry: EntryTokens, from: number, record: ZoneRecord, state: ParseState): TxtValue {
  let wire = 0;
  let longest = 0;
  for (let k = from; k < entry.count; k++) {
    if (entry.needsDecoding(k)) return decodeTxt(entry.tokens(from), record.rdataSpan, state);
    const length = entry.textEnd[k] - entry.textStart[k];
    // Each string costs a length octet plus its octets.
    wire += 1 + length;
    if (length > longest) longest = length;
  }
  if (wire > MAX_RDATA) rdataTooLong(state, record.rdataSpan, wire);
  let text: string;
  // One string is a slice of the text (no copy); an incremental parse re-slices it (RecordStore.adopt).
  if (entry.count - from === 1) text = entry.tokenText(from);
  else {
    const parts: string[] = [];
    for (let k = from; k < entry.count; k++) parts.push(entry.tokenText(k));
    text = parts.join('');
  }
  return new PlainTxtValue(text, longest, record, entry.count - from === 1);
}

/**
 * BIND refuses rdata over DNS_RDATA_MAXLENGTH (65512: what fits a 65535-octet message after
 * header, name, type, class, TTL and length).
 */
const MAX_RDATA = 65512;

function rdataTooLong(state: ParseState, span: Span, wire: number): void {
  syntax(state, span, `This record's data is ${wire} octets; BIND accepts at most 65512, since a DNS message holds 65535 (RFC 1035 sections 3.2.1, 4.2.2), and rejects the zone. Shorten the text or spread it over several names.`);
}

/** A record of $GENERATE: its rdata is the expanded template, which is nowhere in the text. */
function generatedRecord(owner: string, ttl: number | undefined, type: string, entry: DirectiveEntry, ownerSpan: Span, typeToken: Token, rdataTokens: Token[], state: ParseState): DnsRecord {
  const rdataSpan = rdataTokens.length > 0 ? { start: rdataTokens[0].start, end: rdataTokens[rdataTokens.length - 1].end } : { start: typeToken.end, end: typeToken.end };
  const rdata: RdataToken[] = rdataTokens;
  const record: DnsRecord = {
    name: owner,
    origin: state.origin,
    ttl,
    type,
    span: { start: entry.start, end: entry.end },
    nameSpan: ownerSpan,
    typeSpan: typeToken,
    rdataSpan,
    rdata,
  };
  if (type === 'TXT' || type === 'SPF') record.txt = decodeTxt(rdataTokens, rdataSpan, state);
  return record;
}

/** The value of TXT data with escapes or non-ASCII characters, decoded octet by octet. */
function decodeTxt(tokens: Token[], span: Span, state: ParseState): TxtValue {
  let text = '';
  const segments: TxtSegment[] = [];
  const strings: TxtString[] = [];
  for (const token of tokens) {
    // Segments are written straight into the value's list, already placed after earlier strings.
    const decoded = decodeCharacterString(token, text.length, segments);
    if (decoded.badEscape) syntax(state, decoded.badEscape, 'A \\DDD escape must be a decimal octet from 000 to 255 (RFC 1035 section 5.1).');
    text += decoded.octets;
    strings.push({ span: token, octets: decoded.octets.length });
  }
  const wire = strings.reduce((sum, s) => sum + 1 + s.octets, 0);
  if (wire > MAX_RDATA) rdataTooLong(state, span, wire);
  return { text, segments, strings, span };
}

/** A directive's tokens and span, in document offsets. */
interface DirectiveEntry {
  tokens: Token[];
  start: number;
  end: number;
}

function parseDirective(entry: DirectiveEntry, state: ParseState, inMainDocument: boolean): void {
  const [directive, ...args] = entry.tokens;
  const name = directive.text.toUpperCase();
  switch (name) {
    case '$ORIGIN': {
      if (args.length !== 1) {
        syntax(state, directive, '$ORIGIN takes exactly one domain name (RFC 1035 section 5.1).');
        return;
      }
      const origin = ownerName(args[0].text, state.origin);
      const problem = nameProblem(args[0].text, origin);
      if (problem) syntax(state, args[0], `$ORIGIN is not a valid domain name: ${problem}.`);
      state.origin = origin;
      if (inMainDocument && state.firstOrigin === undefined) state.firstOrigin = origin;
      return;
    }
    case '$TTL': {
      const ttl = args.length === 1 ? parseTtl(args[0].text) : undefined;
      if (ttl === undefined) syntax(state, args[0] ?? directive, '$TTL takes one time value, in seconds or with units such as 1h30m (RFC 2308 section 4).');
      else if (ttl > MAX_TTL_FIELD) syntax(state, args[0], `The TTL does not fit in 32 bits, so BIND rejects it (RFC 2181 section 8). Use at most ${MAX_TTL} seconds.`);
      else if (ttl > MAX_TTL) ttlOverMax(state, args[0], args[0].text);
      else state.defaultTtl = ttl;
      return;
    }
    case '$INCLUDE':
      parseInclude(entry, args, state, inMainDocument);
      return;
    case '$GENERATE':
      parseGenerate(entry, args, state);
      return;
    default:
      syntax(state, directive, `"${directive.text}" is not a directive BIND knows; use $ORIGIN, $TTL, $INCLUDE or $GENERATE.`);
  }
}

function parseInclude(entry: DirectiveEntry, args: Token[], state: ParseState, inMainDocument: boolean): void {
  if (args.length < 1 || args.length > 2) {
    syntax(state, entry.tokens[0], '$INCLUDE takes a file name and an optional origin (RFC 1035 section 5.1).');
    return;
  }
  const path = args[0].text;
  const span = { start: args[0].start, end: args[0].end };
  if (state.options.readInclude && !state.readCache.has(path)) state.readCache.set(path, state.options.readInclude(path));
  const loaded = state.readCache.get(path);
  if (inMainDocument) state.includes.push({ path, span, resolvedPath: loaded?.resolvedPath });
  if (!loaded) {
    if (inMainDocument && state.options.readInclude) {
      state.problems.push({ code: 'zone-include-missing', start: span.start, end: span.end, message: `The included file "${path}" cannot be read, so its records are not checked and BIND will refuse to load the zone. Fix the path (it is relative to the directory named-checkzone runs in, usually the zone file's).` });
    }
    return;
  }
  if (state.includeStack.includes(loaded.resolvedPath) || state.loopingPaths.has(loaded.resolvedPath)) {
    // Without remembering the loop, a file of N "$INCLUDE itself" lines would be read N*N times.
    state.loopingPaths.add(loaded.resolvedPath);
    syntax(state, state.mainIncludeSpan ?? span, `"${path}" includes itself, directly or through other files; BIND would loop. Remove the circular $INCLUDE.`);
    return;
  }
  if (state.includeStack.length >= MAX_INCLUDE_DEPTH || state.includedChars + loaded.text.length > MAX_INCLUDED_CHARS) {
    // A limit of this checker, not of BIND (which follows deeper chains), so only a warning.
    const where = state.mainIncludeSpan ?? span;
    state.problems.push({ code: 'zone-syntax', severity: 'warning', start: where.start, end: where.end, message: `"${path}" is not checked: $INCLUDEs here nest more than ${MAX_INCLUDE_DEPTH} deep or add up to more than ${MAX_INCLUDED_CHARS / 1024 / 1024} MiB of text.` });
    return;
  }
  state.includedChars += loaded.text.length;
  const savedOrigin = state.origin;
  if (args[1]) state.origin = ownerName(args[1].text, state.origin);
  state.includeCount++;
  const base = INCLUDED_OFFSET_BASE * state.includeCount;
  state.includeStack.push(loaded.resolvedPath);
  if (inMainDocument) state.mainIncludeSpan = span;
  const savedStore = state.store;
  state.store = new RecordStore(loaded.text, state.includeCount);
  // Syntax problems of the included file's text are its own, shown when it is opened.
  lexZone(loaded.text, (included) => parseEntry(included, state, false), [], base);
  state.store = savedStore;
  if (inMainDocument) state.mainIncludeSpan = undefined;
  state.includeStack.pop();
  state.origin = savedOrigin;
}

/** `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`, expanded so cross-record checks see every record. */
function parseGenerate(entry: DirectiveEntry, args: Token[], state: ParseState): void {
  const range = args[0] && /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(args[0].text);
  if (!range || args.length < 4) {
    syntax(state, args[0] ?? entry.tokens[0], '$GENERATE takes a range start-stop[/step], an owner template, an optional TTL and class, a type and an rdata template.');
    return;
  }
  const startValue = Number(range[1]);
  const stop = Number(range[2]);
  const step = range[3] ? Number(range[3]) : 1;
  if (startValue > stop || step < 1) {
    syntax(state, args[0], '$GENERATE range must go upwards with a step of at least 1.');
    return;
  }
  const lhs = args[1];
  // Error spans of the fields start at the directive, as for a record they start at the owner.
  const fields = readTtlClassType(new TokenArray(entry.tokens), 3, state);
  if (!fields) return;
  const { type, ttl } = fields;
  const typeToken = entry.tokens[fields.typeIndex];
  const rhsTokens = entry.tokens.slice(fields.typeIndex + 1);
  if (rhsTokens.length === 0) {
    syntax(state, typeToken, '$GENERATE needs an rdata template after the type.');
    return;
  }
  const limit = state.options.maxGenerate ?? 65536;
  let count = 0;
  let ownerReported = false;
  let rdataReported = false;
  for (let n = startValue; n <= stop && count < limit; n += step, count++) {
    const ownerRaw = expandTemplate(lhs.text, n);
    const owner = ownerName(ownerRaw, state.origin);
    const rdata: Token[] = rhsTokens.map((t) => ({ ...t, text: expandTemplate(t.text, n) }));
    // Every iteration is checked (BIND rejects the zone if any generated record is bad), but
    // only the first bad one is reported, since all of them point at the same template.
    if (!ownerReported) {
      const problem = nameProblem(ownerRaw, owner);
      if (problem) syntax(state, lhs, `The generated owner name ${ownerRaw} is not valid: ${problem}.`);
      ownerReported = problem !== undefined;
    }
    if (!rdataReported) {
      const problems = checkRdata(type, rdata, state.origin, typeToken);
      const errors = problems.filter((p) => p.severity === undefined || p.severity === 'error');
      state.problems.push(...(count === 0 ? problems : errors));
      rdataReported = errors.length > 0;
    }
    state.records.push(generatedRecord(owner, ttl, type, entry, lhs, typeToken, rdata, state));
  }
}

/** `$` is the iterator, `${offset,width,base}` formats it, `\$` is a literal dollar (BIND 9 ARM). */
export function expandTemplate(template: string, value: number): string {
  return template.replace(/\\\$|\$\{(-?\d+)(?:,(\d+)(?:,([doxXnN]))?)?\}|\$/g, (match, offset?: string, width?: string, base?: string) => {
    if (match === '\\$') return '$';
    const n = value + (offset ? Number(offset) : 0);
    let text: string;
    switch (base) {
      case 'o': text = n.toString(8); break;
      case 'x': text = n.toString(16); break;
      case 'X': text = n.toString(16).toUpperCase(); break;
      default: text = String(n);
    }
    return width ? text.padStart(Number(width), '0') : text;
  });
}
