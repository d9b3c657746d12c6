/**
 * IPv4 addresses as 32-bit numbers, without allocating: reports have one address per row, and a
 * number is cheaper than a string to compare with ranges or to use as a Map key.
 */

/** Dotted-quad IPv4 as an unsigned 32-bit number, or -1 when the text is not one. */
export function ipv4Value(ip: string): number {
  let value = 0;
  let part = 0;
  let parts = 0;
  let digits = 0;
  for (let i = 0; i <= ip.length; i++) {
    const c = i < ip.length ? ip.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39 && digits < 3) {
      part = part * 10 + (c - 0x30);
      digits++;
    } else return -1;
  }
  return parts === 4 ? value : -1;
}

export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}
