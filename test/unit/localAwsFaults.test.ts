// Faults on request, rate limits and the control routes of the local AWS endpoint, met by the real
// SDK clients with their own retry logic; and the endpoint's command line.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import * as esbuild from 'esbuild';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { ChangeResourceRecordSetsCommand, ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { GetEmailIdentityCommand, ListEmailIdentitiesCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { DescribeActiveReceiptRuleSetCommand, SESClient } from '@aws-sdk/client-ses';
import { readSeedFile, startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws';
import { RateLimiter } from '../../local-aws/faults';

const credentials = { accessKeyId: 'AKIATESTFAULTS000001', secretAccessKey: 'faults-secret' };
const seed: LocalAwsSeed = {
  credentials: [credentials],
  ses: { identities: [{ IdentityName: 'example.com' }], receiptRuleSets: [{ Name: 'rules', active: true, Rules: [{ Name: 'r1' }] }] },
  route53: { hostedZones: [{ Id: 'ZFAULT', Name: 'example.com.' }] },
};

let endpoint: LocalAws;
const route53 = (maxAttempts: number) => new Route53Client({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts });
const sesv2 = (maxAttempts: number) => new SESv2Client({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts });

const logged = (operation: string) => endpoint.requests.filter((entry) => entry.operation === operation).map((entry) => `${entry.status} ${entry.errorCode ?? ''}`.trim());

async function control(method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${endpoint.url}/__control/${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(response.status, 200, await response.clone().text());
  return response.json();
}

before(async () => {
  endpoint = await startLocalAws({ seed, insyncDelayMs: 0 });
});
beforeEach(() => {
  endpoint.reset();
  for (const service of ['ses', 'sesv2', 'route53'] as const) endpoint.setRateLimit(service, undefined);
});
after(async () => {
  await endpoint.close();
});

describe('injected faults', () => {
  test('Throttling twice is survived by the SDK\'s own retries', async () => {
    await control('POST', 'faults', { service: 'route53', operation: 'ListHostedZones', error: 'Throttling', count: 2 });
    const zones = await route53(3).send(new ListHostedZonesCommand({}));
    assert.equal(zones.HostedZones?.length, 1);
    assert.deepEqual(logged('ListHostedZones'), ['400 Throttling', '400 Throttling', '200']);
  });

  test('Throttling more often than the client tries surfaces as Throttling "Rate exceeded" (HTTP 400)', async () => {
    endpoint.addFault({ service: 'route53', error: 'Throttling', count: 3 });
    await assert.rejects(route53(3).send(new ListHostedZonesCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'Throttling');
      assert.equal(error.message, 'Rate exceeded');
      assert.equal(error.$metadata?.httpStatusCode, 400);
      return true;
    });
    assert.deepEqual(logged('ListHostedZones'), ['400 Throttling', '400 Throttling', '400 Throttling']);
  });

  test('PriorRequestNotComplete on a change is retried and the change applied once', async () => {
    endpoint.addFault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'PriorRequestNotComplete' });
    await route53(3).send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'ZFAULT',
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'retry.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"once"' }] } }] },
    }));
    assert.deepEqual(logged('ChangeResourceRecordSets'), ['400 PriorRequestNotComplete', '200']);
    assert.equal(endpoint.state.route53.zones[0].rrsets.filter((rrset) => rrset.Name === 'retry.example.com.').length, 1);
  });

  test('an HTTP 500 is retried; with one attempt it surfaces', async () => {
    endpoint.addFault({ service: 'sesv2', operation: 'GetEmailIdentity', error: 'InternalError' });
    const identity = await sesv2(2).send(new GetEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    assert.equal(identity.VerificationStatus, 'SUCCESS');
    assert.deepEqual(logged('GetEmailIdentity'), ['500 InternalFailure', '200']);
    endpoint.addFault({ service: 'sesv2', error: 'InternalError' });
    await assert.rejects(sesv2(1).send(new ListEmailIdentitiesCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 500);
  });

  test('SESv2 throttling is its TooManyRequestsException with HTTP 429', async () => {
    endpoint.addFault({ service: 'sesv2', error: 'Throttling' });
    await assert.rejects(sesv2(1).send(new ListEmailIdentitiesCommand({})), (error: unknown) => error instanceof TooManyRequestsException && error.$metadata.httpStatusCode === 429);
  });

  test('a slow answer arrives complete, or trips the client\'s own timeout', async () => {
    endpoint.addFault({ service: 'route53', error: 'slow', delayMs: 300 });
    assert.equal((await route53(1).send(new ListHostedZonesCommand({}))).HostedZones?.length, 1);
    endpoint.addFault({ service: 'route53', error: 'slow', delayMs: 5000 });
    const impatient = new Route53Client({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts: 1, requestHandler: new NodeHttpHandler({ requestTimeout: 100, throwOnRequestTimeout: true }) });
    await assert.rejects(impatient.send(new ListHostedZonesCommand({})), { name: 'TimeoutError' });
  });

  test('faults match only their service and operation, and count down', async () => {
    endpoint.addFault({ service: 'route53', operation: 'ChangeResourceRecordSets', error: 'AccessDenied', status: 403, message: 'no' });
    await route53(1).send(new ListHostedZonesCommand({}));
    await sesv2(1).send(new ListEmailIdentitiesCommand({}));
    assert.equal((await control('GET', 'faults') as unknown[]).length, 1);
    await control('DELETE', 'faults');
    assert.deepEqual(await control('GET', 'faults'), []);
  });

  test('a malformed fault is refused with a reason', async () => {
    const response = await fetch(`${endpoint.url}/__control/faults`, { method: 'POST', body: JSON.stringify({ service: 'ec2', error: 'Throttling' }) });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: string }).error, /"service" must be one of ses, sesv2, route53/);
  });
});

