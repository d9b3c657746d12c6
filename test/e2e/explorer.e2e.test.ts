/**
 * End-to-end: the AWS explorer in real VS Code (code-server) against the local AWS endpoint, with
 * AWS config files and Machine settings as a person would have them. Scenarios: the views list
 * what the endpoint holds, "Generate DNS records" yields a fragment the language server accepts,
 * "Open as JSON" shows a rule the language server checks, "Check DNS" reports against a loopback
 * DNS server, the status bar switches profiles, and Restricted Mode sends nothing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { easyDkimTokens, startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws/index';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { explorerSeed, writeProfileFiles, type ProfileFiles } from '../support/sesExplorerKit';
import { demoCopy, eventually, openWorkbench, problems, runCommand, showProblems, withArtifacts, type Workbench } from './workbench';

const AMAZONSES_SPF = 'v=spf1 ip4:199.255.192.0/22 ip4:199.127.232.0/22 ip4:54.240.0.0/18 ip4:69.169.224.0/20 -all';

/** The explorer seed plus a rule with a known problem: a bucket name S3 would refuse. */
function e2eSeed(): LocalAwsSeed {
  const seed = explorerSeed();
  seed.ses!.receiptRuleSets![0].Rules!.push({
    Name: 'broken-bucket',
    Enabled: true,
    Recipients: ['orders@example.com'],
    Actions: [{ S3Action: { BucketName: 'Orders_Mail', ObjectKeyPrefix: 'orders/' } }],
    ScanEnabled: true,
  });
  return seed;
}

function awsEnvironment(files: ProfileFiles): Record<string, string> {
  return { AWS_CONFIG_FILE: files.config, AWS_SHARED_CREDENTIALS_FILE: files.credentials, AWS_EC2_METADATA_DISABLED: 'true' };
}

/** Opens the "Email Auth" container with its activity-bar icon, as a person would. */
async function openExplorer(page: Page): Promise<void> {
  const icon = page.locator('.activitybar .action-item a[aria-label^="Email Auth"], .activitybar .action-item [aria-label^="Email Auth"]').first();
  await icon.waitFor();
  if ((await pane(page, 'SES Identities').count()) === 0) await icon.click();
  await pane(page, 'SES Identities').waitFor();
}

function pane(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header h3.title', { hasText: title }) });
}

/** "label description" of every row a tree view shows. */
async function treeRows(page: Page, title: string): Promise<string[]> {
  const rows = pane(page, title).locator('.monaco-list-row');
  return (await rows.evaluateAll((els) => els.map((e) => [e.querySelector('.label-name')?.textContent ?? '', e.querySelector('.label-description')?.textContent ?? ''].join(' ').trim())));
}

function row(page: Page, title: string, label: string): Locator {
  return pane(page, title).locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
}

async function contextMenu(page: Page, target: Locator, item: string): Promise<void> {
  await target.click({ button: 'right' });
  const entry = page.locator('.monaco-menu .action-item', { hasText: item }).first();
  await entry.waitFor();
  // The menu acts on the item it has focused; hovering focuses it, Enter runs it.
  await entry.hover();
  await page.locator('.monaco-menu .action-item.focused', { hasText: item }).waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').waitFor({ state: 'hidden' });
}

