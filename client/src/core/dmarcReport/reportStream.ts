/**
 * A report file read piece by piece, as the worker and the CLI read files from disk. Plain UTF-8
 * XML, the usual case for large reports, is scanned as it arrives and never held whole: memory
 * stays at the rows plus a MiB or two of text, however big the file. Anything else (gzip, zip,
 * mail, other encodings) is collected, within the size caps, and decoded at the end.
 */
import { decodeReportBytes, sniffInput, type DecodeOptions } from './decodeReport';
import { formatBytes, type ReportProblem } from './problems';
import type { InputResult } from './reportModel';
import { isUtf8Xml } from './xmlEncoding';
import { XmlReportReader } from './xmlReportReader';

/** Enough to see a BOM, an XML declaration or mail headers. */
const SNIFF_BYTES = 4096;
/** Scan when this much unread text has arrived. */
const FEED_EVERY = 1024 * 1024;
/** Bytes kept behind the read point, so warnings about the record being read can still give a line. */
const LOOKBACK = 256 * 1024;

type Mode = 'sniffing' | 'streaming' | 'collecting' | 'stopped';

export class ReportInputStream {
  private pieces: Uint8Array[] = [];
  private received = 0;
  private mode: Mode = 'sniffing';
  private reader: XmlReportReader | undefined;
  private window: Uint8Array = new Uint8Array(0);
  private windowStart = 0;
  private windowLength = 0;
  private stopReason: ReportProblem | undefined;
  private collectLimit: number | undefined;

  private readonly feedEvery: number;
  private readonly lookback: number;
  private readonly sniffBytes: number;

  constructor(
    private readonly file: string,
    private readonly options: DecodeOptions,
    /** The file's size when known, for progress. */
    private readonly expectedBytes = 0,
    /** Tests pass tiny values, so that every construct gets split across pieces. */
    tuning: { feedEvery?: number; lookback?: number; sniffBytes?: number } = {},
  ) {
    this.feedEvery = tuning.feedEvery ?? FEED_EVERY;
    this.lookback = tuning.lookback ?? LOOKBACK;
    this.sniffBytes = tuning.sniffBytes ?? SNIFF_BYTES;
  }

  /**
   * `chunk` is only borrowed: the stream copies what it keeps, so the caller may reuse its buffer;
   * unless `lent`, which lets the stream keep the chunk itself until `finish` returns (a small file
   * read in one piece is then never copied). The caller must not change a lent chunk till then.
   */
  push(chunk: Uint8Array, lent = false): void {
    if (this.mode === 'stopped' || chunk.length === 0) return;
    this.received += chunk.length;
    if (this.mode === 'streaming') return this.stream(chunk, lent);
    if (this.mode === 'sniffing' && this.pieces.length === 0 && chunk.length >= this.sniffBytes && chunk.length <= Math.max(this.options.limits.maxCompressedBytes, this.options.limits.maxUncompressedBytes)) {
      // The first piece says what the file is: plain UTF-8 XML is streamed from it without a copy of its own.
      if (sniffInput(chunk) === 'xml' && isUtf8Xml(chunk)) return this.startStreaming(chunk, lent);
    }
    this.pieces.push(lent ? chunk : chunk.slice());
    const { maxCompressedBytes, maxUncompressedBytes } = this.options.limits;
    // Once sniffed, a compressed file or a message stops at the compressed cap, other XML at the uncompressed one.
    const limit = this.collectLimit ?? Math.max(maxCompressedBytes, maxUncompressedBytes);
    if (this.received > limit) {
      const setting = limit === maxCompressedBytes ? 'emailAuth.reports.maxCompressedBytes' : limit === maxUncompressedBytes ? 'emailAuth.reports.maxUncompressedBytes' : 'emailAuth.reports.maxCompressedBytes and maxUncompressedBytes';
      return this.stop('report-too-large', `The file is larger than ${formatBytes(limit)}, the most ${setting} allows; it was not read further.`);
    }
    if (this.mode === 'sniffing' && this.received >= this.sniffBytes) this.decide();
  }

  private stop(code: string, message: string): void {
    this.mode = 'stopped';
    this.pieces = [];
    this.window = new Uint8Array(0);
    this.stopReason = { code, severity: 'error', message, source: this.file };
  }

