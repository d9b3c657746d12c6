/** SES receipt rules and rule sets: every ses-rule-* check, ranges, and the enum quick fixes. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InvocationType, SNSActionEncoding, StopScope, TlsPolicy } from '@aws-sdk/client-ses';
import { INVOCATION_TYPES, SNS_ENCODINGS, STOP_SCOPES, TLS_POLICIES } from '../../server/src/service/sesRule/receiptRuleModel';
import { assertNone, codes, positionOf, service, single, textOf, withCode } from '../support/serviceKit';
import { analyzeJson, applyFix, validateJson } from '../support/jsonKit';

const RULE = 'inbound.receipt-rule.json';
const SET = 'prod.receipt-rule-set.json';
const ARN = {
  topic: 'arn:aws:sns:us-east-1:123456789012:inbound-mail',
  lambda: 'arn:aws:lambda:us-east-1:123456789012:function:triage',
  kms: 'arn:aws:kms:us-east-1:123456789012:alias/aws/ses',
  role: 'arn:aws:iam::123456789012:role/ses-writer',
  workmail: 'arn:aws:workmail:us-east-1:123456789012:organization/m-68755160c4cb4e29a2b2f8fb58f359d7',
  connect: 'arn:aws:connect:us-east-1:123456789012:instance/12345678-1234-1234-1234-123456789012',
};

type Json = Record<string, unknown>;
const rule = (overrides: Json = {}): Json => ({ Name: 'store', Enabled: true, TlsPolicy: 'Require', Recipients: ['support@example.com'], Actions: [{ S3Action: { BucketName: 'example-inbound-mail' } }], ScanEnabled: true, ...overrides });
const text = (value: unknown) => JSON.stringify(value, null, 2);
const ruleSet = (...rules: Json[]) => text({ Metadata: { Name: 'prod-rules', CreatedTimestamp: '2025-01-01T00:00:00Z' }, Rules: rules });

test('a complete, correct rule and rule set get no findings', async () => {
  const everyAction = rule({
    Actions: [
      { AddHeaderAction: { HeaderName: 'X-Triage', HeaderValue: 'inbound' } },
      { S3Action: { BucketName: 'example-inbound-mail', ObjectKeyPrefix: 'in/', KmsKeyArn: ARN.kms, IamRoleArn: ARN.role, TopicArn: ARN.topic } },
      { LambdaAction: { FunctionArn: ARN.lambda, InvocationType: 'Event' } },
      { WorkmailAction: { OrganizationArn: ARN.workmail } },
      { ConnectAction: { InstanceARN: ARN.connect, IAMRoleARN: ARN.role } },
      { SNSAction: { TopicArn: ARN.topic, Encoding: 'Base64' } },
      { BounceAction: { SmtpReplyCode: '550', StatusCode: '5.1.1', Message: 'No such user', Sender: 'postmaster@example.com' } },
      { StopAction: { Scope: 'RuleSet', TopicArn: ARN.topic } },
    ],
  });
  assert.deepEqual(codes(await validateJson(text(everyAction), RULE)), []);
  assert.deepEqual(codes(await validateJson(ruleSet(everyAction, rule({ Name: 'other', Recipients: ['sales@example.com'] })), SET)), []);
});

describe('ses-rule-name', () => {
  test('rule names: characters, ends, length; the range is the name', async () => {
    for (const bad of ['store mail', '-store', 'store.', 'x'.repeat(65), '']) {
      const t = text(rule({ Name: bad }));
      const d = single(await validateJson(t, RULE), 'ses-rule-name');
      assert.equal(d.severity, 'error');
      if (bad) assert.equal(textOf(t, d.range), bad);
    }
    for (const good of ['store.v2_final-1', 'x'.repeat(64)]) assertNone(await validateJson(text(rule({ Name: good })), RULE), 'ses-rule-name');
  });

  test('rule-set names allow no dots; a rule without a name is reported', async () => {
    const t = text({ Metadata: { Name: 'prod.rules' }, Rules: [rule()] });
    assert.match(single(await validateJson(t, SET), 'ses-rule-name').message, /no dots/);
    assertNone(await validateJson(text({ RuleSetName: 'prod-rules', Rule: rule() }), RULE), 'ses-rule-name');
    const { Name: _, ...unnamed } = rule();
    assert.match(single(await validateJson(ruleSet(unnamed), SET), 'ses-rule-name').message, /needs a Name/);
  });
});

describe('limits', () => {
  test('ses-rule-recipients-limit: over 100 recipients, on the ones beyond the limit', async () => {
    const recipients = Array.from({ length: 102 }, (_, i) => `user${i}@example.com`);
    const t = text(rule({ Recipients: recipients }));
    const d = single(await validateJson(t, RULE), 'ses-rule-recipients-limit');
    assert.ok(textOf(t, d.range).startsWith('"user100@example.com"'));
    assertNone(await validateJson(text(rule({ Recipients: recipients.slice(0, 100) })), RULE), 'ses-rule-recipients-limit');
  });

  test('ses-rule-count-limit: over 200 rules in a set', async () => {
    const rules = (n: number) => Array.from({ length: n }, (_, i) => rule({ Name: `r${i}`, Recipients: [`u${i}@example.com`] }));
    const t = ruleSet(...rules(201));
    assert.equal(textOf(t, single(await validateJson(t, SET), 'ses-rule-count-limit').range), '"Rules"');
    assertNone(await validateJson(ruleSet(...rules(200)), SET), 'ses-rule-count-limit');
  });
});

test('ses-rule-duplicate-name: the second rule of a name', async () => {
  const t = ruleSet(rule({ Recipients: ['a@example.com'] }), rule({ Recipients: ['b@example.com'] }));
  const d = single(await validateJson(t, SET), 'ses-rule-duplicate-name');
  assert.deepEqual(d.range.start, positionOf(t, 'store', 0, 2));
  assertNone(await validateJson(ruleSet(rule(), rule({ Name: 'store2', Recipients: ['b@example.com'] })), SET), 'ses-rule-duplicate-name');
});

describe('recipients', () => {
  test('ses-rule-recipient-invalid: not an address, a domain or a .domain', async () => {
    for (const bad of ['support', 'support@', '@example.com', 'a b@example.com', 'exämple.com', 'example..com', '-bad.example.com']) {
      const d = single(await validateJson(text(rule({ Recipients: [bad] })), RULE), 'ses-rule-recipient-invalid');
      assert.match(d.message, /Recipient conditions/);
    }
    assertNone(await validateJson(text(rule({ Recipients: ['user@example.com', 'example.org', '.example.net', 'xn--exmple-cua.com'] })), RULE), 'ses-rule-recipient-invalid');
  });

  test('ses-rule-duplicate-recipient: repeats ignoring case, and addresses a domain of the rule already matches', async () => {
    const found = withCode(await validateJson(text(rule({ Recipients: ['Support@Example.com', 'support@example.com', 'example.org', 'info@example.org', '.example.net', 'mail.example.net'] })), RULE), 'ses-rule-duplicate-recipient');
    assert.equal(found.length, 3);
    assert.equal(found[0].severity, 'warning');
    // A domain does not match its subdomains, and .domain does not match the domain itself.
    assertNone(await validateJson(text(rule({ Recipients: ['example.com', 'mail.example.com', '.example.org', 'example.org'] })), RULE), 'ses-rule-duplicate-recipient');
  });
});

describe('ses-rule-after-unknown', () => {
  test('After naming the rule itself, or no possible rule, is an error on the value', async () => {
    const t = text({ RuleSetName: 'prod', After: 'store', Rule: rule() });
    assert.equal(textOf(t, single(await validateJson(t, RULE), 'ses-rule-after-unknown').range), 'store');
    single(await validateJson(text({ RuleSetName: 'prod', After: 'not a rule!', Rule: rule() }), RULE), 'ses-rule-after-unknown');
    assertNone(await validateJson(text({ RuleSetName: 'prod', After: 'spam-filter', Rule: rule() }), RULE), 'ses-rule-after-unknown');
  });
});

describe('ses-rule-unreachable', () => {
  const stop = { StopAction: { Scope: 'RuleSet' } };
  test('a rule whose recipients an earlier stopping rule already matches never runs', async () => {
    const t = ruleSet(rule({ Name: 'catch-all', Recipients: ['example.com'], Actions: [{ S3Action: { BucketName: 'example-inbound-mail' } }, stop] }), rule({ Name: 'support', Recipients: ['support@example.com'] }));
    const d = single(await validateJson(t, SET), 'ses-rule-unreachable');
    assert.equal(textOf(t, d.range), 'support');
    assert.match(d.message, /"catch-all"/);
  });

  test('without a stop, with a recipient left over, or disabled, it is reachable', async () => {
    const catchAll = (actions: unknown[], enabled = true) => rule({ Name: 'catch-all', Enabled: enabled, Recipients: ['example.com'], Actions: actions });
    const support = rule({ Name: 'support', Recipients: ['support@example.com', 'sales@example.org'] });
    assertNone(await validateJson(ruleSet(catchAll([{ S3Action: { BucketName: 'example-inbound-mail' } }]), rule({ Name: 'support' })), SET), 'ses-rule-unreachable');
    assertNone(await validateJson(ruleSet(catchAll([stop]), support), SET), 'ses-rule-unreachable');
    assertNone(await validateJson(ruleSet(catchAll([stop], false), rule({ Name: 'support' })), SET), 'ses-rule-unreachable');
  });

  test('an earlier stopping rule without recipients catches everything', async () => {
    single(await validateJson(ruleSet(rule({ Name: 'all', Recipients: [], Actions: [stop] }), rule({ Name: 'later', Recipients: ['.example.com'] })), SET), 'ses-rule-unreachable');
  });
});

describe('actions', () => {
  test('ses-rule-stop-not-last: each action after the StopAction', async () => {
    const t = text(rule({ Actions: [{ StopAction: { Scope: 'RuleSet' } }, { S3Action: { BucketName: 'example-inbound-mail' } }] }));
    assert.equal(textOf(t, single(await validateJson(t, RULE), 'ses-rule-stop-not-last').range), '"S3Action"');
    assertNone(await validateJson(text(rule({ Actions: [{ S3Action: { BucketName: 'example-inbound-mail' } }, { StopAction: { Scope: 'RuleSet' } }] })), RULE), 'ses-rule-stop-not-last');
  });

  test('ses-rule-no-actions: missing or empty', async () => {
    assert.equal(single(await validateJson(text(rule({ Actions: [] })), RULE), 'ses-rule-no-actions').severity, 'warning');
    const { Actions: _, ...none } = rule();
    single(await validateJson(text(none), RULE), 'ses-rule-no-actions');
  });
});

describe('ses-rule-arn-invalid', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['LambdaAction', 'FunctionArn', 'arn:aws:lambda:us-east-1:123456789012:triage', /not a Lambda function resource/],
    ['LambdaAction', 'FunctionArn', ARN.topic, /names the sns service/],
    ['SNSAction', 'TopicArn', 'arn:aws:sns:us-east-1:123456789012:inbound-mail:6b0e71bd-7e97-4d97-80ce-4a0994e55286', /subscription ARN/],
    ['SNSAction', 'TopicArn', 'arn:aws:sns:us-east-1:12345:inbound', /12-digit account/],
    ['S3Action', 'KmsKeyArn', 'arn:aws:kms:us-east-1:123456789012:key/not-a-key-id', /KMS key resource/],
    ['S3Action', 'IamRoleArn', 'arn:aws:iam:us-east-1:123456789012:role/x', /no region/],
    ['WorkmailAction', 'OrganizationArn', 'arn:aws:workmail:us-east-1:123456789012:organization/68755160', /WorkMail organization/],
    ['ConnectAction', 'InstanceARN', 'arn:aws:connect:us-east-1:123456789012:instance/abc', /Amazon Connect instance/],
    ['SNSAction', 'TopicArn', 'inbound-mail', /not an ARN/],
  ];
  for (const [action, field, value, why] of cases) {
    test(`${action} ${field} ${value}`, async () => {
      const body: Json = action === 'S3Action' ? { BucketName: 'example-inbound-mail' } : action === 'ConnectAction' ? { IAMRoleARN: ARN.role } : {};
      const t = text(rule({ Actions: [{ [action]: { ...body, [field]: value } }] }));
      const d = single(await validateJson(t, RULE), 'ses-rule-arn-invalid');
      assert.match(d.message, why);
      assert.equal(textOf(t, d.range), value);
    });
  }
});

describe('ses-rule-region-mismatch', () => {
  test('a resource outside the region most ARNs name', async () => {
    const t = text(rule({ Actions: [{ SNSAction: { TopicArn: ARN.topic } }, { LambdaAction: { FunctionArn: ARN.lambda } }, { LambdaAction: { FunctionArn: ARN.lambda.replace('us-east-1', 'eu-west-1') } }] }));
    const d = single(await validateJson(t, RULE), 'ses-rule-region-mismatch');
    assert.match(textOf(t, d.range), /eu-west-1/);
    assert.match(d.message, /most ARNs of this file/);
  });

  test('the emailAuth.aws.region setting names the rule set region; IAM roles and S3 buckets have none', async () => {
    const t = text(rule({ Actions: [{ S3Action: { BucketName: 'example-inbound-mail', IamRoleArn: ARN.role } }, { SNSAction: { TopicArn: ARN.topic } }] }));
    assertNone(await validateJson(t, RULE), 'ses-rule-region-mismatch');
    const d = single(await validateJson(t, RULE, { region: 'eu-west-1' }), 'ses-rule-region-mismatch');
    assert.match(d.message, /emailAuth\.aws\.region/);
    assertNone(await validateJson(t, RULE, { region: 'us-east-1' }), 'ses-rule-region-mismatch');
  });
});

test('ses-rule-s3-bucket: the S3 naming rules', async () => {
  for (const bad of ['My-Bucket', 'ab', 'bucket..name', '192.168.1.1', 'xn--bucket', 'bucket-s3alias', 'bucket_name', '-bucket']) {
    single(await validateJson(text(rule({ Actions: [{ S3Action: { BucketName: bad } }] })), RULE), 'ses-rule-s3-bucket');
  }
  for (const good of ['example-inbound-mail', 'mail.example.com', 'abc']) assertNone(await validateJson(text(rule({ Actions: [{ S3Action: { BucketName: good } }] })), RULE), 'ses-rule-s3-bucket');
});

test('ses-rule-header: name characters and length, value length, no CR or LF (mapped through the \\n escape)', async () => {
  const header = (HeaderName: string, HeaderValue: string) => text(rule({ Actions: [{ AddHeaderAction: { HeaderName, HeaderValue } }] }));
  single(await validateJson(header('X Spam', 'yes'), RULE), 'ses-rule-header');
  single(await validateJson(header('X'.repeat(51), 'yes'), RULE), 'ses-rule-header');
  single(await validateJson(header('X-Spam', 'y'.repeat(2049)), RULE), 'ses-rule-header');
  const t = header('X-Spam', 'yes\nInjected: 1');
  assert.equal(textOf(t, single(await validateJson(t, RULE), 'ses-rule-header').range), '\\n');
  assertNone(await validateJson(header('X-Spam-Verdict', 'y'.repeat(2048)), RULE), 'ses-rule-header');
});

test('ses-rule-bounce: reply code, enhanced status code and its class, sender, required fields', async () => {
  const bounce = (b: Json) => text(rule({ Actions: [{ BounceAction: { SmtpReplyCode: '550', StatusCode: '5.1.1', Message: 'Gone', Sender: 'postmaster@example.com', ...b } }] }));
  for (const b of [{ SmtpReplyCode: '250' }, { SmtpReplyCode: '5500' }, { StatusCode: '5.1' }, { StatusCode: '4.1.1' }, { Sender: 'postmaster' }, { Message: undefined }]) {
    const found = withCode(await validateJson(bounce(b), RULE), 'ses-rule-bounce');
    assert.equal(found.length, 1, JSON.stringify(b));
  }
  assertNone(await validateJson(bounce({ SmtpReplyCode: '451', StatusCode: '4.3.0' }), RULE), 'ses-rule-bounce');
});

describe('ses-rule-invalid-value and its quick fixes', () => {
  test('the allowed values are the AWS SDK enums', () => {
    assert.deepEqual([...TLS_POLICIES].sort(), Object.values(TlsPolicy).sort());
    assert.deepEqual([...STOP_SCOPES].sort(), Object.values(StopScope).sort());
    assert.deepEqual([...INVOCATION_TYPES].sort(), Object.values(InvocationType).sort());
    assert.deepEqual([...SNS_ENCODINGS].sort(), Object.values(SNSActionEncoding).sort());
  });

  const cases: Array<[string, Json, string, RegExp]> = [
    ['TlsPolicy', { TlsPolicy: 'required' }, 'Require', /"Require"/],
    ['Stop Scope', { Actions: [{ StopAction: { Scope: 'Rule' } }] }, 'RuleSet', /"RuleSet"/],
    ['Lambda InvocationType', { Actions: [{ LambdaAction: { FunctionArn: ARN.lambda, InvocationType: 'async' } }] }, 'Event', /"Event"/],
    ['SNS Encoding', { Actions: [{ SNSAction: { TopicArn: ARN.topic, Encoding: 'utf8' } }] }, 'UTF-8', /"UTF-8"/],
    ['action type', { Actions: [{ S3action: { BucketName: 'example-inbound-mail' } }] }, 'S3Action', /"S3Action"/],
  ];
  for (const [what, overrides, value, title] of cases) {
    test(`${what}: offered values, applied and re-checked`, async () => {
      const t = text(rule(overrides));
      const doc = analyzeJson(t, RULE);
      const d = single(await service.validate(doc), 'ses-rule-invalid-value');
      assert.ok(service.quickFixes(doc, [d]).some((f) => f.title === `Change to "${value}"`));
      const fixed = await applyFix(t, RULE, 'ses-rule-invalid-value', title);
      assert.deepEqual(codes(await validateJson(fixed, RULE)), []);
    });
  }
});

test('a plain rule.json with the right keys is a receipt rule; describe-receipt-rule-set output is a set', () => {
  assert.equal(service.analyzeJson({ text: text(rule()), fileName: '/w/rule.json' })?.jsonKind, 'receipt-rule');
  assert.equal(service.analyzeJson({ text: ruleSet(rule()), fileName: '/w/out.json' })?.jsonKind, 'receipt-rule-set');
});

test('hover on a field names its rule and limit', async () => {
  const t = text(rule());
  const hover = await service.hover(analyzeJson(t, RULE), positionOf(t, '"BucketName"', 3));
  assert.match(hover!.markdown, /3–63/);
  assert.match(hover!.markdown, /ses-rule-s3-bucket/);
  assert.equal(textOf(t, hover!.range), '"BucketName"');
});
