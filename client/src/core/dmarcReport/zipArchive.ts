/**
 * Reads the members of a zip archive (PKWARE APPNOTE 6.3) through its central directory, so sizes
 * come from one place and data descriptors do not matter. Declared sizes are checked against the
 * cap before anything is inflated (a 1 GiB claim is refused at once, without allocating), and the
 * inflater counts the real output as well (a member that lies about its size stops at the cap).
 */
import { inflateCapped } from './cappedInflate';
import { formatBytes, quoteValue, type ReportProblem } from './problems';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_MEMBERS = 10000;
const SECTION = 'PKWARE APPNOTE section 4.3';

export interface ZipMember {
  name: string;
  bytes: Uint8Array;
}

export type ZipOutcome = { ok: true; members: ZipMember[]; problems: ReportProblem[] } | { ok: false; code: string; message: string };

export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

function findEndOfCentralDirectory(bytes: Uint8Array): number {
  // The record is 22 bytes plus a comment of up to 65535.
  const lowest = Math.max(0, bytes.length - 22 - 65535);
  for (let o = bytes.length - 22; o >= lowest; o--) {
    if (bytes[o] === 0x50 && u32(bytes, o) === EOCD_SIGNATURE) return o;
  }
  return -1;
}

function memberName(bytes: Uint8Array, start: number, length: number, utf8: boolean): string {
  const raw = bytes.subarray(start, start + length);
  if (utf8) return new TextDecoder('utf-8').decode(raw);
  let name = '';
  for (const b of raw) name += String.fromCharCode(b);
  return name;
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function isReportName(name: string): boolean {
  return /\.xml$/i.test(name);
}

export function readZipMembers(bytes: Uint8Array, maxUncompressedBytes: number): ZipOutcome {
  const corrupt = (why: string): ZipOutcome => ({ ok: false, code: 'report-zip-corrupt', message: `The zip archive cannot be read: ${why} (${SECTION}). Download the report again, or unpack it with another tool and open the XML.` });
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) return corrupt('it has no end-of-central-directory record (truncated or not a zip)');
  const total = u16(bytes, eocd + 10);
  const centralSize = u32(bytes, eocd + 12);
  const centralOffset = u32(bytes, eocd + 16);
  if (total === 0xffff || centralOffset === 0xffffffff || centralSize === 0xffffffff) {
    return { ok: false, code: 'report-zip-unsupported', message: 'The archive is a Zip64 archive, which reports never need; the preview does not read it. Unpack it with another tool and open the XML.' };
  }
  if (total > MAX_MEMBERS) return { ok: false, code: 'report-zip-unsupported', message: `The archive lists ${total} members; a report archive holds one or a few, so the preview stops here (at most ${MAX_MEMBERS}).` };
  if (centralOffset + centralSize > eocd) return corrupt('the central directory lies outside the file');
  const entries: Entry[] = [];
  let o = centralOffset;
  for (let i = 0; i < total; i++) {
    if (o + 46 > eocd || u32(bytes, o) !== CENTRAL_SIGNATURE) return corrupt(`central directory entry ${i + 1} is damaged`);
    const flags = u16(bytes, o + 8);
    const nameLength = u16(bytes, o + 28);
    entries.push({
      flags,
      method: u16(bytes, o + 10),
      compressedSize: u32(bytes, o + 20),
      size: u32(bytes, o + 24),
      localOffset: u32(bytes, o + 42),
      name: memberName(bytes, o + 46, nameLength, (flags & 0x800) !== 0),
    });
    o += 46 + nameLength + u16(bytes, o + 30) + u16(bytes, o + 32);
  }
  const files = entries.filter((e) => !e.name.endsWith('/') && !e.name.startsWith('__MACOSX/'));
  const wanted = files.some((e) => isReportName(e.name)) ? files.filter((e) => isReportName(e.name)) : files;
  if (wanted.length === 0) return { ok: false, code: 'report-no-xml', message: 'The zip archive holds no files, so there is no report to show.' };
  const declared = wanted.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxUncompressedBytes) {
    return {
      ok: false,
      code: 'report-too-large-uncompressed',
      message: `The zip archive declares ${formatBytes(declared)} of uncompressed data, more than the ${formatBytes(maxUncompressedBytes)} allowed by emailAuth.reports.maxUncompressedBytes. Nothing was decompressed. Real aggregate reports are far smaller; raise the setting only if you trust the sender.`,
    };
  }
  const members: ZipMember[] = [];
  const problems: ReportProblem[] = [];
  let budget = maxUncompressedBytes;
  for (const entry of wanted) {
    const skip = (code: string, why: string) => problems.push({ code, severity: 'error', message: `Member ${quoteValue(entry.name)} is skipped: ${why}`, source: entry.name });
    if (entry.flags & 0x1) {
      skip('report-zip-unsupported', 'it is encrypted. Reports are never encrypted this way; unpack it with the password in another tool.');
      continue;
    }
    const local = entry.localOffset;
    if (local + 30 > bytes.length || u32(bytes, local) !== LOCAL_SIGNATURE) {
      skip('report-zip-corrupt', `its local header is missing (${SECTION}).`);
      continue;
    }
    const dataStart = local + 30 + u16(bytes, local + 26) + u16(bytes, local + 28);
    const dataEnd = dataStart + entry.compressedSize;
    if (dataEnd > bytes.length) {
      skip('report-zip-corrupt', 'its data runs past the end of the archive (truncated download?).');
      continue;
    }
    const data = bytes.subarray(dataStart, dataEnd);
    if (entry.method === 0) {
      if (data.length > budget) return { ok: false, code: 'report-too-large-uncompressed', message: `The archive holds more than ${formatBytes(maxUncompressedBytes)} of data, the limit set by emailAuth.reports.maxUncompressedBytes.` };
      budget -= data.length;
      members.push({ name: entry.name, bytes: data });
    } else if (entry.method === 8) {
      const inflated = inflateCapped(data, budget, entry.size);
      if (!inflated.ok && inflated.reason === 'over-cap') {
        return {
          ok: false,
          code: 'report-too-large-uncompressed',
          message: `Member ${quoteValue(entry.name)} declares ${formatBytes(entry.size)} but expands to more (stopped after ${formatBytes(inflated.produced)}); together the archive passes the ${formatBytes(maxUncompressedBytes)} limit of emailAuth.reports.maxUncompressedBytes. This looks like a zip bomb.`,
        };
      }
      if (!inflated.ok) {
        skip('report-zip-corrupt', `its compressed data is damaged: ${inflated.detail}.`);
        continue;
      }
      budget -= inflated.bytes.length;
      members.push({ name: entry.name, bytes: inflated.bytes });
    } else {
      skip('report-zip-unsupported', `it uses compression method ${entry.method}; reports use DEFLATE (8) or none (0).`);
    }
  }
  return { ok: true, members, problems };
}
