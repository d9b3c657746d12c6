import type { Finding } from '../types';
import type { DnsRecord, RdataToken, RecordSet } from '../records';
import { parseSpf } from '../spf/spfRecord';
import { spfRecordsAt } from '../spf/spfChecks';
import { AWS_REGION_PATTERN, SES_RECEIVING_REGIONS } from './sesRegions';
import { ZoneRecord } from '../zone/zoneRecord';

const FEEDBACK_MX = /^feedback-smtp\.([a-z0-9-]+)\.amazonses\.com\.?$/i;
const INBOUND_MX = /^inbound-smtp\.([a-z0-9-]+)\.amazonaws\.com\.?$/i;
const EASY_DKIM_TARGET = /^([a-z0-9]+)\.dkim\.amazonses\.com\.?$/i;

/** Checks of the records Amazon SES asks people to publish. */
export function checkSesRecords(set: RecordSet): Finding[] {
  const findings: Finding[] = [];
  const dkimByDomain = new Map<string, DnsRecord[]>();
  const records = set.records;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    // Zone records lex their rdata on each read: read it once, only for the types checked here,
    // and only when it can name an Amazon host (every pattern here ends in amazonses.com or
    // amazonaws.com).
    if (record.type !== 'MX' && record.type !== 'CNAME') continue;
    if (record instanceof ZoneRecord && !record.rdataMentions('amazon')) continue;
    const rdata = record.rdata;
    if (record.type === 'MX' && rdata.length === 2) checkMx(record, rdata[1], set, findings);
    if (record.type === 'CNAME' && rdata.length === 1 && EASY_DKIM_TARGET.test(rdata[0].text)) {
      const match = /^[^.]+\._domainkey\.(.+)$/.exec(record.name);
      if (match) dkimByDomain.set(match[1], [...(dkimByDomain.get(match[1]) ?? []), record]);
    }
  }
  for (const [domain, records] of dkimByDomain) {
    if (records.length >= 3) continue;
    for (const record of records) {
      findings.push({ code: 'ses-dkim-incomplete', ...record.rdataSpan, message: `${domain} has ${records.length} of the 3 Easy DKIM CNAMEs that SES issues; until all three resolve, SES keeps the identity's DKIM status pending and does not sign (Amazon SES Developer Guide, "Easy DKIM"). Add the missing <token>._domainkey.${domain} CNAMEs from the SES console or "aws sesv2 get-email-identity".` });
    }
  }
  return findings;
}

function checkMx(record: DnsRecord, target: RdataToken, set: RecordSet, findings: Finding[]): void {
  const feedback = FEEDBACK_MX.exec(target.text);
  if (feedback) {
    const spf = spfRecordsAt(set, record.name);
    const includesSes = spf.some((r) => parseSpf(r.txt!.text).terms.some((t) => t.kind === 'mechanism' && t.name === 'include' && t.argument?.toLowerCase().replace(/\.$/, '') === 'amazonses.com'));
    if (!includesSes) {
      findings.push({ code: 'ses-mail-from-spf', ...record.rdataSpan, message: `${record.name} is an SES custom MAIL FROM domain (MX to ${target.text}) but has no SPF record including amazonses.com, so SPF fails for mail SES sends from it (Amazon SES Developer Guide, "Using a custom MAIL FROM domain"; RFC 7208 section 2.2). Add: ${record.name}. TXT "v=spf1 include:amazonses.com ~all".` });
    }
  }
  const inbound = INBOUND_MX.exec(target.text);
  if (inbound && !SES_RECEIVING_REGIONS.includes(inbound[1].toLowerCase())) {
    const region = inbound[1].toLowerCase();
    const why = AWS_REGION_PATTERN.test(region) ? `SES does not receive mail in ${region}` : `"${region}" is not an AWS region`;
    findings.push({ code: 'ses-inbound-mx-region', start: target.start, end: target.end, message: `${why}, so mail sent to ${record.name} bounces. Use the endpoint of a receiving region where your receipt rules live: ${SES_RECEIVING_REGIONS.slice(0, 4).join(', ')}, … (Amazon SES Developer Guide, email receiving endpoints).` });
  }
}
