/**
 * MIME content transfer encodings (RFC 2045 section 6): base64 and quoted-printable, decoded from
 * a "binary string" (one char per octet, as the MIME reader holds message text).
 */

const BASE64_VALUES = (() => {
  const table = new Int16Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  // base64url too, which some gateways produce.
  table['-'.charCodeAt(0)] = 62;
  table['_'.charCodeAt(0)] = 63;
  return table;
})();

/** Characters outside the alphabet (line breaks, spaces) are skipped, as RFC 2045 section 6.8 asks; '=' ends the data. */
export function decodeBase64(text: string, start = 0, end = text.length): Uint8Array {
  const out = new Uint8Array(Math.floor(((end - start) * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3d) break;
    const value = c < 256 ? BASE64_VALUES[c] : -1;
    if (value < 0) continue;
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  return out.subarray(0, length);
}

/** Base64 decodes to at most this many bytes; lets a caller refuse before decoding. */
export function base64DecodedSizeBound(encodedLength: number): number {
  return Math.floor((encodedLength * 3) / 4) + 3;
}

const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x41 && c <= 0x46 ? c - 0x37 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1);

/** RFC 2045 section 6.7: `=XX` is an octet, `=` at the end of a line is a soft line break. */
export function decodeQuotedPrintable(text: string, start = 0, end = text.length): Uint8Array {
  const out = new Uint8Array(end - start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x3d) {
      out[length++] = c & 0xff;
      continue;
    }
    // Soft line break: "=" then optional trailing whitespace then CRLF or LF.
    let j = i + 1;
    while (j < end && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
    if (j < end && text.charCodeAt(j) === 0x0d) j++;
    if (j < end && text.charCodeAt(j) === 0x0a) {
      i = j;
      continue;
    }
    if (j >= end) {
      i = j;
      continue;
    }
    const high = i + 2 < end ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = i + 2 < end ? hexValue(text.charCodeAt(i + 2)) : -1;
    if (high >= 0 && low >= 0) {
      out[length++] = (high << 4) | low;
      i += 2;
    } else {
      // A lone "=" is kept as it is (RFC 2045 section 6.7, note 1: be robust).
      out[length++] = c;
    }
  }
  return out.subarray(0, length);
}

/** One char per octet. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  const parts: string[] = [];
  const step = 8192;
  for (let i = 0; i < bytes.length; i += step) parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + step) as unknown as number[]));
  return parts.join('');
}

export function binaryStringToBytes(text: string, start = 0, end = text.length): Uint8Array {
  const out = new Uint8Array(end - start);
  for (let i = start; i < end; i++) out[i - start] = text.charCodeAt(i) & 0xff;
  return out;
}
