/**
 * A push of 5,000 records through the real Route 53 SDK client to the local AWS endpoint, with
 * Route 53's five requests a second enforced by the endpoint: the records go in several
 * ChangeResourceRecordSets requests within Route 53's limits, all of them arrive, and pushing
 * the file again sends nothing. Sync deletes what the file no longer has, after the plan says so.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { startLocalAws, MAX_RECORDS, MAX_VALUE_CHARACTERS, type LocalAws } from '../../local-aws';
import { KEYS, writeProfileFiles } from '../support/sesExplorerKit';
import { openRoute53Connection, type Route53Connection } from '../../client/src/aws/route53Connection';
import { Route53Gateway } from '../../client/src/aws/route53Gateway';
import { changeCost, joinedTxtOctets } from '../../client/src/core/route53Plan';
import { readZoneFile } from '../../client/src/push/zoneFileRecords';
import { applyPushPlan, findHostedZone, matchesFile, planAgainstRoute53, type PushInput } from '../../client/src/push/pushRun';
import { deletionText } from '../../client/src/push/pushMessages';

const ZONE_ID = 'ZBULKEXAMPLE';
let endpoint: LocalAws;
let route53: Route53Connection;
let direct: Route53Client;

before(async () => {
  endpoint = await startLocalAws({
    seed: {
      credentials: [{ accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret }],
      route53: {
        hostedZones: [{
          Id: ZONE_ID,
          Name: 'bulk.example.',
          ResourceRecordSets: [
            { Name: 'gone.bulk.example.', Type: 'MX', TTL: 300, ResourceRecords: [{ Value: '10 mail.bulk.example.' }] },
            { Name: 'gone.bulk.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"v=spf1 mx -all"' }] },
            { Name: 'other.bulk.example.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"not in the file"' }] },
          ],
        }],
      },
    },
    insyncDelayMs: 100,
    rateLimits: { route53: { perSecond: 5 } },
  });
  const files = writeProfileFiles();
  route53 = await openRoute53Connection({ profile: 'demo', endpoint: endpoint.url }, { files, env: {} });
  direct = new Route53Client({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret } });
});

after(async () => {
  route53?.dispose();
  direct?.destroy();
  await endpoint?.close();
});

async function zoneRrsets(): Promise<ResourceRecordSet[]> {
  endpoint.setRateLimit('route53', undefined);
  try {
    const all: ResourceRecordSet[] = [];
    let start: { StartRecordName?: string; StartRecordType?: never; StartRecordIdentifier?: string } = {};
    for (;;) {
      const page = await direct.send(new ListResourceRecordSetsCommand({ HostedZoneId: ZONE_ID, ...start }));
      all.push(...(page.ResourceRecordSets ?? []));
      if (!page.IsTruncated) return all;
      start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as never, StartRecordIdentifier: page.NextRecordIdentifier };
    }
  } finally {
    endpoint.setRateLimit('route53', { perSecond: 5 });
  }
}

function bulkZone(count: number): string {
  const lines = ['$ORIGIN bulk.example.', '$TTL 300'];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0');
    // A mix of what mail domains hold: SPF and verification TXT values, addresses.
    lines.push(i % 2 === 0 ? `h${n} IN TXT "v=spf1 ip4:198.51.${i % 250}.0/24 include:amazonses.com -all"` : `h${n} IN A 192.0.2.${i % 250}`);
  }
  return `${lines.join('\n')}\n`;
}

test('5,000 records go in several batches within the limits, all arrive, and a second push sends nothing', async () => {
  const text = bulkZone(5000);
  const input: PushInput = { mode: 'file', file: readZoneFile(text, 'bulk.example.zone') };
  assert.equal(input.file.records.length, 5000);
  const throttled: string[] = [];
  // Without a pacer: the endpoint's rate limit throttles, and the retry policy gets through.
  const gateway = new Route53Gateway(route53.client, { pollIntervalMs: 200, events: { retry: (op, _a, code) => throttled.push(`${op} ${code}`) } });
  const lookup = await findHostedZone(gateway, input);
  assert.equal(lookup.kind, 'found');
  if (lookup.kind !== 'found') return;
  const plan = await planAgainstRoute53(gateway, lookup.zone, input);
  assert.ok(plan.ok, plan.problems.map((p) => p.message).join('\n'));
  assert.deepEqual(plan.summary, { create: 5000, change: 0, delete: 0, unchanged: 0 });
  assert.ok(plan.batches.length >= 5, `${plan.batches.length} batches`);
  for (const batch of plan.batches) {
    const cost = batch.changes.map(changeCost).reduce((a, c) => ({ records: a.records + c.records, valueChars: a.valueChars + c.valueChars }), { records: 0, valueChars: 0 });
    assert.ok(cost.records <= MAX_RECORDS && cost.valueChars <= MAX_VALUE_CHARACTERS, `batch within Route 53's limits: ${JSON.stringify(cost)}`);
  }
  endpoint.clearRequests();
  const outcome = await applyPushPlan(gateway, plan);
  assert.deepEqual(outcome.kind === 'applied' ? { kind: outcome.kind, insync: outcome.insync, changes: outcome.changeIds.length } : outcome, { kind: 'applied', insync: true, changes: plan.batches.length });
  const accepted = endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets' && r.status === 200);
  assert.equal(accepted.length, plan.batches.length, 'one accepted ChangeResourceRecordSets per batch');
  assert.ok(accepted.length > 1);

  const stored = await zoneRrsets();
  const pushed = stored.filter((s) => /^h\d{4}\.bulk\.example\.$/.test(s.Name ?? ''));
  assert.equal(pushed.length, 5000, 'all 5,000 arrived');
  const h0042 = pushed.find((s) => s.Name === 'h0042.bulk.example.');
  assert.deepEqual(h0042?.ResourceRecords?.map((r) => joinedTxtOctets(r.Value ?? '')), ['v=spf1 ip4:198.51.42.0/24 include:amazonses.com -all']);
  assert.ok(stored.some((s) => s.Name === 'other.bulk.example.'), 'rrsets the file does not name are left alone');

  endpoint.clearRequests();
  const again = await planAgainstRoute53(gateway, lookup.zone, input);
  assert.ok(matchesFile(again), JSON.stringify(again.summary));
  const second = await applyPushPlan(gateway, again);
  assert.deepEqual(second, { kind: 'applied', changeIds: [], insync: true });
  assert.equal(endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets').length, 0, 'the second push sends no change');
});

test('sync deletes the rrsets of the file\'s names that the file no longer has, never the apex NS and SOA', async () => {
  const text = '$ORIGIN bulk.example.\n$TTL 300\n@ IN NS ns1.elsewhere.example.\ngone IN TXT "v=spf1 include:amazonses.com -all"\n';
  const gateway = new Route53Gateway(route53.client, { pollIntervalMs: 100 });
  const lookup = await findHostedZone(gateway, { mode: 'sync', file: readZoneFile(text, 'bulk.example.zone') });
  assert.equal(lookup.kind, 'found');
  if (lookup.kind !== 'found') return;
  const input: PushInput = { mode: 'sync', file: readZoneFile(text, 'bulk.example.zone') };
  const plan = await planAgainstRoute53(gateway, lookup.zone, input);
  assert.ok(plan.ok, plan.problems.map((p) => p.message).join('\n'));
  assert.deepEqual(plan.rrsets.filter((r) => r.action !== 'unchanged').map((r) => `${r.name} ${r.type} ${r.action}`), ['gone.bulk.example. MX delete', 'gone.bulk.example. TXT change']);
  const deletions = deletionText(plan, lookup.zone);
  assert.equal(deletions?.message, 'Delete 1 record set from bulk.example. (public, ZBULKEXAMPLE)?');
  assert.match(deletions!.detail, /^gone\.bulk\.example\. 300 MX 10 mail\.bulk\.example\.$/m);
  assert.doesNotMatch(deletions!.detail, /TXT|other\.bulk/);
  const outcome = await applyPushPlan(gateway, plan);
  assert.equal(outcome.kind, 'applied');
  const stored = await zoneRrsets();
  assert.deepEqual(stored.filter((s) => s.Name === 'gone.bulk.example.').map((s) => `${s.Type} ${joinedTxtOctets(s.ResourceRecords![0].Value!)}`), ['TXT v=spf1 include:amazonses.com -all']);
  assert.ok(stored.some((s) => s.Name === 'bulk.example.' && s.Type === 'NS' && s.ResourceRecords!.every((r) => /awsdns/.test(r.Value!))), 'the apex NS is Route 53\'s still');
  assert.ok(stored.some((s) => s.Name === 'bulk.example.' && s.Type === 'SOA'));
  assert.ok(stored.some((s) => s.Name === 'other.bulk.example.'), 'names the file does not have are not synced');
});
