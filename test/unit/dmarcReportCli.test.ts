/** `email-auth report` as a terminal or CI runs it: the real CLI bundle over real files. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CORPUS_DIR } from '../support/corpus';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const AGGREGATE = join(CORPUS_DIR, 'dmarc-reports', 'aggregate');

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('text output: reporter, policy, totals, sources and what to do', () => {
  const result = run(['report', 'demo/reports/mail.example.net!example.com!1764201600!1764287999.xml']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /report demo-20261127-0001 from mail\.example\.net <dmarc-noreply@mail\.example\.net>/);
  assert.match(result.stdout, /example\.com: p=reject sp=reject np=reject adkim=s aspf=r/);
  assert.match(result.stdout, /2025-11-27 00:00:00 UTC - 2025-11-27 23:59:59 UTC, 1,309 messages in 3 rows/);
  assert.match(result.stdout, /DMARC pass 99\.1% \(1,297\), DKIM aligned pass 99\.1%, SPF aligned pass 94\.7%/);
  assert.match(result.stdout, /Amazon SES: 1,297 messages, 100\.0% pass DMARC, 2 IPs/);
  assert.match(result.stdout, /warning ses-mail-from-not-aligned: SPF passes for amazonses\.com but is not aligned \(57 messages\)/);
  assert.match(result.stdout, /What to do: Set up a custom MAIL FROM domain/);
  assert.match(result.stdout, /error unauthenticated-source/);
});

test('json output is the summary the preview shows; folders are read whole', () => {
  const result = run(['report', '--format', 'json', 'demo/reports']);
  assert.equal(result.status, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  assert.equal(summary.reports.length, 2);
  assert.equal(summary.totals.messages, 2183);
  assert.equal(summary.timeline.length, 2);
  assert.deepEqual(summary.inputs.map((i: { file: string }) => i.file).sort(), ['demo/reports/google.com!example.com!1764115200!1764201599.xml', 'demo/reports/mail.example.net!example.com!1764201600!1764287999.xml']);
});

test('the whole corpus folder: every report read, exit 2 because one file is not XML', () => {
  const result = run(['report', '--format', 'json', AGGREGATE]);
  assert.equal(result.status, 2);
  const summary = JSON.parse(result.stdout);
  const failed = summary.inputs.filter((i: { failed: boolean }) => i.failed).map((i: { file: string }) => i.file.split('/').pop());
  assert.deepEqual(failed, ['invalid_xml.xml']);
  assert.equal(summary.reports.length, summary.inputs.length - 1);
  const error = summary.problems.find((p: { code: string }) => p.code === 'report-xml-malformed');
  assert.deepEqual([error.line, error.column], [5, 18]);
});

test('unreadable input and bad usage exit with 2 and say why', () => {
  const missing = run(['report', 'no/such/report.xml']);
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /no\/such\/report\.xml: error report-unreadable: The file cannot be read: it does not exist\./);
  const usage = run(['report', '--format', 'yaml', 'x.xml']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /unknown format "yaml"/);
  assert.match(usage.stderr, /Usage: email-auth report/);
  const help = run(['--help']);
  assert.match(help.stdout, /email-auth report \[--format text\|json\] FILE\|FOLDER/);
});

test('the caps can be set from the command line', () => {
  const result = run(['report', '--max-compressed', '1024', join(AGGREGATE, 'twilight.eml')]);
  assert.equal(result.status, 2);
  // Sniffed as mail after its first 4 KiB, the file stops at the compressed cap without being read further.
  assert.match(result.stdout, /report-too-large: The file is larger than 1\.0 KiB, the most emailAuth\.reports\.maxCompressedBytes allows; it was not read further\./);
});
