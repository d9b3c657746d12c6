/** The bundled language server over stdio, spoken to as VS Code would: real JSON-RPC, real process. */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Diagnostic,
  type DocumentSymbol,
  type CodeAction,
  type CompletionItem,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { DEFAULT_SETTINGS, type ServerSettings } from '../../shared/settings';
import { SETTINGS_NOTIFICATION } from '../../shared/protocol';

const FIXTURES = resolve('test/fixtures/zones');
const BROKEN = join(FIXTURES, 'broken.example.com.zone');
let server: ChildProcess;
let connection: ProtocolConnection;
let dns: LoopbackDnsServer;
const published = new Map<string, PublishDiagnosticsParams[]>();
const waiters: Array<() => void> = [];

function settings(overrides: Partial<ServerSettings>): ServerSettings {
  return { ...DEFAULT_SETTINGS, trusted: true, dns: { ...DEFAULT_SETTINGS.dns, enabled: false }, ...overrides };
}

/** Waits until the server publishes diagnostics for `uri` that satisfy `predicate`. */
function diagnosticsFor(uri: string, predicate: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}: last ${JSON.stringify(published.get(uri)?.at(-1)?.diagnostics.map((d) => d.code))}`)), 20000);
    const check = () => {
      const last = published.get(uri)?.at(-1);
      if (last && predicate(last.diagnostics)) {
        clearTimeout(timer);
        resolvePromise(last.diagnostics);
        return true;
      }
      return false;
    };
    if (!check()) waiters.push(function retry() {
      if (!check()) waiters.push(retry);
    });
  });
}

let version = 1;
function open(uri: string, text: string): void {
  void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version: version++, text } });
}

before(async () => {
  dns = await startLoopbackDnsServer({ 'spf.partner.test': [{ type: 'TXT', value: 'v=spf1 include:gone.partner.test -all' }] });
  server = spawn(process.execPath, [join(process.cwd(), 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.set(params.uri, [...(published.get(params.uri) ?? []), params]);
    waiters.splice(0).forEach((w) => w());
  });
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(FIXTURES).href,
    workspaceFolders: [{ uri: pathToFileURL(FIXTURES).href, name: 'zones' }],
    capabilities: {},
    initializationOptions: { settings: settings({}) },
  });
  await connection.sendNotification('initialized', {});
});

after(async () => {
  connection.dispose();
  server.kill();
  await dns.close();
});

test('opening a broken zone publishes the same diagnostics the CLI reports', async () => {
  const uri = pathToFileURL(BROKEN).href;
  open(uri, readFileSync(BROKEN, 'utf8'));
  const diagnostics = await diagnosticsFor(uri, (d) => d.length > 0);
  const cli = JSON.parse(
    (await import('node:child_process')).spawnSync(process.execPath, ['dist/cli.js', 'lint', '--no-dns', '--format', 'json', BROKEN], { encoding: 'utf8' }).stdout,
  ) as Array<{ code: string; range: unknown }>;
  assert.deepEqual(
    diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}`).sort(),
    cli.map((d) => `${(d.range as { start: { line: number; character: number } }).start.line}:${(d.range as { start: { line: number; character: number } }).start.character}:${d.code}`).sort(),
  );
  const ptr = diagnostics.find((d) => d.code === 'spf-ptr')!;
  assert.equal(ptr.severity, 2);
  assert.equal(ptr.source, 'email-auth');
  assert.match(ptr.codeDescription!.href, /docs\/rules\.md#spf-ptr$/);
});

test('hover, completion, quick fix and outline answer over LSP', async () => {
  const uri = pathToFileURL(join(FIXTURES, 'features.zone')).href;
  const text = '$ORIGIN example.com.\n@ IN TXT "v=spf1 -all include:amazonses.com"\n_dmarc IN TXT "v=DMARC1; p="\nwww IN A 192.0.2.1\n';
  open(uri, text);
  const diagnostics = await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'spf-all-not-last'));

  const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 25 } })) as Hover;
  const markdown = (hover.contents as MarkupContent).value;
  assert.match(markdown, /include:<domain>/);
  assert.match(markdown, /DNS look-ups: 1/);

  const completions = (await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 27 } })) as CompletionItem[];
  assert.deepEqual(completions.map((c) => c.label).filter((l) => ['none', 'quarantine', 'reject'].includes(String(l))).sort(), ['none', 'quarantine', 'reject']);

  const notLast = diagnostics.find((d) => d.code === 'spf-all-not-last')!;
  const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: notLast.range, context: { diagnostics: [notLast] } })) as CodeAction[];
  const move = actions.find((a) => /Move "-all" to the end/.test(a.title))!;
  assert.deepEqual(move.edit!.changes![uri].map((e) => e.newText), ['"v=spf1 include:amazonses.com -all"']);

  const symbols = (await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => s.name), ['example.com', '_dmarc.example.com', 'www.example.com']);
});

