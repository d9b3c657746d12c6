/**
 * Record data between the zone file and Route 53: `valueFromRecord` writes a parsed record as the
 * `Value` Route 53 takes, `valueKey` reduces any Route 53 `Value` (read back or planned) to a key
 * that ignores representation: TXT by its joined octets (`"a""b"` = `"a" "b"` = `"ab"`), names
 * lower case and absolute, numbers without leading zeros, addresses by their bytes, hex in lower
 * case. Two values with the same key are the same record, so pushing an unchanged record sends
 * nothing.
 */
import type { DnsRecord, RdataToken } from '../../../../server/src/service/records';
import { decodeCharacterString } from '../../../../server/src/service/zone/lexer';
import { absoluteName } from '../../../../server/src/service/zone/names';
import { parseIPv4, parseIPv6 } from '../../../../server/src/service/net/ipAddress';
import { encodeTxtValue, joinedTxtOctets, parseRoute53CharacterStrings, quoteRoute53String, tokenizeRoute53Value, type ValueToken } from './characterStrings';
import { normalizeRoute53Name, route53NameFromZoneName } from './names';

/** Record types ChangeResourceRecordSets accepts ("Supported DNS record types", Route 53 Developer Guide). */
export const ROUTE53_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'CAA', 'CNAME', 'DS', 'HTTPS', 'MX', 'NAPTR', 'NS', 'PTR', 'SOA', 'SPF', 'SRV', 'SSHFP', 'SVCB', 'TLSA', 'TXT']);

/** Types whose values are character-strings joined into one text (TXT, and the obsolete SPF type). */
export function isTextType(type: string): boolean {
  return type === 'TXT' || type === 'SPF';
}

type Field = 'int' | 'name' | 'word' | 'string' | 'hex' | 'rest' | 'ipv4' | 'ipv6';

/**
 * Fields per type, in order; `hex` and `rest` take every remaining token (a DS digest may be
 * written in several pieces; SVCB parameters are free-form). Types not listed (SOA) are not pushed.
 */
const SCHEMAS: Record<string, readonly Field[]> = {
  A: ['ipv4'],
  AAAA: ['ipv6'],
  CNAME: ['name'],
  NS: ['name'],
  PTR: ['name'],
  MX: ['int', 'name'],
  SRV: ['int', 'int', 'int', 'name'],
  CAA: ['int', 'word', 'string'],
  DS: ['int', 'int', 'int', 'hex'],
  SSHFP: ['int', 'int', 'hex'],
  TLSA: ['int', 'int', 'int', 'hex'],
  NAPTR: ['int', 'int', 'string', 'string', 'string', 'name'],
  HTTPS: ['int', 'name', 'rest'],
  SVCB: ['int', 'name', 'rest'],
};

const REST: ReadonlySet<Field> = new Set(['hex', 'rest', 'string']);

function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

function normalizeInt(text: string): string {
  return /^\d+$/.test(text) ? String(Number(text)) : text;
}

function zoneTokenOctets(token: RdataToken): string {
  return decodeCharacterString(token).octets;
}

export type ValueResult = { ok: true; value: string } | { ok: false; message: string };

/**
 * A record of the zone file as a Route 53 `Value`. `origin` completes relative names in the data
 * (`mail` in `MX 10 mail`); names become Route 53's canonical spelling.
 */
export function valueFromRecord(record: DnsRecord, origin: string): ValueResult {
  if (isTextType(record.type)) {
    if (!record.txt) return { ok: false, message: `the ${record.type} record has no text` };
    return { ok: true, value: encodeTxtValue(record.txt.text) };
  }
  const schema = SCHEMAS[record.type];
  if (!schema) return { ok: false, message: `Route 53 does not take ${record.type} records from a push` };
  const tokens = record.rdata;
  const parts: string[] = [];
  let index = 0;
  for (const field of schema) {
    if (index >= tokens.length) return { ok: false, message: `the ${record.type} record has ${tokens.length} data field(s); Route 53 needs ${schema.length}: ${schema.join(' ')}` };
    const token = tokens[index];
    switch (field) {
      case 'int':
        if (!/^\d+$/.test(token.text)) return { ok: false, message: `"${token.text}" in the ${record.type} record is not a number` };
        parts.push(normalizeInt(token.text));
        index++;
        break;
      case 'name':
        parts.push(route53NameFromZoneName(absoluteName(token.text, origin)));
        index++;
        break;
      case 'word':
        parts.push(asciiLower(token.text));
        index++;
        break;
      case 'ipv4':
      case 'ipv6':
        parts.push(field === 'ipv6' ? asciiLower(token.text) : token.text);
        index++;
        break;
      case 'string': {
        // CAA's value is the rest of the rdata (RFC 8659 section 4.1.1): take every token left.
        const last = parts.length === schema.length - 1;
        const taken = last ? tokens.slice(index) : [token];
        parts.push(quoteRoute53String(taken.map(zoneTokenOctets).join(' ')));
        index += taken.length;
        break;
      }
      case 'hex':
        parts.push(asciiLower(tokens.slice(index).map((t) => t.text).join('')));
        index = tokens.length;
        break;
      case 'rest': {
        let rest = '';
        for (let k = index; k < tokens.length; k++) {
          const t = tokens[k];
          const written = t.quoted ? quoteRoute53String(zoneTokenOctets(t)) : t.text;
          rest += k > index && t.start !== tokens[k - 1].end ? ` ${written}` : written;
        }
        if (rest !== '') parts.push(rest);
        index = tokens.length;
        break;
      }
    }
  }
  if (index < tokens.length && !REST.has(schema[schema.length - 1])) {
    return { ok: false, message: `the ${record.type} record has ${tokens.length} data fields; Route 53 takes ${schema.length}` };
  }
  return { ok: true, value: parts.join(' ') };
}

