import type { Finding, Span } from '../types';
import type { TxtSegment, TxtString, TxtValue } from '../records';
import { jsonStringSpan, type JsonString } from '../json/jsonString';

/**
 * A Route 53 TXT `Value` as the API reads it: character-strings in double quotes, separated by
 * spaces, with `\"`, `\\` and three-digit *octal* escapes `\ddd` (Route 53 Developer Guide,
 * "Supported DNS record types", TXT; "DNS domain name format"). The value arrives inside a JSON
 * string, so every position goes through two layers of escapes; `TxtValue.segments` map each
 * octet straight to the document characters that wrote it.
 */
export const MAX_TXT_STRING_OCTETS = 255;

/** One octet-producing piece of a string: a plain character, an escape, or a multi-octet character. */
interface Unit {
  /** Decoded indices [from, to) in the JSON string value. */
  from: number;
  to: number;
  octets: number[];
}

export interface Route53TxtString {
  quoted: boolean;
  /** Decoded indices, quotes included. */
  from: number;
  to: number;
  units: Unit[];
  octets: number;
}

export interface Route53Txt {
  strings: Route53TxtString[];
  value: TxtValue;
  problems: Finding[];
}

const ROUTE53_TXT = 'Route 53 Developer Guide, "Supported DNS record types", TXT';

function utf8(text: string): number[] {
  return [...new TextEncoder().encode(text)];
}

