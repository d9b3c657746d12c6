/**
 * gzip (RFC 1952) framing around the capped inflater. The header is read here, so a file that is
 * not gzip, or uses a method other than DEFLATE, gets a plain answer. Bytes after the compressed
 * stream are ignored: some reporters (Mimecast) append a CRLF, which breaks stricter readers.
 * The trailer's size is not trusted for anything but a first allocation.
 */
import { formatBytes } from './problems';
import { inflateCapped } from './cappedInflate';

const FTEXT_FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const RESERVED = 0xe0;
/** XML seldom compresses better than this; a larger claimed size is not worth allocating up front. */
const PLAUSIBLE_RATIO = 64;

export type GunzipOutcome = { ok: true; bytes: Uint8Array; name?: string } | { ok: false; code: string; message: string };

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

export function gunzipCapped(bytes: Uint8Array, maxUncompressedBytes: number): GunzipOutcome {
  const corrupt = (why: string): GunzipOutcome => ({ ok: false, code: 'report-gzip-corrupt', message: `The gzip data cannot be read: ${why} (RFC 1952 section 2.3). Download the report again; if it stays broken, open the XML the reporter sent some other way.` });
  if (!isGzip(bytes)) return corrupt('it does not start with the gzip signature 1f 8b');
  if (bytes.length < 18) return corrupt('the file is shorter than a gzip header and trailer');
  if (bytes[2] !== 8) return corrupt(`compression method ${bytes[2]} is not DEFLATE (8)`);
  const flags = bytes[3];
  if (flags & RESERVED) return corrupt('reserved header flags are set');
  let offset = 10;
  if (flags & FEXTRA) {
    if (offset + 2 > bytes.length) return corrupt('the header ends inside its extra field');
    offset += 2 + (bytes[offset] | (bytes[offset + 1] << 8));
  }
  let name: string | undefined;
  if (flags & FNAME) {
    const end = bytes.indexOf(0, offset);
    if (end < 0) return corrupt('the file name in the header is not terminated');
    name = latin1(bytes, offset, end);
    offset = end + 1;
  }
  if (flags & FCOMMENT) {
    const end = bytes.indexOf(0, offset);
    if (end < 0) return corrupt('the comment in the header is not terminated');
    offset = end + 1;
  }
  if (flags & FTEXT_FHCRC) offset += 2;
  if (offset >= bytes.length) return corrupt('the header runs past the end of the file');
  const claimed = (bytes[bytes.length - 4] | (bytes[bytes.length - 3] << 8) | (bytes[bytes.length - 2] << 16) | (bytes[bytes.length - 1] << 24)) >>> 0;
  const hint = claimed <= bytes.length * PLAUSIBLE_RATIO ? claimed : undefined;
  const inflated = inflateCapped(bytes.subarray(offset), maxUncompressedBytes, hint);
  if (inflated.ok) return { ok: true, bytes: inflated.bytes, name };
  if (inflated.reason === 'over-cap') {
    return {
      ok: false,
      code: 'report-too-large-uncompressed',
      message: `The gzip data expands to more than ${formatBytes(maxUncompressedBytes)} (stopped after ${formatBytes(inflated.produced)}), the limit set by emailAuth.reports.maxUncompressedBytes. Real aggregate reports are far smaller; this looks like a decompression bomb. Raise the setting only if you trust the sender.`,
    };
  }
  return corrupt(inflated.detail);
}
