/**
 * The summary the preview and the CLI show for one or more reports: metadata, totals, sending
 * sources with their explanations, the rows (per source IP and result), a day-by-day timeline for
 * folders, and every problem met while reading. Plain data: it crosses the worker boundary and the
 * webview's postMessage as it is. It is made in one pass over the row stores (reportRows.ts); row
 * objects are made only for the rows the view gets.
 */
import { formatIPv4 } from './ipv4Number';
import { explainSource, SourceTally, type Explanation } from './explanations';
import type { ReportProblem } from './problems';
import { describeOrigin, inputFailed, type AggregateReport, type InputResult, type PublishedPolicy, type ReportMetadata, type ReportSchema } from './reportModel';
import * as Cell from './reportRows';
import { rowCount, sourceIpText, type ReportRows } from './reportRows';
import { DKIM_ALIGNED_PASS, DMARC_PASS, RowTraits, SPF_ALIGNED_PASS } from './rowTraits';
import { SourceClassifier, type SendingSource, type SourceKind } from './sendingSources';

export interface ReportSummaryMeta extends Omit<ReportMetadata, 'generator'> {
  index: number;
  /** File, and member or attachment, it was read from. */
  origin: string;
  file: string;
  member?: string;
  schema: ReportSchema;
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
  /** Aligned with header_from under the policy's adkim/aspf (organizational domains from the Public Suffix List). */
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
 * Messages per source IP and group: each group's busiest addresses and how many there are. A
 * 100,000-row report has 100,000 addresses. IPv4 ones are counted in one open-addressing table
 * of (group, 32 bits) pairs, sized once for the number of rows (a Map would grow step by step);
 * other addresses in a Map per group. Ties keep the order first seen.
 */
class IpTally {
  /** Index into the entry arrays plus one (0: free). */
  private readonly slots: Int32Array;
  private readonly ips: Int32Array;
  private readonly groups: Int32Array;
  private readonly counts: Float64Array;
  private used = 0;
  private readonly other: Array<Map<string, number>> = [];

  /** `rows`: the number of rows that will be added, at most one entry each. */
  constructor(rows: number) {
    let size = 64;
    while (size < 2 * rows) size *= 2;
    this.slots = new Int32Array(size);
    this.ips = new Int32Array(rows);
    this.groups = new Int32Array(rows);
    this.counts = new Float64Array(rows);
  }

  /** The source IP of the row whose first cell in `rows.fields` is `at`. */
  add(group: number, rows: ReportRows, at: number, count: number): void {
    const text = rows.fields[at + Cell.SOURCE_IP_TEXT];
    if (text !== Cell.ABSENT) {
      const other = (this.other[group] ??= new Map());
      other.set(rows.strings[text], (other.get(rows.strings[text]) ?? 0) + count);
      return;
    }
    const ip = rows.fields[at + Cell.SOURCE_IP];
    const mask = this.slots.length - 1;
    const h = Math.imul(ip ^ Math.imul(group, 0x85ebca6b), 0x9e3779b1);
    for (let slot = (h ^ (h >>> 15)) & mask; ; slot = (slot + 1) & mask) {
      const at = this.slots[slot] - 1;
      if (at < 0) {
        this.ips[this.used] = ip;
        this.groups[this.used] = group;
        this.counts[this.used] = count;
        this.slots[slot] = ++this.used;
        return;
      }
      if (this.ips[at] === ip && this.groups[at] === group) {
        this.counts[at] += count;
        return;
      }
    }
  }

  /** Per group: how many distinct addresses, and the `n` with the most messages, most first. */
  top(groupCount: number, n: number): Array<{ ipCount: number; ips: string[] }> {
    const best = Array.from({ length: groupCount }, () => [] as Array<[string | number, number]>);
    const distinct = new Array<number>(groupCount).fill(0);
    const consider = (group: number, key: string | number, count: number) => {
      distinct[group]++;
      const list = best[group];
      if (list.length === n && count <= list[n - 1][1]) return;
      let at = list.length;
      while (at > 0 && list[at - 1][1] < count) at--;
      list.splice(at, 0, [key, count]);
      if (list.length > n) list.pop();
    };
    for (let at = 0; at < this.used; at++) consider(this.groups[at], this.ips[at], this.counts[at]);
    this.other.forEach((other, group) => {
      for (const [key, count] of other) consider(group, key, count);
    });
    return best.map((list, group) => ({ ipCount: distinct[group], ips: list.map(([key]) => (typeof key === 'number' ? formatIPv4(key) : key)) }));
  }
}

/**
 * The rows the view gets when there is a row limit: failing rows first, then the most messages,
 * then the order of the reports. While the rows go by only their counts and verdicts are noted
 * (two writes per row); the choice is made at the end with one native sort of counts to find
 * where the cut falls, so 150,000 rows never go through a comparator.
 */
class RowPicker {
  private seen = 0;
  private readonly counts: Float64Array;
  private readonly failing: Uint8Array;
  /** First row number of each report. */
  private readonly reportStarts: number[] = [];

