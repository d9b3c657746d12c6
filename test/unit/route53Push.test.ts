/**
 * Pushing zone-file records to Route 53 end to end below VS Code: the real zone parser, the
 * planner, the gateway on the real @aws-sdk/client-route-53 over HTTP to the local AWS endpoint,
 * with credentials from shared AWS files resolved the way the explorer resolves them. What Route
 * 53 holds afterwards is read with a separate SDK client, and the endpoint's request log says
 * what was sent.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { ChangeResourceRecordSetsCommand, GetChangeCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import { startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws';
import { KEYS, writeProfileFiles, type ProfileFiles } from '../support/sesExplorerKit';
import { openRoute53Connection, type Route53Connection } from '../../client/src/aws/route53Connection';
import { Route53Cancelled, Route53Gateway, type HostedZoneInfo } from '../../client/src/aws/route53Gateway';
import { joinedTxtOctets, planPush, tokenizeRoute53Value, type PushMode } from '../../client/src/core/route53Plan';
import { readZoneFile, recordAt, recordsInRange } from '../../client/src/push/zoneFileRecords';
import { applyPushPlan, findHostedZone, matchesFile, planAgainstRoute53, type PushInput } from '../../client/src/push/pushRun';
import { confirmationText, outcomeText } from '../../client/src/push/pushMessages';
import type { DnsRecord } from '../../server/src/service/records';

const PUBLIC = 'ZPUBLICEXAMPLE';
const PRIVATE = 'ZPRIVATEEXAMPLE';
const GOOGLE = '"google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ"';

function seed(): LocalAwsSeed {
  return {
    credentials: [{ accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret }],
    route53: {
      hostedZones: [
        {
          Id: PUBLIC,
          Name: 'example.com.',
          Config: { PrivateZone: false },
          ResourceRecordSets: [
            { Name: 'example.com.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: GOOGLE }, { Value: '"v=spf1 include:_spf.google.com ~all"' }] },
            { Name: 'example.com.', Type: 'MX', TTL: 3600, ResourceRecords: [{ Value: '10 inbound-smtp.us-east-1.amazonaws.com.' }] },
            { Name: '_dmarc.example.com.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: '"v=DMARC1; p=none"' }] },
            { Name: 'www.example.com.', Type: 'A', TTL: 300, ResourceRecords: [{ Value: '192.0.2.10' }] },
          ],
        },
        {
          Id: PRIVATE,
          Name: 'example.com.',
          Config: { PrivateZone: true },
          VPCs: [{ VPCRegion: 'us-east-1', VPCId: 'vpc-0a1b2c3d4e5f60789' }],
          ResourceRecordSets: [{ Name: 'example.com.', Type: 'TXT', TTL: 300, ResourceRecords: [{ Value: '"internal-only"' }] }],
        },
        { Id: 'ZEXAMPLEORG', Name: 'example.org.' },
      ],
    },
  };
}

let endpoint: LocalAws;
let files: ProfileFiles;
let route53: Route53Connection;
let gateway: Route53Gateway;
let direct: Route53Client;
const retries: string[] = [];

before(async () => {
  endpoint = await startLocalAws({ seed: seed(), insyncDelayMs: 150 });
  files = writeProfileFiles();
  route53 = await openRoute53Connection({ profile: 'demo', endpoint: endpoint.url }, { files, env: {} });
  gateway = new Route53Gateway(route53.client, { pollIntervalMs: 40, random: () => 0, events: { retry: (operation, attempt, code) => retries.push(`${operation} ${attempt} ${code}`) } });
  direct = new Route53Client({ endpoint: endpoint.url, region: 'us-east-1', credentials: { accessKeyId: KEYS.demo.id, secretAccessKey: KEYS.demo.secret } });
});

beforeEach(() => {
  endpoint.reset();
  endpoint.setInsyncDelay(150);
  retries.length = 0;
});

after(async () => {
  route53?.dispose();
  direct?.destroy();
  await endpoint?.close();
});

/** Every rrset of a zone, through all pages, read with a client that is not the gateway's. */
async function zoneRrsets(zoneId: string): Promise<ResourceRecordSet[]> {
  const all: ResourceRecordSet[] = [];
  let start: { StartRecordName?: string; StartRecordType?: never; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await direct.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, ...start }));
    all.push(...(page.ResourceRecordSets ?? []));
    if (!page.IsTruncated) return all;
    start = { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType as never, StartRecordIdentifier: page.NextRecordIdentifier };
  }
}

