// Record names the way Route 53 stores and sorts them.
//
// Storage (Developer Guide, "DNS domain name format"): letters are stored lower-case whatever
// way they were written (plain, upper-case or as an escape code); characters other than a-z,
// 0-9, '-' and '_' come back as \three-digit-octal escapes, so '*' reads back as \052 and '@'
// as \100. A trailing dot is added; "www.example.com" and "www.example.com." are one name.
//
// Order (API Reference, ListResourceRecordSets, "Sort order"): by name with the labels reversed,
// compared as ASCII text including the trailing dot ("com.example.www."), then by type. The
// docs' warning about characters sorting before '.' is why the comparison key keeps the dots:
// "a-b.example.com." sorts before "a.example.com." because '-' (45) < '.' (46). Names are
// compared in their stored, escaped form; for names with escapes that is our reading of the
// docs, not something we could confirm.

const PLAIN = /[a-z0-9_-]/;

/**
 * The octets of one label in presentation form: Route 53's escape codes are octal (\052 is
 * '*'), other characters count as their UTF-8 octets; ASCII letters are folded to lower case.
 */
function labelOctets(label: string): number[] {
  const octets: number[] = [];
  for (let i = 0; i < label.length; i++) {
    const escape = label[i] === '\\' ? /^[0-7]{3}/.exec(label.slice(i + 1)) : null;
    if (escape) {
      octets.push(parseInt(escape[0], 8) & 0xff);
      i += 3;
      continue;
    }
    if (label[i] === '\\' && i + 1 < label.length) i++;
    const codePoint = label.codePointAt(i) ?? 0;
    if (codePoint > 0xffff) i++;
    octets.push(...Buffer.from(String.fromCodePoint(codePoint), 'utf8'));
  }
  return octets.map((octet) => (octet >= 65 && octet <= 90 ? octet + 32 : octet));
}

function escapeLabel(label: string): string {
  let out = '';
  for (const octet of labelOctets(label)) {
    const char = String.fromCharCode(octet);
    out += PLAIN.test(char) ? char : `\\${octet.toString(8).padStart(3, '0')}`;
  }
  return out;
}

/** Route 53's stored form of a record or zone name. */
export function normalizeName(name: string): string {
  const trimmed = name.endsWith('.') && !name.endsWith('\\.') ? name.slice(0, -1) : name;
  if (trimmed === '') return '.';
  return `${splitLabels(trimmed).map(escapeLabel).join('.')}.`;
}

/** Splits at dots that are not escaped. */
function splitLabels(name: string): string[] {
  const labels: string[] = [];
  let current = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (char === '\\' && i + 1 < name.length) {
      current += char + name[i + 1];
      i++;
    } else if (char === '.') {
      labels.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  labels.push(current);
  return labels;
}

/** "www.example.com." -> "com.example.www." */
export function reversedNameKey(storedName: string): string {
  const labels = storedName.slice(0, -1).split('.');
  return `${labels.reverse().join('.')}.`;
}

/** True when `name` is `zone` or below it (both in stored form). */
export function isWithinZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface SortableRrset {
  Name: string;
  Type: string;
  SetIdentifier?: string;
}

/** Route 53's listing order: reversed-label name, then type, then set identifier. */
export function compareRrsets(a: SortableRrset, b: SortableRrset): number {
  return compareText(reversedNameKey(a.Name), reversedNameKey(b.Name))
    || compareText(a.Type, b.Type)
    || compareText(a.SetIdentifier ?? '', b.SetIdentifier ?? '');
}