  constructor(
    private readonly limit: number,
    rows: number,
  ) {
    this.counts = new Float64Array(rows);
    this.failing = new Uint8Array(rows);
  }

  startReport(): void {
    this.reportStarts.push(this.seen);
  }

  offer(count: number, failing: boolean): void {
    this.counts[this.seen] = count;
    this.failing[this.seen] = failing ? 1 : 0;
    this.seen++;
  }

  /** Row numbers of the `quota` rows of one verdict with the most messages (earlier rows first on a tie), in row order. */
  private top(failing: number, quota: number, available: number): number[] {
    const { counts } = this;
    const chosen: number[] = [];
    if (quota <= 0) return chosen;
    if (available <= quota) {
      for (let r = 0; r < this.seen; r++) if (this.failing[r] === failing) chosen.push(r);
      return chosen;
    }
    const mine = new Float64Array(available);
    let m = 0;
    for (let r = 0; r < this.seen; r++) if (this.failing[r] === failing) mine[m++] = counts[r];
    mine.sort();
    // The smallest count that makes the cut, and how many rows with exactly that count get in.
    const threshold = mine[available - quota];
    let above = 0;
    for (let j = available - 1; j >= 0 && mine[j] > threshold; j--) above++;
    let atThreshold = quota - above;
    for (let r = 0; r < this.seen && chosen.length < quota; r++) {
      if (this.failing[r] !== failing || counts[r] < threshold) continue;
      if (counts[r] === threshold) {
        if (atThreshold === 0) continue;
        atThreshold--;
      }
      chosen.push(r);
    }
    return chosen;
  }

  /** [report, row] pairs: in report order when every row fits, else most wanted first. */
  picked(): Array<[number, number]> {
    let failingRows = 0;
    for (let r = 0; r < this.seen; r++) failingRows += this.failing[r];
    let chosen: number[];
    if (this.seen <= this.limit) chosen = Array.from({ length: this.seen }, (_, r) => r);
    else {
      chosen = [...this.top(1, this.limit, failingRows), ...this.top(0, this.limit - failingRows, this.seen - failingRows)];
      chosen.sort((a, b) => this.failing[b] - this.failing[a] || this.counts[b] - this.counts[a] || a - b);
    }
    const starts = this.reportStarts;
    return chosen.map((r) => {
      // The last report that starts at or before row r (reports without rows start where the next does).
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (starts[middle] <= r) low = middle;
        else high = middle - 1;
      }
      return [low, r - starts[low]];
    });
  }

