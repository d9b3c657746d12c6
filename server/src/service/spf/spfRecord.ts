/**
 * SPF record parser following the ABNF of RFC 7208 section 12. Offsets are into the joined TXT
 * value; the caller maps them to the document. Never throws: a term outside the grammar becomes a
 * term of kind 'invalid' with the reason.
 */
export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface SpfTerm {
  kind: 'mechanism' | 'modifier' | 'invalid';
  /** Lower-case mechanism or modifier name. */
  name: string;
  qualifier?: Qualifier;
  /** Whether the qualifier was written (for `+all` versus `all`). */
  explicitQualifier: boolean;
  /** The argument after `:` (mechanisms) or `=` (modifiers), without CIDR lengths. */
  argument?: string;
  argumentStart?: number;
  ip4Cidr?: number;
  ip6Cidr?: number;
  /** Why the term is invalid, for kind 'invalid' or a bad argument. */
  error?: string;
  /** Errors that RFC 7208 grades differently (a network with host bits set). */
  warning?: string;
  /** Set for ip4/ip6 problems so they get `spf-ip-invalid` instead of `spf-syntax`. */
  ipProblem?: boolean;
  start: number;
  end: number;
  text: string;
}

export interface SpfRecord {
  terms: SpfTerm[];
  /** Problems of the record as a whole (version, characters). */
  problems: Array<{ start: number; end: number; message: string }>;
}

import { hasHostBits, parseIPv4, parseIPv6 } from '../net/ipAddress';

const MECHANISMS = new Set<MechanismName>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
export const DNS_MECHANISMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

/**
 * Parsed records by text. A record is parsed by its own checks, by the tree walk of every record
 * that includes it and again on each edit; the same text always parses the same. Results are
 * shared, so callers must not change them.
 */
const parsedByText = new Map<string, SpfRecord>();
const MAX_CACHED = 8192;

export function parseSpf(text: string): SpfRecord {
  const cached = parsedByText.get(text);
  if (cached) return cached;
  const parsed = parseSpfUncached(text);
  if (text.length <= 4096) {
    if (parsedByText.size >= MAX_CACHED) parsedByText.delete(parsedByText.keys().next().value!);
    parsedByText.set(text, parsed);
  }
  return parsed;
}

function parseSpfUncached(text: string): SpfRecord {
  const problems: SpfRecord['problems'] = [];
  const terms: SpfTerm[] = [];
  const version = /^v=spf1/i.exec(text);
  if (!version) {
    problems.push({ start: 0, end: Math.min(text.length, 6), message: 'An SPF record must start with "v=spf1" (RFC 7208 section 4.5).' });
    return { terms, problems };
  }
  let i = version[0].length;
  if (i < text.length && text[i] !== ' ') {
    problems.push({ start: 0, end: i, message: '"v=spf1" must be followed by a space or the end of the record (RFC 7208 section 4.5).' });
  }
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    let end = i;
    while (end < text.length && text[end] !== ' ') end++;
    terms.push(parseTerm(text.slice(i, end), i));
    i = end;
  }
  return { terms, problems };
}

function invalid(text: string, start: number, name: string, error: string): SpfTerm {
  return { kind: 'invalid', name, explicitQualifier: false, error, start, end: start + text.length, text };
}

export function parseTerm(text: string, start: number): SpfTerm {
  const badChar = /[^\x21-\x7e]/.exec(text);
  if (badChar) {
    const code = badChar[0].charCodeAt(0);
    const shown = code < 0x20 || code === 0x7f ? `control character 0x${code.toString(16).padStart(2, '0')}` : `non-ASCII octet 0x${code.toString(16)}`;
    return invalid(text, start, '', `"${printable(text)}" contains a ${shown}; SPF records are ASCII only (RFC 7208 section 3.1, 12). Retype the term.`);
  }
  const modifier = /^([A-Za-z][A-Za-z0-9\-_.]*)=(.*)$/s.exec(text);
  if (modifier) return parseModifier(modifier[1].toLowerCase(), modifier[2], text, start);
  let rest = text;
  let qualifier: Qualifier = '+';
  let explicitQualifier = false;
  if (/^[+\-~?]/.test(rest)) {
    qualifier = rest[0] as Qualifier;
    explicitQualifier = true;
    rest = rest.slice(1);
  }
  const nameMatch = /^[A-Za-z][A-Za-z0-9\-_.]*/.exec(rest);
  const name = (nameMatch?.[0] ?? '').toLowerCase();
  if (!MECHANISMS.has(name as MechanismName)) {
    if (name === 'redirect' || name === 'exp') {
      return invalid(text, start, name, `"${name}" is a modifier and takes "=", not ":" (RFC 7208 section 6); write "${name}=${rest.slice(name.length + 1)}"${explicitQualifier ? ' without a qualifier' : ''}.`);
    }
    const known = name === '' ? '' : ` "${name}" is not one of all, include, a, mx, ptr, ip4, ip6, exists.`;
    return invalid(text, start, name, `"${printable(text)}" is not an SPF mechanism or modifier (RFC 7208 section 5, 12).${known} Receivers treat the whole record as a permerror.`);
  }
  const term: SpfTerm = { kind: 'mechanism', name, qualifier, explicitQualifier, start, end: start + text.length, text };
  const argumentText = rest.slice(nameMatch![0].length);
  const argumentStart = start + (text.length - argumentText.length);
  parseMechanismArgument(term, argumentText, argumentStart);
  return term;
}

