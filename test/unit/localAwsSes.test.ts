// The local AWS endpoint through the real SES clients: SESv2 identities and SES v1 receipt rules.
import { strict as assert } from 'node:assert';
import { after, before, describe, test } from 'node:test';
import { GetEmailIdentityCommand, ListEmailIdentitiesCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  DescribeActiveReceiptRuleSetCommand, DescribeReceiptRuleCommand, DescribeReceiptRuleSetCommand, ListReceiptRuleSetsCommand,
  RuleDoesNotExistException, RuleSetDoesNotExistException, SESClient,
} from '@aws-sdk/client-ses';
import { easyDkimTokens, readSeedFile, startLocalAws, type LocalAws, type LocalAwsSeed, type ReceiptRule } from '../../local-aws';

const credentials = { accessKeyId: 'AKIATESTSES000000001', secretAccessKey: 'ses-test-secret' };

const everyAction: ReceiptRule = {
  Name: 'every-action',
  Enabled: true,
  TlsPolicy: 'Require',
  Recipients: ['support@example.com', 'example.com'],
  Actions: [
    { S3Action: { BucketName: 'inbound', ObjectKeyPrefix: 'mail/', KmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:alias/aws/ses', TopicArn: 'arn:aws:sns:us-east-1:123456789012:stored', IamRoleArn: 'arn:aws:iam::123456789012:role/ses' } },
    { BounceAction: { SmtpReplyCode: '550', StatusCode: '5.1.1', Message: 'No such <user> & no mailbox', Sender: 'daemon@example.com', TopicArn: 'arn:aws:sns:us-east-1:123456789012:bounced' } },
    { WorkmailAction: { OrganizationArn: 'arn:aws:workmail:us-east-1:123456789012:organization/m-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:wm' } },
    { LambdaAction: { FunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', InvocationType: 'RequestResponse', TopicArn: 'arn:aws:sns:us-east-1:123456789012:l' } },
    { AddHeaderAction: { HeaderName: 'X-Seen', HeaderValue: 'yes' } },
    { SNSAction: { TopicArn: 'arn:aws:sns:us-east-1:123456789012:inbound', Encoding: 'Base64' } },
    { ConnectAction: { InstanceARN: 'arn:aws:connect:us-east-1:123456789012:instance/i-1', IAMRoleARN: 'arn:aws:iam::123456789012:role/connect' } },
    { StopAction: { Scope: 'RuleSet', TopicArn: 'arn:aws:sns:us-east-1:123456789012:stopped' } },
  ],
  ScanEnabled: true,
};

const seed: LocalAwsSeed = {
  credentials: [credentials],
  ses: {
    identities: [
      {
        IdentityName: 'example.com',
        VerificationStatus: 'SUCCESS',
        DkimAttributes: { Status: 'SUCCESS', Tokens: ['t1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 't2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 't3cccccccccccccccccccccccccccccc'] },
        MailFromAttributes: { MailFromDomain: 'mail.example.com', MailFromDomainStatus: 'SUCCESS', BehaviorOnMxFailure: 'REJECT_MESSAGE' },
        FeedbackForwardingStatus: false,
        ConfigurationSetName: 'transactional',
        Policies: { p1: '{"Version":"2012-10-17"}' },
        Tags: [{ Key: 'team', Value: 'mail' }],
        VerificationInfo: { LastCheckedTimestamp: '2026-01-02T03:04:05Z' },
      },
      { IdentityName: 'pending.example.net', VerificationStatus: 'PENDING' },
      { IdentityName: 'someone@example.org' },
      ...Array.from({ length: 22 }, (_, i) => ({ IdentityName: `d${String(i).padStart(2, '0')}.example.com` })),
    ],
    receiptRuleSets: [
      { Name: 'inactive-set', CreatedTimestamp: '2024-01-01T00:00:00.000Z', Rules: [{ Name: 'plain', Actions: [{ S3Action: { BucketName: 'b' } }] }] },
      { Name: 'active-set', active: true, CreatedTimestamp: '2025-06-01T12:00:00.000Z', Rules: [everyAction, { Name: 'second', Enabled: false }] },
      ...Array.from({ length: 103 }, (_, i) => ({ Name: `bulk-${i}` })),
    ],
    regions: { 'eu-west-1': { identities: [{ IdentityName: 'eu.example.com' }], receiptRuleSets: [] } },
  },
};

let endpoint: LocalAws;
const sesv2 = (region = 'us-east-1') => new SESv2Client({ endpoint: endpoint.url, region, credentials, maxAttempts: 1 });
const ses = (region = 'us-east-1') => new SESClient({ endpoint: endpoint.url, region, credentials, maxAttempts: 1 });

before(async () => {
  endpoint = await startLocalAws({ seed });
});
after(async () => {
  await endpoint.close();
});

describe('SESv2 identities', () => {
  test('ListEmailIdentities pages through all 25 identities ten at a time', async () => {
    const names: string[] = [];
    const pageSizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await sesv2().send(new ListEmailIdentitiesCommand({ PageSize: 10, NextToken: token }));
      pageSizes.push(page.EmailIdentities?.length ?? 0);
      names.push(...(page.EmailIdentities ?? []).map((identity) => identity.IdentityName ?? ''));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(pageSizes, [10, 10, 5]);
    assert.deepEqual(names, seed.ses?.identities?.map((identity) => identity.IdentityName));
  });

  test('list entries carry type, sending and verification status', async () => {
    const page = await sesv2().send(new ListEmailIdentitiesCommand({ PageSize: 3 }));
    assert.deepEqual(page.EmailIdentities, [
      { IdentityType: 'DOMAIN', IdentityName: 'example.com', SendingEnabled: true, VerificationStatus: 'SUCCESS' },
      { IdentityType: 'DOMAIN', IdentityName: 'pending.example.net', SendingEnabled: false, VerificationStatus: 'PENDING' },
      { IdentityType: 'EMAIL_ADDRESS', IdentityName: 'someone@example.org', SendingEnabled: true, VerificationStatus: 'SUCCESS' },
    ]);
  });

  test('GetEmailIdentity returns DKIM, MAIL FROM, feedback, configuration set, policies and tags', async () => {
    const identity = await sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: 'example.com' }));
    assert.equal(identity.IdentityType, 'DOMAIN');
    assert.equal(identity.VerificationStatus, 'SUCCESS');
    assert.equal(identity.VerifiedForSendingStatus, true);
    assert.equal(identity.FeedbackForwardingStatus, false);
    assert.equal(identity.ConfigurationSetName, 'transactional');
    assert.deepEqual(identity.DkimAttributes?.Tokens, ['t1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 't2bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb', 't3cccccccccccccccccccccccccccccc']);
    assert.equal(identity.DkimAttributes?.Status, 'SUCCESS');
    assert.equal(identity.DkimAttributes?.SigningEnabled, true);
    assert.equal(identity.DkimAttributes?.SigningAttributesOrigin, 'AWS_SES');
    assert.deepEqual(identity.MailFromAttributes, { MailFromDomain: 'mail.example.com', MailFromDomainStatus: 'SUCCESS', BehaviorOnMxFailure: 'REJECT_MESSAGE' });
    assert.deepEqual(identity.Policies, { p1: '{"Version":"2012-10-17"}' });
    assert.deepEqual(identity.Tags, [{ Key: 'team', Value: 'mail' }]);
    assert.equal(identity.VerificationInfo?.LastCheckedTimestamp?.toISOString(), '2026-01-02T03:04:05.000Z');
  });

  test('a pending domain gets three stable Easy DKIM tokens and no MAIL FROM domain', async () => {
    const identity = await sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: 'pending.example.net' }));
    assert.equal(identity.DkimAttributes?.Status, 'PENDING');
    assert.deepEqual(identity.DkimAttributes?.Tokens, easyDkimTokens('pending.example.net'));
    assert.equal(identity.DkimAttributes?.Tokens?.length, 3);
    assert.ok(identity.DkimAttributes?.Tokens?.every((token) => /^[a-z0-9]{32}$/.test(token)));
    assert.deepEqual(identity.MailFromAttributes, { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE' });
  });

  test('an email address identity has DKIM NOT_STARTED and no tokens', async () => {
    const identity = await sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: 'someone@example.org' }));
    assert.equal(identity.IdentityType, 'EMAIL_ADDRESS');
    assert.equal(identity.DkimAttributes?.Status, 'NOT_STARTED');
    assert.equal(identity.DkimAttributes?.Tokens, undefined);
  });

  test('an unknown identity raises the typed NotFoundException with HTTP 404', async () => {
    await assert.rejects(sesv2().send(new GetEmailIdentityCommand({ EmailIdentity: 'nobody+tag@example.org' })), (error: unknown) => {
      assert.ok(error instanceof NotFoundException);
      assert.equal(error.$metadata.httpStatusCode, 404);
      assert.match(error.message, /nobody\+tag@example\.org/);
      return true;
    });
  });

  test('a region with its own data lists only that region\'s identities', async () => {
    const page = await sesv2('eu-west-1').send(new ListEmailIdentitiesCommand({}));
    assert.deepEqual(page.EmailIdentities?.map((identity) => identity.IdentityName), ['eu.example.com']);
  });
});

