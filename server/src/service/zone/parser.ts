import type { Finding, Span } from '../types';
import type { DnsRecord, RdataToken, TxtSegment, TxtString, TxtValue } from '../records';
import { decodeCharacterString, lexZone, type Entry, type Token } from './lexer';
import { absoluteName, nameProblem } from './names';
import { CLASSES, KNOWN_TYPES } from './recordTypes';
import { checkRdata } from './rdataChecks';
import { MAX_TTL, MAX_TTL_FIELD, parseTtl } from './ttl';

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

/**
 * Records from $INCLUDEd files get offsets far past any document, so cross-record checks can use
 * them while findings on them are dropped from this document's diagnostics (the included file
 * reports its own when opened).
 */
export const INCLUDED_OFFSET_BASE = 2 ** 40;
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
  };
  let multiLineEntries: ParsedZone['multiLineEntries'] = [];
  let checkpoints: ParseCheckpoint[] = [];
  let entries = 0;
  const resumeFrom = previous && resumePoint(text, initialOrigin, previous);
  if (resumeFrom && previous) {
    const { checkpoint } = resumeFrom;
    state.records = previous.parsed.records.slice(0, checkpoint.records);
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

function parseEntry(entry: Entry, state: ParseState, inMainDocument: boolean): void {
  const first = entry.tokens[0];
  // BIND reads a quoted first token like an unquoted one: "$TTL" is the directive, "www" the owner.
  if (!entry.ownerOmitted && first.text.startsWith('$')) {
    parseDirective(entry, state, inMainDocument);
    return;
  }
  const tokens = entry.tokens;
  let index = 0;
  let owner: string;
  let ownerSpan: Span;
  if (entry.ownerOmitted) {
    if (state.lastOwner === undefined) {
      syntax(state, first, 'This record starts with blank space, so it has no owner name, and no earlier record gives one (RFC 1035 section 5.1); write the owner name at the start of the line.');
      return;
    }
    owner = state.lastOwner;
    ownerSpan = { start: first.start, end: first.start };
  } else {
    const problem = nameProblem(first.text, absoluteName(first.text, state.origin));
    if (problem) syntax(state, first, `The owner name is not valid: ${problem} (RFC 1035 section 2.3.4).`);
    owner = absoluteName(first.text, state.origin);
    ownerSpan = first;
    index = 1;
  }
  state.lastOwner = owner;
  const parsed = readTtlClassType(tokens, index, state, entry);
  if (!parsed) return;
  const { type, typeToken, ttl } = parsed;
  const rdataTokens = tokens.slice(parsed.next);
  state.problems.push(...checkRdata(type, rdataTokens, state.origin, typeToken));
  state.records.push(makeRecord(owner, ttl, type, entry, ownerSpan, typeToken, rdataTokens, state));
}

function readTtlClassType(tokens: Token[], start: number, state: ParseState, entry: Entry) {
  let index = start;
  let ttl: number | undefined;
  let sawClass = false;
  for (let k = 0; k < 2 && index < tokens.length; k++) {
    const token = tokens[index];
    if (token.quoted) break;
    const asTtl = ttl === undefined ? parseTtl(token.text) : undefined;
    if (asTtl !== undefined) {
      // BIND takes a number over 32 bits for the type (and rejects it), and loads 2^31..2^32-1 as TTL 0.
      if (asTtl > MAX_TTL_FIELD) syntax(state, token, `The TTL ${token.text} does not fit in 32 bits, so BIND rejects the record (RFC 2181 section 8). Use a TTL of at most ${MAX_TTL} seconds.`);
      else if (asTtl > MAX_TTL) ttlOverMax(state, token, token.text);
      ttl = asTtl;
      index++;
    } else if (!sawClass && CLASSES.has(token.text.toUpperCase())) {
      if (token.text.toUpperCase() !== 'IN') syntax(state, token, `Class ${token.text.toUpperCase()} in an IN zone: BIND rejects a record whose class differs from the zone's. Use IN or leave the class out.`);
      sawClass = true;
      index++;
    } else break;
  }
  const typeToken = tokens[index];
  if (!typeToken) {
    const last = tokens[tokens.length - 1];
    syntax(state, { start: entry.tokens[0].start, end: last.end }, 'This line has no record type (RFC 1035 section 5.1). Write owner, optional TTL and class, then a type such as TXT, then its data.');
    return undefined;
  }
  const type = typeToken.text.toUpperCase();
  if (typeToken.quoted || (!KNOWN_TYPES.has(type) && !(/^TYPE\d{1,5}$/.test(type) && Number(type.slice(4)) <= 65535))) {
    syntax(state, typeToken, `"${typeToken.text}" is not a record type BIND knows (RFC 1035 section 5.1). Check the spelling, or write an unknown type as TYPEnnn (RFC 3597).`);
    return undefined;
  }
  if (ttl === undefined) ttl = state.defaultTtl ?? state.lastTtl;
  else state.lastTtl = ttl;
  return { type, typeToken, ttl, next: index + 1 };
}

function makeRecord(owner: string, ttl: number | undefined, type: string, entry: Entry, ownerSpan: Span, typeToken: Token, rdataTokens: Token[], state: ParseState): DnsRecord {
  const rdataSpan = rdataTokens.length > 0 ? { start: rdataTokens[0].start, end: rdataTokens[rdataTokens.length - 1].end } : { start: typeToken.end, end: typeToken.end };
  const rdata: RdataToken[] = rdataTokens;
  const record: DnsRecord = {
    name: owner,
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

function decodeTxt(tokens: Token[], span: Span, state: ParseState): TxtValue {
  let text = '';
  const segments: TxtSegment[] = [];
  const strings: TxtString[] = [];
  for (const token of tokens) {
    // Segments are written straight into the value's list, already placed after earlier strings.
    const decoded = decodeCharacterString(token, text.length, segments);
    if (decoded.badEscape) syntax(state, decoded.badEscape, 'A \\DDD escape must be a decimal octet from 000 to 255 (RFC 1035 section 5.1).');
    text += decoded.octets;
    // The token is its own span: no extra object per string on a 100,000-record zone.
    strings.push({ span: token, octets: decoded.octets.length });
  }
  // Each string costs a length octet plus its octets. BIND refuses rdata over DNS_RDATA_MAXLENGTH
  // (65512: what fits a 65535-octet message after header, name, type, class, TTL and length).
  const wire = strings.reduce((sum, s) => sum + 1 + s.octets, 0);
  if (wire > 65512) syntax(state, span, `This record's data is ${wire} octets; BIND accepts at most 65512, since a DNS message holds 65535 (RFC 1035 sections 3.2.1, 4.2.2), and rejects the zone. Shorten the text or spread it over several names.`);
  return { text, segments, strings, span };
}

function parseDirective(entry: Entry, state: ParseState, inMainDocument: boolean): void {
  const [directive, ...args] = entry.tokens;
  const name = directive.text.toUpperCase();
  switch (name) {
    case '$ORIGIN': {
      if (args.length !== 1) {
        syntax(state, directive, '$ORIGIN takes exactly one domain name (RFC 1035 section 5.1).');
        return;
      }
      const origin = absoluteName(args[0].text, state.origin);
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

function parseInclude(entry: Entry, args: Token[], state: ParseState, inMainDocument: boolean): void {
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
  if (args[1]) state.origin = absoluteName(args[1].text, state.origin);
  state.includeCount++;
  const base = INCLUDED_OFFSET_BASE * state.includeCount;
  state.includeStack.push(loaded.resolvedPath);
  if (inMainDocument) state.mainIncludeSpan = span;
  // Syntax problems of the included file's text are its own, shown when it is opened.
  lexZone(loaded.text, (included) => parseEntry(included, state, false), [], base);
  if (inMainDocument) state.mainIncludeSpan = undefined;
  state.includeStack.pop();
  state.origin = savedOrigin;
}

/** `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`, expanded so cross-record checks see every record. */
function parseGenerate(entry: Entry, args: Token[], state: ParseState): void {
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
  const parsed = readTtlClassType(args, 2, state, entry);
  if (!parsed) return;
  const rhsTokens = args.slice(parsed.next);
  if (rhsTokens.length === 0) {
    syntax(state, parsed.typeToken, '$GENERATE needs an rdata template after the type.');
    return;
  }
  const limit = state.options.maxGenerate ?? 65536;
  let count = 0;
  let ownerReported = false;
  let rdataReported = false;
  for (let n = startValue; n <= stop && count < limit; n += step, count++) {
    const ownerRaw = expandTemplate(lhs.text, n);
    const owner = absoluteName(ownerRaw, state.origin);
    const rdata: Token[] = rhsTokens.map((t) => ({ ...t, text: expandTemplate(t.text, n) }));
    // Every iteration is checked (BIND rejects the zone if any generated record is bad), but
    // only the first bad one is reported, since all of them point at the same template.
    if (!ownerReported) {
      const problem = nameProblem(ownerRaw, owner);
      if (problem) syntax(state, lhs, `The generated owner name ${ownerRaw} is not valid: ${problem}.`);
      ownerReported = problem !== undefined;
    }
    if (!rdataReported) {
      const problems = checkRdata(parsed.type, rdata, state.origin, parsed.typeToken);
      const errors = problems.filter((p) => p.severity === undefined || p.severity === 'error');
      state.problems.push(...(count === 0 ? problems : errors));
      rdataReported = errors.length > 0;
    }
    state.records.push(makeRecord(owner, parsed.ttl, parsed.type, entry, lhs, parsed.typeToken, rdata, state));
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
