/** Splits and quotes TXT values the way DNS needs them: strings of at most 255 octets. */
export const MAX_STRING_OCTETS = 255;

function escapeOctet(code: number): string {
  if (code === 0x22) return '\\"';
  if (code === 0x5c) return '\\\\';
  if (code < 0x20 || code >= 0x7f) return `\\${String(code).padStart(3, '0')}`;
  return String.fromCharCode(code);
}

/** Quotes a value given as octets (one char per octet) into zone-file character-strings. */
export function quoteOctets(octets: string, separator = ' '): string {
  const parts: string[] = [];
  for (let i = 0; i < octets.length || (i === 0 && parts.length === 0); i += MAX_STRING_OCTETS) {
    let part = '';
    for (let k = i; k < Math.min(octets.length, i + MAX_STRING_OCTETS); k++) part += escapeOctet(octets.charCodeAt(k));
    parts.push(`"${part}"`);
  }
  return parts.join(separator);
}

/**
 * Splits the content of one quoted string as written (escapes kept) into pieces of at most 255
 * octets, never inside an escape or a multi-octet character.
 */
export function splitWrittenString(raw: string): string[] {
  const units: Array<{ text: string; octets: number }> = [];
  for (let i = 0; i < raw.length; ) {
    if (raw[i] === '\\') {
      const len = /^\\\d{3}/.test(raw.slice(i, i + 4)) ? 4 : Math.min(2, raw.length - i);
      units.push({ text: raw.slice(i, i + len), octets: 1 });
      i += len;
      continue;
    }
    const cp = raw.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    units.push({ text: ch, octets: Buffer.byteLength(ch, 'utf8') });
    i += ch.length;
  }
  const pieces: string[] = [];
  let current = '';
  let size = 0;
  for (const unit of units) {
    if (size + unit.octets > MAX_STRING_OCTETS) {
      pieces.push(current);
      current = '';
      size = 0;
    }
    current += unit.text;
    size += unit.octets;
  }
  pieces.push(current);
  return pieces;
}
