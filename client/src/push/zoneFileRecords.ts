/**
 * The records of a zone-file document a push can take, and which of them the cursor, a selection
 * or a CodeLens means. No vscode here: the commands pass text, file name and offsets.
 */
import { analyzeDocument } from '../../../server/src/service/analysis';
import type { DnsRecord } from '../../../server/src/service/records';
import type { Finding } from '../../../server/src/service/types';

export interface ZoneFileRecords {
  /** Records written in the document itself, in document order ($INCLUDEd files are not read). */
  records: DnsRecord[];
  /** $ORIGIN, else the origin the file name gives (example.com.zone), else ''. */
  origin: string;
  /** Lines the parser could not read: their records are missing from `records`. */
  syntaxErrors: Finding[];
  /** $INCLUDE lines: the records of those files are not part of a push of this one. */
  includes: number;
}

export function readZoneFile(text: string, fileName?: string): ZoneFileRecords {
  // No include reader: a push sends what this document says, nothing read from elsewhere.
  const doc = analyzeDocument({ text, fileName });
  return {
    records: doc.ownRecords,
    origin: doc.origin,
    syntaxErrors: doc.parsed.problems.filter((p) => p.code === 'zone-syntax'),
    includes: doc.parsed.includes.length,
  };
}

/** Records whose text overlaps [start, end] (offsets; a record touching either end counts). */
export function recordsInRange(records: readonly DnsRecord[], start: number, end: number): DnsRecord[] {
  return records.filter((r) => r.span.start <= end && r.span.end >= start);
}

/**
 * The record under the cursor: the one containing `offset`, else the one written on the cursor's
 * line (`lineStart`..`lineEnd`), e.g. when the cursor sits in the indentation before it.
 */
export function recordAt(records: readonly DnsRecord[], offset: number, lineStart: number, lineEnd: number): DnsRecord | undefined {
  return records.find((r) => r.span.start <= offset && offset < r.span.end) ?? records.find((r) => r.span.start <= lineEnd && r.span.end >= lineStart);
}
