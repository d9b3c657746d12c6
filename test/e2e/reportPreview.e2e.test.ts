/**
 * End-to-end: the DMARC report preview in real VS Code (code-server) driven through Chromium. A
 * report opens in the preview and shows its numbers, with the unknown sender named by its reverse
 * DNS (a PTR record on a loopback DNS server, reverse DNS on in a trusted workspace); a report
 * whose org_name is an HTML payload shows it as text and runs nothing; a folder opens from the
 * explorer with its chart.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { reverseName, startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { RESULTS_DIR, demoCopy, eventually, openWorkbench, runCommand, withArtifacts, type Workbench } from './workbench';

const DEMO_REPORT = 'mail.example.net!example.com!1764201600!1764287999.xml';
const EVIL_REPORT = 'evil.example!example.com!1700000000!1700086399.xml';
const PAYLOAD = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

function evilReport(): string {
  const escaped = PAYLOAD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata>
    <org_name>${escaped}</org_name>
    <email>${escaped}</email>
    <report_id>javascript:window.__pwned=3</report_id>
    <date_range><begin>1700000000</begin><end>1700086399</end></date_range>
  </report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  <record>
    <row><source_ip>192.0.2.66</source_ip><count>7</count><policy_evaluated><disposition>none</disposition><dkim>fail</dkim><spf>fail</spf></policy_evaluated></row>
    <identifiers><header_from>example.com</header_from></identifiers>
    <auth_results><dkim><domain>${escaped}</domain><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf></auth_results>
  </record>
</feedback>
`;
}

/** Opens a file by name through Quick Open; report file names open in the preview by default. */
async function quickOpen(page: Page, name: string): Promise<void> {
  if ((await page.locator('.tabs-container .tab').count()) > 0) await runCommand(page, 'View: Close All Editors');
  if (await page.locator('.quick-input-widget').isVisible()) await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await page.locator(`.tab.active[data-resource-name="${name}"]`).waitFor();
}

/** The frame of our webview: webviews are iframes inside iframes; ours has #report-root. */
async function previewFrame(page: Page, ready: (frame: Frame) => Promise<boolean>): Promise<Frame> {
  let found: Frame | undefined;
  await eventually(
    async () => {
      for (const frame of page.frames()) {
        try {
          if ((await frame.locator('#report-root').count()) > 0 && (await ready(frame))) {
            found = frame;
            return true;
          }
        } catch {
          // A frame that navigates away while asked.
        }
      }
      return false;
    },
    (ok) => ok,
    'the report preview webview',
  );
  return found!;
}

const text = (frame: Frame, selector: string) => frame.locator(selector).first().innerText();

