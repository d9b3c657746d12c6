/**
 * End-to-end: pushing a record to Route 53 from real VS Code (code-server in Chromium). The local
 * AWS endpoint runs in this process; code-server's extension host reaches it through the machine
 * settings emailAuth.aws.* and a throw-away AWS config and credentials file, as a user's would.
 * What Route 53 holds is read from the endpoint's state, and its request log says what was sent.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws';
import { demoCopy, eventually, openFile, openWorkbench, paletteCommands, withArtifacts, type Workbench } from './workbench';

const KEY = { id: 'AKIAPUSHE2ETEST00001', secret: 'push-e2e-secret-key-only-for-the-local-endpoint' };
const GOOGLE = '"google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ"';
const OLD_SPF = '"v=spf1 include:_spf.google.com ~all"';

const SEED: LocalAwsSeed = {
  credentials: [{ accessKeyId: KEY.id, secretAccessKey: KEY.secret }],
  route53: {
    hostedZones: [
      {
        Id: 'Z0PUSHPUBLIC',
        Name: 'example.com.',
        Config: { Comment: 'Public zone of example.com', PrivateZone: false },
        ResourceRecordSets: [
          { Name: 'example.com.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: GOOGLE }, { Value: OLD_SPF }] },
          { Name: '_dmarc.example.com.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=DMARC1; p=none"' }] },
        ],
      },
      {
        Id: 'Z0PUSHPRIVATE',
        Name: 'example.com.',
        Config: { Comment: 'Private zone of example.com for the VPC', PrivateZone: true },
        VPCs: [{ VPCRegion: 'us-east-1', VPCId: 'vpc-0a1b2c3d4e5f60789' }],
        ResourceRecordSets: [{ Name: 'example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"internal-only"' }] }],
      },
    ],
  },
};

function awsFiles(): { config: string; credentials: string } {
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-push-aws-'));
  const config = join(dir, 'config');
  const credentials = join(dir, 'credentials');
  writeFileSync(config, '[profile push]\nregion = us-east-1\n');
  writeFileSync(credentials, `[push]\naws_access_key_id = ${KEY.id}\naws_secret_access_key = ${KEY.secret}\n`);
  return { config, credentials };
}

function zoneTxt(endpoint: LocalAws, zoneId: string, name: string): string[] {
  const zone = endpoint.state.route53.zones.find((z) => z.id === zoneId);
  return (zone?.rrsets.find((r) => r.Name === name && r.Type === 'TXT')?.ResourceRecords ?? []).map((r) => r.Value).sort();
}

function changeRequests(endpoint: LocalAws) {
  return endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets');
}

/** Clicks the "Push to Route 53" lens drawn just above the first line containing `text`. */
async function clickLensAbove(page: Page, text: string): Promise<void> {
  const line = page.locator('.monaco-editor .view-line', { hasText: text }).first();
  await line.waitFor();
  const lenses = page.locator('.monaco-editor .codelens-decoration a', { hasText: 'Push to Route 53' });
  // Lenses push the lines down as they arrive: measure until the layout has settled on one right above.
  const nearest = async () => {
    const lineBox = await line.boundingBox();
    let best = { index: -1, gap: Number.POSITIVE_INFINITY, height: lineBox?.height ?? 0 };
    for (let i = 0; i < (await lenses.count()); i++) {
      const box = await lenses.nth(i).boundingBox();
      if (!box || !lineBox) continue;
      const gap = lineBox.y - (box.y + box.height);
      if (gap >= -2 && gap < best.gap) best = { index: i, gap, height: lineBox.height };
    }
    return best;
  };
  const found = await eventually(nearest, (b) => b.index >= 0 && b.gap < b.height, `a lens right above "${text}"`);
  await lenses.nth(found.index).click();
}

async function pickPublicZone(page: Page): Promise<void> {
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'public example.com.' });
  await row.waitFor();
  assert.equal(await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'private example.com.' }).count(), 1, 'the private zone is offered too');
  await row.click();
}

async function confirmation(page: Page) {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor();
  return dialog;
}