function parseModifier(name: string, value: string, text: string, start: number): SpfTerm {
  const term: SpfTerm = { kind: 'modifier', name, explicitQualifier: false, argument: value, argumentStart: start + name.length + 1, start, end: start + text.length, text };
  if (name === 'redirect' || name === 'exp') {
    // exp= names a domain; c, r and t are allowed only in the explanation text it points to (RFC 7208 7.1).
    const error = domainSpecError(value, false);
    if (error) term.error = `${name}=${value}: ${error}`;
  } else {
    const error = macroStringError(value, false);
    if (error) term.error = `The unknown modifier "${name}" has an invalid value: ${error} (RFC 7208 section 6).`;
  }
  return term;
}

function parseMechanismArgument(term: SpfTerm, argumentText: string, argumentStart: number): void {
  const name = term.name;
  if (name === 'all') {
    if (argumentText !== '') term.error = `"all" takes no argument (RFC 7208 section 5.1); write "${term.explicitQualifier ? term.qualifier : ''}all".`;
    return;
  }
  if (name === 'ip4' || name === 'ip6') {
    parseIpArgument(term, argumentText, argumentStart);
    return;
  }
  let domainPart = '';
  let cidrPart = '';
  if (argumentText.startsWith(':')) {
    // The domain may contain "/" (RFC 7208 7.1: any visible character), so only a trailing
    // dual-cidr-length is a prefix length.
    const cidr = name === 'a' || name === 'mx' ? /(\/\d+)?(\/\/\d+)?$/.exec(argumentText) : null;
    const cidrLength = cidr ? cidr[0].length : 0;
    domainPart = argumentText.slice(1, argumentText.length - cidrLength);
    cidrPart = argumentText.slice(argumentText.length - cidrLength);
    term.argument = domainPart;
    term.argumentStart = argumentStart + 1;
    const error = domainSpecError(domainPart, false);
    if (error) {
      term.error = `${shown(term.text)}: ${error}`;
      return;
    }
  } else if (argumentText.startsWith('/') && (name === 'a' || name === 'mx')) {
    cidrPart = argumentText;
  } else if (argumentText !== '') {
    term.error = `"${shown(term.text)}" is not valid: after "${name}" comes ":" and a domain${name === 'a' || name === 'mx' ? ' or a "/" prefix length' : ''} (RFC 7208 section 5).`;
    return;
  } else if (name === 'include' || name === 'exists') {
    term.error = `"${name}" needs a domain: write "${name}:example.com" (RFC 7208 section 5.2, 5.7).`;
    return;
  }
  if (cidrPart !== '') {
    if (name !== 'a' && name !== 'mx') {
      term.error = `"${name}" takes no prefix length (RFC 7208 section 5).`;
      return;
    }
    const dual = /^(?:\/(0|[1-9]\d{0,2}))?(?:\/\/(0|[1-9]\d{0,2}))?$/.exec(cidrPart);
    if (!dual) {
      term.error = `"${cidrPart}" is not a valid prefix length; write /N (IPv4, 0-32) and/or //N (IPv6, 0-128) (RFC 7208 section 5.6).`;
      return;
    }
    if (dual[1] !== undefined) term.ip4Cidr = Number(dual[1]);
    if (dual[2] !== undefined) term.ip6Cidr = Number(dual[2]);
    if ((term.ip4Cidr ?? 0) > 32) term.error = `The IPv4 prefix length /${term.ip4Cidr} is over 32 (RFC 7208 section 5.6).`;
    else if ((term.ip6Cidr ?? 0) > 128) term.error = `The IPv6 prefix length //${term.ip6Cidr} is over 128 (RFC 7208 section 5.6).`;
  }
}

