/**
 * Compares the policy a report says it found (policy_published) with the DMARC record of the same
 * domain in a zone file open in the editor. A difference means the zone is not what receivers saw:
 * an edit not yet published, a record published elsewhere, or reports older than a change.
 */
import { analyzeDocument } from '../../../../server/src/service/analysis';
import { parseDmarc } from '../../../../server/src/service/dmarc/dmarcRecord';
import { isDmarcText, txtFromPlainText } from '../../../../server/src/service/records';
import type { Explanation } from './explanations';
import type { AggregateReport, PublishedPolicy } from './reportModel';
import { totalMessages } from './reportRows';

export interface ZoneDmarcRecord {
  /** The zone file, as the user knows it. */
  file: string;
  /** The policy domain: the owner name without "_dmarc.". */
  domain: string;
  tags: Record<string, string>;
}

/** DMARC records (TXT at _dmarc.<domain>) in a zone file's text. */
export function dmarcRecordsInZone(text: string, file: string): ZoneDmarcRecord[] {
  const doc = analyzeDocument({ text, fileName: file });
  const found: ZoneDmarcRecord[] = [];
  for (const record of doc.ownRecords) {
    if (!record.txt || !record.name.startsWith('_dmarc.') || !isDmarcText(record.txt.text)) continue;
    const tags: Record<string, string> = {};
    for (const tag of parseDmarc(txtFromPlainText(record.txt.text)).tags) {
      const name = tag.name.toLowerCase();
      if (!(name in tags)) tags[name] = tag.value.trim();
    }
    found.push({ file, domain: record.name.slice('_dmarc.'.length), tags });
  }
  return found;
}

const COMPARED: ReadonlyArray<keyof PublishedPolicy & string> = ['p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'fo', 'testing'];
const TAG_OF: Record<string, string> = { testing: 't' };

/** The value a record gives a tag, with the defaults of RFC 9989 section 4.7 (sp defaults to p, np to sp). */
function effective(tags: Record<string, string>, tag: string): string | undefined {
  const value = tags[TAG_OF[tag] ?? tag]?.toLowerCase();
  if (value !== undefined) return value;
  switch (tag) {
    case 'adkim':
    case 'aspf':
      return 'r';
    case 'pct':
      return '100';
    case 'fo':
      return '0';
    case 'testing':
      return 'n';
    case 'sp':
      return effective(tags, 'p');
    case 'np':
      return effective(tags, 'sp');
    default:
      return undefined;
  }
}

/** One explanation per policy domain whose newest report disagrees with an open zone file. */
export function comparePolicies(reports: readonly AggregateReport[], zoneRecords: readonly ZoneDmarcRecord[]): Explanation[] {
  const newest = new Map<string, AggregateReport>();
  for (const report of reports) {
    const domain = report.policy.domain;
    if (!domain) continue;
    const seen = newest.get(domain);
    if (!seen || (report.metadata.end ?? 0) > (seen.metadata.end ?? 0)) newest.set(domain, report);
  }
  const explanations: Explanation[] = [];
  for (const [domain, report] of newest) {
    const record = zoneRecords.find((r) => r.domain === domain);
    if (!record) continue;
    const differences: string[] = [];
    for (const tag of COMPARED) {
      const reported = report.policy[tag]?.toLowerCase();
      if (reported === undefined || reported === '') continue;
      const inZone = effective(record.tags, tag);
      if (inZone !== undefined && inZone !== reported) differences.push(`${TAG_OF[tag] ?? tag}=${reported} in the report, ${TAG_OF[tag] ?? tag}=${inZone} in the zone`);
    }
    if (differences.length === 0) continue;
    const messages = totalMessages(report.rows);
    explanations.push({
      code: 'policy-differs-from-zone',
      severity: 'warning',
      title: `The published policy differs from _dmarc.${domain} in ${record.file}`,
      meaning: `Receivers applied the record they fetched from DNS; the newest report (${report.metadata.orgName || 'unknown reporter'}, report ${report.metadata.reportId || '?'}) shows ${differences.join('; ')} (RFC 7489 appendix C: policy_published is the record as the receiver found it).`,
      fix: `If you changed the record after this report's period, newer reports will show it. Otherwise the zone file is not what is published: publish it (or check which DNS provider is authoritative for ${domain}).`,
      messages,
      rows: report.rows.length,
    });
  }
  return explanations;
}
