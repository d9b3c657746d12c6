/**
 * Problems found while reading a report. Errors stop a report (or an input) from being read;
 * warnings say what was repaired or skipped. Each has a stable kebab-case code, and says what is
 * wrong, why (the RFC or the safety rule) and what to do.
 */
export type ReportProblemSeverity = 'error' | 'warning' | 'information';

export interface ReportProblem {
  code: string;
  severity: ReportProblemSeverity;
  message: string;
  /** 1-based, in the XML (or the message) the problem is in. */
  line?: number;
  column?: number;
  /** File, and archive member or attachment, the position refers to. */
  source?: string;
}

/** A report that repeats one mistake in 100,000 rows gets a few examples and a count, not 100,000 lines. */
const EXAMPLES_PER_CODE = 10;

export class ProblemCollector {
  readonly problems: ReportProblem[] = [];
  private readonly counts = new Map<string, number>();

  constructor(private readonly source?: string) {}

  add(problem: ReportProblem): void {
    const seen = (this.counts.get(problem.code) ?? 0) + 1;
    this.counts.set(problem.code, seen);
    if (seen <= EXAMPLES_PER_CODE) this.problems.push(this.source && !problem.source ? { ...problem, source: this.source } : problem);
  }

  /** The problems, with one closing line per code that had more than the examples kept. */
  finish(): ReportProblem[] {
    for (const [code, count] of this.counts) {
      if (count > EXAMPLES_PER_CODE) {
        const first = this.problems.find((p) => p.code === code)!;
        this.problems.push({
          code,
          severity: first.severity,
          message: `${(count - EXAMPLES_PER_CODE).toLocaleString('en-US')} more like the above (${code}) are not listed.`,
          source: first.source,
        });
      }
    }
    return this.problems;
  }

  /** False when a problem with this code would only be counted; callers can skip computing its position. */
  wouldKeep(code: string): boolean {
    return (this.counts.get(code) ?? 0) < EXAMPLES_PER_CODE;
  }

  count(code: string): number {
    return this.counts.get(code) ?? 0;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

/** A value from a report quoted in a message: short, and with control characters shown as escapes. */
export function quoteValue(value: string, max = 60): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(cut);
}
