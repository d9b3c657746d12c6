/**
 * A DMARC aggregate report as read from XML (RFC 7489 appendix C, RFC 9990 appendix A and the
 * older draft schema still in use). Every value is kept as the string the reporter wrote (trimmed),
 * except `count` and the date range, which are checked integers; nothing is coerced silently.
 */
import type { ReportProblem } from './problems';
import type { ReportRows } from './reportRows';

export type ReportSchema = 'rfc9990' | 'rfc7489' | 'draft';

export interface ReportMetadata {
  orgName: string;
  email: string;
  extraContactInfo?: string;
  reportId: string;
  /** Seconds since the epoch (UTC); undefined when the report's value is not an integer. */
  begin?: number;
  end?: number;
  errors: string[];
  generator?: string;
}

/** policy_published: the DMARC record the receiver found, tag by tag. */
export interface PublishedPolicy {
  domain: string;
  adkim?: string;
  aspf?: string;
  p?: string;
  sp?: string;
  np?: string;
  pct?: string;
  fo?: string;
  testing?: string;
  discoveryMethod?: string;
}

export interface PolicyOverride {
  type: string;
  comment?: string;
}

export interface DkimAuthResult {
  domain: string;
  selector?: string;
  result: string;
  humanResult?: string;
}

export interface SpfAuthResult {
  domain: string;
  scope?: string;
  result: string;
  humanResult?: string;
}

/** One <record>: messages from one source IP with one combination of results (reportRows.ts stores them in typed arrays). */
export interface ReportRow {
  sourceIp: string;
  count: number;
  disposition: string;
  /** policy_evaluated: the DMARC-aligned DKIM and SPF results, `pass` or `fail`. */
  dkim: string;
  spf: string;
  reasons: PolicyOverride[];
  headerFrom: string;
  envelopeFrom?: string;
  envelopeTo?: string;
  dkimResults: DkimAuthResult[];
  spfResults: SpfAuthResult[];
}

/** Where a report came from: a file, and inside it an archive member or a mail attachment. */
export interface ReportOrigin {
  /** The file as the user named it (path or file name). */
  file: string;
  /** Member of a zip, attachment of a message, or the gzip's inner name; absent for plain XML. */
  member?: string;
  /** How the XML was wrapped, outermost first, e.g. ['eml', 'zip']. */
  containers: string[];
}

export interface AggregateReport {
  origin: ReportOrigin;
  schema: ReportSchema;
  version?: string;
  metadata: ReportMetadata;
  policy: PublishedPolicy;
  /** The usable records, in typed arrays: `rowAt(rows, k)` gives one as a ReportRow. */
  rows: ReportRows;
  /** Warnings about this report: repaired values, skipped rows, unknown values. */
  problems: ReportProblem[];
  /** Size of the XML that was read, in bytes. */
  xmlBytes: number;
}

/** What one input (file) gave: its reports, and the errors of the parts that could not be read. */
export interface InputResult {
  file: string;
  reports: AggregateReport[];
  /** Errors that stopped a part of the input (or all of it) from being read, and input-level warnings. */
  problems: ReportProblem[];
}

/** True when nothing in the input could be read as a report (a note about a folder is not a failure). */
export function inputFailed(input: InputResult): boolean {
  return input.reports.length === 0 && input.problems.some((p) => p.severity === 'error');
}

export function describeOrigin(origin: ReportOrigin): string {
  return origin.member ? `${origin.file} › ${origin.member}` : origin.file;
}
