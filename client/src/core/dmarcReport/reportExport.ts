/**
 * CSV and JSON exports of reports: every row of every report, not only the rows the view shows.
 * The CSV is meant for spreadsheets, which run a cell starting with = + - @ as a formula; report
 * values come from strangers, so such cells are prefixed with an apostrophe (OWASP, CSV injection).
 */
import type { AggregateReport } from './reportModel';
import { rowAt, rowList } from './reportRows';

const COLUMNS = ['reporter', 'report_id', 'begin_utc', 'end_utc', 'policy_domain', 'policy_p', 'source_ip', 'count', 'disposition', 'dmarc', 'dkim_aligned', 'spf_aligned', 'header_from', 'envelope_from', 'envelope_to', 'dkim_results', 'spf_results', 'reasons', 'file'];

function iso(epoch: number | undefined): string {
  return epoch === undefined ? '' : new Date(epoch * 1000).toISOString();
}

export function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportsToCsv(reports: readonly AggregateReport[]): string {
  const lines = [COLUMNS.join(',')];
  for (const report of reports) {
    const { metadata, policy } = report;
    const file = report.origin.member ? `${report.origin.file} › ${report.origin.member}` : report.origin.file;
    // One row object at a time: the store holds 150,000 rows in a fraction of their size as objects.
    for (let k = 0; k < report.rows.length; k++) {
      const row = rowAt(report.rows, k);
      lines.push(
        [
          metadata.orgName,
          metadata.reportId,
          iso(metadata.begin),
          iso(metadata.end),
          policy.domain,
          policy.p ?? '',
          row.sourceIp,
          row.count,
          row.disposition,
          row.dkim === 'pass' || row.spf === 'pass' ? 'pass' : 'fail',
          row.dkim,
          row.spf,
          row.headerFrom,
          row.envelopeFrom ?? '',
          row.envelopeTo ?? '',
          row.dkimResults.map((d) => `${d.domain}${d.selector ? `/${d.selector}` : ''}=${d.result}`).join(' '),
          row.spfResults.map((s) => `${s.domain}${s.scope ? `/${s.scope}` : ''}=${s.result}`).join(' '),
          row.reasons.map((r) => (r.comment ? `${r.type}: ${r.comment}` : r.type)).join('; '),
          file,
        ]
          .map(csvCell)
          .join(','),
      );
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function reportsToJson(reports: readonly AggregateReport[]): string {
  return `${JSON.stringify(
    reports.map((report) => ({
      file: report.origin.file,
      member: report.origin.member,
      schema: report.schema,
      version: report.version,
      metadata: report.metadata,
      policy: report.policy,
      records: rowList(report.rows),
      problems: report.problems,
    })),
    null,
    2,
  )}\n`;
}
