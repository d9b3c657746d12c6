/**
 * A small MIME reader (RFC 2045, 2046, 5322), limited to what report mail needs: headers with
 * folded lines, Content-Type and Content-Disposition parameters (RFC 2231 extended values too),
 * nested multipart bodies, forwarded message/rfc822 parts, and base64 or quoted-printable bodies.
 * It finds the attachments that can hold an aggregate report; everything else is skipped.
 */
import { base64DecodedSizeBound, binaryStringToBytes, bytesToBinaryString, decodeBase64, decodeQuotedPrintable } from './transferEncoding';
import { formatBytes } from './problems';

const MAX_DEPTH = 8;
const MAX_PARTS = 500;

export interface MimeAttachment {
  contentType: string;
  filename?: string;
  bytes: Uint8Array;
}

export interface MimeReading {
  attachments: MimeAttachment[];
  /** True when the message (or a part of it) is an ARF feedback report, i.e. a DMARC failure report. */
  failureReport: boolean;
  /** Attachments that were too large to decode. */
  oversized: Array<{ filename?: string; bytes: number }>;
}

interface HeaderValue {
  value: string;
  params: Record<string, string>;
}

/** True for text that starts like a mail message: a header line `Name: value` before any blank line. */
export function looksLikeMessage(bytes: Uint8Array): boolean {
  // An mbox "From sender date" line may come first.
  const head = bytesToBinaryString(bytes.subarray(0, Math.min(bytes.length, 2048))).replace(/^From [^\n]*\n/, '');
  return /^[!-9;-~]+:/.test(head) && /(?:^|\n)(?:content-type|mime-version|received|from|subject|return-path|delivered-to|date|message-id)\s*:/i.test(head);
}

function splitHeaderAndBody(text: string, start: number, end: number): { headerEnd: number; bodyStart: number } {
  let crlf = text.indexOf('\r\n\r\n', start);
  let lf = text.indexOf('\n\n', start);
  if (crlf >= end) crlf = -1;
  if (lf >= end) lf = -1;
  if (start < end && (text[start] === '\n' || text.startsWith('\r\n', start))) return { headerEnd: start, bodyStart: start + (text[start] === '\n' ? 1 : 2) };
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { headerEnd: crlf, bodyStart: crlf + 4 };
  if (lf >= 0) return { headerEnd: lf, bodyStart: lf + 2 };
  return { headerEnd: end, bodyStart: end };
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  const lines = block.split(/\r?\n/);
  let name: string | undefined;
  let value = '';
  const flush = () => {
    if (name !== undefined && !headers.has(name)) headers.set(name, value.trim());
  };
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && name !== undefined) {
      value += ' ' + line.trim();
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) {
      name = undefined;
      continue;
    }
    name = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  return headers;
}

function percentDecode(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '%' && /^[0-9a-f]{2}$/i.test(value.slice(i + 1, i + 3))) {
      bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(value.charCodeAt(i) & 0xff);
  }
  return new TextDecoder('utf-8').decode(new Uint8Array(bytes));
}