async function rrset(zoneId: string, name: string, type: string): Promise<ResourceRecordSet | undefined> {
  return (await zoneRrsets(zoneId)).find((s) => s.Name === name && s.Type === type);
}

function txtValues(set: ResourceRecordSet | undefined): string[] {
  return (set?.ResourceRecords ?? []).map((r) => joinedTxtOctets(r.Value ?? '')).sort();
}

function changeRequests(): number {
  return endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets').length;
}

function input(text: string, mode: PushMode, pick?: (records: DnsRecord[], text: string) => DnsRecord[]): PushInput {
  const file = readZoneFile(text, 'example.com.zone');
  assert.deepEqual(file.syntaxErrors, [], 'the test zone parses cleanly');
  return { mode, file, chosen: pick?.(file.records, text) };
}

/** The record under a cursor placed on the first line containing `needle`. */
function underCursor(needle: string) {
  return (records: DnsRecord[], text: string): DnsRecord[] => {
    const offset = text.indexOf(needle);
    const lineStart = text.lastIndexOf('\n', offset) + 1;
    const lineEnd = text.indexOf('\n', offset);
    const record = recordAt(records, offset, lineStart, lineEnd < 0 ? text.length : lineEnd);
    assert.ok(record, `a record on the line of ${needle}`);
    return [record];
  };
}

async function zoneFor(push: PushInput, pickId = PUBLIC): Promise<HostedZoneInfo> {
  const lookup = await findHostedZone(gateway, push);
  if (lookup.kind === 'found') return lookup.zone;
  assert.equal(lookup.kind, 'ask', lookup.kind === 'ask' ? '' : lookup.message);
  if (lookup.kind !== 'ask') throw new Error('unreachable');
  const zone = lookup.candidates.find((z) => z.Id.endsWith(pickId));
  assert.ok(zone, `${pickId} is offered`);
  return zone;
}

async function pushOnce(push: PushInput, pickId = PUBLIC) {
  const zone = await zoneFor(push, pickId);
  const plan = await planAgainstRoute53(gateway, zone, push);
  assert.ok(plan.ok, plan.problems.map((p) => p.message).join('\n'));
  const outcome = await applyPushPlan(gateway, plan);
  return { zone, plan, outcome };
}

const ZONE_FILE = `$ORIGIN example.com.
$TTL 1h
@       IN SOA ns1.example.com. hostmaster.example.com. 1 2h 30m 2w 5m
@       IN NS  ns1.example.com.
@       IN MX  10 inbound-smtp.us-east-1.amazonaws.com.
@       IN TXT "v=spf1 include:amazonses.com -all"
_dmarc  IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com"
www     IN A   192.0.2.10
`;

