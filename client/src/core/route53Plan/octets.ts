/**
 * Route 53 and zone files both write text as octets with escapes; these helpers work on strings
 * that hold one octet per char (latin1), so lengths count octets as DNS does.
 */
export function utf8Octets(char: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(char)) out += String.fromCharCode(byte);
  return out;
}

export function isOctal(c: number): boolean {
  return c >= 0x30 && c <= 0x37;
}

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
