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
  /** Entries of the main document only, for outline and folding. */
  entries: Entry[];
  includes: Array<{ path: string; span: Span; resolvedPath?: string }>;
}

/**
 * Records from $INCLUDEd files get offsets far past any document, so cross-record checks can use
 * them while findings on them are dropped from this document's diagnostics (the included file
 * reports its own when opened).
 */
export const INCLUDED_OFFSET_BASE = 2 ** 40;
const MAX_INCLUDE_DEPTH = 8;

interface ParseState {
  origin: string;
  defaultTtl?: number;
  lastTtl?: number;
  lastOwner?: string;
  records: DnsRecord[];
  problems: Finding[];
  includes: ParsedZone['includes'];
  options: ParseOptions;
  includeCount: number;
  includeStack: string[];
}

export function parseZone(text: string, options: ParseOptions = {}): ParsedZone {
  const state: ParseState = {
    origin: (options.origin ?? '').replace(/\.$/, '').toLowerCase(),
    records: [],
    problems: [],
    includes: [],
    options,
    includeCount: 0,
    includeStack: [],
  };
  const lexed = lexZone(text);
  state.problems.push(...lexed.problems);
  for (const entry of lexed.entries) parseEntry(entry, state, true);
  return { records: state.records, problems: state.problems, entries: lexed.entries, includes: state.includes };
}

function syntax(state: ParseState, span: Span, message: string): void {
  state.problems.push({ code: 'zone-syntax', start: span.start, end: span.end, message });
}

/** BIND loads a TTL from 2^31 to 2^32-1 with a warning and uses 0 (RFC 2181 section 8), so this is no error. */
function ttlOverMax(state: ParseState, span: Span, raw: string): void {
  state.problems.push({ code: 'zone-syntax', severity: 'warning', start: span.start, end: span.end, message: `The TTL ${raw} is over the maximum of ${MAX_TTL} seconds (RFC 2181 section 8); BIND loads it as 0, so resolvers will not cache the record. Use a smaller TTL.` });
}

