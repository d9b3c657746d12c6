/**
 * The worker thread the editor parses reports in: it answers with the summary, reports progress
 * while it reads, and cancelling ends the thread at once.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { CancelledError, startReportJob } from '../../client/src/reports/reportJob';
import type { WorkerMessage } from '../../client/src/reports/workerProtocol';
import { DEFAULT_REPORT_SETTINGS } from '../../client/src/core/dmarcReport/reportLimits';
import { rowList } from '../../client/src/core/dmarcReport/reportRows';

let dir: string;
let worker: string;
let big: string;
const limits = { maxCompressedBytes: DEFAULT_REPORT_SETTINGS.maxCompressedBytes, maxUncompressedBytes: DEFAULT_REPORT_SETTINGS.maxUncompressedBytes };

function record(k: number): string {
  return `<record><row><source_ip>10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}</source_ip><count>1</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim><spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results><dkim><domain>example.com</domain><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results></record>\n`;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-worker-'));
  worker = join(dir, 'reportWorker.js');
  // The worker as the extension ships it: its own bundle.
  await esbuild.build({ entryPoints: ['client/src/reports/reportWorker.ts'], bundle: true, platform: 'node', format: 'cjs', outfile: worker, logLevel: 'warning' });
  big = join(dir, 'big!example.com!1700000000!1700086399.xml');
  const out = createWriteStream(big);
  out.write('<?xml version="1.0"?><feedback><report_metadata><org_name>big</org_name><email>e</email><report_id>b</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>none</p></policy_published>\n');
  // About 60 MB: long enough to be cancelled half-way on any machine.
  for (let k = 0; k < 200_000; k++) out.write(record(k));
  out.write('</feedback>\n');
  await new Promise((r) => out.end(r));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the worker reads a folder and answers with the summary', async () => {
  const job = startReportJob(worker, { kind: 'parse', paths: [resolve('demo/reports')], limits, rowLimit: 100 });
  const result = await job.result;
  assert.equal(result.type, 'parsed');
  if (result.type !== 'parsed') return;
  assert.equal(result.summary.totals.messages, 2183);
  assert.equal(result.summary.reports.length, 2);
  assert.equal(result.inputs.length, 2);
  assert.ok(result.inputs.every((i) => i.file.startsWith('reports/')), 'files are named from the folder');
  // The row stores came across (their buffers are moved, not copied): the host can still read every row.
  const rows = result.inputs.flatMap((i) => i.reports.flatMap((r) => rowList(r.rows)));
  assert.equal(rows.length, 7);
  assert.equal(rows.reduce((sum, row) => sum + row.count, 0), 2183);
  assert.ok(rows.some((row) => row.sourceIp === '203.0.113.77' && row.disposition === 'reject'));
  // Terminated on the answer (1), or already at the end of its script when the terminate came (0): either way it is gone.
  assert.ok([0, 1].includes(await job.exited), 'the thread is ended once it has answered');
});

test('the worker extracts the XML of a report inside an archive', async () => {
  const path = resolve('../shared/corpus/dmarc-reports/aggregate/twilight.eml');
  const job = startReportJob(worker, { kind: 'extract', path, member: 'google.com!twlnet.com!1549756800!1549843199.zip › google.com!twlnet.com!1549756800!1549843199.xml', limits });
  const result = await job.result;
  assert.equal(result.type, 'extracted');
  if (result.type === 'extracted') assert.match(result.text, /<domain>twlnet\.com<\/domain>/);
});

test('progress arrives while a large report is read, and cancel ends the thread', async () => {
  const progress: Array<Extract<WorkerMessage, { type: 'progress' }>> = [];
  let seen: () => void = () => undefined;
  const firstProgress = new Promise<void>((resolveFirst) => {
    seen = resolveFirst;
  });
  const job = startReportJob(worker, { kind: 'parse', paths: [big], limits, rowLimit: 100 }, (message) => {
    progress.push(message);
    seen();
  });
  await firstProgress;
  job.cancel();
  await assert.rejects(job.result, (error) => error instanceof CancelledError);
  const code = await job.exited;
  assert.equal(code, 1, 'terminated');
  assert.ok(progress.length >= 1);
  assert.ok(progress[0].bytes < progress[0].fileBytes, 'cancelled before the end of the file');
  assert.equal(progress[0].file, 'big!example.com!1700000000!1700086399.xml');
});

test('the same large report read to the end gives all its rows', async () => {
  const job = startReportJob(worker, { kind: 'parse', paths: [big], limits, rowLimit: 50 });
  const result = await job.result;
  assert.equal(result.type, 'parsed');
  if (result.type !== 'parsed') return;
  assert.equal(result.summary.totals.messages, 200_000);
  assert.equal(result.summary.totals.dkimAlignedPass, 200_000);
  assert.equal(result.summary.rows.length, 50);
  assert.equal(result.summary.rowsOmitted, 199_950);
});

test('a missing file is an answer, not a crash', async () => {
  const result = await startReportJob(worker, { kind: 'parse', paths: [join(dir, 'nope.xml')], limits, rowLimit: 10 }).result;
  assert.equal(result.type, 'parsed');
  if (result.type === 'parsed') {
    assert.equal(result.summary.problems[0].code, 'report-unreadable');
    assert.match(result.summary.problems[0].message, /does not exist/);
  }
});
