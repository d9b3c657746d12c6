// The local AWS endpoint checks SigV4 signatures and credentials the way AWS does, and answers in
// each protocol's error format so the real SDK clients raise the right errors.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import {
  ChangeResourceRecordSetsCommand, ListHostedZonesCommand, ListResourceRecordSetsCommand, Route53Client, type ServiceInputTypes, type ServiceOutputTypes,
} from '@aws-sdk/client-route-53';
import type { FinalizeRequestMiddleware, HttpRequest } from '@smithy/types';
import { ListReceiptRuleSetsCommand, SESClient } from '@aws-sdk/client-ses';
import { ListEmailIdentitiesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { startLocalAws, type LocalAws, type LocalAwsSeed } from '../../local-aws';

const good = { accessKeyId: 'AKIATESTAUTH00000001', secretAccessKey: 'the-right-secret' };
const expired = { accessKeyId: 'AKIATESTEXPIRED00001', secretAccessKey: 'expired-secret' };
const denied = { accessKeyId: 'AKIATESTDENIED000001', secretAccessKey: 'denied-secret' };
const readOnly = { accessKeyId: 'AKIATESTREADONLY0001', secretAccessKey: 'read-only-secret' };

const seed: LocalAwsSeed = {
  accountId: '111122223333',
  credentials: [
    good,
    { ...expired, expired: true },
    { ...denied, denied: true, principal: 'arn:aws:iam::111122223333:user/nobody' },
    { ...readOnly, denied: ['route53:ChangeResourceRecordSets'] },
  ],
  ses: { identities: [{ IdentityName: 'example.com' }], receiptRuleSets: [{ Name: 'rules', active: true }] },
  route53: { hostedZones: [{ Id: 'ZAUTH', Name: 'example.com.', ResourceRecordSets: [{ Name: 'example.com.', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v=spf1 -all"' }] }] }] },
};

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
let endpoint: LocalAws;
const config = (credentials: Credentials) => ({ endpoint: endpoint.url, region: 'us-east-1', credentials, maxAttempts: 1 });

/** One call per protocol: Route 53 (REST-XML), SESv2 (REST-JSON), SES v1 (query). */
const calls = {
  route53: (credentials: Credentials) => new Route53Client(config(credentials)).send(new ListHostedZonesCommand({})),
  sesv2: (credentials: Credentials) => new SESv2Client(config(credentials)).send(new ListEmailIdentitiesCommand({})),
  ses: (credentials: Credentials) => new SESClient(config(credentials)).send(new ListReceiptRuleSetsCommand({})),
};

async function expectErrors(credentials: Credentials, names: Record<'route53' | 'sesv2' | 'ses', string>, message?: RegExp): Promise<void> {
  for (const service of ['route53', 'sesv2', 'ses'] as const) {
    await assert.rejects(calls[service](credentials), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, names[service], `${service}: ${error.name}: ${error.message}`);
      assert.equal(error.$metadata?.httpStatusCode, 403, service);
      if (message) assert.match(error.message, message, service);
      return true;
    });
  }
}

/** Changes the request between the SDK's signer and the wire, as a man in the middle would. */
function tamperAfterSigning(client: Route53Client, change: (request: HttpRequest) => void): void {
  const middleware: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next) => async (args) => {
    change(args.request as HttpRequest);
    return next(args);
  };
  client.middlewareStack.addRelativeTo(middleware, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'tamperAfterSigning' });
}

async function zoneTxt(): Promise<string[]> {
  const page = await new Route53Client(config(good)).send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZAUTH', StartRecordName: 'example.com', StartRecordType: 'TXT', MaxItems: 1 }));
  return page.ResourceRecordSets?.[0].ResourceRecords?.map((record) => record.Value ?? '') ?? [];
}

before(async () => {
  endpoint = await startLocalAws({ seed });
});
after(async () => {
  await endpoint.close();
});

describe('signatures and credentials', () => {
  test('requests signed with the seeded secret are answered by all three protocols', async () => {
    for (const call of Object.values(calls)) {
      await call(good);
      await call({ ...good, sessionToken: 'temporary-session-token' });
    }
  });

  test('a wrong secret is a signature mismatch', async () => {
    await expectErrors({ ...good, secretAccessKey: 'not-the-secret' }, { route53: 'SignatureDoesNotMatch', sesv2: 'InvalidSignatureException', ses: 'SignatureDoesNotMatch' }, /signature we calculated does not match/);
  });

  test('an unknown access key is an invalid client token', async () => {
    await expectErrors({ accessKeyId: 'AKIANOBODYKNOWS00001', secretAccessKey: 'x' }, { route53: 'InvalidClientTokenId', sesv2: 'UnrecognizedClientException', ses: 'InvalidClientTokenId' }, /security token included in the request is invalid/);
  });

  test('an expired key is an expired token', async () => {
    await expectErrors(expired, { route53: 'ExpiredToken', sesv2: 'ExpiredTokenException', ses: 'ExpiredToken' }, /expired/);
  });

  test('a denied principal is refused with the action named', async () => {
    await expectErrors(denied, { route53: 'AccessDenied', sesv2: 'AccessDeniedException', ses: 'AccessDenied' }, /arn:aws:iam::111122223333:user\/nobody is not authorized to perform: (route53:ListHostedZones|ses:ListEmailIdentities|ses:ListReceiptRuleSets)/);
  });

  test('a principal denied one action may still do the others', async () => {
    const client = new Route53Client(config(readOnly));
    await client.send(new ListHostedZonesCommand({}));
    await assert.rejects(client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'ZAUTH',
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'x.example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"x"' }] } }] },
    })), /not authorized to perform: route53:ChangeResourceRecordSets/);
  });

  test('a body changed after signing is refused and changes nothing', async () => {
    const client = new Route53Client(config(good));
    // Same length: content-length is signed too, and a shorter body would leave the server waiting.
    tamperAfterSigning(client, (request) => {
      request.body = String(request.body).replace('include:amazonses.com -all', 'include:amazonses.com +all');
    });
    await assert.rejects(client.send(new ChangeResourceRecordSetsCommand({
      HostedZoneId: 'ZAUTH',
      ChangeBatch: { Changes: [{ Action: 'UPSERT', ResourceRecordSet: { Name: 'example.com', Type: 'TXT', TTL: 60, ResourceRecords: [{ Value: '"v=spf1 include:amazonses.com -all"' }] } }] },
    })), { name: 'SignatureDoesNotMatch' });
    assert.deepEqual(await zoneTxt(), ['"v=spf1 -all"']);
  });

  test('a query parameter changed after signing is refused', async () => {
    const client = new Route53Client(config(good));
    tamperAfterSigning(client, (request) => {
      request.query = { ...request.query, maxitems: '2' };
    });
    await assert.rejects(client.send(new ListResourceRecordSetsCommand({ HostedZoneId: 'ZAUTH', MaxItems: 1 })), { name: 'SignatureDoesNotMatch' });
  });

  test('an unsigned request gets MissingAuthenticationToken in the protocol\'s error format', async () => {
    const route53 = await fetch(`${endpoint.url}/2013-04-01/hostedzone`);
    assert.equal(route53.status, 403);
    const xml = await route53.text();
    assert.match(xml, /<ErrorResponse xmlns="https:\/\/route53\.amazonaws\.com\/doc\/2013-04-01\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    const sesv2 = await fetch(`${endpoint.url}/v2/email/identities`);
    assert.equal(sesv2.status, 403);
    assert.equal(sesv2.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const ses = await fetch(`${endpoint.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListReceiptRuleSets&Version=2010-12-01' });
    assert.match(await ses.text(), /<ErrorResponse xmlns="http:\/\/ses\.amazonaws\.com\/doc\/2010-12-01\/">.*<Code>MissingAuthenticationToken<\/Code>/);
  });

  test('every request is logged with its service, operation, status and error code', async () => {
    endpoint.clearRequests();
    await assert.rejects(calls.ses(expired));
    await new SESv2Client(config(good)).send(new ListEmailIdentitiesCommand({}));
    assert.deepEqual(endpoint.requests.map(({ service, operation, status, errorCode, accessKeyId }) => ({ service, operation, status, errorCode, accessKeyId })), [
      { service: 'ses', operation: 'ListReceiptRuleSets', status: 403, errorCode: 'ExpiredToken', accessKeyId: expired.accessKeyId },
      { service: 'sesv2', operation: 'ListEmailIdentities', status: 200, errorCode: undefined, accessKeyId: good.accessKeyId },
    ]);
  });
});
