/**
 * Host side of the report worker: starts dist/reportWorker.js for one request, relays progress,
 * and cancels by terminating the thread (the parse holds no state worth keeping).
 */
import { Worker } from 'node:worker_threads';
import type { WorkerMessage, WorkerRequest } from './workerProtocol';

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'Cancelled';
  }
}

export interface ReportJob {
  /** The final message: `parsed`, `extracted` or `failed`. Rejects with CancelledError when cancelled. */
  readonly result: Promise<Exclude<WorkerMessage, { type: 'progress' }>>;
  /** Resolves with the thread's exit code once it is gone. */
  readonly exited: Promise<number>;
  cancel(): void;
}

/**
 * The worker's heap is capped well below the host's, so a hostile report that slipped past the
 * size caps costs the worker, never the editor. Nearly every object a report builds lives on, so
 * a large young generation only adds copying: a small one (bench/report.mjs measured 4 MB semi-
 * spaces against 16 and 64) keeps the peak lower at the same speed.
 */
const RESOURCE_LIMITS = { maxOldGenerationSizeMb: 1536, maxYoungGenerationSizeMb: 12 };

export function startReportJob(workerScript: string, request: WorkerRequest, onProgress?: (message: Extract<WorkerMessage, { type: 'progress' }>) => void): ReportJob {
  const worker = new Worker(workerScript, { workerData: request, resourceLimits: RESOURCE_LIMITS });
  let cancelled = false;
  let settled = false;
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  const result = new Promise<Exclude<WorkerMessage, { type: 'progress' }>>((resolve, reject) => {
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        onProgress?.(message);
        return;
      }
      settled = true;
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      resolve({
        type: 'failed',
        problems: [
          {
            code: outOfMemory ? 'report-out-of-memory' : 'report-internal-error',
            severity: 'error',
            message: outOfMemory ? `Reading the reports needed more than ${RESOURCE_LIMITS.maxOldGenerationSizeMb} MB and was stopped. Open fewer or smaller reports, or lower emailAuth.reports.maxUncompressedBytes.` : `The report reader stopped unexpectedly: ${error.message}`,
          },
        ],
      });
    });
    void exited.then((code) => {
      if (settled) return;
      if (cancelled) reject(new CancelledError());
      else resolve({ type: 'failed', problems: [{ code: 'report-internal-error', severity: 'error', message: `The report reader exited (code ${code}) without an answer.` }] });
    });
  });
  return {
    result,
    exited,
    cancel() {
      if (settled || cancelled) return;
      cancelled = true;
      void worker.terminate();
    },
  };
}
