/**
 * From the bytes of a file to its aggregate reports: XML, gzip, zip (every XML member), or a mail
 * message with such attachments, nested as reporters do it (a zip inside a message). The size
 * caps hold across the whole file: every decompressed byte counts against one budget.
 */
import { gunzipCapped, isGzip } from './gzipMember';
import { describeOversized, looksLikeMessage, readMimeMessage } from './mimeMessage';
import { formatBytes, type ReportProblem } from './problems';
import type { ReportLimits } from './reportLimits';
import { describeOrigin, type AggregateReport, type InputResult, type ReportOrigin } from './reportModel';
import { toUtf8Xml } from './xmlEncoding';
import { readXmlReport } from './xmlReportReader';
import { isZip, readZipMembers } from './zipArchive';

export interface DecodeOptions {
  limits: ReportLimits;
  /** Progress through the XML being read, in bytes of that XML. */
  onProgress?: (done: number, total: number) => void;
}

const MAX_NESTING = 4;

export type InputKind = 'gzip' | 'zip' | 'xml' | 'message' | 'unknown';

export function sniffInput(bytes: Uint8Array): InputKind {
  if (isGzip(bytes)) return 'gzip';
  if (isZip(bytes)) return 'zip';
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return 'xml';
  if ((bytes[0] === 0x3c && bytes[1] === 0) || (bytes[0] === 0 && bytes[1] === 0x3c)) return 'xml';
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  if (bytes[i] === 0x3c) return 'xml';
  if (looksLikeMessage(bytes)) return 'message';
  return 'unknown';
}

function describeStart(bytes: Uint8Array): string {
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return head ? `it starts with the bytes ${head}` : 'it is empty';
}

class InputReader {
  readonly reports: AggregateReport[] = [];
  readonly problems: ReportProblem[] = [];
  private budget: number;

  constructor(private readonly options: DecodeOptions) {
    this.budget = options.limits.maxUncompressedBytes;
  }

  private error(origin: ReportOrigin, code: string, message: string, position?: { line: number; column: number }): void {
    this.problems.push({ code, severity: 'error', message, source: describeOrigin(origin), ...position });
  }

  read(bytes: Uint8Array, origin: ReportOrigin, depth: number): void {
    if (bytes.length === 0) return this.error(origin, 'report-empty', 'The file is empty, so there is no report in it.');
    if (depth > MAX_NESTING) return this.error(origin, 'report-nested-too-deep', `Archives and messages are nested more than ${MAX_NESTING} deep; reports never are, so the preview stops here.`);
    const kind = sniffInput(bytes);
    const { maxCompressedBytes } = this.options.limits;
    if (kind !== 'xml' && bytes.length > maxCompressedBytes) {
      return this.error(origin, 'report-too-large', `The ${kind === 'unknown' ? 'file' : kind} is ${formatBytes(bytes.length)}, more than the ${formatBytes(maxCompressedBytes)} allowed by emailAuth.reports.maxCompressedBytes. Compressed reports are rarely over a few MB; raise the setting if you trust the sender.`);
    }
    const inner = (member: string, container: string): ReportOrigin => ({
      file: origin.file,
      member: origin.member ? `${origin.member} › ${member}` : member,
      containers: [...origin.containers, container],
    });
    switch (kind) {
      case 'gzip': {
        const result = gunzipCapped(bytes, this.budget);
        if (!result.ok) return this.error(origin, result.code, result.message);
        this.budget -= result.bytes.length;
        const name = result.name ?? (origin.member ?? origin.file).split(/[\\/]/).pop()!.replace(/\.gz(ip)?$/i, '');
        return this.read(result.bytes, inner(name, 'gzip'), depth + 1);
      }
      case 'zip': {
        const result = readZipMembers(bytes, this.budget);
        if (!result.ok) return this.error(origin, result.code, result.message);
        for (const problem of result.problems) this.problems.push({ ...problem, source: `${describeOrigin(origin)} › ${problem.source}` });
        for (const member of result.members) {
          this.budget -= member.bytes.length;
          this.read(member.bytes, inner(member.name, 'zip'), depth + 1);
        }
        return;
      }
      case 'message': {
        const mail = readMimeMessage(bytes, maxCompressedBytes);
        for (const item of mail.oversized) this.error(origin, 'report-too-large', describeOversized(item, maxCompressedBytes));
        if (mail.attachments.length === 0) {
          if (mail.failureReport) {
            return this.error(origin, 'report-failure-report', 'This message is a DMARC failure (forensic) report, an ARF message about one message (RFC 9991, RFC 6591), not an aggregate report. The preview reads aggregate reports: the XML attachments that rua= addresses receive.');
          }
          if (mail.oversized.length === 0) this.error(origin, 'report-no-attachment', 'The message has no XML, gzip or zip attachment, so it holds no aggregate report (RFC 9990 section 4.2: reports are sent as attachments).');
          return;
        }
        for (const [k, attachment] of mail.attachments.entries()) this.read(attachment.bytes, inner(attachment.filename ?? `attachment ${k + 1} (${attachment.contentType})`, 'eml'), depth + 1);
        return;
      }
      case 'xml':
        return this.readXml(bytes, origin);
      default:
        return this.error(origin, 'report-not-xml', `The file is not XML, gzip, zip or a mail message (${describeStart(bytes)}), so it cannot be an aggregate report.`);
    }
  }

