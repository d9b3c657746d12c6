/** The email-auth CLI as CI pipelines run it: real process, real files, real DNS on loopback. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { startLoopbackDnsServer } from '../support/loopbackDnsServer';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const BROKEN = 'test/fixtures/zones/broken.example.com.zone';
const CLEAN = 'test/fixtures/zones/example.com.zone';

interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Async spawn, so a DNS server in this process can answer while the CLI runs. */
function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('json output lists each finding with 0-based ranges, and exit 1 on errors', () => {
  const result = run(['lint', '--no-dns', '--format', 'json', BROKEN]);
  assert.equal(result.status, 1, result.stderr);
  const items = JSON.parse(result.stdout) as JsonDiagnostic[];
  const at = (code: string) => items.filter((d) => d.code === code).map((d) => d.range.start.line);
  assert.deepEqual(at('spf-multiple-records'), [3, 4]);
  assert.deepEqual(at('spf-ptr'), [3]);
  assert.deepEqual(at('spf-ip-invalid'), [4]);
  assert.deepEqual(at('spf-all-not-last'), [5]);
  assert.deepEqual(at('spf-deprecated-type'), [6]);
  assert.deepEqual(at('spf-permissive-all'), [7]);
  assert.deepEqual(at('dmarc-version'), [8]);
  assert.deepEqual(at('ses-mail-from-spf'), [9]);
  assert.deepEqual(at('ses-inbound-mx-region'), [10]);
  const ptr = items.find((d) => d.code === 'spf-ptr')!;
  assert.deepEqual(ptr.range, { start: { line: 3, character: 47 }, end: { line: 3, character: 50 } });
  assert.equal(ptr.severity, 'warning');
  assert.equal(ptr.file, BROKEN);
  for (const item of items) assert.match(item.message, /RFC|Amazon SES/, `${item.code} message cites its source`);
});

test('text output reads like a compiler and ends with a summary', () => {
  const result = run(['lint', '--no-dns', BROKEN]);
  assert.equal(result.status, 1);
  assert.match(result.stdout, /^test\/fixtures\/zones\/broken\.example\.com\.zone:4:48: warning spf-ptr: "ptr" should not be used/m);
  assert.match(result.stdout, /1 file checked: \d+ errors, \d+ warnings/);
});

test('sarif output is SARIF 2.1.0 with one result per finding and 1-based regions', () => {
  const json = JSON.parse(run(['lint', '--no-dns', '--format', 'json', BROKEN]).stdout) as JsonDiagnostic[];
  const result = run(['lint', '--no-dns', '--format', 'sarif', BROKEN]);
  assert.equal(result.status, 1);
  const sarif = JSON.parse(result.stdout);
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.equal(results.length, json.length);
  const ptr = results.find((r: { ruleId: string }) => r.ruleId === 'spf-ptr');
  assert.equal(ptr.level, 'warning');
  assert.deepEqual(ptr.locations[0].physicalLocation.region, { startLine: 4, startColumn: 48, endLine: 4, endColumn: 51 });
  assert.ok(sarif.runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'spf-ptr'));
});

test('a clean zone exits 0 with no findings', () => {
  const result = run(['lint', '--no-dns', '--format', 'json', CLEAN]);
  assert.equal(result.status, 0, result.stdout);
  assert.deepEqual(JSON.parse(result.stdout), []);
});

test('bad usage and unreadable files exit 2', () => {
  assert.equal(run(['lint']).status, 2);
  assert.equal(run(['lint', '--format', 'xml', CLEAN]).status, 2);
  assert.equal(run(['frobnicate']).status, 2);
  const missing = run(['lint', '--no-dns', 'no/such/file.zone']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot read no\/such\/file\.zone/);
});