describe('a push of one record', () => {
  test('an SPF push replaces the old SPF value and keeps the site-verification value', async () => {
    const push = input(ZONE_FILE, 'record', underCursor('v=spf1'));
    assert.equal(push.chosen![0].type, 'TXT');
    const zone = await zoneFor(push);
    const plan = await planAgainstRoute53(gateway, zone, push);
    assert.deepEqual(plan.summary, { create: 0, change: 1, delete: 0, unchanged: 0 }, 'only the apex TXT rrset is in the plan');
    // What the modal confirmation says, before anything is sent.
    const confirm = confirmationText(plan, zone, route53.connection);
    assert.equal(confirm.message, `Push to the Route 53 hosted zone example.com. (public, ${PUBLIC})?`);
    assert.match(confirm.detail, /^0 to create, 1 to change, 0 to delete \(0 unchanged\)\./);
    assert.match(confirm.detail, /change example\.com\. TXT: replaces the SPF value in Route 53 .*; keeps 1 other value already in Route 53/);
    assert.match(confirm.detail, /1 ChangeResourceRecordSets request, in order/);
    assert.match(confirm.detail, /AWS profile demo, endpoint http:\/\/127\.0\.0\.1:/);
    assert.equal(changeRequests(), 0, 'planning sends no change');
    const outcome = await applyPushPlan(gateway, plan);
    assert.equal(outcome.kind, 'applied');
    assert.deepEqual(txtValues(await rrset(PUBLIC, 'example.com.', 'TXT')), ['google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ', 'v=spf1 include:amazonses.com -all']);
    // Nothing else moved: the DMARC record the file also has was not chosen.
    assert.deepEqual(txtValues(await rrset(PUBLIC, '_dmarc.example.com.', 'TXT')), ['v=DMARC1; p=none']);
    assert.deepEqual(txtValues(await rrset(PRIVATE, 'example.com.', 'TXT')), ['internal-only'], 'the private zone is untouched');
  });

  test('a second push of the same file sends no ChangeResourceRecordSets', async () => {
    const first = await pushOnce(input(ZONE_FILE, 'file'));
    assert.equal(first.outcome.kind, 'applied');
    assert.ok(changeRequests() >= 1);
    endpoint.clearRequests();
    const again = await pushOnce(input(ZONE_FILE, 'file'));
    assert.ok(matchesFile(again.plan), `all unchanged: ${JSON.stringify(again.plan.summary)}`);
    assert.deepEqual(again.plan.batches, []);
    assert.equal(changeRequests(), 0, 'nothing was sent');
    assert.ok(endpoint.requests.some((r) => r.operation === 'ListResourceRecordSets'), 'Route 53 was read');
  });

  test('a 2048-bit DKIM key is split into 255-octet strings and reads back equal', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const text = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;
    // Pasted the way a provider's console shows it: strings cut at 200 characters.
    const zone = `$ORIGIN example.com.\n$TTL 300\nmail2026._domainkey IN TXT ( "${text.slice(0, 200)}"\n    "${text.slice(200)}" )\n`;
    const { outcome } = await pushOnce(input(zone, 'record', underCursor('mail2026')));
    assert.equal(outcome.kind, 'applied');
    const stored = await rrset(PUBLIC, 'mail2026._domainkey.example.com.', 'TXT');
    assert.equal(stored?.ResourceRecords?.length, 1);
    const tokens = tokenizeRoute53Value(stored!.ResourceRecords![0].Value!);
    assert.ok(tokens.every((t) => t.quoted), 'every string is quoted');
    assert.deepEqual(tokens.map((t) => t.octets.length), [255, text.length - 255], 'cut at 255 octets, not where the file cut');
    assert.equal(joinedTxtOctets(stored!.ResourceRecords![0].Value!), text, 'reads back equal');
    endpoint.clearRequests();
    const again = await pushOnce(input(zone, 'file'));
    assert.ok(matchesFile(again.plan), 'the key read back is the key in the file');
    assert.equal(changeRequests(), 0);
  });

  test('a change made by someone else after the preview is detected and not overwritten', async () => {
    const push = input(ZONE_FILE, 'record', underCursor('v=spf1'));
    const zone = await zoneFor(push);
    const plan = await planAgainstRoute53(gateway, zone, push);
    assert.equal(plan.batches.length, 1);
    // A colleague adds a value in the console between preview and confirmation.
    const theirs = '"v=spf1 include:_spf.google.com include:mailgun.org ~all"';
    await direct.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: PUBLIC, ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'example.com.', Type: 'TXT', TTL: 3600, ResourceRecords: [{ Value: GOOGLE }, { Value: theirs }] } }] } }));
    endpoint.clearRequests();
    const outcome = await applyPushPlan(gateway, plan);
    assert.equal(outcome.kind, 'concurrent-change');
    if (outcome.kind !== 'concurrent-change') return;
    assert.equal(outcome.batchIndex, 0);
    assert.deepEqual(outcome.changeIds, [], 'no batch went through');
    assert.match(outcome.error.message, /values provided do not match/);
    assert.match(outcomeText(outcome, plan.batches.length), /^Someone changed these records in Route 53 since the preview \(.*values provided do not match.*\)\. Nothing of batch 1 of 1 was applied, and nothing was overwritten\. Run Preview Push again/);
    assert.deepEqual(txtValues(await rrset(PUBLIC, 'example.com.', 'TXT')), [joinedTxtOctets(GOOGLE), joinedTxtOctets(theirs)].sort(), "the colleague's value is still there");
    assert.equal(endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets').length, 1, 'one attempt, not retried');
    // Planned again, the push now replaces the colleague's SPF value, and says so before sending.
    const replanned = await planAgainstRoute53(gateway, zone, push);
    const apex = replanned.rrsets.find((r) => r.name === 'example.com.' && r.type === 'TXT');
    assert.equal(apex?.action, 'change');
    assert.match(replanned.rrsets.map((r) => r.diff.current).join(''), /mailgun\.org/);
  });

  test('in a multi-batch push, batches before the conflicting one stay applied and later ones are not sent', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `host${String(i).padStart(2, '0')} IN TXT "v=spf1 ip4:198.51.100.${i} -all"`);
    const push = input(`$ORIGIN example.com.\n$TTL 300\n${names.join('\n')}\n`, 'file');
    const zone = await zoneFor(push);
    // Small batches, so the 30 rrsets take 3 requests.
    const small = planPush({ zone, mode: 'file', fileRecords: push.file.records, origin: 'example.com', current: await gateway.readRrsets(zone, push.file.records.map((r) => `${r.name}.`)), limits: { maxRecords: 10, maxValueChars: 32000 } });
    assert.equal(small.batches.length, 3);
    // Someone creates host15 (in the second batch) meanwhile.
    await direct.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: PUBLIC, ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'host15.example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"theirs"' }] } }] } }));
    const outcome = await applyPushPlan(gateway, small);
    assert.equal(outcome.kind, 'concurrent-change');
    if (outcome.kind !== 'concurrent-change') return;
    assert.equal(outcome.batchIndex, 1);
    assert.equal(outcome.changeIds.length, 1);
    assert.match(outcome.error.message, /already exists/);
    assert.match(outcomeText(outcome, small.batches.length), /Nothing of batch 2 of 3 was applied, and nothing was overwritten\. Before it, batch 1 was applied\./);
    const after = await zoneRrsets(PUBLIC);
    const hosts = after.filter((s) => s.Name!.startsWith('host'));
    assert.deepEqual(hosts.map((s) => s.Name).sort(), [...Array.from({ length: 10 }, (_, i) => `host${String(i).padStart(2, '0')}.example.com.`), 'host15.example.com.'].sort());
    assert.deepEqual(txtValues(hosts.find((s) => s.Name === 'host15.example.com.')), ['theirs']);
  });
});

