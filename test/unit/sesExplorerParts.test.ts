/**
 * Smaller parts of the SES explorer: the request pacer on a virtual clock, the profile files,
 * the endpoint setting, rule document names and the redaction of secrets from messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RequestPacer, type PacerClock } from '../../client/src/aws/requestPacer';
import { profilesFromFiles, sharedFilePaths } from '../../client/src/aws/awsProfiles';
import { resolveConnection, validateEndpoint } from '../../client/src/aws/awsConnection';
import { classifyAwsError, redactSecrets } from '../../client/src/aws/awsErrors';
import { parseRuleDocumentPath, ruleDocumentPath, ruleFileName } from '../../client/src/core/sesModel/ruleDocument';
import { identityArn } from '../../client/src/core/sesModel/sesArn';

function virtualClock(): PacerClock & { time: number } {
  const clock = { time: 0, now: () => clock.time, sleep: async (ms: number) => void (clock.time += ms) };
  return clock;
}

test('the pacer lets requests start one interval apart, in the order they asked', async () => {
  const clock = virtualClock();
  const pacer = new RequestPacer(1000, clock);
  const order: Array<[string, number]> = [];
  await Promise.all(['a', 'b', 'c'].map(async (name) => {
    await pacer.turn();
    order.push([name, clock.time]);
  }));
  assert.deepEqual(order, [['a', 0], ['b', 1000], ['c', 2000]]);
  clock.time += 5000;
  await pacer.turn();
  assert.equal(clock.time, 7000, 'after a quiet spell the next request goes at once');
});

test('profiles come from both files; sso-session and services sections are not profiles', () => {
  const config = '[default]\nregion = eu-west-1\n\n[profile work]\nregion=us-west-2\nsso_session = corp\n[sso-session corp]\nsso_region = us-east-1\n[services local]\nses =\n  endpoint_url = http://x\n';
  const credentials = '[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\n[ci]\n; comment\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\n';
  assert.deepEqual(profilesFromFiles(config, credentials), [
    { name: 'default', files: ['config', 'credentials'], region: 'eu-west-1' },
    { name: 'ci', files: ['credentials'] },
    { name: 'work', files: ['config'], region: 'us-west-2' },
  ]);
  assert.deepEqual(sharedFilePaths({ AWS_CONFIG_FILE: '~/cfg', AWS_SHARED_CREDENTIALS_FILE: '/x/creds' }, '/home/u'), { config: '/home/u/cfg', credentials: '/x/creds' });
  assert.deepEqual(sharedFilePaths({}, '/home/u'), { config: '/home/u/.aws/config', credentials: '/home/u/.aws/credentials' });
});

test('AWS_REGION overrides the profile region, the setting overrides both', () => {
  const files = { config: '/c', credentials: '/k' };
  const profiles = [{ name: 'work', region: 'us-west-2', files: ['config' as const] }];
  assert.equal(resolveConnection({ profile: 'work' }, profiles, files, {}).region, 'us-west-2');
  assert.equal(resolveConnection({ profile: 'work' }, profiles, files, { AWS_REGION: 'eu-north-1' }).region, 'eu-north-1');
  assert.equal(resolveConnection({ profile: 'work', region: 'ap-south-1' }, profiles, files, { AWS_REGION: 'eu-north-1' }).region, 'ap-south-1');
  assert.equal(resolveConnection({}, profiles, files, { AWS_PROFILE: 'work' }).region, 'us-west-2');
  assert.equal(resolveConnection({}, [], files, {}).region, 'us-east-1');
  assert.equal(resolveConnection({}, [], files, { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE' }).profileLabel, 'environment');
});

test('the endpoint setting takes plain http(s) URLs only', () => {
  assert.deepEqual(validateEndpoint('http://127.0.0.1:4566/'), { endpoint: 'http://127.0.0.1:4566' });
  assert.deepEqual(validateEndpoint(''), {});
  assert.match(validateEndpoint('ftp://x')?.error ?? '', /http or https/);
  assert.match(validateEndpoint('https://user:pw@proxy.example')?.error ?? '', /must not contain a user name or password/);
  assert.match(validateEndpoint('not a url')?.error ?? '', /is not a URL/);
});

test('rule documents are named <rule>.receipt-rule.json and lead back to their rule', () => {
  const ref = { profile: 'demo', region: 'us-east-1', ruleSet: 'inbound set', rule: 'store-support' };
  const path = ruleDocumentPath(ref);
  assert.equal(path, '/demo/us-east-1/inbound%20set/store-support.receipt-rule.json');
  assert.deepEqual(parseRuleDocumentPath(path), ref);
  const odd = { ...ref, rule: 'a/b?c' };
  assert.deepEqual(parseRuleDocumentPath(ruleDocumentPath(odd)), odd);
  assert.equal(ruleFileName('..hidden'), '_hidden.receipt-rule.json');
  assert.equal(parseRuleDocumentPath('/us-east-1/x.json'), undefined);
});

test('identity ARNs follow the partition of the region', () => {
  assert.equal(identityArn('eu-west-1', '123456789012', 'example.com'), 'arn:aws:ses:eu-west-1:123456789012:identity/example.com');
  assert.equal(identityArn('us-gov-west-1', '123456789012', 'a@b.gov'), 'arn:aws-us-gov:ses:us-gov-west-1:123456789012:identity/a@b.gov');
});

test('messages never carry access keys, secret keys or session tokens', () => {
  const text = 'key AKIAIOSFODNN7EXAMPLE secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY token ' + 'FwoGZXIvYXdzE'.repeat(10);
  const clean = redactSecrets(text);
  assert.ok(!clean.includes('IOSFODNN7EXAMPLE') && !clean.includes('wJalrXUtnFEMI') && !clean.includes('FwoGZXIvYXdzEFwoG'), clean);
  assert.equal(redactSecrets('Rule set does not exist: inbound'), 'Rule set does not exist: inbound');
  const connection = resolveConnection({ profile: 'p' }, [], { config: '/c', credentials: '/k' }, {});
  const problem = classifyAwsError(Object.assign(new Error('User: arn:aws:iam::1:user/AKIAIOSFODNN7EXAMPLE is not authorized'), { name: 'SomethingNew' }), { connection, operation: 'ListReceiptRuleSets' });
  assert.equal(problem.kind, 'service-error');
  assert.ok(!problem.message.includes('AKIAIOSFODNN7EXAMPLE'), problem.message);
});