export function parseRoute53Txt(s: JsonString, documentText: string): Route53Txt {
  const v = s.value;
  const strings: Route53TxtString[] = [];
  const problems: Finding[] = [];
  const at = (from: number, to: number): Span => jsonStringSpan(s, from, to);
  let i = 0;
  while (i < v.length) {
    if (v[i] === ' ' || v[i] === '\t') {
      i++;
      continue;
    }
    const quoted = v[i] === '"';
    const from = i;
    if (quoted) i++;
    const units: Unit[] = [];
    let closed = false;
    while (i < v.length) {
      const c = v[i];
      if (quoted && c === '"') {
        closed = true;
        i++;
        break;
      }
      if (!quoted && c === '"') break;
      if (c === '\\') {
        const octal = /^[0-7]{3}/.exec(v.slice(i + 1, i + 4));
        if (v[i + 1] === '"' || v[i + 1] === '\\') {
          units.push({ from: i, to: i + 2, octets: [v.charCodeAt(i + 1)] });
          i += 2;
        } else if (octal && parseInt(octal[0], 8) <= 0o377) {
          units.push({ from: i, to: i + 4, octets: [parseInt(octal[0], 8)] });
          i += 4;
        } else {
          const next = v[i + 1];
          const decimal = /^\d{3}/.test(v.slice(i + 1, i + 4));
          const shown = next === undefined ? '\\' : `\\${decimal ? v.slice(i + 1, i + 4) : next}`;
          const why = decimal
            ? `"${shown}" is not an octal escape: Route 53 writes characters as a backslash and three octal digits (000-377), not decimal as BIND zone files do`
            : `"${shown}" is not an escape Route 53 knows: only \\" (quote), \\\\ (backslash) and \\ddd (three octal digits) are`;
          problems.push({ code: 'r53-txt-escape', ...at(i, Math.min(v.length, i + (decimal ? 4 : 2))), message: `${why} (${ROUTE53_TXT}). Write a literal backslash as \\\\.` });
          const length = next === undefined ? 1 : decimal ? 4 : 2;
          units.push({ from: i, to: i + length, octets: next === undefined ? [0x5c] : decimal ? utf8(v.slice(i + 1, i + 4)) : utf8(next) });
          i += length;
        }
        continue;
      }
      const cp = v.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      if ((cp < 0x20 && c !== '\t') || cp === 0x7f || cp > 0x7f || (c === '\t' && quoted)) {
        const octets = utf8(ch);
        const escaped = octets.map((o) => `\\${o.toString(8).padStart(3, '0')}`).join('');
        const name = cp > 0x7f ? `"${ch}"` : `the control character U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
        problems.push({ code: 'r53-txt-escape', ...at(i, i + ch.length), message: `${name} must be written as an octal escape in a Route 53 TXT value: characters 000-040 and 177-377 octal need \\ddd (${ROUTE53_TXT}). Write ${escaped} (UTF-8 octets).` });
      }
      units.push({ from: i, to: i + ch.length, octets: utf8(ch) });
      i += ch.length;
    }
    if (!quoted) {
      // An unquoted run ends at the next quote; its trailing blanks separate, they are not data.
      while (units.length > 0 && (v[units[units.length - 1].from] === ' ' || v[units[units.length - 1].from] === '\t') && units[units.length - 1].to - units[units.length - 1].from === 1) units.pop();
    }
    const to = quoted ? i : (units.at(-1)?.to ?? i);
    const octets = units.reduce((n, u) => n + u.octets.length, 0);
    const string: Route53TxtString = { quoted, from, to, units, octets };
    strings.push(string);
    if (quoted && !closed) {
      problems.push({ code: 'r53-txt-escape', ...at(from, v.length), message: `This string has no closing quote; a quote inside a string must be escaped as \\" (${ROUTE53_TXT}). Close the string or escape the quote.` });
    }
    if (!quoted) {
      problems.push({
        code: 'r53-txt-unquoted',
        ...at(from, to),
        message: `Route 53 rejects a TXT value that is not in double quotes ("Value should be enclosed in quotation marks"; ${ROUTE53_TXT}). In JSON that is "Value": "\\"...\\"". Put the text in quotes.`,
        data: { kind: 'json-edit', title: octets > MAX_TXT_STRING_OCTETS ? 'Quote the text in strings of at most 255 octets' : 'Put the text in double quotes', edits: [{ ...at(from, to), text: quotedPieces(string, s, documentText) }] },
      });
    } else if (octets > MAX_TXT_STRING_OCTETS) {
      const pieces = quotedPieces(string, s, documentText);
      problems.push({
        code: 'r53-txt-string-too-long',
        ...at(from, to),
        message: `This string holds ${octets} octets; one TXT character-string holds at most 255 and Route 53 rejects longer ones (RFC 1035 section 3.3; ${ROUTE53_TXT}). Split it into several quoted strings: receivers join them with no space (RFC 7208 section 3.3).`,
        data: { kind: 'json-edit', title: `Split into ${Math.ceil(octets / MAX_TXT_STRING_OCTETS)} strings of at most 255 octets`, edits: [{ ...at(from, to), text: pieces }] },
      });
    }
  }
  return { strings, value: txtValue(s, strings), problems };
}

/**
 * The string's units regrouped into quoted strings of at most 255 octets, as written in the
 * document (escapes kept, so the joined value is unchanged and no escape is cut).
 */
function quotedPieces(string: Route53TxtString, s: JsonString, documentText: string): string {
  const groups: Unit[][] = [[]];
  let size = 0;
  for (const unit of string.units) {
    if (size + unit.octets.length > MAX_TXT_STRING_OCTETS && groups.at(-1)!.length > 0) {
      groups.push([]);
      size = 0;
    }
    groups.at(-1)!.push(unit);
    size += unit.octets.length;
  }
  const written = (units: Unit[]) => {
    if (units.length === 0) return '';
    const span = jsonStringSpan(s, units[0].from, units.at(-1)!.to);
    // Only unquoted text can hold a bare quote; inside the new quotes it must be escaped twice.
    return documentText.slice(span.start, span.end);
  };
  return groups.map((g) => `\\"${written(g)}\\"`).join(' ');
}

function txtValue(s: JsonString, strings: Route53TxtString[]): TxtValue {
  let text = '';
  const segments: TxtSegment[] = [];
  const txtStrings: TxtString[] = [];
  for (const string of strings) {
    txtStrings.push({ span: jsonStringSpan(s, string.from, string.to), octets: string.octets });
    for (const unit of string.units) {
      const span = jsonStringSpan(s, unit.from, unit.to);
      const at = text.length;
      for (const o of unit.octets) text += String.fromCharCode(o);
      const plain = unit.octets.length === 1 && span.end - span.start === 1;
      const last = segments.at(-1);
      if (plain && last && last.length === last.sourceLength && last.at + last.length === at && last.source + last.sourceLength === span.start) {
        last.length++;
        last.sourceLength++;
      } else {
        segments.push({ at, length: unit.octets.length, source: span.start, sourceLength: span.end - span.start });
      }
    }
  }
  return { text, segments, strings: txtStrings, span: s.content };
}

/** A value (octets, one char each) as a Route 53 TXT value: quoted strings of at most 255 octets, octal escapes. */
export function route53QuotedValue(octets: string): string {
  const parts: string[] = [];
  for (let i = 0; i < octets.length || parts.length === 0; i += MAX_TXT_STRING_OCTETS) {
    let part = '';
    for (const ch of octets.slice(i, i + MAX_TXT_STRING_OCTETS)) {
      const code = ch.charCodeAt(0);
      part += code === 0x22 ? '\\"' : code === 0x5c ? '\\\\' : code < 0x20 || code >= 0x7f ? `\\${code.toString(8).padStart(3, '0')}` : ch;
    }
    parts.push(`"${part}"`);
  }
  return parts.join(' ');
}
