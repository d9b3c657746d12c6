/**
 * End-to-end: SES receipt rules, rule sets, send-email requests and Route 53 change batches in
 * real VS Code (code-server) through Chromium: the Problems panel, a quick fix, and where a
 * finding inside an escaped JSON string is underlined.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { demoCopy, eventually, goTo, openWorkbench, problems, runCommand, showProblems, withArtifacts, type Workbench } from './workbench';

/**
 * Opens a file of a subfolder alone, through Quick Open. (Rows of files below the root carry the
 * folder in their label, so the row is found by its name label rather than its aria-label.)
 */
async function openFile(page: Page, name: string): Promise<void> {
  if ((await page.locator('.tabs-container .tab').count()) > 0) await runCommand(page, 'View: Close All Editors');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.]/g, '\\.')}$`) }) });
  await row.first().click();
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
  await page.locator('.monaco-editor .view-lines').first().waitFor();
}

/** `line:column code` as the Problems panel shows them (1-based), from the CLI's JSON output. */
function cliProblems(file: string): string[] {
  const cli = spawnSync(process.execPath, ['dist/cli.js', 'lint', '--no-dns', '--format', 'json', file], { encoding: 'utf8' });
  return (JSON.parse(cli.stdout) as Array<{ code: string; range: { start: { line: number; character: number } } }>).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`).sort();
}

describe('SES and Route 53 JSON files', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ folder: demoCopy(), trusted: true, settings: { 'emailAuth.dns.enabled': false } });
  });

  after(async () => {
    await workbench?.close();
  });

  test('the Problems panel shows our codes for one file of each kind, as the CLI reports them', () =>
    withArtifacts(workbench, 'json-problems', async () => {
      const { page } = workbench;
      const files: Array<[string, string[]]> = [
        ['ses/broken.receipt-rule.json', ['ses-rule-s3-bucket', 'ses-rule-stop-not-last', 'ses-rule-bounce']],
        ['ses/broken.receipt-rule-set.json', ['ses-rule-unreachable', 'ses-rule-duplicate-name']],
        ['ses/broken.send-email.json', ['ses-send-list-unsubscribe', 'ses-send-feedback-header', 'ses-send-feedback-id-repeat']],
        ['route53/broken.change-batch.json', ['spf-ptr', 'r53-duplicate-change', 'r53-txt-unquoted', 'r53-txt-escape']],
      ];
      await showProblems(page);
      await runCommand(page, 'View: Toggle Maximized Panel');
      for (const [file, codes] of files) {
        const expected = cliProblems(join(workbench.folder, file));
        for (const code of codes) assert.ok(expected.some((e) => e.endsWith(` ${code}`)), `the CLI reports ${code} for ${file}`);
        await openFile(page, file.split('/').pop()!);
        const rows = await eventually(
          async () => (await problems(page)).map((p) => `${p.line}:${p.column} ${p.code}`).sort(),
          (seen) => seen.length === expected.length && seen.every((s, i) => s === expected[i]),
          `Problems panel for ${file} matches the CLI`,
        );
        assert.deepEqual(rows, expected);
      }
      await runCommand(page, 'View: Toggle Maximized Panel');
    }));

  test('a change-batch SPF problem is underlined where "ptr" is written inside the escaped JSON string', () =>
    withArtifacts(workbench, 'json-change-batch-position', async () => {
      const { page } = workbench;
      const text = readFileSync(join(workbench.folder, 'route53', 'broken.change-batch.json'), 'utf8');
      const lines = text.split('\n');
      const line = lines.findIndex((l) => l.includes('ptr -all'));
      const column = lines[line].indexOf('ptr') + 1;
      await openFile(page, 'broken.change-batch.json');
      await showProblems(page);
      const ptr = await eventually(
        async () => (await problems(page)).filter((p) => p.code === 'spf-ptr'),
        (rows) => rows.length === 1,
        'the spf-ptr problem',
      );
      assert.deepEqual([ptr[0].line, ptr[0].column], [line + 1, column]);
    }));

  test('the List-Unsubscribe-Post quick fix writes List-Unsubscribe=One-Click and the problem goes away', () =>
    withArtifacts(workbench, 'json-quick-fix', async () => {
      const { page } = workbench;
      const file = join(workbench.folder, 'ses', 'broken.send-email.json');
      const before = readFileSync(file, 'utf8');
      const lines = before.split('\n');
      const line = lines.findIndex((l) => l.includes('"One-Click"'));
      await openFile(page, 'broken.send-email.json');
      await showProblems(page);
      await eventually(async () => (await problems(page)).map((p) => p.code), (codes) => codes.includes('ses-send-list-unsubscribe'), 'the One-Click value is reported');
      await goTo(page, line + 1, lines[line].indexOf('One-Click') + 3);
      await page.keyboard.press('Control+.');
      const action = page.locator('.action-widget .monaco-list-row', { hasText: /List-Unsubscribe=One-Click/ });
      await action.waitFor();
      await action.click();
      await page.keyboard.press('Control+S');
      const after = await eventually(async () => readFileSync(file, 'utf8'), (t) => t !== before, 'the file is saved with the fix');
      assert.match(after.split('\n')[line], /"Name": "List-Unsubscribe-Post", "Value": "List-Unsubscribe=One-Click"/);
      await eventually(async () => (await problems(page)).map((p) => p.code), (codes) => !codes.includes('ses-send-list-unsubscribe') && codes.includes('ses-send-feedback-header'), 'the diagnostic goes away, the others stay');
    }));
});
