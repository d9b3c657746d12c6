import type { Finding } from './types';
import { isDmarcText, isSpfText, type DnsRecord, type RecordSet } from './records';
import { checkSpfRecord } from './spf/spfChecks';
import { checkDmarcRecord, isDmarcCandidate } from './dmarc/dmarcChecks';
import { checkDkimRecord, isDkimCandidate } from './dkim/dkimChecks';

/**
 * The SPF, DMARC and DKIM checks of one TXT record, shared by zone files and Route 53 change
 * batches: both build `DnsRecord`s whose TXT values map octets back to the document.
 */
export const isDmarcRecord = isDmarcCandidate;
/** A DKIM key record, unless the text says it is SPF or DMARC (those rules speak for it then). */
export const isDkimRecord = (r: DnsRecord) => isDkimCandidate(r) && !isSpfText(r.txt!.text) && !isDmarcText(r.txt!.text);
export const isSpfRecord = (r: DnsRecord) => !!r.txt && isSpfText(r.txt.text);

export type RecordCheck = readonly [rule: string, applies: (record: DnsRecord) => boolean, check: (record: DnsRecord, set: RecordSet, into: Finding[]) => void];

const pushAll = (into: Finding[], found: Finding[]) => {
  for (const finding of found) into.push(finding);
};

export const AUTH_RECORD_CHECKS: readonly RecordCheck[] = [
  ['spf', isSpfRecord, (record, set, into) => pushAll(into, checkSpfRecord(record, set))],
  ['dmarc', isDmarcRecord, (record, set, into) => pushAll(into, checkDmarcRecord(record, set))],
  ['dkim', isDkimRecord, (record, set, into) => pushAll(into, checkDkimRecord(record, set))],
];