describe('SES v1 receipt rule sets', () => {
  test('ListReceiptRuleSets pages 100 at a time through all 105 rule sets', async () => {
    const first = await ses().send(new ListReceiptRuleSetsCommand({}));
    assert.equal(first.RuleSets?.length, 100);
    assert.ok(first.NextToken);
    const second = await ses().send(new ListReceiptRuleSetsCommand({ NextToken: first.NextToken }));
    assert.equal(second.RuleSets?.length, 5);
    assert.equal(second.NextToken, undefined);
    const names = [...(first.RuleSets ?? []), ...(second.RuleSets ?? [])].map((set) => set.Name);
    assert.deepEqual(names, seed.ses?.receiptRuleSets?.map((set) => set.Name));
    assert.equal(first.RuleSets?.[1].CreatedTimestamp?.toISOString(), '2025-06-01T12:00:00.000Z');
  });

  test('DescribeActiveReceiptRuleSet returns the active set with every action type round-tripped', async () => {
    const active = await ses().send(new DescribeActiveReceiptRuleSetCommand({}));
    assert.equal(active.Metadata?.Name, 'active-set');
    assert.deepEqual(active.Rules?.[0], everyAction);
    assert.deepEqual(active.Rules?.[1], { Name: 'second', Enabled: false, TlsPolicy: 'Optional', ScanEnabled: false });
  });

  test('DescribeReceiptRuleSet and DescribeReceiptRule return the seeded rules', async () => {
    const set = await ses().send(new DescribeReceiptRuleSetCommand({ RuleSetName: 'inactive-set' }));
    assert.equal(set.Metadata?.Name, 'inactive-set');
    assert.deepEqual(set.Rules?.map((rule) => rule.Name), ['plain']);
    const rule = await ses().send(new DescribeReceiptRuleCommand({ RuleSetName: 'active-set', RuleName: 'every-action' }));
    assert.deepEqual(rule.Rule, everyAction);
  });

  test('unknown rule sets and rules raise the typed exceptions', async () => {
    await assert.rejects(ses().send(new DescribeReceiptRuleSetCommand({ RuleSetName: 'missing' })), (error: unknown) => {
      assert.ok(error instanceof RuleSetDoesNotExistException);
      assert.match(error.message, /missing/);
      return true;
    });
    await assert.rejects(ses().send(new DescribeReceiptRuleCommand({ RuleSetName: 'active-set', RuleName: 'nope' })), RuleDoesNotExistException);
  });

  test('in a region without email receiving the receipt APIs answer InvalidAction "Unavailable Operation"', async () => {
    await assert.rejects(ses('eu-south-2').send(new ListReceiptRuleSetsCommand({})), (error: Error & { $metadata?: { httpStatusCode?: number } }) => {
      assert.equal(error.name, 'InvalidAction');
      assert.equal(error.message, 'Unavailable Operation');
      assert.equal(error.$metadata?.httpStatusCode, 400);
      return true;
    });
  });

  test('a region whose data has no rule sets has no active one', async () => {
    const active = await ses('eu-west-1').send(new DescribeActiveReceiptRuleSetCommand({}));
    assert.equal(active.Metadata, undefined);
    assert.deepEqual(active.Rules ?? [], []);
  });
});