function parseIpArgument(term: SpfTerm, argumentText: string, argumentStart: number): void {
  const v6 = term.name === 'ip6';
  if (!argumentText.startsWith(':')) {
    term.error = `"${term.name}" needs an address: write "${term.name}:${v6 ? '2001:db8::/32' : '192.0.2.0/24'}" (RFC 7208 section 5.6).`;
    term.ipProblem = true;
    return;
  }
  const body = argumentText.slice(1);
  const slash = body.indexOf('/');
  const address = slash >= 0 ? body.slice(0, slash) : body;
  const cidr = slash >= 0 ? body.slice(slash + 1) : undefined;
  term.argument = address;
  term.argumentStart = argumentStart + 1;
  term.ipProblem = true;
  const bytes = v6 ? parseIPv6(address) : parseIPv4(address);
  if (!bytes) {
    const hint = !v6 && parseIPv6(address) ? ' It is an IPv6 address: use ip6.' : v6 && parseIPv4(address) ? ' It is an IPv4 address: use ip4.' : '';
    term.error = `"${address}" is not a valid ${v6 ? 'IPv6' : 'IPv4'} address (RFC 7208 section 5.6).${hint}`;
    return;
  }
  const max = v6 ? 128 : 32;
  if (cidr !== undefined) {
    if (!/^(0|[1-9]\d{0,2})$/.test(cidr) || Number(cidr) > max) {
      term.error = `"/${cidr}" is not a valid ${v6 ? 'IPv6' : 'IPv4'} prefix length; it must be 0 to ${max} without leading zeros (RFC 7208 section 5.6).`;
      return;
    }
    const length = Number(cidr);
    if (v6) term.ip6Cidr = length;
    else term.ip4Cidr = length;
    if (hasHostBits(bytes, length)) {
      term.warning = `${address}/${length} has host bits set; receivers use only the first ${length} bits, so this authorises the whole network. Write the network address if that is what you mean (RFC 7208 section 5.6).`;
    }
  }
}

/** Checks a domain-spec (RFC 7208 section 7.1): a macro-string ending in a top label or a macro. */
export function domainSpecError(spec: string, inExp: boolean): string | undefined {
  if (spec === '') return 'the domain is empty';
  const macroError = macroStringError(spec, inExp);
  if (macroError) return macroError;
  // A domain-spec may end in a macro instead of a top label (checked without a backtracking regex: this runs per term).
  if (spec.includes('%{') && /%\{[^}]*\}\.?$/.test(spec.slice(spec.lastIndexOf('%{')))) return undefined;
  const trimmed = spec.endsWith('.') ? spec.slice(0, -1) : spec;
  const lastDot = trimmed.lastIndexOf('.');
  if (lastDot < 0) return `"${spec}" is not a fully qualified domain; it needs at least one dot (RFC 7208 section 7.1)`;
  const top = trimmed.slice(lastDot + 1);
  if (!/^(?:[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*|[A-Za-z0-9]+-[A-Za-z0-9-]*[A-Za-z0-9])$/.test(top)) {
    return `"${top}" cannot be a top-level label: it must contain a letter and not start or end with "-" (RFC 7208 section 7.1)`;
  }
  const labels = trimmed.split('.');
  if (labels.slice(0, -1).some((label) => label === '')) return `"${spec}" has an empty label`;
  return undefined;
}

/** Macro syntax of RFC 7208 section 7.1; c, r and t only in exp. */
export function macroStringError(value: string, inExp: boolean): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c !== '%') {
      const code = c.charCodeAt(0);
      if (code < 0x21 || code > 0x7e) return `the character 0x${code.toString(16)} is not allowed`;
      continue;
    }
    const next = value[i + 1];
    if (next === '%' || next === '_' || next === '-') {
      i++;
      continue;
    }
    if (next !== '{') return `"%" must be followed by "{", "%", "_" or "-" (write "%%" for a literal percent) (RFC 7208 section 7.1)`;
    const close = value.indexOf('}', i);
    if (close < 0) return 'a macro "%{" is not closed with "}" (RFC 7208 section 7.1)';
    const body = value.slice(i + 2, close);
    const macro = /^([slodiphcrtv])(\d*)(r?)([.\-+,/_=]*)$/i.exec(body);
    if (!macro) return `"%{${body}}" is not a valid macro; the letter must be one of s l o d i p h v (and c r t in exp) with optional digits, "r" and delimiters (RFC 7208 section 7.1)`;
    if (!inExp && /[crt]/i.test(macro[1])) return `the macro letter "${macro[1]}" is allowed only in exp (RFC 7208 section 7.2)`;
    if (macro[2] !== '' && Number(macro[2]) === 0) return `"%{${body}}" keeps zero labels; the digit transformer must be at least 1 (RFC 7208 section 7.3)`;
    i = close;
  }
  return undefined;
}

function printable(text: string): string {
  return shown(text).replace(/[^\x20-\x7e]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Terms are quoted in messages; a 10 MB garbage term must not make a 10 MB message. */
function shown(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
