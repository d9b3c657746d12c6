/**
 * Strict textual IP address parsing (inet_pton rules: dotted quads with no leading zeros tricks,
 * IPv6 with at most one `::` and an optional embedded IPv4 tail). Returns bytes or undefined.
 */
export function parseIPv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  return scanIPv4(text, bytes) ? bytes : undefined;
}

/** Whether `parseIPv4` would accept the text, without making the bytes (every A record asks). */
export function isIPv4(text: string): boolean {
  return scanIPv4(text, undefined);
}

function scanIPv4(text: string, bytes: Uint8Array | undefined): boolean {
  // Hand-rolled: this runs for every A record and ip4 term of a zone.
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || part > 3) return false;
      if (bytes) bytes[part] = value;
      part++;
      value = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && value === 0) return false; // leading zero
      value = value * 10 + (c - 48);
      if (value > 255 || ++digits > 3) return false;
    } else return false;
  }
  return part === 4;
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

/**
 * Whether `parseIPv6` would accept the text (every AAAA record asks): the same rules, read in
 * place instead of through split arrays.
 */
export function isIPv6(text: string): boolean {
  const n = text.length;
  if (n === 0 || n > 45) return false;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return false;
  const headEnd = doubleColon >= 0 ? doubleColon : n;
  const tailStart = doubleColon >= 0 ? doubleColon + 2 : n;
  const headGroups = headEnd === 0 ? 0 : countGroups(text, 0, headEnd);
  const tailGroups = tailStart >= n ? 0 : countGroups(text, tailStart, n);
  // The last group of all may be a dotted IPv4 address, counting as two groups.
  let lastStart = -1;
  if (tailGroups > 0 || headGroups > 0) {
    const end = tailGroups > 0 ? n : headEnd;
    const from = tailGroups > 0 ? tailStart : 0;
    lastStart = text.lastIndexOf(':', end - 1) + 1;
    if (lastStart < from) lastStart = from;
  }
  const lastEnd = tailGroups > 0 ? n : headEnd;
  let v4 = false;
  if (lastStart >= 0 && text.indexOf('.', lastStart) >= 0 && text.indexOf('.', lastStart) < lastEnd) {
    if (!isIPv4(text.slice(lastStart, lastEnd))) return false;
    v4 = true;
  }
  const groups = headGroups + tailGroups + (v4 ? 1 : 0);
  if (doubleColon < 0 ? groups !== 8 : groups > 7) return false;
  return hexGroups(text, 0, headEnd, v4 && tailGroups === 0 ? lastStart : -1) && (tailStart >= n || hexGroups(text, tailStart, n, v4 ? lastStart : -1));
}

function countGroups(text: string, start: number, end: number): number {
  let groups = 1;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 58) groups++;
  return groups;
}

/** Every ':'-separated group in [start, end) is 1 to 4 hex digits, except the one at `skip`. */
function hexGroups(text: string, start: number, end: number, skip: number): boolean {
  if (start === end) return true;
  let digits = 0;
  let groupStart = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text.charCodeAt(i) : 58;
    if (c === 58) {
      if (groupStart !== skip && (digits === 0 || digits > 4)) return false;
      digits = 0;
      groupStart = i + 1;
    } else if (groupStart !== skip) {
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
      digits++;
    }
  }
  return true;
}

/** Whether any bit after the first `prefix` bits is set (a network written with host bits). */
export function hasHostBits(bytes: Uint8Array, prefix: number): boolean {
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    if (bytes[bit >> 3] & (0x80 >> (bit & 7))) return true;
  }
  return false;
}