describe('the demo seed', () => {
  test('loads and serves its identities and rule sets', async () => {
    const demo = await startLocalAws({ seed: 'demo/aws/seed.json' });
    try {
      const demoCredentials = readSeedFile('demo/aws/seed.json').credentials[0];
      const client = new SESv2Client({ endpoint: demo.url, region: 'us-east-1', credentials: demoCredentials, maxAttempts: 1 });
      const identity = await client.send(new GetEmailIdentityCommand({ EmailIdentity: 'example.com' }));
      assert.equal(identity.MailFromAttributes?.MailFromDomain, 'mail.example.com');
      assert.equal(identity.DkimAttributes?.Status, 'SUCCESS');
      const page = await client.send(new ListEmailIdentitiesCommand({ PageSize: 10 }));
      assert.ok(page.NextToken, 'the demo has enough identities to page');
      const sesClient = new SESClient({ endpoint: demo.url, region: 'us-east-1', credentials: demoCredentials, maxAttempts: 1 });
      const active = await sesClient.send(new DescribeActiveReceiptRuleSetCommand({}));
      const actionTypes = new Set(active.Rules?.flatMap((rule) => (rule.Actions ?? []).flatMap((action) => Object.keys(action))));
      assert.deepEqual([...actionTypes].sort(), ['AddHeaderAction', 'BounceAction', 'ConnectAction', 'LambdaAction', 'S3Action', 'SNSAction', 'StopAction', 'WorkmailAction']);
    } finally {
      await demo.close();
    }
  });
});