describe('hosted zones', () => {
  test('a public and a private zone of one name: the user is asked, and only the chosen zone changes', async () => {
    const push = input(ZONE_FILE, 'record', underCursor('v=spf1'));
    const lookup = await findHostedZone(gateway, push);
    assert.equal(lookup.kind, 'ask');
    if (lookup.kind !== 'ask') return;
    assert.deepEqual(lookup.candidates.map((z) => `${z.Id} ${z.PrivateZone}`).sort(), [`/hostedzone/${PRIVATE} true`, `/hostedzone/${PUBLIC} false`]);
    assert.match(lookup.message, /public.*private|private.*public/);
    const publicBefore = await zoneRrsets(PUBLIC);
    const { outcome } = await pushOnce(push, PRIVATE);
    assert.equal(outcome.kind, 'applied');
    assert.deepEqual(txtValues(await rrset(PRIVATE, 'example.com.', 'TXT')), ['internal-only', 'v=spf1 include:amazonses.com -all']);
    assert.deepEqual(await zoneRrsets(PUBLIC), publicBefore, 'the public zone is exactly as before');
  });

  test('records of no hosted zone of the account: the push says so', async () => {
    const lookup = await findHostedZone(gateway, input('$ORIGIN example.net.\n@ 300 IN TXT "v=spf1 -all"\n', 'file'));
    assert.equal(lookup.kind, 'none');
    if (lookup.kind === 'none') assert.match(lookup.message, /No hosted zone.*example\.net/);
  });

  test('every page of ListHostedZones is read', async () => {
    const many = seed();
    for (let i = 0; i < 230; i++) many.route53!.hostedZones!.push({ Id: `ZFILL${String(i).padStart(4, '0')}`, Name: `fill${i}.test.` });
    many.route53!.hostedZones!.push({ Id: 'ZLAST', Name: 'last.example.' });
    const own = await startLocalAws({ seed: many });
    const connection = await openRoute53Connection({ profile: 'demo', endpoint: own.url }, { files, env: {} });
    try {
      const zones = await new Route53Gateway(connection.client).listHostedZones();
      assert.equal(zones.length, 234);
      assert.equal(own.requests.filter((r) => r.operation === 'ListHostedZones').length, 3, 'three pages of 100');
      const lookup = await findHostedZone(new Route53Gateway(connection.client), input('$ORIGIN last.example.\n@ 300 IN TXT "v=spf1 -all"\n', 'file'));
      assert.equal(lookup.kind, 'found');
      if (lookup.kind === 'found') assert.equal(lookup.zone.Id, '/hostedzone/ZLAST');
    } finally {
      connection.dispose();
      await own.close();
    }
  });
});

