/**
 * Domain names in the three spellings a push meets, all reduced to labels of octets (one char per
 * octet, latin1) and written back in one canonical form:
 *
 * - zone files write `\DDD` escapes in DECIMAL (RFC 1035 section 5.1): `\042` is `*`;
 * - Route 53 writes them in OCTAL and returns every octet other than a-z, 0-9, `-` and `_` escaped,
 *   letters in lower case, with a trailing dot: `*.example.com` comes back as `\052.example.com.`
 *   ("DNS domain name format", Route 53 Developer Guide);
 * - people read names as in a zone file.
 *
 * The canonical form is exactly what ListResourceRecordSets returns, so a name read from Route 53
 * and a name from the zone file compare equal as plain strings, and what the planner sends is
 * what it will read back.
 */
import { utf8Octets, isOctal, isDigit } from './octets';

const DOT = 0x2e;




/**
 * Splits a presentation-format name into labels of octets. `radix` says how `\DDD` is read: 10 in
 * zone files, 8 in Route 53. An escape that is not three digits of the radix is `\X`, the
 * character X itself. A trailing unescaped dot (absolute name) is dropped; `.` and `` are the root.
 */
function labelsOfPresentation(name: string, radix: 8 | 10): string[] {
  if (name === '' || name === '.') return [];
  const labels: string[] = [];
  let label = '';
  for (let i = 0; i < name.length; ) {
    const c = name.charCodeAt(i);
    if (c === 0x5c && i + 1 < name.length) {
      const digits = name.slice(i + 1, i + 4);
      const ok = digits.length === 3 && [0, 1, 2].every((k) => (radix === 8 ? isOctal : isDigit)(digits.charCodeAt(k)));
      if (ok && parseInt(digits, radix) <= 255) {
        label += String.fromCharCode(parseInt(digits, radix));
        i += 4;
        continue;
      }
      const cp = name.codePointAt(i + 1)!;
      const ch = String.fromCodePoint(cp);
      label += cp < 0x80 ? ch : utf8Octets(ch);
      i += 1 + ch.length;
      continue;
    }
    if (c === DOT) {
      labels.push(label);
      label = '';
      i++;
      if (i === name.length) return labels;
      continue;
    }
    const cp = name.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    label += cp < 0x80 ? ch : utf8Octets(ch);
    i += ch.length;
  }
  labels.push(label);
  return labels;
}

function canonicalOctet(code: number): string {
  if (code >= 0x41 && code <= 0x5a) return String.fromCharCode(code + 0x20);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x5f) return String.fromCharCode(code);
  return `\\${code.toString(8).padStart(3, '0')}`;
}

/** Labels of octets to Route 53's canonical spelling: lower case, octal escapes, trailing dot. */
export function route53NameFromLabels(labels: readonly string[]): string {
  if (labels.length === 0) return '.';
  let out = '';
  for (const label of labels) {
    for (let i = 0; i < label.length; i++) out += canonicalOctet(label.charCodeAt(i));
    out += '.';
  }
  return out;
}

/**
 * A name as the zone parser keeps it (absolute, lower case, no trailing dot, zone-file escapes as
 * written: `DnsRecord.name`) in Route 53's canonical spelling.
 */
export function route53NameFromZoneName(zoneName: string): string {
  // Almost every name is letters, digits, hyphens and underscores: already canonical but the dot.
  if (PLAIN_LOWER.test(zoneName)) return `${zoneName}.`;
  return route53NameFromLabels(labelsOfPresentation(zoneName, 10));
}

/** Names with nothing to escape or decode; `PLAIN_LOWER` ones are canonical once the dot is added. */
const PLAIN_LOWER = /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/;
const PLAIN_ANY_CASE = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/;

/**
 * Any name Route 53 returns or accepts (with or without the trailing dot, escapes in octal,
 * characters written plainly) in the canonical spelling, so that names compare as strings.
 */
export function normalizeRoute53Name(name: string): string {
  if (PLAIN_ANY_CASE.test(name)) {
    const lower = name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
    return lower.endsWith('.') ? lower : `${lower}.`;
  }
  return route53NameFromLabels(labelsOfPresentation(name, 8));
}

/** The labels (octets) of a canonical or Route 53 name. */
export function route53NameLabels(name: string): string[] {
  return labelsOfPresentation(name, 8);
}

const ZONE_FILE_SPECIAL = new Set(['.', '\\', '"', ';', '(', ')', '@', '$', ' ']);

/** A Route 53 name the way a zone file writes it: `*.example.com.`, decimal `\DDD` for the rest. */
export function displayRoute53Name(name: string): string {
  if (PLAIN_LOWER.test(name.slice(0, -1)) && name.endsWith('.')) return name;
  const labels = route53NameLabels(name);
  if (labels.length === 0) return '.';
  return labels
    .map((label) => {
      let out = '';
      for (let i = 0; i < label.length; i++) {
        const code = label.charCodeAt(i);
        const ch = label[i];
        if (ZONE_FILE_SPECIAL.has(ch)) out += `\\${ch}`;
        else if (code > 0x20 && code < 0x7f) out += ch;
        else out += `\\${String(code).padStart(3, '0')}`;
      }
      return out;
    })
    .join('.')
    .concat('.');
}

/** Whether `name` is `zone` or below it, label by label (example.com is not below badexample.com's zone). */
export function isAtOrBelow(name: string, zone: string): boolean {
  // Compared in canonical spelling: letters already lower case, so labels compare exactly.
  const n = route53NameLabels(normalizeRoute53Name(name));
  const z = route53NameLabels(normalizeRoute53Name(zone));
  if (z.length > n.length) return false;
  for (let k = 1; k <= z.length; k++) {
    if (n[n.length - k] !== z[z.length - k]) return false;
  }
  return true;
}
