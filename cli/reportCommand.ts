/**
 * `email-auth report FILE...`: the summary the DMARC report preview shows, for a terminal or CI.
 * Files and folders are read as the editor's worker reads them (same caps, same parser).
 */
import { DEFAULT_REPORT_SETTINGS } from '../client/src/core/dmarcReport/reportLimits';
import { summarizeInputs, type ReportSummary } from '../client/src/core/dmarcReport/reportSummary';
import { inputFailed, type InputResult } from '../client/src/core/dmarcReport/reportModel';
import { expandInputs, readReportFile } from '../client/src/reports/reportFiles';

export const REPORT_USAGE = `Usage: email-auth report [--format text|json] FILE|FOLDER...

Summarises DMARC aggregate reports (.xml, .xml.gz, .zip, .eml, or folders of them): reporters,
totals, sending sources and what to fix for the failing ones.

Options:
  --format text|json         output format (default: text)
  --max-compressed BYTES     largest gzip/zip/mail file read (default: ${DEFAULT_REPORT_SETTINGS.maxCompressedBytes})
  --max-uncompressed BYTES   most XML read per file (default: ${DEFAULT_REPORT_SETTINGS.maxUncompressedBytes})

Exit status: 2 when an input cannot be read as a report (or for bad usage), 0 otherwise.`;

/** Report values come from strangers: no control characters (terminal escapes) or bidi overrides reach the terminal. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
}

const number = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const utc = (epoch: number | undefined) => (epoch === undefined ? 'unknown' : `${new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')} UTC`);

function policyText(policy: ReportSummary['reports'][number]['policy']): string {
  const tags = (['p', 'sp', 'np', 'adkim', 'aspf', 'pct', 'fo', 'testing'] as const).filter((t) => policy[t]).map((t) => `${t}=${policy[t]}`);
  return tags.join(' ') || '(not given)';
}

export function formatReportText(summary: ReportSummary): string {
  const lines: string[] = [];
  for (const report of summary.reports) {
    lines.push(`${report.origin}: report ${report.reportId || '(no id)'} from ${report.orgName || '(no name)'}${report.email ? ` <${report.email}>` : ''}`);
    lines.push(`  ${report.policy.domain || '(no domain)'}: ${policyText(report.policy)}`);
    lines.push(`  ${utc(report.begin)} - ${utc(report.end)}, ${number(report.messages)} messages in ${number(report.rows)} rows`);
  }
  const t = summary.totals;
  lines.push('');
  lines.push(`Totals: ${number(t.messages)} messages in ${number(t.rows)} rows from ${number(summary.reports.length)} report${summary.reports.length === 1 ? '' : 's'}`);
  lines.push(`  DMARC pass ${percent(t.dmarcPass, t.messages)} (${number(t.dmarcPass)}), DKIM aligned pass ${percent(t.dkimAlignedPass, t.messages)}, SPF aligned pass ${percent(t.spfAlignedPass, t.messages)}`);
  if (t.dispositions.length > 0) lines.push(`  Dispositions: ${t.dispositions.map((d) => `${d.disposition} ${number(d.messages)}`).join(', ')}`);
  if (summary.groups.length > 0) {
    lines.push('');
    lines.push('Sending sources:');
  }
  const explain = (x: ReportSummary['findings'][number], indent: string) => {
    lines.push(`${indent}${x.severity} ${x.code}: ${x.title} (${number(x.messages)} messages)`);
    lines.push(`${indent}  What it means: ${x.meaning}`);
    lines.push(`${indent}  What to do: ${x.fix}`);
  };
  for (const g of summary.groups) {
    lines.push(`  ${g.label}: ${number(g.messages)} messages, ${percent(g.passMessages, g.messages)} pass DMARC, ${number(g.ipCount)} IP${g.ipCount === 1 ? '' : 's'} (${g.ips.slice(0, 5).join(', ')}${g.ipCount > 5 ? ', ...' : ''})`);
    for (const x of g.explanations) explain(x, '    ');
  }
  for (const x of summary.findings) explain(x, '  ');
  if (summary.problems.length > 0) {
    lines.push('');
    lines.push('Problems:');
    for (const p of summary.problems) lines.push(`  ${p.source ?? ''}${p.line !== undefined ? `:${p.line}:${p.column}` : ''}: ${p.severity} ${p.code}: ${p.message}`);
  }
  const failed = summary.inputs.filter((i) => i.failed).length;
  lines.push('');
  lines.push(`${number(summary.inputs.length)} file${summary.inputs.length === 1 ? '' : 's'} read, ${number(summary.reports.length)} report${summary.reports.length === 1 ? '' : 's'}${failed > 0 ? `, ${number(failed)} could not be read` : ''}`);
  return terminalSafe(lines.join('\n'));
}

export async function runReport(args: string[]): Promise<number> {
  let format: 'text' | 'json' = 'text';
  const limits = { maxCompressedBytes: DEFAULT_REPORT_SETTINGS.maxCompressedBytes, maxUncompressedBytes: DEFAULT_REPORT_SETTINGS.maxUncompressedBytes };
  const paths: string[] = [];
  const usage = (message: string) => {
    process.stderr.write(`email-auth: ${message}\n\n${REPORT_USAGE}\n`);
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format') {
      const value = args[++i];
      if (value !== 'text' && value !== 'json') return usage(`unknown format "${value ?? ''}"`);
      format = value;
    } else if (arg === '--max-compressed' || arg === '--max-uncompressed') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1024) return usage(`${arg} needs a whole number of bytes (at least 1024)`);
      if (arg === '--max-compressed') limits.maxCompressedBytes = value;
      else limits.maxUncompressedBytes = value;
    } else if (arg.startsWith('-')) return usage(`unknown option ${arg}`);
    else paths.push(arg);
  }
  if (paths.length === 0) return usage('no files given');
  // Files keep the path as given; files found in a folder are named from that folder.
  const { files, problems } = expandInputs(paths, (path) => path);
  const inputs: InputResult[] = [...problems, ...files.map((file) => readReportFile(file, limits))];
  // The text output lists no rows, so none are made for it; the JSON output has them all.
  const summary = summarizeInputs(inputs, format === 'text' ? { rowLimit: 0 } : {});
  process.stdout.write(`${format === 'json' ? JSON.stringify(summary, null, 2) : formatReportText(summary)}\n`);
  return inputs.some(inputFailed) ? 2 : 0;
}