  /** When set, XML is not parsed: the member named `member` is kept in `captured` instead. */
  capture: { member: string | undefined; captured?: Uint8Array } | undefined;

  private readXml(raw: Uint8Array, origin: ReportOrigin): void {
    if (this.capture) {
      if (origin.member === this.capture.member) this.capture.captured ??= raw;
      return;
    }
    const { maxUncompressedBytes } = this.options.limits;
    // Plain XML counts against the uncompressed cap; decompressed XML was counted while it was inflated.
    if (origin.containers.length === 0) {
      if (raw.length > this.budget) return this.error(origin, 'report-too-large-uncompressed', `The XML is ${formatBytes(raw.length)}, more than the ${formatBytes(maxUncompressedBytes)} allowed by emailAuth.reports.maxUncompressedBytes.`);
      this.budget -= raw.length;
    }
    const decoded = toUtf8Xml(raw);
    if (!decoded.ok) return this.error(origin, decoded.code, decoded.message);
    const outcome = readXmlReport(decoded.bytes, origin, this.options.onProgress);
    if (outcome.ok) this.reports.push(outcome.report);
    else this.problems.push(outcome.problem);
  }
}

/** Never throws on input: what cannot be read becomes an error in `problems`. */
export function decodeReportBytes(bytes: Uint8Array, file: string, options: DecodeOptions): InputResult {
  const reader = new InputReader(options);
  try {
    reader.read(bytes, { file, containers: [] }, 0);
  } catch (error) {
    // A bug here must cost this file, not the editor.
    reader.problems.push({ code: 'report-internal-error', severity: 'error', message: `Reading the report failed unexpectedly: ${error instanceof Error ? error.message : String(error)}. Please report this with the file if you can share it.`, source: file });
  }
  return { file, reports: reader.reports, problems: reader.problems };
}

/**
 * The XML text of one report in a file (`member` as in ReportOrigin: undefined for plain XML), for
 * "open the raw XML". Decompression is capped as for reading.
 */
export function extractReportXml(bytes: Uint8Array, file: string, member: string | undefined, options: DecodeOptions): { ok: true; text: string } | { ok: false; problems: ReportProblem[] } {
  const reader = new InputReader(options);
  reader.capture = { member };
  try {
    reader.read(bytes, { file, containers: [] }, 0);
  } catch (error) {
    return { ok: false, problems: [{ code: 'report-internal-error', severity: 'error', message: String(error), source: file }] };
  }
  const captured = reader.capture.captured;
  if (!captured) return { ok: false, problems: reader.problems.length > 0 ? reader.problems : [{ code: 'report-not-found', severity: 'error', message: `The file no longer holds ${member ?? 'the report'}; it may have changed since it was opened.`, source: file }] };
  const decoded = toUtf8Xml(captured);
  return decoded.ok ? { ok: true, text: new TextDecoder('utf-8').decode(decoded.bytes) } : { ok: false, problems: [{ code: decoded.code, severity: 'error', message: decoded.message, source: file }] };
}