function keyOfTokens(type: string, tokens: ValueToken[]): string {
  const schema = SCHEMAS[type];
  if (!schema) return tokens.map((t) => (t.quoted ? quoteRoute53String(t.octets) : t.raw)).join(' ');
  const parts: string[] = [];
  let index = 0;
  for (const field of schema) {
    if (index >= tokens.length) break;
    const token = tokens[index];
    switch (field) {
      case 'int':
        parts.push(normalizeInt(token.raw));
        index++;
        break;
      case 'name':
        parts.push(normalizeRoute53Name(token.raw));
        index++;
        break;
      case 'word':
        parts.push(asciiLower(token.octets));
        index++;
        break;
      case 'ipv4': {
        const bytes = parseIPv4(token.raw);
        parts.push(bytes ? [...bytes].join('.') : token.raw);
        index++;
        break;
      }
      case 'ipv6': {
        const bytes = parseIPv6(token.raw);
        parts.push(bytes ? [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('') : asciiLower(token.raw));
        index++;
        break;
      }
      case 'string': {
        const last = parts.length === schema.length - 1;
        const taken = last ? tokens.slice(index) : [token];
        parts.push(quoteRoute53String(taken.map((t) => t.octets).join(' ')));
        index += taken.length;
        break;
      }
      case 'hex':
        parts.push(asciiLower(tokens.slice(index).map((t) => t.octets).join('')));
        index = tokens.length;
        break;
      case 'rest': {
        let rest = '';
        for (let k = index; k < tokens.length; k++) {
          const t = tokens[k];
          const written = t.quoted ? quoteRoute53String(t.octets) : t.raw;
          rest += k > index && !t.adjacent ? ` ${written}` : written;
        }
        parts.push(rest);
        index = tokens.length;
        break;
      }
    }
  }
  for (; index < tokens.length; index++) parts.push(tokens[index].raw);
  return parts.join(' ');
}

/**
 * What a value means, independent of how it is written; equal keys are equal records. TXT and SPF
 * values compare by their joined octets (the representation RFC 7208 section 3.3 and DKIM read).
 */
export function valueKey(type: string, value: string): string {
  if (isTextType(type)) return joinedTxtOctets(value);
  return keyOfTokens(type, tokenizeRoute53Value(value));
}

function isPrintableCodePoint(cp: number): boolean {
  // C1 controls, and the line and paragraph separators, would break the line in an editor.
  return !(cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029);
}

/**
 * One character-string the way a zone file writes it: printable ASCII plain, `"` and `\`
 * escaped, valid UTF-8 shown as its characters (the zone parser reads them back to the same
 * octets), everything else as a DECIMAL `\DDD` (RFC 1035 section 5.1).
 */
export function zoneFileString(octets: string): string {
  let out = '"';
  for (let i = 0; i < octets.length; ) {
    const code = octets.charCodeAt(i);
    if (code === 0x22 || code === 0x5c) {
      out += `\\${octets[i]}`;
      i++;
      continue;
    }
    if (code >= 0x20 && code < 0x7f) {
      out += octets[i];
      i++;
      continue;
    }
    const length = code >= 0xc2 && code <= 0xdf ? 2 : code >= 0xe0 && code <= 0xef ? 3 : code >= 0xf0 && code <= 0xf4 ? 4 : 0;
    if (length > 0 && i + length <= octets.length) {
      const bytes = Uint8Array.from({ length }, (_, k) => octets.charCodeAt(i + k));
      try {
        const ch = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
        if (isPrintableCodePoint(ch.codePointAt(0)!)) {
          out += ch;
          i += length;
          continue;
        }
      } catch {
        // Not UTF-8: fall through to octet escapes.
      }
    }
    out += `\\${String(code).padStart(3, '0')}`;
    i++;
  }
  return `${out}"`;
}

/** A Route 53 value as it would appear in a zone file, for previews and diffs. */
export function displayValue(type: string, value: string): string {
  if (isTextType(type)) return parseRoute53CharacterStrings(value).map(zoneFileString).join(' ');
  return value;
}