test('include targets outside the file are resolved through DNS, and not without it', async () => {
  const dns = await startLoopbackDnsServer({
    'spf.partner.test': [{ type: 'TXT', value: 'v=spf1 include:nowhere.partner.test -all' }],
    'many.partner.test': [
      { type: 'TXT', value: 'v=spf1 a mx a mx a mx a mx a mx a -all' },
      { type: 'A', value: '192.0.2.1' },
      { type: 'MX', value: 'many.partner.test', priority: 10 },
    ],
  });
  try {
    const dir = mkdtempSync(join(tmpdir(), 'email-auth-cli-'));
    const file = join(dir, 'example.org.zone');
    writeFileSync(file, '$ORIGIN example.org.\n@ IN TXT "v=spf1 include:spf.partner.test -all"\nmail IN TXT "v=spf1 include:many.partner.test -all"\n');
    const withDns = await runAsync(['lint', '--format', 'json', '--dns-server', `127.0.0.1:${dns.port}`, '--dns-timeout', '500', file]);
    const items = JSON.parse(withDns.stdout) as JsonDiagnostic[];
    assert.deepEqual(items.map((d) => `${d.range.start.line}:${d.code}`).sort(), ['1:spf-include-missing', '2:spf-lookup-limit']);
    assert.match(items[0].message, /nowhere\.partner\.test does not exist in DNS/);
    assert.equal(withDns.status, 1);
    const before = dns.queries.length;
    const offline = run(['lint', '--format', 'json', '--no-dns', file]);
    assert.deepEqual(JSON.parse(offline.stdout), []);
    assert.equal(offline.status, 0);
    assert.equal(dns.queries.length, before, '--no-dns sends no query');
  } finally {
    await dns.close();
  }
});

test('lints SES and Route 53 JSON by name and by content, with the same JSON output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-json-'));
  const plain = join(dir, 'rule.json');
  writeFileSync(plain, JSON.stringify({ Name: 'store', Enabled: true, Recipients: ['support@'], Actions: [{ S3Action: { BucketName: 'Bad_Bucket' } }] }, null, 2));
  const other = join(dir, 'package.json');
  writeFileSync(other, '{ "name": "x", "version": "1.0.0" }');
  const result = run(['lint', '--no-dns', '--format', 'json', 'demo/ses/broken.send-email.json', 'demo/route53/broken.change-batch.json', plain, other]);
  assert.equal(result.status, 1, result.stderr);
  const items = JSON.parse(result.stdout) as JsonDiagnostic[];
  const of = (file: string) => items.filter((d) => d.file === file).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code}`);
  assert.ok(of('demo/ses/broken.send-email.json').includes('9:53 ses-send-list-unsubscribe'));
  const batch = of('demo/route53/broken.change-batch.json');
  for (const expected of ['9:76 spf-ptr', '15:17 r53-duplicate-change', '18:40 r53-txt-unquoted', '27:50 r53-txt-escape']) assert.ok(batch.includes(expected), `${expected} in ${JSON.stringify(batch)}`);
  assert.deepEqual(of(plain).map((s) => s.split(' ')[1]).sort(), ['ses-rule-recipient-invalid', 'ses-rule-s3-bucket']);
  assert.deepEqual(of(other), [], 'a JSON file of no known kind has nothing to report');
  for (const item of items) {
    assert.ok(['error', 'warning', 'information', 'hint'].includes(item.severity));
    assert.match(item.message, /RFC|Amazon|AWS|Route 53/, `${item.code} message cites its source`);
  }
});

test('good JSON examples pass; --aws-region sets the receipt-rule region; SARIF and text cover JSON files', () => {
  const good = ['demo/ses/inbound.receipt-rule.json', 'demo/ses/prod.receipt-rule-set.json', 'demo/ses/newsletter.send-email.json', 'demo/route53/dmarc.change-batch.json', 'demo/route53/spf.change-batch.json'];
  const clean = run(['lint', '--no-dns', '--format', 'json', ...good]);
  assert.equal(clean.status, 0, clean.stdout);
  assert.deepEqual(JSON.parse(clean.stdout), []);
  const region = run(['lint', '--no-dns', '--format', 'json', '--aws-region', 'eu-west-1', 'demo/ses/inbound.receipt-rule.json']);
  assert.equal(region.status, 0);
  assert.deepEqual((JSON.parse(region.stdout) as JsonDiagnostic[]).map((d) => d.code), ['ses-rule-region-mismatch']);
  const sarif = JSON.parse(run(['lint', '--no-dns', '--format', 'sarif', 'demo/ses/broken.send-email.json']).stdout);
  const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'ses-send-list-unsubscribe');
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 10, startColumn: 54, endLine: 10, endColumn: 63 });
  assert.match(run(['lint', '--no-dns', 'demo/ses/broken.send-email.json']).stdout, /^demo\/ses\/broken\.send-email\.json:10:54: error ses-send-list-unsubscribe: /m);
});