describe('reading and applying', () => {
  test('GetChange is polled until Route 53 reports INSYNC', async () => {
    endpoint.setInsyncDelay(400);
    const push = input(ZONE_FILE, 'record', underCursor('_dmarc'));
    const zone = await zoneFor(push);
    const plan = await planAgainstRoute53(gateway, zone, push);
    const polls: string[] = [];
    const outcome = await applyPushPlan(gateway, plan, { progress: { waiting: (_id, status) => polls.push(status) } });
    assert.equal(outcome.kind, 'applied');
    if (outcome.kind !== 'applied') return;
    assert.equal(outcome.insync, true);
    assert.ok(polls.length >= 2 && polls[0] === 'PENDING', `PENDING first: ${polls.join(', ')}`);
    assert.equal(polls[polls.length - 1], 'INSYNC');
    assert.deepEqual(polls.slice(0, -1).filter((s) => s !== 'PENDING'), []);
    const change = await direct.send(new GetChangeCommand({ Id: outcome.changeIds[0] }));
    assert.equal(change.ChangeInfo?.Status, 'INSYNC');
  });

  test('cancelling while waiting for INSYNC stops the waiting; the change stays applied', async () => {
    endpoint.setInsyncDelay(60_000);
    const push = input(ZONE_FILE, 'record', underCursor('_dmarc'));
    const zone = await zoneFor(push);
    const plan = await planAgainstRoute53(gateway, zone, push);
    const abort = new AbortController();
    const outcome = await applyPushPlan(gateway, plan, { signal: abort.signal, progress: { waiting: (_id, _status, polls) => polls >= 2 && abort.abort() } });
    assert.deepEqual({ kind: outcome.kind, insync: outcome.kind === 'applied' && outcome.insync }, { kind: 'applied', insync: false });
    assert.deepEqual(txtValues(await rrset(PUBLIC, '_dmarc.example.com.', 'TXT')), ['v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.com']);
    await assert.rejects(gateway.waitInsync(['C0'], { signal: abort.signal }), Route53Cancelled);
  });

  test('injected Throttling and PriorRequestNotComplete are retried with backoff and the push gets through', async () => {
    const fault = (body: object) => fetch(`${endpoint.url}/__control/faults`, { method: 'POST', body: JSON.stringify(body) }).then((r) => assert.equal(r.status, 200));
    await fault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'Throttling', count: 2 });
    await fault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'PriorRequestNotComplete', count: 1 });
    await fault({ service: 'route53', operation: 'ListResourceRecordSets', error: 'Throttling', count: 1 });
    await fault({ service: 'route53', operation: 'GetChange', error: 'Throttling', count: 1 });
    const { outcome } = await pushOnce(input(ZONE_FILE, 'record', underCursor('v=spf1')));
    assert.equal(outcome.kind, 'applied');
    const changes = endpoint.requests.filter((r) => r.operation === 'ChangeResourceRecordSets').map((r) => r.errorCode ?? String(r.status));
    assert.deepEqual(changes, ['Throttling', 'Throttling', 'PriorRequestNotComplete', '200']);
    assert.deepEqual(retries, ['ListResourceRecordSets 1 Throttling', 'ChangeResourceRecordSets 1 Throttling', 'ChangeResourceRecordSets 2 Throttling', 'ChangeResourceRecordSets 3 PriorRequestNotComplete', 'GetChange 1 Throttling']);
    assert.deepEqual(txtValues(await rrset(PUBLIC, 'example.com.', 'TXT')), ['google-site-verification=rXOxyZounnZasA8Z7oaD3c14JdjS9aKSWvsR1EbUSIQ', 'v=spf1 include:amazonses.com -all']);
  });

  test('a server error on ChangeResourceRecordSets is not re-sent: the push stops and says it may have been applied', async () => {
    endpoint.addFault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'InternalError', count: 1 });
    const push = input(ZONE_FILE, 'record', underCursor('v=spf1'));
    const zone = await zoneFor(push);
    const outcome = await applyPushPlan(gateway, await planAgainstRoute53(gateway, zone, push));
    assert.equal(outcome.kind, 'failed');
    if (outcome.kind === 'failed') {
      assert.equal(outcome.mayHaveApplied, true);
      assert.equal(outcome.error.httpStatus, 500);
    }
    assert.equal(changeRequests(), 1);
  });

  test('throttling that never ends gives up after the policy\'s attempts', async () => {
    endpoint.addFault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'Throttling', count: -1 });
    const quick = new Route53Gateway(route53.client, { random: () => 0, policy: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 40 } });
    const push = input(ZONE_FILE, 'record', underCursor('v=spf1'));
    const zone = await zoneFor(push);
    const outcome = await applyPushPlan(quick, await planAgainstRoute53(quick, zone, push));
    assert.equal(outcome.kind, 'failed');
    if (outcome.kind === 'failed') assert.equal(outcome.mayHaveApplied, false, 'Throttling says it was not applied');
    assert.equal(changeRequests(), 3);
  });

  test('the rrsets of the names involved are read by name, page by page, and match a full listing', async () => {
    // A zone of 1,000 rrsets; names with several types, and names that sort next to each other.
    const lines: string[] = [];
    for (let i = 0; i < 250; i++) lines.push(`n${i} IN TXT "t${i}"`, `n${i} IN A 192.0.2.${i % 250}`, `n${i}.sub IN TXT "s${i}"`, `n${i}-x IN MX 10 mail.example.com.`);
    const text = `$ORIGIN example.com.\n$TTL 300\n${lines.join('\n')}\n`;
    await pushOnce(input(text, 'file'));
    const all = await zoneRrsets(PUBLIC);
    assert.ok(all.length >= 1000);
    const listing = await gateway.listHostedZones();
    const zone = listing.find((z) => z.Id === `/hostedzone/${PUBLIC}`)!;
    assert.equal(zone.recordSetCount, all.length);
    for (const pageSize of [1, 2, 3, 300]) {
      const paged = new Route53Gateway(route53.client, { pageSize });
      const names = ['n7.example.com.', 'n7.sub.example.com.', 'n70.example.com.', 'missing.example.com.', 'example.com.', 'www.example.com.', 'n249-x.example.com.'];
      endpoint.clearRequests();
      const read = await paged.readRrsets(zone, names);
      const expected = all.filter((s) => names.includes(s.Name!)).map((s) => `${s.Name} ${s.Type}`).sort();
      assert.deepEqual(read.map((s) => `${s.Name} ${s.Type}`).sort(), expected, `page size ${pageSize}`);
      const requests = endpoint.requests.filter((r) => r.operation === 'ListResourceRecordSets').length;
      assert.ok(requests < 4 * names.length, `page size ${pageSize}: ${requests} requests, not a listing of the zone`);
    }
  });

  test('the chosen records: a selection takes the rrsets it touches', () => {
    const file = readZoneFile(ZONE_FILE, 'example.com.zone');
    const start = ZONE_FILE.indexOf('v=spf1');
    const end = ZONE_FILE.indexOf('www');
    assert.deepEqual(recordsInRange(file.records, start, end).map((r) => `${r.name} ${r.type}`), ['example.com TXT', '_dmarc.example.com TXT', 'www.example.com A']);
  });
});
