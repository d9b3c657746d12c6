/**
 * The summary the preview and the CLI show for one or more reports: metadata, totals, sending
 * sources with their explanations, the rows (per source IP and result), a day-by-day timeline for
 * folders, and every problem met while reading. Plain data: it crosses the worker boundary and the
 * webview's postMessage as it is.
 */
import { isAligned } from './domainAlignment';
import { formatIPv4, ipv4Value } from './ipv4Number';
import { dmarcPasses, explainSource, type Explanation } from './explanations';
import type { ReportProblem } from './problems';
import { describeOrigin, inputFailed, type AggregateReport, type InputResult, type PublishedPolicy, type ReportSchema } from './reportModel';
import { classifySource, type SourceKind } from './sendingSources';

export interface ReportSummaryMeta {
  index: number;
  /** File, and member or attachment, it was read from. */
  origin: string;
  file: string;
  member?: string;
  schema: ReportSchema;
  orgName: string;
  email: string;
  extraContactInfo?: string;
  reportId: string;
  begin?: number;
  end?: number;
  errors: string[];
  policy: PublishedPolicy;
  messages: number;
  rows: number;
  problems: number;
}

export interface SummaryAuthResult {
  domain: string;
  selector?: string;
  scope?: string;
  result: string;
  /** Aligned with header_from under the policy's adkim/aspf (approximate organizational domains). */
  aligned: boolean;
}

export interface SummaryRow {
  report: number;
  source: string;
  sourceIp: string;
  count: number;
  disposition: string;
  dmarc: 'pass' | 'fail';
  dkim: string;
  spf: string;
  headerFrom: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  dkimResults: SummaryAuthResult[];
  spfResults: SummaryAuthResult[];
  reasons: string[];
}

export interface SourceGroup {
  key: string;
  kind: SourceKind;
  label: string;
  messages: number;
  passMessages: number;
  rows: number;
  /** Distinct source IPs, most messages first (at most 50). */
  ips: string[];
  ipCount: number;
  explanations: Explanation[];
}

export interface TimelineDay {
  /** UTC date, YYYY-MM-DD, of the reports' begin. */
  day: string;
  messages: number;
  pass: number;
  fail: number;
  reports: number;
}

export interface SummaryTotals {
  messages: number;
  rows: number;
  dmarcPass: number;
  dkimAlignedPass: number;
  spfAlignedPass: number;
  dispositions: Array<{ disposition: string; messages: number }>;
}

export interface ReportSummary {
  reports: ReportSummaryMeta[];
  domains: string[];
  begin?: number;
  end?: number;
  totals: SummaryTotals;
  groups: SourceGroup[];
  /** Report-wide findings, such as a policy that differs from an open zone file (see zonePolicy.ts; filled by the caller). */
  findings: Explanation[];
  rows: SummaryRow[];
  /** Rows left out of `rows` by the row limit (the totals and groups still count them). */
  rowsOmitted: number;
  timeline: TimelineDay[];
  problems: ReportProblem[];
  inputs: Array<{ file: string; reports: number; failed: boolean }>;
}

export interface SummaryOptions {
  /** PTR names of source IPs, when reverse DNS is on. */
  reverseNames?: ReadonlyMap<string, string>;
  /** Most rows to include (failing rows first, then by count); default all. */
  rowLimit?: number;
}

const MAX_GROUP_IPS = 50;

/**
 * Messages per source IP of one group: the busiest addresses and how many there are. IPv4
 * addresses are counted under numeric keys, which a Map hashes far faster than strings; a 100,000-
 * row report has 100,000 of them.
 */
class IpTally {
  private readonly v4 = new Map<number, number>();
  private readonly other = new Map<string, number>();

  add(ip: string, count: number): void {
    const value = ipv4Value(ip);
    if (value >= 0) {
      const key = value | 0;
      this.v4.set(key, (this.v4.get(key) ?? 0) + count);
    } else this.other.set(ip, (this.other.get(ip) ?? 0) + count);
  }

  get size(): number {
    return this.v4.size + this.other.size;
  }

  /** The `n` addresses with the most messages, most first. */
  top(n: number): string[] {
    const best: Array<[string | number, number]> = [];
    const consider = (key: string | number, count: number) => {
      if (best.length === n && count <= best[n - 1][1]) return;
      let at = best.length;
      while (at > 0 && best[at - 1][1] < count) at--;
      best.splice(at, 0, [key, count]);
      if (best.length > n) best.pop();
    };
    for (const [key, count] of this.v4) consider(key, count);
    for (const [key, count] of this.other) consider(key, count);
    return best.map(([key]) => (typeof key === 'number' ? formatIPv4(key >>> 0) : key));
  }
}