describe('the DMARC report preview', () => {
  let workbench: Workbench;
  let folder: string;
  let dns: LoopbackDnsServer;

  before(async () => {
    folder = demoCopy();
    writeFileSync(join(folder, 'reports', EVIL_REPORT), evilReport());
    // The demo's spoofing source gets a PTR name; every other address is NXDOMAIN.
    dns = await startLoopbackDnsServer({ [reverseName('203.0.113.77')]: [{ type: 'PTR', value: 'mta7.bulk.example-crm.net' }] });
    workbench = await openWorkbench({
      folder,
      trusted: true,
      settings: { 'emailAuth.reports.reverseDns': true, 'emailAuth.dns.servers': [`127.0.0.1:${dns.port}`], 'emailAuth.dns.timeoutMs': 2000 },
    });
  });

  after(async () => {
    await workbench?.close();
    await dns?.close();
  });

  test('a report opens in the preview and shows its numbers', () =>
    withArtifacts(workbench, 'report-preview-numbers', async () => {
      const { page } = workbench;
      await quickOpen(page, DEMO_REPORT);
      const frame = await previewFrame(page, async (f) => (await f.locator('#total-messages').count()) > 0);
      // Reverse DNS names the unknown sender once the look-ups are done (and the view is redrawn).
      await eventually(() => text(frame, '#report-sources'), (t) => t.includes('example-crm.net (reverse DNS)'), 'the source named by its PTR record');
      assert.ok(dns.queries.some((q) => q.type === 'PTR' && q.name === '77.113.0.203.in-addr.arpa'), 'the PTR look-up went to the loopback DNS server');
      assert.match(await text(frame, '#total-messages'), /1,309/);
      assert.match(await text(frame, '#total-dmarc'), /99\.1%/);
      assert.match(await text(frame, '#total-dkim'), /99\.1%/);
      assert.match(await text(frame, '#total-spf'), /94\.7%/);
      const metadata = await text(frame, '#report-metadata');
      assert.match(metadata, /mail\.example\.net/);
      assert.match(metadata, /demo-20261127-0001/);
      assert.match(metadata, /2025-11-27 00:00:00 UTC – 2025-11-27 23:59:59 UTC/);
      assert.match(metadata, /p=reject; sp=reject; np=reject; adkim=s; aspf=r/);
      const sources = await text(frame, '#report-sources');
      assert.match(sources, /Amazon SES/);
      assert.match(sources, /SPF passes for amazonses\.com but is not aligned/);
      assert.match(sources, /DKIM and SPF both fail from unknown sources/);
      // Rows: sorted by messages, then "Failures only" leaves the spoofed one.
      const rows = frame.locator('#report-table tbody tr');
      assert.equal(await rows.count(), 3);
      assert.match(await rows.first().innerText(), /54\.240\.8\.21/);
      await frame.locator('#failures-only').check();
      await eventually(() => rows.count(), (n) => n === 1, 'failures only');
      assert.match(await rows.first().innerText(), /203\.0\.113\.77/);
      // The generated MAIL FROM records (no other extension provides the command here).
      await frame.locator('button', { hasText: 'Generate MAIL FROM records for example.com' }).click();
      const region = page.locator('.quick-input-widget input');
      await region.waitFor();
      await region.fill('eu-west-1');
      await page.keyboard.press('Enter');
      await eventually(() => frame.locator('#report-snippet pre').count(), (n) => n === 1, 'the zone snippet');
      assert.match(await text(frame, '#report-snippet pre'), /mail\.example\.com\. 300 IN MX 10 feedback-smtp\.eu-west-1\.amazonses\.com\./);
      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'report-preview.png') });
    }));

  test('a payload in org_name is shown as text and runs nothing', () =>
    withArtifacts(workbench, 'report-preview-payload', async () => {
      const { page } = workbench;
      await quickOpen(page, EVIL_REPORT);
      const frame = await previewFrame(page, async (f) => (await f.locator('#total-messages').count()) > 0 && /evil|img/.test(await f.locator('#report-metadata').innerText()));
      const reporter = frame.locator('#report-metadata .field', { hasText: 'Reporter' }).locator('.value');
      assert.equal(await reporter.innerText(), PAYLOAD, 'the payload is visible, literally');
      assert.equal(await frame.locator('#report-root img').count(), 0, 'no <img> was created');
      assert.equal(await frame.locator('#report-root script').count(), 0, 'no <script> was created');
      assert.equal(await frame.locator('a[href]').count(), 0, 'no link from report data');
      assert.match(await text(frame, '#report-table'), /<img src=x onerror=/);
      // Give an injected handler every chance to run, then look in every frame of the page.
      await page.waitForTimeout(500);
      assert.equal(await frame.evaluate('typeof window.__pwned'), 'undefined', 'nothing ran in the preview');
      for (const f of page.frames()) {
        const pwned = await f.evaluate('typeof window.__pwned === "undefined" ? undefined : window.__pwned').catch(() => undefined);
        assert.equal(pwned, undefined, `window.__pwned is unset in ${f.url().slice(0, 80)}`);
      }
    }));

  test('a folder opens from the explorer with all its reports and a chart', () =>
    withArtifacts(workbench, 'report-preview-folder', async () => {
      const { page } = workbench;
      await runCommand(page, 'View: Close All Editors');
      await runCommand(page, 'View: Show Explorer');
      const row = page.locator('.explorer-folders-view .monaco-list-row[aria-label="reports"]').first();
      await row.waitFor();
      await row.click({ button: 'right' });
      const item = page.locator('.context-view .action-label', { hasText: 'DMARC Report Preview' });
      await item.waitFor();
      // A click while the menu is still fading in can go unheeded: click until the menu has gone.
      await eventually(
        async () => {
          if (await item.isVisible()) await item.click().catch(() => undefined);
          return item.isVisible();
        },
        (visible) => !visible,
        'the context menu to take the click',
      );
      const frame = await previewFrame(page, async (f) => (await f.locator('#report-chart').count()) > 0);
      assert.match(await text(frame, 'h1'), /3 DMARC aggregate reports/);
      assert.match(await text(frame, '#total-messages'), /2,190/);
      assert.equal(await frame.locator('#report-chart svg rect').count(), 2 * 3, 'a pass and a fail bar for each of three days');
      await frame.locator('#report-chart').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(RESULTS_DIR, 'report-preview-folder.png') });
    }));
});