function parseEntry(entry: Entry, state: ParseState, inMainDocument: boolean): void {
  const first = entry.tokens[0];
  // BIND reads a quoted first token like an unquoted one: "$TTL" is the directive, "www" the owner.
  if (!entry.ownerOmitted && first.raw.startsWith('$')) {
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
    const problem = nameProblem(first.raw, absoluteName(first.raw, state.origin));
    if (problem) syntax(state, first, `The owner name is not valid: ${problem} (RFC 1035 section 2.3.4).`);
    owner = absoluteName(first.raw, state.origin);
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
    const asTtl = ttl === undefined ? parseTtl(token.raw) : undefined;
    if (asTtl !== undefined) {
      // BIND takes a number over 32 bits for the type (and rejects it), and loads 2^31..2^32-1 as TTL 0.
      if (asTtl > MAX_TTL_FIELD) syntax(state, token, `The TTL ${token.raw} does not fit in 32 bits, so BIND rejects the record (RFC 2181 section 8). Use a TTL of at most ${MAX_TTL} seconds.`);
      else if (asTtl > MAX_TTL) ttlOverMax(state, token, token.raw);
      ttl = asTtl;
      index++;
    } else if (!sawClass && CLASSES.has(token.raw.toUpperCase())) {
      if (token.raw.toUpperCase() !== 'IN') syntax(state, token, `Class ${token.raw.toUpperCase()} in an IN zone: BIND rejects a record whose class differs from the zone's. Use IN or leave the class out.`);
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
  const type = typeToken.raw.toUpperCase();
  if (typeToken.quoted || (!KNOWN_TYPES.has(type) && !/^TYPE\d{1,5}$/.test(type))) {
    syntax(state, typeToken, `"${typeToken.raw}" is not a record type BIND knows (RFC 1035 section 5.1). Check the spelling, or write an unknown type as TYPEnnn (RFC 3597).`);
    return undefined;
  }
  if (ttl === undefined) ttl = state.defaultTtl ?? state.lastTtl;
  else state.lastTtl = ttl;
  return { type, typeToken, ttl, next: index + 1 };
}

function makeRecord(owner: string, ttl: number | undefined, type: string, entry: Entry, ownerSpan: Span, typeToken: Token, rdataTokens: Token[], state: ParseState): DnsRecord {
  const rdataSpan = rdataTokens.length > 0 ? { start: rdataTokens[0].start, end: rdataTokens[rdataTokens.length - 1].end } : { start: typeToken.end, end: typeToken.end };
  const rdata: RdataToken[] = rdataTokens.map((t) => ({ text: t.raw, span: { start: t.start, end: t.end }, quoted: t.quoted }));
  const record: DnsRecord = {
    name: owner,
    ttl,
    type,
    span: { start: entry.start, end: entry.end },
    nameSpan: ownerSpan,
    typeSpan: { start: typeToken.start, end: typeToken.end },
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
    const decoded = decodeCharacterString(token);
    if (decoded.badEscape) syntax(state, decoded.badEscape, 'A \\DDD escape must be a decimal octet from 000 to 255 (RFC 1035 section 5.1).');
    const at = text.length;
    for (const segment of decoded.segments) segments.push({ ...segment, at: segment.at + at });
    text += decoded.octets;
    strings.push({ span: { start: token.start, end: token.end }, octets: decoded.octets.length });
  }
  return { text, segments, strings, span };
}

function parseDirective(entry: Entry, state: ParseState, inMainDocument: boolean): void {
  const [directive, ...args] = entry.tokens;
  const name = directive.raw.toUpperCase();
  switch (name) {
    case '$ORIGIN': {
      if (args.length !== 1) {
        syntax(state, directive, '$ORIGIN takes exactly one domain name (RFC 1035 section 5.1).');
        return;
      }
      const origin = absoluteName(args[0].raw, state.origin);
      const problem = nameProblem(args[0].raw, origin);
      if (problem) syntax(state, args[0], `$ORIGIN is not a valid domain name: ${problem}.`);
      state.origin = origin;
      return;
    }
    case '$TTL': {
      const ttl = args.length === 1 ? parseTtl(args[0].raw) : undefined;
      if (ttl === undefined) syntax(state, args[0] ?? directive, '$TTL takes one time value, in seconds or with units such as 1h30m (RFC 2308 section 4).');
      else if (ttl > MAX_TTL_FIELD) syntax(state, args[0], `The TTL does not fit in 32 bits, so BIND rejects it (RFC 2181 section 8). Use at most ${MAX_TTL} seconds.`);
      else if (ttl > MAX_TTL) ttlOverMax(state, args[0], args[0].raw);
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
      syntax(state, directive, `"${directive.raw}" is not a directive BIND knows; use $ORIGIN, $TTL, $INCLUDE or $GENERATE.`);
  }
}

function parseInclude(entry: Entry, args: Token[], state: ParseState, inMainDocument: boolean): void {
  if (args.length < 1 || args.length > 2) {
    syntax(state, entry.tokens[0], '$INCLUDE takes a file name and an optional origin (RFC 1035 section 5.1).');
    return;
  }
  const path = args[0].raw;
  const span = { start: args[0].start, end: args[0].end };
  const loaded = state.options.readInclude?.(path);
  if (inMainDocument) state.includes.push({ path, span, resolvedPath: loaded?.resolvedPath });
  if (!loaded) {
    if (inMainDocument && state.options.readInclude) {
      state.problems.push({ code: 'zone-include-missing', start: span.start, end: span.end, message: `The included file "${path}" cannot be read, so its records are not checked and BIND will refuse to load the zone. Fix the path (it is relative to the directory named-checkzone runs in, usually the zone file's).` });
    }
    return;
  }
  if (state.includeStack.includes(loaded.resolvedPath) || state.includeStack.length >= MAX_INCLUDE_DEPTH) {
    syntax(state, span, `"${path}" includes itself, directly or through other files; BIND would loop. Remove the circular $INCLUDE.`);
    return;
  }
  const savedOrigin = state.origin;
  if (args[1]) state.origin = absoluteName(args[1].raw, state.origin);
  state.includeCount++;
  const base = INCLUDED_OFFSET_BASE * state.includeCount;
  state.includeStack.push(loaded.resolvedPath);
  const lexed = lexZone(loaded.text, base);
  for (const included of lexed.entries) parseEntry(included, state, false);
  state.includeStack.pop();
  state.origin = savedOrigin;
}

/** `$GENERATE start-stop[/step] lhs [ttl] [class] type rhs`, expanded so cross-record checks see every record. */
function parseGenerate(entry: Entry, args: Token[], state: ParseState): void {
  const range = args[0] && /^(\d+)-(\d+)(?:\/(\d+))?$/.exec(args[0].raw);
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
    const ownerRaw = expandTemplate(lhs.raw, n);
    const owner = absoluteName(ownerRaw, state.origin);
    const rdata: Token[] = rhsTokens.map((t) => ({ ...t, raw: expandTemplate(t.raw, n) }));
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