test('rule settings change severities and turn rules off', async () => {
  const uri = pathToFileURL(join(FIXTURES, 'settings.zone')).href;
  open(uri, '$ORIGIN example.com.\n@ IN TXT "v=spf1 ptr mx"\n');
  await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'spf-ptr'));
  await connection.sendNotification(SETTINGS_NOTIFICATION, settings({ rules: { 'spf-ptr': 'off', 'spf-no-all': 'error' } }));
  const after = await diagnosticsFor(uri, (d) => !d.some((x) => x.code === 'spf-ptr'));
  assert.equal(after.find((d) => d.code === 'spf-no-all')?.severity, 1);
  await connection.sendNotification(SETTINGS_NOTIFICATION, settings({}));
});

test('DNS-derived diagnostics follow in a trusted workspace and never leave the machine in an untrusted one', async () => {
  const uri = pathToFileURL(join(FIXTURES, 'dns.zone')).href;
  const text = '$ORIGIN example.com.\n@ IN TXT "v=spf1 include:spf.partner.test -all"\n';
  await connection.sendNotification(SETTINGS_NOTIFICATION, settings({ trusted: false, dns: { enabled: true, servers: [`127.0.0.1:${dns.port}`], timeoutMs: 500 } }));
  open(uri, text);
  const untrusted = await diagnosticsFor(uri, () => true);
  assert.deepEqual(untrusted, []);
  assert.equal(dns.queries.length, 0, 'no DNS query in Restricted Mode');
  await connection.sendNotification(SETTINGS_NOTIFICATION, settings({ trusted: true, dns: { enabled: true, servers: [`127.0.0.1:${dns.port}`], timeoutMs: 500 } }));
  const trusted = await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'spf-include-missing'));
  assert.match(String(trusted.find((d) => d.code === 'spf-include-missing')!.message), /gone\.partner\.test does not exist in DNS/);
});

test('binary input, NUL bytes and unbalanced parentheses neither crash nor hang the server', async () => {
  const uri = pathToFileURL(join(FIXTURES, 'garbage.zone')).href;
  let seed = 7;
  const noise = Array.from({ length: 20000 }, () => String.fromCharCode((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256)).join('');
  const text = `${noise}\u0000\u0000 IN TXT "${'('.repeat(5000)}\n@ IN TXT "v=spf1 ptr -all"\n${'('.repeat(10000)}`;
  open(uri, text);
  const diagnostics = await diagnosticsFor(uri, (d) => d.length > 0);
  assert.ok(diagnostics.some((d) => d.code === 'zone-syntax'));
  // Still answering, and still understanding the sane line among the garbage.
  const line = text.split(/\r\n|\r|\n/).findIndex((l) => l.startsWith('@ IN TXT "v=spf1 ptr'));
  const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: 17 } })) as Hover | null;
  assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /Do not use/);
  assert.equal(server.exitCode, null, 'the server process is alive');
});