describe('rate limits', () => {
  test('the token bucket allows a burst of perSecond, then perSecond a second', () => {
    const limiter = new RateLimiter();
    limiter.set('route53', { perSecond: 5 }, 0);
    const allowedAt = (now: number, tries: number) => Array.from({ length: tries }, () => limiter.allow('route53', now)).filter(Boolean).length;
    assert.equal(allowedAt(0, 8), 5);
    assert.equal(allowedAt(100, 3), 0);
    assert.equal(allowedAt(200, 3), 1);
    assert.equal(allowedAt(1200, 10), 5);
    assert.equal(allowedAt(60_000, 10), 5, 'a quiet minute refills the burst, no more');
    assert.equal(limiter.allow('sesv2', 0), true, 'other services are not limited');
  });

  test('requests over the limit get Throttling "Rate exceeded" with HTTP 400, as Route 53 answers', async () => {
    // One token and (practically) no refill, so the count does not depend on the machine's speed.
    await control('POST', 'rate-limit', { service: 'route53', perSecond: 0.001, burst: 1 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => route53(1).send(new ListHostedZonesCommand({}))));
    const rejected = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    assert.equal(rejected.length, 5);
    for (const { reason } of rejected) {
      assert.equal(reason.name, 'Throttling');
      assert.equal(reason.message, 'Rate exceeded');
      assert.equal(reason.$metadata.httpStatusCode, 400);
    }
  });

  test('a client that retries gets through a 5-a-second limit, and the log shows the throttling', async () => {
    endpoint.setRateLimit('route53', { perSecond: 5 });
    const client = route53(10);
    for (let i = 0; i < 12; i++) await client.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZFAULT' }));
    const answers = logged('ListResourceRecordSets');
    assert.equal(answers.filter((answer) => answer === '200').length, 12);
    assert.ok(answers.some((answer) => answer === '400 Throttling'), 'the limit was enforced');
  });

  test('SES receipt APIs can be held to one request a second', async () => {
    endpoint.setRateLimit('ses', { perSecond: 1 });
    const client = new SESClient({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts: 1 });
    await client.send(new DescribeActiveReceiptRuleSetCommand({}));
    await assert.rejects(client.send(new DescribeActiveReceiptRuleSetCommand({})), { name: 'Throttling', message: 'Rate exceeded' });
    assert.equal((await sesv2(1).send(new ListEmailIdentitiesCommand({}))).EmailIdentities?.length, 1, 'SESv2 is not held by the SES v1 limit');
  });
});

describe('control routes', () => {
  test('state shows the changed zone; reset restores the seed and clears the log', async () => {
    await route53(1).send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'ZFAULT',
      ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: 'new.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } }] },
    }));
    type Dump = { route53: { hostedZones: { ResourceRecordSets: { Name: string }[] }[] }; credentials: Record<string, unknown>[] };
    const dump = await control('GET', 'state') as Dump;
    assert.ok(dump.route53.hostedZones[0].ResourceRecordSets.some((rrset) => rrset.Name === 'new.example.com.'));
    assert.equal(dump.credentials[0].secretAccessKey, undefined, 'secrets stay out of the dump');
    assert.equal((await control('GET', 'requests') as unknown[]).length, 1);
    await control('POST', 'reset');
    const restored = await control('GET', 'state') as Dump;
    assert.equal(restored.route53.hostedZones[0].ResourceRecordSets.some((rrset) => rrset.Name === 'new.example.com.'), false);
    assert.deepEqual(await control('GET', 'requests'), []);
  });

  test('unknown control routes answer 404 with the list of routes', async () => {
    const response = await fetch(`${endpoint.url}/__control/nothing`);
    assert.equal(response.status, 404);
    assert.match(await response.text(), /GET state/);
  });
});

describe('command line', () => {
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-aws-cli-'));
    await esbuild.build({ entryPoints: ['local-aws/cli.ts'], outfile: join(dir, 'local-aws.js'), bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('prints its URL, serves the seed, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(dir, 'local-aws.js'), '--seed', 'demo/aws/seed.json', '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      const client = new SESv2Client({ endpoint: url, region: 'us-east-1', credentials: readSeedFile('demo/aws/seed.json').credentials[0], maxAttempts: 1 });
      const identity = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'example.com' }));
      assert.equal(identity.DkimAttributes?.Status, 'SUCCESS');
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
  });

  test('refuses to start without a seed and says how to call it', async () => {
    const child = spawn(process.execPath, [join(dir, 'local-aws.js')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
    assert.equal(code, 2);
    assert.match(stderr, /--seed is required/);
  });
});