  private joined(): Uint8Array {
    if (this.pieces.length === 1) return this.pieces[0];
    const all = new Uint8Array(this.received);
    let at = 0;
    for (const piece of this.pieces) {
      all.set(piece, at);
      at += piece.length;
    }
    this.pieces = [all];
    return all;
  }

  private decide(): void {
    const head = this.joined();
    const kind = sniffInput(head);
    if (kind !== 'xml' || !isUtf8Xml(head)) {
      this.mode = 'collecting';
      const { maxCompressedBytes, maxUncompressedBytes } = this.options.limits;
      this.collectLimit = kind === 'xml' ? maxUncompressedBytes : maxCompressedBytes;
      if (this.received > this.collectLimit) this.stop('report-too-large', `The file is larger than ${formatBytes(this.collectLimit)}, the most ${kind === 'xml' ? 'emailAuth.reports.maxUncompressedBytes' : 'emailAuth.reports.maxCompressedBytes'} allows; it was not read further.`);
      return;
    }
    // The joined pieces are the stream's own.
    this.startStreaming(head, true);
  }

  private startStreaming(head: Uint8Array, lent: boolean): void {
    this.mode = 'streaming';
    const onProgress = this.options.onProgress;
    this.reader = new XmlReportReader({ file: this.file, containers: [] }, onProgress && ((done) => onProgress(done, this.expectedBytes)), this.expectedBytes);
    this.pieces = [];
    const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    this.stream(head.subarray(start), lent);
  }

  private stream(chunk: Uint8Array, lent: boolean): void {
    // After an XML error the rest of the file changes nothing: do not keep it.
    if (this.mode !== 'streaming' || !this.reader || this.reader.failed) return;
    const { maxUncompressedBytes } = this.options.limits;
    if (this.windowStart + this.windowLength + chunk.length > maxUncompressedBytes) {
      return this.stop('report-too-large-uncompressed', `The XML is larger than ${formatBytes(maxUncompressedBytes)}, the limit set by emailAuth.reports.maxUncompressedBytes; it was not read further.`);
    }
    if (lent && this.windowLength === 0) {
      // Nothing is pending: the chunk becomes the window as it is.
      this.window = chunk;
      this.windowLength = chunk.length;
    } else {
      this.append(chunk);
    }
    if (this.windowStart + this.windowLength - this.reader.consumed >= this.feedEvery) this.feed(false);
  }

  private append(chunk: Uint8Array): void {
    if (this.windowLength + chunk.length > this.window.length) {
      // A small file gets a window of its own size: a thousand 70 KB reports should not each zero 2 MiB.
      const wanted = this.expectedBytes > 0 && this.expectedBytes < 2 * this.feedEvery ? this.expectedBytes : 2 * this.feedEvery;
      const grown = new Uint8Array(Math.max(this.windowLength + chunk.length, this.window.length * 2, Math.min(wanted, 2 * FEED_EVERY)));
      grown.set(this.window.subarray(0, this.windowLength));
      this.window = grown;
    }
    this.window.set(chunk, this.windowLength);
    this.windowLength += chunk.length;
  }

  private feed(final: boolean): void {
    const reader = this.reader!;
    const consumed = reader.feed(this.window.subarray(0, this.windowLength), this.windowStart, final);
    if (reader.failed || final) return;
    const keepFrom = Math.max(this.windowStart, consumed - this.lookback);
    // Shift only when a stretch as long as the look-back can go, not after every small feed.
    if (keepFrom - this.windowStart >= Math.max(this.lookback, 1)) {
      reader.forget(keepFrom);
      this.window.copyWithin(0, keepFrom - this.windowStart, this.windowLength);
      this.windowLength -= keepFrom - this.windowStart;
      this.windowStart = keepFrom;
    }
  }

  finish(): InputResult {
    const result: InputResult = { file: this.file, reports: [], problems: [] };
    if (this.mode === 'sniffing') this.decide();
    if (this.stopReason) {
      result.problems.push(this.stopReason);
      return result;
    }
    if (this.mode === 'collecting') return decodeReportBytes(this.joined(), this.file, this.options);
    const reader = this.reader!;
    if (!reader.failed) this.feed(true);
    const outcome = reader.outcome();
    if (outcome.ok) result.reports.push(outcome.report);
    else result.problems.push(outcome.problem);
    return result;
  }
}
