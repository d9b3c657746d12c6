/**
 * One XML document read into an AggregateReport, whole or piece by piece: the scanner checks
 * the XML, the builder keeps what the report says, the positions turn offsets into lines and
 * columns for the messages.
 */
import { BytePositions } from './bytePosition';
import type { ReportProblem } from './problems';
import { newBuilderScratch, ReportBuilder, type BuilderScratch } from './reportBuilder';
import { describeOrigin, type AggregateReport, type ReportOrigin } from './reportModel';
import { NameTable, XmlScanner } from './xmlScanner';

/**
 * The name table and builder tables of the last document read, for the next one: a folder of
 * 1000 small reports spends more on making these than on reading. One spare at a time; a reader
 * takes it (so two readers never share) and gives it back when done, unless a document filled
 * the name table with junk.
 */
interface ReaderScratch {
  names: NameTable;
  builder: BuilderScratch;
}
let spare: ReaderScratch | undefined;

export type XmlReportOutcome = { ok: true; report: AggregateReport } | { ok: false; problem: ReportProblem };

export class XmlReportReader {
  private readonly positions = new BytePositions();
  private scratch: ReaderScratch | undefined;
  private readonly builder: ReportBuilder;
  private readonly scanner: XmlScanner;
  private readonly source: string;
  private namespace: string | undefined;

  /** `expectedBytes`, the document's size when known, lets the row store start at about the size it needs. */
  constructor(origin: ReportOrigin, onProgress?: (done: number, total: number) => void, expectedBytes = 0) {
    this.source = describeOrigin(origin);
    const scratch = spare ?? { names: new NameTable(), builder: newBuilderScratch() };
    spare = undefined;
    this.scratch = scratch;
    this.builder = new ReportBuilder(this.positions, origin, this.source, expectedBytes, scratch.builder);
    this.scanner = new XmlScanner(this.builder, {
      names: scratch.names,
      onProgress,
      describeOffset: (offset) => this.positions.describe(offset),
      onRootAttributes: (attributes) => {
        const declarations = attributes.filter(([name]) => name === 'xmlns' || name.startsWith('xmlns:'));
        this.namespace = (declarations.find(([, value]) => value.startsWith('urn:ietf:params:xml:ns:dmarc')) ?? declarations.find(([name]) => name === 'xmlns'))?.[1];
      },
    });
  }

  /** Offset (from the document start) up to which everything has been read. */
  get consumed(): number {
    return this.scanner.base;
  }

  get failed(): boolean {
    return this.scanner.error !== undefined;
  }

  /**
   * `window` holds the document from `windowStart` on and must include everything from
   * `consumed`; the reader continues there. Returns the new `consumed`.
   */
  feed(window: Uint8Array, windowStart: number, final: boolean): number {
    this.positions.setWindow(window, windowStart);
    this.scanner.feed(window.subarray(this.scanner.base - windowStart), final);
    return this.scanner.base;
  }

  /** The caller is about to drop the bytes before `offset`. */
  forget(offset: number): void {
    this.positions.forget(offset);
  }

  /** Called once, at the end: the reader's tables then go to the next reader. */
  outcome(): XmlReportOutcome {
    const outcome = this.result();
    if (this.scratch && !this.scratch.names.full) spare = this.scratch;
    this.scratch = undefined;
    return outcome;
  }

  private result(): XmlReportOutcome {
    const { builder } = this;
    const failure = this.scanner.error;
    const error = (code: string, message: string, offset?: number): XmlReportOutcome => ({
      ok: false,
      problem: { code, severity: 'error', message, source: this.source, ...(offset === undefined ? {} : this.positions.at(offset)) },
    });
    if (failure) {
      if (failure.code === 'report-xml-unclosed' && builder.feedbackClosed && failure.unclosed) {
        // An unclosed wrapper around a complete report (seen from ikea.com): read the report, say so.
        const outer = failure.unclosed[0];
        builder.problems.add({ code: 'report-xml-unclosed', severity: 'warning', message: `<${outer.name}> is never closed (XML 1.0 section 2.1), but the <feedback> inside it is complete and was read.`, ...this.positions.at(outer.offset) });
      } else return error(failure.code, failure.message, failure.offset);
    }
    if (!builder.feedbackOpened) {
      return error('report-not-aggregate', `The root element is <${builder.rootName}>, not <feedback>, so this is not a DMARC aggregate report (RFC 7489 appendix C, RFC 9990 appendix A).`);
    }
    return { ok: true, report: builder.finish(this.namespace, this.scanner.base) };
  }
}

/** A document that is all in memory. */
export function readXmlReport(bytes: Uint8Array, origin: ReportOrigin, onProgress?: (done: number, total: number) => void): XmlReportOutcome {
  const reader = new XmlReportReader(origin, onProgress && ((done) => onProgress(done, bytes.length)), bytes.length);
  reader.feed(bytes, 0, true);
  return reader.outcome();
}
