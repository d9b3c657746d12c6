import type { AnalyzedDocument } from '../analysis';
import type { DnsRecord } from '../records';

/** The record of the main document whose text covers `offset` (line end included). */
export function recordAt(doc: AnalyzedDocument, offset: number): DnsRecord | undefined {
  const records = doc.ownRecords;
  let lo = 0;
  let hi = records.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const record = records[mid];
    if (offset < record.span.start) hi = mid - 1;
    else if (offset > record.span.end) lo = mid + 1;
    else return record;
  }
  return undefined;
}
