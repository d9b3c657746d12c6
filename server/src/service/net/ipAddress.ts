/**
 * Strict textual IP address parsing (inet_pton rules: dotted quads with no leading zeros tricks,
 * IPv6 with at most one `::` and an optional embedded IPv4 tail). Returns bytes or undefined.
 */
export function parseIPv4(text: string): Uint8Array | undefined {
  // Hand-rolled: this runs for every A record and ip4 term of a zone.
  const bytes = new Uint8Array(4);
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 3) return undefined;
      bytes[part++] = value;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return undefined; // leading zero
      value = value * 10 + (c - 48);
      if (value > 255 || ++digits > 3) return undefined;
    } else return undefined;
  }
  return part === 4 ? bytes : undefined;
}

export function parseIPv6(text: string): Uint8Array | undefined {
  if (text.length === 0 || text.length > 45) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return undefined;
  const head = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tail = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const words: number[] = [];
  const all = [...headGroups, ...tailGroups];
  const ipv4Tail = all.length > 0 && all[all.length - 1].includes('.') ? parseIPv4(all[all.length - 1]) : undefined;
  if (all.length > 0 && all[all.length - 1].includes('.') && !ipv4Tail) return undefined;
  const groupCount = all.length + (ipv4Tail ? 1 : 0);
  if (doubleColon < 0 && groupCount !== 8) return undefined;
  if (doubleColon >= 0 && groupCount > 7) return undefined;
  const parseGroups = (groups: string[], allowV4Tail: boolean): number[] | undefined => {
    const out: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      if (allowV4Tail && i === groups.length - 1 && ipv4Tail) {
        out.push((ipv4Tail[0] << 8) | ipv4Tail[1], (ipv4Tail[2] << 8) | ipv4Tail[3]);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(groups[i])) return undefined;
      out.push(parseInt(groups[i], 16));
    }
    return out;
  };
  const headWords = parseGroups(headGroups, tailGroups.length === 0);
  const tailWords = parseGroups(tailGroups, true);
  if (!headWords || !tailWords) return undefined;
  if (headGroups.some((g) => g.includes('.')) && tailGroups.length > 0) return undefined;
  words.push(...headWords);
  for (let i = headWords.length + tailWords.length; i < 8; i++) words.push(0);
  words.push(...tailWords);
  if (words.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  return bytes;
}

/** Whether any bit after the first `prefix` bits is set (a network written with host bits). */
export function hasHostBits(bytes: Uint8Array, prefix: number): boolean {
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    if (bytes[bit >> 3] & (0x80 >> (bit & 7))) return true;
  }
  return false;
}