  get omitted(): number {
    return this.seen - Math.min(this.seen, this.limit);
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

interface GroupEntry {
  group: SourceGroup;
  tally: SourceTally;
  /** The policy domain of the first report the group was seen in, for explanations of rows without header_from. */
  domain: string;
}

/** Row k of a report as the view shows it; alignment is judged on string indexes (rowTraits.ts), once per distinct domain. */
function summaryRow(traits: RowTraits, k: number, report: number, source: string): SummaryRow {
  const { rows, policy } = traits;
  const { strings, fields } = rows;
  const at = k * Cell.FIELDS_PER_ROW;
  const from = fields[at + Cell.HEADER_FROM];
  const text = (id: number) => (id === Cell.ABSENT ? undefined : strings[id]);
  const dkimResults: SummaryAuthResult[] = [];
  for (let c = fields[at + Cell.DKIM_FIRST] * Cell.CELLS_PER_RESULT; c < fields[at + Cell.DKIM_END] * Cell.CELLS_PER_RESULT; c += Cell.CELLS_PER_RESULT) {
    const domain = rows.dkimResults[c + Cell.RESULT_DOMAIN];
    dkimResults.push({ domain: strings[domain], selector: text(rows.dkimResults[c + Cell.RESULT_SELECTOR_OR_SCOPE]), result: strings[rows.dkimResults[c + Cell.RESULT_RESULT]], aligned: traits.aligned(domain, from, policy.adkim) });
  }
  const spfResults: SummaryAuthResult[] = [];
  for (let c = fields[at + Cell.SPF_FIRST] * Cell.CELLS_PER_RESULT; c < fields[at + Cell.SPF_END] * Cell.CELLS_PER_RESULT; c += Cell.CELLS_PER_RESULT) {
    const domain = rows.spfResults[c + Cell.RESULT_DOMAIN];
    spfResults.push({ domain: strings[domain], scope: text(rows.spfResults[c + Cell.RESULT_SELECTOR_OR_SCOPE]), result: strings[rows.spfResults[c + Cell.RESULT_RESULT]], aligned: traits.aligned(domain, from, policy.aspf) });
  }
  const reasons: string[] = [];
  for (let j = fields[at + Cell.REASON_FIRST]; j < fields[at + Cell.REASON_END]; j++) {
    const type = strings[rows.reasons[j * Cell.CELLS_PER_REASON + Cell.REASON_TYPE]];
    const comment = text(rows.reasons[j * Cell.CELLS_PER_REASON + Cell.REASON_COMMENT]);
    reasons.push(comment ? `${type}: ${comment}` : type);
  }
  const dkim = fields[at + Cell.DKIM];
  const spf = fields[at + Cell.SPF];
  return {
    report,
    source,
    sourceIp: sourceIpText(rows, k),
    count: rowCount(rows, k),
    disposition: strings[fields[at + Cell.DISPOSITION]],
    dmarc: dkim === Cell.PASS_STRING || spf === Cell.PASS_STRING ? 'pass' : 'fail',
    dkim: strings[dkim],
    spf: strings[spf],
    headerFrom: strings[from],
    envelopeFrom: text(fields[at + Cell.ENVELOPE_FROM]),
    envelopeTo: text(fields[at + Cell.ENVELOPE_TO]),
    dkimResults,
    spfResults,
    reasons,
  };
}

/**
 * One pass over the row stores of every report: totals, groups and their explanations, the timeline
 * and the rows for the view are all counted as the rows go by; no row object is made except for
 * the rows the view gets.
 */
export function summarizeReports(reports: readonly AggregateReport[], options: SummaryOptions = {}): ReportSummary {
  const totals: SummaryTotals = { messages: 0, rows: 0, dmarcPass: 0, dkimAlignedPass: 0, spfAlignedPass: 0, dispositions: [] };
  const dispositions = new Map<string, number>();
  const groupIndex = new Map<string, number>();
  const entries: GroupEntry[] = [];
  const totalRows = reports.reduce((sum, report) => sum + report.rows.length, 0);
  const ips = new IpTally(totalRows);
  const picker = options.rowLimit === undefined ? undefined : new RowPicker(Math.max(0, options.rowLimit), totalRows);
  const classifiers: SourceClassifier[] = [];
  const traitsOf: RowTraits[] = [];
  const days = new Map<string, TimelineDay>();
  const domains = new Set<string>();
  let begin: number | undefined;
  let end: number | undefined;
  const metas: ReportSummaryMeta[] = [];

  reports.forEach((report, index) => {
    const { metadata, policy, rows } = report;
    const { strings } = rows;
    if (policy.domain) domains.add(policy.domain);
    if (metadata.begin !== undefined) begin = begin === undefined ? metadata.begin : Math.min(begin, metadata.begin);
    if (metadata.end !== undefined) end = end === undefined ? metadata.end : Math.max(end, metadata.end);
    const traits = new RowTraits(rows, policy);
    const classifier = new SourceClassifier(traits, options.reverseNames);
    traitsOf.push(traits);
    classifiers.push(classifier);
    picker?.startReport();
    // Messages per disposition, in the order first seen; a run of rows with one disposition looks it up once.
    const dispositionIndex = new Map<number, number>();
    const dispositionIds: number[] = [];
    const dispositionMessages: number[] = [];
    let lastDisposition = -2;
    let dispositionAt = -1;
    // Consecutive rows mostly come from one source: its group is remembered.
    let lastSource: SendingSource | undefined;
    let lastGroup = -1;
    let reportMessages = 0;
    let reportPass = 0;
    let dkimPass = 0;
    let spfPass = 0;
    for (let k = 0; k < rows.length; k++) {
      const at = k * Cell.FIELDS_PER_ROW;
      const count = Cell.countAt(rows.fields, at);
      const rowTraits = traits.of(k);
      const pass = (rowTraits & DMARC_PASS) !== 0;
      reportMessages += count;
      if (pass) reportPass += count;
      if (rowTraits & DKIM_ALIGNED_PASS) dkimPass += count;
      if (rowTraits & SPF_ALIGNED_PASS) spfPass += count;
      const disposition = rows.fields[at + Cell.DISPOSITION];
      if (disposition !== lastDisposition) {
        lastDisposition = disposition;
        dispositionAt = dispositionIndex.get(disposition) ?? -1;
        if (dispositionAt < 0) {
          dispositionAt = dispositionIds.push(disposition) - 1;
          dispositionMessages.push(0);
          dispositionIndex.set(disposition, dispositionAt);
        }
      }
      dispositionMessages[dispositionAt] += count;
      const source = classifier.sourceOf(k, rowTraits);
      if (source !== lastSource) {
        lastSource = source;
        lastGroup = groupIndex.get(source.key) ?? -1;
        if (lastGroup < 0) {
          lastGroup = entries.length;
          groupIndex.set(source.key, lastGroup);
          entries.push({ group: { key: source.key, kind: source.kind, label: source.label, messages: 0, passMessages: 0, rows: 0, ips: [], ipCount: 0, explanations: [] }, tally: new SourceTally(source), domain: policy.domain });
        }
      }
      const entry = entries[lastGroup];
      const { group } = entry;
      group.messages += count;
      if (pass) group.passMessages += count;
      group.rows++;
      ips.add(lastGroup, rows, at, count);
      entry.tally.add(rowTraits, count, strings[rows.fields[at + Cell.HEADER_FROM]]);
      picker?.offer(count, !pass);
    }
    dispositionIds.forEach((id, k) => {
      const disposition = strings[id] || '(not given)';
      dispositions.set(disposition, (dispositions.get(disposition) ?? 0) + dispositionMessages[k]);
    });
    totals.rows += rows.length;
    totals.messages += reportMessages;
    totals.dmarcPass += reportPass;
    totals.dkimAlignedPass += dkimPass;
    totals.spfAlignedPass += spfPass;
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
      rows: rows.length,
      problems: report.problems.length,
    });
  });