/** `type/subtype; a=b; c="d e"; name*=utf-8''x%20y; name*0=...` (RFC 2045 section 5.1, RFC 2231). */
function parseParameterized(raw: string | undefined): HeaderValue {
  if (raw === undefined) return { value: '', params: {} };
  const params: Record<string, string> = {};
  const continued: Record<string, string[]> = {};
  const semicolon = raw.indexOf(';');
  const value = (semicolon < 0 ? raw : raw.slice(0, semicolon)).trim().toLowerCase();
  const re = /;\s*([^=\s;]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))/g;
  for (const match of raw.matchAll(re)) {
    const key = match[1].toLowerCase();
    const text = match[2] !== undefined ? match[2].replace(/\\(.)/g, '$1') : match[3];
    const section = /^(.*?)\*(\d+)(\*?)$/.exec(key);
    if (section) {
      (continued[section[1]] ??= [])[Number(section[2])] = section[3] ? percentDecode(text.replace(/^[^']*'[^']*'/, '')) : text;
    } else if (key.endsWith('*')) {
      params[key.slice(0, -1)] = percentDecode(text.replace(/^[^']*'[^']*'/, ''));
    } else params[key] = text;
  }
  for (const [key, pieces] of Object.entries(continued)) params[key] ??= pieces.join('');
  return { value, params };
}

const REPORT_TYPES = new Set(['application/gzip', 'application/x-gzip', 'application/zip', 'application/x-zip', 'application/x-zip-compressed', 'application/xml', 'text/xml', 'application/octet-stream']);

function isCandidate(contentType: string, filename: string | undefined): boolean {
  if (filename && /\.(xml|gz|gzip|zip)$/i.test(filename)) return true;
  return REPORT_TYPES.has(contentType);
}

export function readMimeMessage(bytes: Uint8Array, maxAttachmentBytes: number): MimeReading {
  const text = bytesToBinaryString(bytes);
  const reading: MimeReading = { attachments: [], failureReport: false, oversized: [] };
  let parts = 0;

  const readEntity = (start: number, end: number, depth: number): void => {
    if (depth > MAX_DEPTH || ++parts > MAX_PARTS) return;
    const { headerEnd, bodyStart } = splitHeaderAndBody(text, start, end);
    const headers = parseHeaders(text.slice(start, headerEnd));
    const type = parseParameterized(headers.get('content-type'));
    const contentType = type.value || 'text/plain';
    if (contentType === 'message/feedback-report' || (contentType === 'multipart/report' && type.params['report-type']?.toLowerCase() === 'feedback-report')) reading.failureReport = true;
    if (contentType.startsWith('multipart/')) {
      const boundary = type.params.boundary;
      if (boundary) readMultipart(bodyStart, end, boundary, depth);
      return;
    }
    if (contentType === 'message/rfc822' || contentType === 'message/global') {
      readEntity(bodyStart, end, depth + 1);
      return;
    }
    const disposition = parseParameterized(headers.get('content-disposition'));
    const filename = disposition.params.filename ?? type.params.name;
    if (!isCandidate(contentType, filename)) return;
    const encoding = (headers.get('content-transfer-encoding') ?? '7bit').trim().toLowerCase();
    const bodyEnd = end;
    if (encoding === 'base64') {
      // Line breaks make the text a little longer than 4/3 of the data; refuse clear cases unread.
      if (base64DecodedSizeBound(bodyEnd - bodyStart) > maxAttachmentBytes * 1.05 + 1024) {
        reading.oversized.push({ filename, bytes: base64DecodedSizeBound(bodyEnd - bodyStart) });
        return;
      }
      const decoded = decodeBase64(text, bodyStart, bodyEnd);
      if (decoded.length > maxAttachmentBytes) reading.oversized.push({ filename, bytes: decoded.length });
      else reading.attachments.push({ contentType, filename, bytes: decoded });
      return;
    }
    if (bodyEnd - bodyStart > maxAttachmentBytes) {
      reading.oversized.push({ filename, bytes: bodyEnd - bodyStart });
      return;
    }
    const decoded = encoding === 'quoted-printable' ? decodeQuotedPrintable(text, bodyStart, Math.max(bodyStart, bodyEnd)) : binaryStringToBytes(text, bodyStart, Math.max(bodyStart, bodyEnd));
    reading.attachments.push({ contentType, filename, bytes: decoded });
  };

  const readMultipart = (start: number, end: number, boundary: string, depth: number): void => {
    const delimiter = `--${boundary}`;
    const starts: number[] = [];
    let closed = -1;
    let at = start;
    while (at < end) {
      const found = text.indexOf(delimiter, at);
      if (found < 0 || found >= end) break;
      const atLineStart = found === start || text[found - 1] === '\n';
      if (atLineStart) {
        if (text.startsWith('--', found + delimiter.length)) {
          closed = found;
          break;
        }
        starts.push(found);
      }
      at = found + delimiter.length;
    }
    const stop = closed >= 0 ? closed : end;
    for (let i = 0; i < starts.length; i++) {
      const lineEnd = text.indexOf('\n', starts[i]);
      if (lineEnd < 0) continue;
      const partStart = lineEnd + 1;
      let partEnd = i + 1 < starts.length ? starts[i + 1] : stop;
      // The line break before a delimiter belongs to the delimiter (RFC 2046 section 5.1.1).
      if (text[partEnd - 1] === '\n') partEnd -= text[partEnd - 2] === '\r' ? 2 : 1;
      if (partEnd > partStart) readEntity(partStart, partEnd, depth + 1);
    }
  };

  readEntity(0, text.length, 0);
  return reading;
}

export function describeOversized(item: { filename?: string; bytes: number }, maxBytes: number): string {
  return `The attachment ${item.filename ? `"${item.filename}" ` : ''}is ${formatBytes(item.bytes)}, more than the ${formatBytes(maxBytes)} allowed by emailAuth.reports.maxCompressedBytes; it was not decoded.`;
}
