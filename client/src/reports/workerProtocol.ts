/** Messages between the extension host and the report worker thread (reportWorker.ts). */
import type { ReportProblem } from '../core/dmarcReport/problems';
import type { ReportLimits } from '../core/dmarcReport/reportLimits';
import type { InputResult } from '../core/dmarcReport/reportModel';
import type { ReportSummary } from '../core/dmarcReport/reportSummary';

export type WorkerRequest =
  | { kind: 'parse'; paths: string[]; limits: ReportLimits; rowLimit: number }
  | { kind: 'extract'; path: string; member?: string; limits: ReportLimits };

export type WorkerMessage =
  | { type: 'progress'; file: string; fileIndex: number; files: number; bytes: number; fileBytes: number }
  | { type: 'parsed'; inputs: InputResult[]; summary: ReportSummary }
  | { type: 'extracted'; text: string }
  | { type: 'failed'; problems: ReportProblem[] };
