/**
 * The worker thread that reads reports (bundled as dist/reportWorker.js). Decompressing and
 * parsing a 100 MB report takes a second or more; here it cannot freeze the extension host, and
 * cancelling is ending this thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { extractReportXml } from '../core/dmarcReport/decodeReport';
import { summarizeInputs } from '../core/dmarcReport/reportSummary';
import { expandInputs, readReportFile } from './reportFiles';
import type { InputResult } from '../core/dmarcReport/reportModel';
import type { WorkerMessage, WorkerRequest } from './workerProtocol';

const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(message, transfer);

/** The buffers of the reports' row stores: moved to the host rather than copied (the thread ends after this answer anyway). */
function rowBuffers(inputs: readonly InputResult[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const input of inputs) {
    for (const { rows } of input.reports) {
      for (const array of [rows.fields, rows.dkimResults, rows.spfResults, rows.reasons]) if (array.buffer instanceof ArrayBuffer && array.buffer.byteLength > 0) buffers.add(array.buffer);
    }
  }
  return [...buffers];
}
/** Progress at most this often: a message per MiB read would only keep the host busy. */
const PROGRESS_EVERY_MS = 100;

function parse(request: Extract<WorkerRequest, { kind: 'parse' }>): void {
  const { files, problems } = expandInputs(request.paths);
  const inputs = [...problems];
  let last = 0;
  files.forEach((file, fileIndex) => {
    inputs.push(
      readReportFile(file, request.limits, (bytes, fileBytes) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS && bytes < fileBytes) return;
        last = now;
        post({ type: 'progress', file: file.label, fileIndex, files: files.length, bytes, fileBytes });
      }),
    );
  });
  const summary = summarizeInputs(inputs, { rowLimit: request.rowLimit });
  post({ type: 'parsed', inputs, summary }, rowBuffers(inputs));
}

function extract(request: Extract<WorkerRequest, { kind: 'extract' }>): void {
  const size = statSync(request.path).size;
  if (size > Math.max(request.limits.maxCompressedBytes, request.limits.maxUncompressedBytes)) {
    post({ type: 'failed', problems: [{ code: 'report-too-large', severity: 'error', message: 'The file is larger than the emailAuth.reports size limits allow.' }] });
    return;
  }
  const result = extractReportXml(readFileSync(request.path), basename(request.path), request.member, { limits: request.limits });
  post(result.ok ? { type: 'extracted', text: result.text } : { type: 'failed', problems: result.problems });
}

const request = workerData as WorkerRequest;
try {
  if (request.kind === 'parse') parse(request);
  else extract(request);
} catch (error) {
  post({ type: 'failed', problems: [{ code: 'report-internal-error', severity: 'error', message: `Reading the reports failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` }] });
}