describe('JSON documents: SES receipt rules, send-email requests, Route 53 change batches', () => {
  const DEMO = resolve('demo');
  const openJson = (uri: string, text: string, languageId = 'json') =>
    void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: version++, text } });
  const cliJson = (file: string) =>
    (JSON.parse(spawnSync(process.execPath, ['dist/cli.js', 'lint', '--no-dns', '--format', 'json', file], { encoding: 'utf8' }).stdout) as Array<{ code: string; range: Diagnostic['range'] }>)
      .map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}`)
      .sort();

  test('each kind publishes what the CLI reports for it', async () => {
    for (const file of ['ses/broken.send-email.json', 'ses/broken.receipt-rule.json', 'ses/broken.receipt-rule-set.json', 'route53/broken.change-batch.json']) {
      const path = join(DEMO, file);
      const uri = pathToFileURL(path).href;
      openJson(uri, readFileSync(path, 'utf8'));
      const diagnostics = await diagnosticsFor(uri, (d) => d.length > 0);
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}:${d.code}`).sort(), cliJson(path), file);
    }
  });

  test('the List-Unsubscribe-Post quick fix and a change-batch SPF hover answer over LSP', async () => {
    const uri = pathToFileURL(join(DEMO, 'ses', 'broken.send-email.json')).href;
    const diagnostics = await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'ses-send-list-unsubscribe'));
    const post = diagnostics.find((d) => d.code === 'ses-send-list-unsubscribe')!;
    const actions = (await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: post.range, context: { diagnostics: [post] } })) as CodeAction[];
    const fix = actions.find((a) => /List-Unsubscribe=One-Click/.test(a.title))!;
    assert.deepEqual(fix.edit!.changes![uri].map((e) => e.newText), ['List-Unsubscribe=One-Click']);
    assert.deepEqual(fix.edit!.changes![uri][0].range, post.range);

    const batchPath = join(DEMO, 'route53', 'broken.change-batch.json');
    const batchText = readFileSync(batchPath, 'utf8');
    const line = batchText.split('\n').findIndex((l) => l.includes('ptr -all'));
    const hover = (await connection.sendRequest('textDocument/hover', { textDocument: { uri: pathToFileURL(batchPath).href }, position: { line, character: batchText.split('\n')[line].indexOf('ptr') + 1 } })) as Hover;
    assert.match((hover.contents as MarkupContent).value, /Do not use/);
  });

  test('package.json, tsconfig.json and plain JSON get nothing; a file that stops being ours is cleared', async () => {
    const plain = pathToFileURL(join(FIXTURES, 'package.json')).href;
    openJson(plain, '{ "name": "x", "version": "1.0.0", "scripts": { "test": "node --test" } }');
    openJson(pathToFileURL(join(FIXTURES, 'tsconfig.json')).href, '{ "compilerOptions": { "strict": true } // comment\n}', 'jsonc');
    // Recognised by content, under a plain name: opened after the others, so they were handled first.
    const rule = pathToFileURL(join(FIXTURES, 'rule.json')).href;
    openJson(rule, JSON.stringify({ Name: 'bad name', Enabled: true, Recipients: ['example.com'], Actions: [] }, null, 2));
    const found = await diagnosticsFor(rule, (d) => d.some((x) => x.code === 'ses-rule-name'));
    assert.ok(found.some((d) => d.code === 'ses-rule-no-actions'));
    assert.equal(published.get(plain), undefined, 'no diagnostics published for package.json');
    assert.equal(published.get(pathToFileURL(join(FIXTURES, 'tsconfig.json')).href), undefined);
    void connection.sendNotification('textDocument/didChange', { textDocument: { uri: rule, version: version++ }, contentChanges: [{ text: '{ "name": "no longer a rule" }' }] });
    assert.deepEqual(await diagnosticsFor(rule, (d) => d.length === 0), []);
  });

  test('the emailAuth.aws.region setting and the file globs reach the server', async () => {
    const uri = pathToFileURL(join(FIXTURES, 'lambda.receipt-rule.json')).href;
    const text = JSON.stringify({ Name: 'triage', Enabled: true, Actions: [{ LambdaAction: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:triage' } }] });
    openJson(uri, text);
    await diagnosticsFor(uri, () => true);
    await connection.sendNotification(SETTINGS_NOTIFICATION, settings({ aws: { region: 'eu-west-1' } }));
    const mismatch = await diagnosticsFor(uri, (d) => d.some((x) => x.code === 'ses-rule-region-mismatch'));
    assert.match(String(mismatch[0].message), /emailAuth\.aws\.region/);
    // A glob that makes a JSON file without the usual keys a change batch.
    const named = pathToFileURL(join(FIXTURES, 'records.r53.json')).href;
    await connection.sendNotification(SETTINGS_NOTIFICATION, settings({ files: { ...DEFAULT_SETTINGS.files, changeBatch: ['*.r53.json'] } }));
    openJson(named, '{ "Changes": [ { "Action": "UPSERT", "ResourceRecordSet": { "Name": "example.com", "Type": "TXT", "ResourceRecords": [ { "Value": "v=spf1 -all" } ] } } ], }');
    const r53 = await diagnosticsFor(named, (d) => d.some((x) => x.code === 'r53-txt-unquoted'));
    assert.ok(r53.some((d) => d.code === 'json-syntax'), 'a trailing comma is a JSON error for the AWS CLI');
    await connection.sendNotification(SETTINGS_NOTIFICATION, settings({}));
  });
});