  totals.dispositions = [...dispositions].map(([disposition, messages]) => ({ disposition, messages })).sort((a, b) => b.messages - a.messages);
  const busiest = ips.top(entries.length, MAX_GROUP_IPS);
  const groupList = entries.map(({ group, tally, domain }, k) => {
    group.ipCount = busiest[k].ipCount;
    group.ips = busiest[k].ips;
    group.explanations = explainSource(tally, domain);
    return group;
  });
  // Failing sources first, the largest failure on top.
  groupList.sort((a, b) => b.messages - b.passMessages - (a.messages - a.passMessages) || b.messages - a.messages);

  const shownRow = (index: number, k: number) => summaryRow(traitsOf[index], k, index, classifiers[index].sourceOf(k, traitsOf[index].of(k)).key);
  let shown: SummaryRow[];
  if (picker) shown = picker.picked().map(([index, k]) => shownRow(index, k));
  else shown = reports.flatMap((report, index) => Array.from({ length: report.rows.length }, (_, k) => shownRow(index, k)));

  return {
    reports: metas,
    domains: [...domains].sort(),
    begin,
    end,
    totals,
    groups: groupList,
    findings: [],
    rows: shown,
    rowsOmitted: picker ? picker.omitted : 0,
    timeline: [...days.values()].sort((a, b) => (a.day < b.day ? -1 : 1)),
    problems: reports.flatMap((r) => r.problems),
    inputs: [],
  };
}

/** Source IPs of all the reports, most messages first: which addresses to look up first. */
export function sourceIpsByMessages(reports: readonly AggregateReport[], limit: number): string[] {
  const tally = new IpTally(reports.reduce((sum, report) => sum + report.rows.length, 0));
  for (const { rows } of reports) for (let at = 0; at < rows.length * Cell.FIELDS_PER_ROW; at += Cell.FIELDS_PER_ROW) tally.add(0, rows, at, Cell.countAt(rows.fields, at));
  return tally.top(1, limit)[0].ips;
}
