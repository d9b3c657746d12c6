/**
 * Route 53's presentation of character-strings (TXT, SPF, CAA values, NAPTR fields): each string
 * in double quotes, `\"` and `\\` for quote and backslash, and `\` plus a three-digit OCTAL code
 * for octets 000-037 and 177-377 ("TXT record type", Route 53 Developer Guide: `"ex\344mple"`).
 * Zone files use DECIMAL for the same escape (RFC 1035 section 5.1), so values always go through
 * octets: the zone parser decodes the file's escapes, and this module writes Route 53's.
 *
 * Decisions (see docs of the functions): a space stays a space inside quotes (Route 53's own
 * examples do so); strings hold at most 255 octets and are cut on octets, never inside an escape
 * (escapes are written after cutting) and, when the octets are UTF-8, never inside a character.
 */
import { utf8Octets, isOctal } from './octets';

/** RFC 1035 section 3.3: a character-string is a length octet and at most 255 octets. */
export const MAX_STRING_OCTETS = 255;

/** One quoted or bare field of a Route 53 value, its escapes decoded to octets. */
export interface ValueToken {
  /** The field as written, quotes removed and escapes kept (names must be read from this: `\056` is a dot inside a label). */
  raw: string;
  octets: string;
  quoted: boolean;
  /** No blank between this token and the previous one (`alpn="h2"` is `alpn=` then `"h2"`). */
  adjacent: boolean;
}

const SIMPLE_QUOTED = /^"[\x20\x21\x23-\x5b\x5d-\x7e]*"$/;



function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Splits a Route 53 value into its fields. Never throws: an unclosed quote runs to the end, a
 * `\DDD` that is not octal (or over 377) is read as `\D`, the digit itself, then the rest.
 * Characters outside ASCII (which Route 53 does not return, but a hand-written value may hold)
 * become their UTF-8 octets.
 */
export function tokenizeRoute53Value(value: string): ValueToken[] {
  // The common case, one quoted string of printable ASCII without escapes, without the loop.
  if (SIMPLE_QUOTED.test(value)) {
    const inner = value.slice(1, -1);
    return [{ raw: inner, octets: inner, quoted: true, adjacent: false }];
  }
  const tokens: ValueToken[] = [];
  let i = 0;
  let sawBlank = true;
  while (i < value.length) {
    const c = value.charCodeAt(i);
    if (isBlank(c)) {
      sawBlank = true;
      i++;
      continue;
    }
    const quoted = c === 0x22;
    if (quoted) i++;
    const rawStart = i;
    let rawEnd = -1;
    let octets = '';
    while (i < value.length) {
      const k = value.charCodeAt(i);
      if (quoted && k === 0x22) {
        rawEnd = i;
        i++;
        break;
      }
      if (!quoted && (isBlank(k) || k === 0x22)) break;
      if (k === 0x5c && i + 1 < value.length) {
        const digits = value.slice(i + 1, i + 4);
        if (digits.length === 3 && isOctal(digits.charCodeAt(0)) && isOctal(digits.charCodeAt(1)) && isOctal(digits.charCodeAt(2)) && parseInt(digits, 8) <= 255) {
          octets += String.fromCharCode(parseInt(digits, 8));
          i += 4;
          continue;
        }
        const cp = value.codePointAt(i + 1)!;
        const ch = String.fromCodePoint(cp);
        octets += cp < 0x80 ? ch : utf8Octets(ch);
        i += 1 + ch.length;
        continue;
      }
      const cp = value.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      octets += cp < 0x80 ? ch : utf8Octets(ch);
      i += ch.length;
    }
    tokens.push({ raw: value.slice(rawStart, rawEnd < 0 ? i : rawEnd), octets, quoted, adjacent: !sawBlank && tokens.length > 0 });
    sawBlank = false;
  }
  return tokens;
}

/**
 * The character-strings of a TXT or SPF value read from Route 53: `"a""b"`, `"a" "b"` and `"ab"`
 * all give strings whose join is `ab`. Bare words (not valid in Route 53, tolerated) count as
 * strings too.
 */
export function parseRoute53CharacterStrings(value: string): string[] {
  return tokenizeRoute53Value(value).map((t) => t.octets);
}

/** The joined octets of a TXT value: what SPF, DMARC and DKIM read (RFC 7208 section 3.3). */
export function joinedTxtOctets(value: string): string {
  return parseRoute53CharacterStrings(value).join('');
}

function escapeOctet(code: number): string {
  if (code === 0x22) return '\\"';
  if (code === 0x5c) return '\\\\';
  if (code < 0x20 || code >= 0x7f) return `\\${code.toString(8).padStart(3, '0')}`;
  return String.fromCharCode(code);
}

/** Octets as one quoted Route 53 string, escaped (no length limit: callers cut first). */
export function quoteRoute53String(octets: string): string {
  let out = '"';
  for (let i = 0; i < octets.length; i++) out += escapeOctet(octets.charCodeAt(i));
  return `${out}"`;
}

/** Length of the UTF-8 sequence a lead octet starts, or 0 when it is no lead octet. */
function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function isContinuation(code: number): boolean {
  return code >= 0x80 && code <= 0xbf;
}

/**
 * Where to end a string that would end at `end`: moved back to the start of a UTF-8 character
 * when `end` falls inside one whose octets are all present (octets that are not UTF-8 are cut
 * anywhere: DNS carries octets, and such a value has no characters to keep whole).
 */
function cutPoint(octets: string, start: number, end: number): number {
  if (end >= octets.length || !isContinuation(octets.charCodeAt(end))) return end;
  for (let lead = end - 1; lead >= Math.max(start, end - 3); lead--) {
    const code = octets.charCodeAt(lead);
    if (isContinuation(code)) continue;
    const length = sequenceLength(code);
    if (length === 0 || lead + length <= end || lead + length > octets.length) return end;
    for (let k = lead + 1; k < lead + length; k++) if (!isContinuation(octets.charCodeAt(k))) return end;
    return lead > start ? lead : end;
  }
  return end;
}

/** Cuts octets into character-strings of at most 255 octets (see `cutPoint`). An empty value is one empty string. */
export function splitIntoStrings(octets: string): string[] {
  if (octets.length === 0) return [''];
  const strings: string[] = [];
  let start = 0;
  while (start < octets.length) {
    const end = cutPoint(octets, start, Math.min(octets.length, start + MAX_STRING_OCTETS));
    strings.push(octets.slice(start, end));
    start = end;
  }
  return strings;
}

/**
 * A TXT value given as its joined octets (what the zone parser gives: `DnsRecord.txt.text`) as a
 * Route 53 `Value`: quoted strings of at most 255 octets, separated by one space, escapes octal.
 */
export function encodeTxtValue(octets: string): string {
  return splitIntoStrings(octets).map(quoteRoute53String).join(' ');
}