describe('a trusted workspace with a Route 53 endpoint', () => {
  let endpoint: LocalAws;
  let workbench: Workbench;

  before(async () => {
    endpoint = await startLocalAws({ seed: SEED, insyncDelayMs: 1500 });
    const files = awsFiles();
    workbench = await openWorkbench({
      folder: demoCopy(),
      trusted: true,
      machineSettings: { 'emailAuth.aws.profile': 'push', 'emailAuth.aws.region': 'us-east-1', 'emailAuth.aws.endpoint': endpoint.url },
      env: { AWS_CONFIG_FILE: files.config, AWS_SHARED_CREDENTIALS_FILE: files.credentials, AWS_EC2_METADATA_DISABLED: 'true' },
    });
  });

  beforeEach(async () => {
    endpoint.reset();
    // A scenario that failed may have left its question open.
    const open = workbench.page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Cancel$/ });
    if (await open.isVisible()) await open.click();
    await workbench.page.keyboard.press('Escape');
  });

  after(async () => {
    await workbench?.close();
    await endpoint?.close();
  });

  test('the CodeLens above an SPF record previews, asks, and the confirmed push changes the zone', () =>
    withArtifacts(workbench, 'route53-push-confirm', async () => {
      const { page } = workbench;
      await openFile(page, 'example.com.zone');
      await clickLensAbove(page, 'v=spf1 include:amazonses.com -all');
      await pickPublicZone(page);
      const dialog = await confirmation(page);
      // The preview is open next to the question, and nothing has been sent yet.
      await page.locator('.tab', { hasText: 'Route 53 ↔ planned' }).first().waitFor();
      const modified = page.locator('.editor-instance .modified-in-monaco-diff-editor .view-line');
      // The editor draws spaces as no-break spaces.
      const planned = async () => (await modified.allTextContents()).map((l) => l.replace(/\u00a0/g, ' '));
      await eventually(planned, (lines) => lines.some((l) => l.includes('IN TXT "v=spf1 include:amazonses.com -all"')), 'the planned side shows the new SPF value');
      assert.match(await dialog.innerText(), /Push to the Route 53 hosted zone example\.com\. \(public, Z0PUSHPUBLIC\)\?/);
      assert.match(await dialog.innerText(), /0 to create, 1 to change, 0 to delete/);
      assert.match(await dialog.innerText(), /replaces the SPF value in Route 53/);
      assert.deepEqual(changeRequests(endpoint), [], 'nothing is sent before the confirmation');

      await dialog.locator('.monaco-button', { hasText: /^Push$/ }).click();
      await page.locator('.notification-toast', { hasText: 'Route 53 now matches the file' }).waitFor({ timeout: 60000 });
      assert.deepEqual(zoneTxt(endpoint, 'Z0PUSHPUBLIC', 'example.com.'), [GOOGLE, '"google-site-verification=abc123; not an SPF record"', '"v=spf1 include:amazonses.com -all"'].sort());
      assert.deepEqual(zoneTxt(endpoint, 'Z0PUSHPRIVATE', 'example.com.'), ['"internal-only"'], 'the private zone is untouched');
      assert.deepEqual(zoneTxt(endpoint, 'Z0PUSHPUBLIC', '_dmarc.example.com.'), ['"v=DMARC1; p=none"'], 'only the chosen record set changed');
      assert.deepEqual(changeRequests(endpoint).map((r) => r.status), [200]);
      assert.ok(endpoint.requests.some((r) => r.operation === 'GetChange'), 'the push waited for INSYNC');
    }));

  test('cancelling the confirmation sends nothing', () =>
    withArtifacts(workbench, 'route53-push-cancel', async () => {
      const { page } = workbench;
      const before = JSON.stringify(endpoint.state.route53.zones);
      await openFile(page, 'example.com.zone');
      await clickLensAbove(page, 'v=DMARC1; p=reject');
      await pickPublicZone(page);
      const dialog = await confirmation(page);
      assert.match(await dialog.innerText(), /_dmarc\.example\.com\. TXT/);
      await dialog.locator('.monaco-button', { hasText: /^Cancel$/ }).click();
      await page.locator('.statusbar', { hasText: 'Push cancelled: nothing was sent to Route 53.' }).waitFor();
      assert.deepEqual(changeRequests(endpoint), [], 'no ChangeResourceRecordSets');
      assert.equal(JSON.stringify(endpoint.state.route53.zones), before, 'the zones are as they were');
      assert.ok(endpoint.requests.some((r) => r.operation === 'ListResourceRecordSets'), 'Route 53 was read for the preview');
    }));
});

describe('an untrusted workspace', () => {
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ folder: demoCopy(), trusted: false });
  });

  after(async () => {
    await workbench?.close();
  });

  test('offers neither the push commands nor the CodeLens', () =>
    withArtifacts(workbench, 'route53-push-untrusted', async () => {
      const { page } = workbench;
      await page.locator('text=Restricted Mode').first().waitFor();
      await openFile(page, 'example.com.zone');
      await page.locator('.monaco-editor .view-line', { hasText: 'v=spf1 include:amazonses.com -all' }).first().waitFor();
      assert.deepEqual((await paletteCommands(page, 'Route 53')).filter((t) => /push|sync/i.test(t)), []);
      assert.equal(await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Push to Route 53' }).count(), 0);
    }));
});
