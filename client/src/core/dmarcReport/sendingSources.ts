/**
 * Which sending source a report row comes from: Amazon SES (its published ranges, its DKIM key or
 * MAIL FROM), a network named by reverse DNS (when look-ups are on), a third party that signs with
 * its own DKIM domain, or an unknown sender.
 */
import { isAmazonSesAddress, isAmazonSesDomain } from './amazonSes';
import { isAligned, organizationalDomain } from './domainAlignment';
import type { ReportRow } from './reportModel';

export type SourceKind = 'amazon-ses' | 'reverse-dns' | 'dkim-signer' | 'authenticated' | 'unknown';

export interface SendingSource {
  key: string;
  kind: SourceKind;
  label: string;
}

export const AMAZON_SES_SOURCE: SendingSource = { key: 'amazon-ses', kind: 'amazon-ses', label: 'Amazon SES' };

export function isSesRow(row: ReportRow): boolean {
  return isAmazonSesAddress(row.sourceIp) || row.dkimResults.some((d) => d.result === 'pass' && isAmazonSesDomain(d.domain)) || row.spfResults.some((s) => isAmazonSesDomain(s.domain)) || isAmazonSesDomain(row.envelopeFrom);
}

/** `reverseNames`: PTR names by IP, when reverse DNS is on. */
export function classifySource(row: ReportRow, adkim: string | undefined, reverseNames?: ReadonlyMap<string, string>): SendingSource {
  if (isSesRow(row)) return AMAZON_SES_SOURCE;
  const ptr = reverseNames?.get(row.sourceIp);
  if (ptr) {
    const org = organizationalDomain(ptr);
    return { key: `rdns:${org}`, kind: 'reverse-dns', label: `${org} (reverse DNS)` };
  }
  const signer = row.dkimResults.find((d) => d.result === 'pass' && d.domain && !isAligned(d.domain, row.headerFrom, adkim));
  if (signer) {
    const org = organizationalDomain(signer.domain);
    return { key: `dkim:${org}`, kind: 'dkim-signer', label: `Signed by ${org}` };
  }
  if (row.dkim === 'pass' || row.spf === 'pass') return { key: 'authenticated', kind: 'authenticated', label: 'Other senders that pass DMARC' };
  return { key: 'unknown', kind: 'unknown', label: 'Unknown senders' };
}