async function editorText(page: Page): Promise<string> {
  return (await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

describe('the AWS explorer in a trusted workspace', () => {
  let aws: LocalAws;
  let dns: LoopbackDnsServer;
  let files: ProfileFiles;
  let workbench: Workbench;

  before(async () => {
    aws = await startLocalAws({ seed: e2eSeed() });
    files = writeProfileFiles();
    const [token] = easyDkimTokens('example.com');
    dns = await startLoopbackDnsServer({
      'amazonses.com': [{ type: 'TXT', value: AMAZONSES_SPF }],
      [`${token}._domainkey.example.com`]: [{ type: 'CNAME', value: `${token}.dkim.amazonses.com` }],
      'mail.example.com': [{ type: 'MX', value: 'feedback-smtp.us-east-1.amazonses.com', priority: 10 }],
      '_dmarc.example.com': [{ type: 'TXT', value: 'v=DMARC1; p=reject' }],
    });
    const dnsSettings = { 'emailAuth.dns.servers': [`127.0.0.1:${dns.port}`], 'emailAuth.dns.timeoutMs': 1000 };
    workbench = await openWorkbench({
      folder: demoCopy(),
      trusted: true,
      settings: dnsSettings,
      machineSettings: { ...dnsSettings, 'emailAuth.aws.profile': 'demo', 'emailAuth.aws.region': 'us-east-1', 'emailAuth.aws.endpoint': aws.url },
      env: awsEnvironment(files),
    });
  });

  after(async () => {
    await workbench?.close();
    await dns?.close();
    await aws?.close();
  });

  test('the views list the identities and rule sets of the account, the active set marked', () =>
    withArtifacts(workbench, 'explorer-views', async () => {
      const { page } = workbench;
      await openExplorer(page);
      const identities = await eventually(() => treeRows(page, 'SES Identities'), (r) => r.length >= 5, 'identities listed');
      assert.deepEqual(identities, ['example.com verified', 'support@example.com verified', 'news.example.net pending verification, sending disabled', 'example.org verified', 'alerts@example.org verified']);
      const ruleSets = await eventually(() => treeRows(page, 'Receipt Rule Sets'), (r) => r.some((t) => t.startsWith('store-support')), 'rule sets listed, the active one expanded');
      assert.deepEqual(ruleSets.slice(0, 4), ['inbound active', 'store-support 1', 'bounce-rest 2 · disabled', 'broken-bucket 3']);
      assert.ok(ruleSets.includes('archive'), JSON.stringify(ruleSets));
      await page.locator('.statusbar-item', { hasText: 'AWS: demo (us-east-1)' }).waitFor();
      await row(page, 'SES Identities', 'example.com').click();
      const details = await eventually(() => treeRows(page, 'SES Identities'), (r) => r.some((t) => t.startsWith('DKIM')), 'identity expanded');
      assert.ok(details.includes('MAIL FROM mail.example.com (SUCCESS)'), JSON.stringify(details));
      assert.equal(details.filter((t) => t.endsWith('.dkim.amazonses.com')).length, 3, 'three DKIM tokens');
      await row(page, 'SES Identities', 'example.com').click();
    }));

  test('"Generate DNS records" opens a zone fragment the language server finds nothing wrong in', () =>
    withArtifacts(workbench, 'explorer-generate-dns', async () => {
      const { page } = workbench;
      await contextMenu(page, row(page, 'SES Identities', 'example.com'), 'Generate DNS Records for SES Identity');
      const text = await eventually(() => editorText(page), (t) => t.includes('inbound-smtp.us-east-1.amazonaws.com'), 'the fragment is shown');
      assert.match(text, /mail\.example\.com\. 3600 IN MX 10 feedback-smtp\.us-east-1\.amazonses\.com\./);
      assert.match(text, /_dmarc\.example\.com\. 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example\.com"/);
      await page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
      // The new editor takes the focus; the palette opened before that would close again.
      await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
      await showProblems(page);
      // The server has seen the document once the p=none reminder (information) is listed; nothing else may be.
      const rows = await eventually(() => problems(page), (r) => r.some((p) => p.code === 'dmarc-policy-none'), 'the fragment was checked');
      assert.deepEqual(rows.map((p) => p.code), ['dmarc-policy-none']);
      const severities = await page.locator('.markers-panel .monaco-list-row .marker-icon').evaluateAll((els) => els.map((e) => e.className));
      assert.ok(severities.every((c) => !/codicon-(error|warning)/.test(c)), `only information: ${JSON.stringify(severities)}`);
      await runCommand(page, 'View: Revert and Close Editor');
    }));

  test('"Open as JSON" shows the rule read-only, and the language server checks it', () =>
    withArtifacts(workbench, 'explorer-open-json', async () => {
      const { page } = workbench;
      await contextMenu(page, row(page, 'Receipt Rule Sets', 'broken-bucket'), 'Open Receipt Rule as JSON');
      await page.locator('.tab.active[data-resource-name="broken-bucket.receipt-rule.json"]').waitFor();
      const text = await eventually(() => editorText(page), (t) => t.includes('Orders_Mail'), 'the rule is shown');
      await page.locator('.editor-group-container.active .monaco-editor.focused').waitFor();
      assert.match(text, /"Name": "broken-bucket"/);
      assert.match(text, /"Recipients": \[\s*"orders@example\.com"\s*\]/);
      await showProblems(page);
      const rows = await eventually(() => problems(page), (r) => r.some((p) => p.code === 'ses-rule-s3-bucket'), 'the bad bucket name is reported');
      const bucketLine = text.split('\n').findIndex((l) => l.includes('"BucketName"')) + 1;
      assert.deepEqual(rows.filter((p) => p.code === 'ses-rule-s3-bucket').map((p) => p.line), [bucketLine]);
      // Read-only: typing changes nothing.
      await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await page.keyboard.type('xyz');
      assert.ok(!(await editorText(page)).includes('xyz'), 'the rule document cannot be edited');
      await runCommand(page, 'View: Close All Editors');
    }));

  test('"Check DNS" lists the records missing or different in DNS', () =>
    withArtifacts(workbench, 'explorer-check-dns', async () => {
      const { page } = workbench;
      await contextMenu(page, row(page, 'SES Identities', 'example.com'), 'Check DNS of SES Identity');
      const output = page.locator('.panel .monaco-editor .view-lines').first();
      await eventually(async () => ((await output.count()) > 0 ? await output.innerText() : ''), (t) => /\[(ok|MISSING)\]/.test(t), 'the check is written to the output');
      // The output scrolls to its end; show all of it from the top.
      await runCommand(page, 'View: Toggle Maximized Panel');
      await output.click();
      await page.keyboard.press('Control+Home');
      const text = await eventually(async () => (await output.innerText()).replace(/\u00a0/g, ' '), (t) => /not checked/.test(t), 'the summary is shown');
      await runCommand(page, 'View: Toggle Maximized Panel');
      assert.match(text, /DNS check of the SES identity example\.com \(us-east-1\) via 127\.0\.0\.1:\d+/);
      assert.match(text, /3 ok, 4 missing, 0 different, 0 not checked/);
      assert.match(text, /\[MISSING\] mail\.example\.com TXT "v=spf1 include:amazonses\.com ~all"/);
      assert.ok(dns.queries.some((q) => q.name === '_dmarc.example.com' && q.type === 'TXT'), 'asked the loopback DNS server');
    }));

  test('the status bar switches the profile and the views follow', () =>
    withArtifacts(workbench, 'explorer-switch-profile', async () => {
      const { page } = workbench;
      await page.locator('.statusbar-item', { hasText: 'AWS: demo (us-east-1)' }).click();
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('expired');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'expired' }).first().click();
      await page.locator('.statusbar-item', { hasText: 'AWS: expired (us-east-1)' }).waitFor();
      const rows = await eventually(() => treeRows(page, 'SES Identities'), (r) => r.some((t) => t.startsWith('Failed to load')), 'the error node');
      assert.deepEqual(rows, ['Failed to load: credentials expired click to retry']);
      const seenKeys = new Set(aws.requests.map((r) => r.accessKeyId));
      assert.ok(seenKeys.has(explorerSeed().credentials[2].accessKeyId), 'the expired key was used after the switch');
      assert.ok(!workbench.server.logs().includes(explorerSeed().credentials[0].secretAccessKey), 'no secret in the logs');
    }));
});

describe('the AWS explorer in Restricted Mode', () => {
  let aws: LocalAws;
  let workbench: Workbench;

  before(async () => {
    aws = await startLocalAws({ seed: e2eSeed() });
    const files = writeProfileFiles();
    workbench = await openWorkbench({
      folder: demoCopy(),
      trusted: false,
      machineSettings: { 'emailAuth.aws.profile': 'demo', 'emailAuth.aws.region': 'us-east-1', 'emailAuth.aws.endpoint': aws.url },
      env: awsEnvironment(files),
    });
  });

  after(async () => {
    await workbench?.close();
    await aws?.close();
  });

  test('the views ask for trust and no request reaches AWS', () =>
    withArtifacts(workbench, 'explorer-restricted', async () => {
      const { page } = workbench;
      await page.locator('text=Restricted Mode').first().waitFor();
      await openExplorer(page);
      await pane(page, 'SES Identities').locator('.welcome-view-content', { hasText: 'only in a trusted workspace' }).waitFor();
      await runCommand(page, 'Email Auth: Generate DNS Records for SES Identity');
      await page.locator('.notifications-toasts', { hasText: 'talks to AWS only in a trusted workspace' }).waitFor();
      assert.deepEqual(aws.requests, [], 'nothing was sent to the endpoint');
      assert.equal(await page.locator('.statusbar-item', { hasText: 'AWS:' }).count(), 0, 'no AWS status bar item');
    }));
});
