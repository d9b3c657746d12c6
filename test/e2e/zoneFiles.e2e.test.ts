/**
 * End-to-end: the extension in real VS Code (code-server) driven through Chromium. Each scenario
 * is what a person does: open a zone, read the Problems panel, hover, complete, fix, outline.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { RESULTS_DIR, demoCopy, eventually, goTo, openFile, openWorkbench, paletteCommands, problems, runCommand, showProblems, withArtifacts, type Workbench } from './workbench';

const AMAZONSES_SPF = 'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 -all';

describe('a trusted workspace', () => {
  let dns: LoopbackDnsServer;
  let workbench: Workbench;

  before(async () => {
    dns = await startLoopbackDnsServer({ 'amazonses.com': [{ type: 'TXT', value: AMAZONSES_SPF }] });
    workbench = await openWorkbench({
      folder: demoCopy(),
      trusted: true,
      settings: { 'emailAuth.dns.servers': [`127.0.0.1:${dns.port}`], 'emailAuth.dns.timeoutMs': 1000 },
    });
  });

  after(async () => {
    await workbench?.close();
    await dns?.close();
  });

  test('the Problems panel lists what `email-auth lint` reports for the broken zone', () =>
    withArtifacts(workbench, 'problems-panel', async () => {
      const { page } = workbench;
      const file = join(workbench.folder, 'broken.example.com.zone');
      const cli = spawnSync(process.execPath, ['dist/cli.js', 'lint', '--format', 'json', '--dns-server', `127.0.0.1:${dns.port}`, file], { encoding: 'utf8' });
      const expected = (JSON.parse(cli.stdout) as Array<{ code: string; range: { start: { line: number; character: number } } }>)
        .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`)
        .sort();
      assert.ok(expected.length >= 10, 'the CLI finds the broken records');
      await openFile(page, 'broken.example.com.zone');
      await showProblems(page);
      await runCommand(page, 'View: Toggle Maximized Panel');
      const rows = await eventually(
        async () => (await problems(page)).map((p) => `${p.line}:${p.column} ${p.code}`).sort(),
        (seen) => seen.length === expected.length && seen.every((s, i) => s === expected[i]),
        'Problems panel matches the CLI',
      );
      assert.deepEqual(rows, expected);
      // The file's comments say what each line must get; the CLI shares the checks, so pin them too.
      for (const known of ['4:48 spf-ptr', '5:26 spf-ip-invalid', '6:31 spf-all-not-last', '7:13 spf-deprecated-type', '8:26 spf-permissive-all', '9:29 dmarc-version', '10:18 ses-mail-from-spf', '11:21 ses-inbound-mx-region', '13:13 zone-cname-conflict']) {
        assert.ok(rows.includes(known), `${known} in the Problems panel`);
      }
      assert.ok(dns.queries.some((q) => q.name === 'amazonses.com'), 'the include was resolved through the loopback DNS server');
      mkdirSync(RESULTS_DIR, { recursive: true });
      await runCommand(page, 'View: Toggle Maximized Panel');
      await page.screenshot({ path: join(RESULTS_DIR, 'readme-screenshot.png') });
    }));

  test('hovers document SPF mechanisms and DMARC tags', () =>
    withArtifacts(workbench, 'hovers', async () => {
      const { page } = workbench;
      await openFile(page, 'example.com.zone');
      const spfLine = page.locator('.view-line', { hasText: 'v=spf1 include:amazonses.com -all' }).first();
      await spfLine.locator('span', { hasText: /^include$/ }).first().hover();
      const hover = page.locator('.monaco-hover:visible');
      await hover.filter({ hasText: 'include:<domain>' }).waitFor();
      assert.match(await hover.innerText(), /DNS look-ups: 1/);
      await page.mouse.move(5, 5);
      await hover.waitFor({ state: 'hidden' });
      const dmarcLine = page.locator('.view-line', { hasText: 'v=DMARC1; p=reject' }).first();
      await dmarcLine.locator('span', { hasText: /^adkim$/ }).first().hover();
      await page.locator('.monaco-hover:visible', { hasText: /DKIM/ }).waitFor();
      assert.match(await page.locator('.monaco-hover:visible').innerText(), /strict|relaxed/i);
      await page.mouse.move(5, 5);
    }));

  test('completions appear inside a DMARC record', () =>
    withArtifacts(workbench, 'completions', async () => {
      const { page } = workbench;
      await openFile(page, 'example.com.zone');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('\n_dmarc.lists IN TXT "v=DMARC1; p=');
      await page.keyboard.press('Control+Space');
      const suggest = page.locator('.suggest-widget .monaco-list-row');
      await suggest.first().waitFor();
      const labels = await eventually(() => suggest.allInnerTexts(), (l) => l.length >= 3, 'suggestions');
      for (const value of ['none', 'quarantine', 'reject']) assert.ok(labels.some((l) => l.startsWith(value)), `${value} offered`);
      await page.keyboard.press('Escape');
      await runCommand(page, 'File: Revert File');
    }));

  test('the outline lists the owner names', () =>
    withArtifacts(workbench, 'outline', async () => {
      const { page } = workbench;
      await openFile(page, 'broken.example.com.zone');
      await page.keyboard.press('Control+Shift+O');
      const rows = page.locator('.quick-input-list .monaco-list-row');
      const names = await eventually(() => rows.allInnerTexts(), (r) => r.some((t) => t.includes('_dmarc.broken.example.com')), 'symbols');
      for (const owner of ['broken.example.com', 'app.broken.example.com', 'www.broken.example.com', 'bounce.broken.example.com']) {
        assert.ok(names.some((t) => t.split('\n')[0].trim() === owner), `${owner} in the outline`);
      }
      await page.keyboard.press('Escape');
    }));

  test('the quick fix splits an over-long string and the diagnostic goes away', () =>
    withArtifacts(workbench, 'quick-fix', async () => {
      const { page } = workbench;
      const file = join(workbench.folder, 'db.split.example.com');
      const before = readFileSync(file, 'utf8');
      await openFile(page, 'db.split.example.com');
      await showProblems(page);
      await eventually(async () => (await problems(page)).map((p) => p.code), (codes) => codes.includes('zone-string-too-long'), 'the long string is reported');
      await goTo(page, 5, 30);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: /Split into 2 strings/ });
      await action.waitFor();
      await action.click();
      await page.keyboard.press('Control+S');
      const after = await eventually(async () => readFileSync(file, 'utf8'), (text) => text !== before, 'the file is saved with the fix');
      const strings = /IN TXT (.*)$/m.exec(after)![1].match(/"[^"]*"/g)!;
      assert.equal(strings.length, 2);
      assert.ok(strings.every((s) => s.length - 2 <= 255));
      assert.equal(strings.map((s) => s.slice(1, -1)).join(''), /IN TXT "(.*)"$/m.exec(before)![1], 'the joined value is unchanged');
      await eventually(async () => (await problems(page)).map((p) => p.code), (codes) => !codes.includes('zone-string-too-long'), 'the diagnostic goes away');
    }));
});

describe('an untrusted workspace (Restricted Mode)', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ folder: demoCopy(), trusted: false });
  });

  after(async () => {
    await workbench?.close();
  });

  test('validation still works and nothing that writes to AWS is offered', () =>
    withArtifacts(workbench, 'restricted-mode', async () => {
      const { page } = workbench;
      await page.locator('text=Restricted Mode').first().waitFor();
      await openFile(page, 'broken.example.com.zone');
      await showProblems(page);
      const codes = await eventually(async () => (await problems(page)).map((p) => p.code), (c) => c.includes('spf-ptr') && c.includes('dmarc-version'), 'diagnostics in Restricted Mode');
      assert.ok(!codes.includes('spf-include-missing'), 'no DNS look-up is made without trust');
      const offered = await paletteCommands(page, 'Email Auth');
      assert.deepEqual(offered.filter((t) => /push|sync|route 53|publish/i.test(t)), []);
    }));
});