function utcDay(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

export function summarizeInputs(inputs: readonly InputResult[], options: SummaryOptions = {}): ReportSummary {
  const reports = inputs.flatMap((input) => input.reports);
  const summary = summarizeReports(reports, options);
  summary.problems = [...inputs.flatMap((input) => input.problems), ...summary.problems];
  summary.inputs = inputs.map((input) => ({ file: input.file, reports: input.reports.length, failed: inputFailed(input) }));
  return summary;
}

export function summarizeReports(reports: readonly AggregateReport[], options: SummaryOptions = {}): ReportSummary {
  const totals: SummaryTotals = { messages: 0, rows: 0, dmarcPass: 0, dkimAlignedPass: 0, spfAlignedPass: 0, dispositions: [] };
  const dispositions = new Map<string, number>();
  const groups = new Map<string, { group: SourceGroup; rows: AggregateReport['rows']; ips: IpTally; domain: string }>();
  // Rows become SummaryRows only once chosen: 100,000 of them are not copied for a view of 5,000.
  const pickedRows: Array<AggregateReport['rows'][number]> = [];
  const pickedReport: number[] = [];
  const pickedSource: string[] = [];
  const days = new Map<string, TimelineDay>();
  const domains = new Set<string>();
  let begin: number | undefined;
  let end: number | undefined;
  const metas: ReportSummaryMeta[] = [];

  reports.forEach((report, index) => {
    const { metadata, policy } = report;
    if (policy.domain) domains.add(policy.domain);
    if (metadata.begin !== undefined) begin = begin === undefined ? metadata.begin : Math.min(begin, metadata.begin);
    if (metadata.end !== undefined) end = end === undefined ? metadata.end : Math.max(end, metadata.end);
    let reportMessages = 0;
    let reportPass = 0;
    for (const row of report.rows) {
      const pass = dmarcPasses(row);
      reportMessages += row.count;
      if (pass) reportPass += row.count;
      totals.rows++;
      if (row.dkim === 'pass') totals.dkimAlignedPass += row.count;
      if (row.spf === 'pass') totals.spfAlignedPass += row.count;
      const disposition = row.disposition || '(not given)';
      dispositions.set(disposition, (dispositions.get(disposition) ?? 0) + row.count);
      const source = classifySource(row, policy.adkim, options.reverseNames);
      let entry = groups.get(source.key);
      if (!entry) {
        entry = { group: { key: source.key, kind: source.kind, label: source.label, messages: 0, passMessages: 0, rows: 0, ips: [], ipCount: 0, explanations: [] }, rows: [], ips: new IpTally(), domain: policy.domain };
        groups.set(source.key, entry);
      }
      entry.group.messages += row.count;
      if (pass) entry.group.passMessages += row.count;
      entry.group.rows++;
      entry.rows.push(row);
      entry.ips.add(row.sourceIp, row.count);
      pickedRows.push(row);
      pickedReport.push(index);
      pickedSource.push(source.key);
    }
    totals.messages += reportMessages;
    totals.dmarcPass += reportPass;
    if (metadata.begin !== undefined) {
      const day = utcDay(metadata.begin);
      const bucket = days.get(day) ?? { day, messages: 0, pass: 0, fail: 0, reports: 0 };
      bucket.messages += reportMessages;
      bucket.pass += reportPass;
      bucket.fail += reportMessages - reportPass;
      bucket.reports++;
      days.set(day, bucket);
    }
    metas.push({
      index,
      origin: describeOrigin(report.origin),
      file: report.origin.file,
      member: report.origin.member,
      schema: report.schema,
      orgName: metadata.orgName,
      email: metadata.email,
      extraContactInfo: metadata.extraContactInfo,
      reportId: metadata.reportId,
      begin: metadata.begin,
      end: metadata.end,
      errors: metadata.errors,
      policy,
      messages: reportMessages,
      rows: report.rows.length,
      problems: report.problems.length,
    });
  });

  totals.dispositions = [...dispositions].map(([disposition, messages]) => ({ disposition, messages })).sort((a, b) => b.messages - a.messages);
  const groupList = [...groups.values()].map(({ group, rows: groupRows, ips, domain }) => {
    group.ipCount = ips.size;
    group.ips = ips.top(MAX_GROUP_IPS);
    group.explanations = explainSource(group, groupRows, domain);
    return group;
  });
  // Failing sources first, the largest failure on top.
  groupList.sort((a, b) => b.messages - b.passMessages - (a.messages - a.passMessages) || b.messages - a.messages);

  let chosen = Array.from(pickedRows.keys());
  if (options.rowLimit !== undefined && chosen.length > options.rowLimit) {
    const passes = (k: number) => dmarcPasses(pickedRows[k]);
    chosen = chosen.sort((a, b) => (passes(a) === passes(b) ? pickedRows[b].count - pickedRows[a].count : passes(a) ? 1 : -1)).slice(0, options.rowLimit);
  }
  const shown = chosen.map((k): SummaryRow => {
    const row = pickedRows[k];
    const report = pickedReport[k];
    const source = pickedSource[k];
    const pass = dmarcPasses(row);
    const policy = reports[report].policy;
    return {
      report,
      source,
      sourceIp: row.sourceIp,
      count: row.count,
      disposition: row.disposition,
      dmarc: pass ? 'pass' : 'fail',
      dkim: row.dkim,
      spf: row.spf,
      headerFrom: row.headerFrom,
      envelopeFrom: row.envelopeFrom,
      envelopeTo: row.envelopeTo,
      dkimResults: row.dkimResults.map((d) => ({ domain: d.domain, selector: d.selector, result: d.result, aligned: isAligned(d.domain, row.headerFrom, policy.adkim) })),
      spfResults: row.spfResults.map((s) => ({ domain: s.domain, scope: s.scope, result: s.result, aligned: isAligned(s.domain, row.headerFrom, policy.aspf) })),
      reasons: row.reasons.map((r) => (r.comment ? `${r.type}: ${r.comment}` : r.type)),
    };
  });
  const rowsOmitted = pickedRows.length - shown.length;

  return {
    reports: metas,
    domains: [...domains].sort(),
    begin,
    end,
    totals,
    groups: groupList,
    findings: [],
    rows: shown,
    rowsOmitted,
    timeline: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    problems: reports.flatMap((r) => r.problems),
    inputs: [],
  };
}
