/**
 * "Generate DNS records" and "Check DNS" for SES identities read from the local AWS endpoint with
 * the real SDK: the fragment passes the language service, the inbound MX appears only when SES
 * receives for the domain, and the check against a loopback DNS server finds what is missing or
 * different.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { easyDkimTokens, startLocalAws, type LocalAws } from '../../local-aws/index';
import { renderZoneFragment, sesDnsPlan, type SesDnsPlan } from '../../client/src/core/sesModel/sesDnsRecords';
import { checkPlan, formatDnsCheck, lookupsFor } from '../../client/src/core/sesModel/dnsCheck';
import { ruleReceivesFor } from '../../client/src/core/sesModel/recipientMatch';
import { resolveLookups } from '../../client/src/views/dnsResolution';
import type { SesExplorerSession } from '../../client/src/aws/sesExplorerSession';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { analyze, validate } from '../support/serviceKit';
import { explorerSeed, openSession, writeProfileFiles, type ProfileFiles } from '../support/sesExplorerKit';

let aws: LocalAws;
let files: ProfileFiles;

before(async () => {
  aws = await startLocalAws({ seed: explorerSeed() });
  files = writeProfileFiles();
});
after(() => aws?.close());

/** What the command does: the identity, the active rule set of its region, the plan. */
async function planFor(identity: string, region = 'us-east-1'): Promise<SesDnsPlan> {
  const session: SesExplorerSession = await openSession(files, { profile: 'demo', region, endpoint: aws.url });
  try {
    return sesDnsPlan({ identity: await session.identity(identity), region, activeRuleSet: await session.activeRuleSet() });
  } finally {
    session.dispose();
  }
}

const tokens = easyDkimTokens('example.com');

describe('Generate DNS records', () => {
  test('the fragment holds the DKIM CNAMEs, MAIL FROM MX and SPF, DMARC and the inbound MX', async () => {
    const text = renderZoneFragment(await planFor('example.com'));
    const records = text.split('\n').filter((line) => line !== '' && !line.startsWith(';'));
    assert.deepEqual(records, [
      ...tokens.map((t) => `${t}._domainkey.example.com. 3600 IN CNAME ${t}.dkim.amazonses.com.`),
      'mail.example.com. 3600 IN MX 10 feedback-smtp.us-east-1.amazonses.com.',
      'mail.example.com. 3600 IN TXT "v=spf1 include:amazonses.com ~all"',
      '_dmarc.example.com. 3600 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc-reports@example.com"',
      'example.com. 3600 IN MX 10 inbound-smtp.us-east-1.amazonaws.com.',
    ]);
  });

  test('the language service finds nothing wrong in it: only the reminder that p=none only monitors', async () => {
    for (const [identity, region] of [['example.com', 'us-east-1'], ['example.org', 'us-east-1'], ['example.com', 'eu-central-2'], ['news.example.net', 'eu-west-1']]) {
      const plan = await planFor(identity, region);
      const text = renderZoneFragment(plan);
      // As an untitled document: no file name to take an origin from.
      const diagnostics = await validate(text, {});
      assert.deepEqual(diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.code}: ${d.message}`), [], `${identity} in ${region}:\n${text}`);
      assert.deepEqual(diagnostics.map((d) => d.code), ['dmarc-policy-none'], `${identity} in ${region}`);
      assert.equal(analyze(text, {}).set.records.length, plan.records.length, 'every record was parsed');
    }
  });

  test('no inbound MX unless the region receives and an enabled rule of the active set takes the domain', async () => {
    const org = await planFor('example.org');
    assert.ok(!org.records.some((r) => r.purpose === 'inbound-mx'));
    assert.match(org.notes.join('\n'), /No enabled rule of the active rule set "inbound" takes mail for example\.org/);
    const notReceiving = await planFor('example.com', 'eu-central-2');
    assert.ok(!notReceiving.records.some((r) => r.purpose === 'inbound-mx'));
    assert.match(notReceiving.notes.join('\n'), /SES does not receive mail in eu-central-2/);
    assert.ok(notReceiving.records.some((r) => r.value === 'feedback-smtp.eu-central-2.amazonses.com'), 'the MAIL FROM MX follows the region');
    const noActiveSet = await planFor('example.com', 'ap-northeast-3').catch((e: unknown) => e);
    assert.ok(noActiveSet instanceof Error, 'ap-northeast-3 has no identities in the seed');
    const empty = sesDnsPlan({ identity: { name: 'example.com', type: 'DOMAIN', dkim: { tokens } }, region: 'us-east-1' });
    assert.match(empty.notes.join('\n'), /No receipt rule set is active in us-east-1/);
  });

  test('recipient conditions match as SES matches them', () => {
    const rule = (Recipients: string[], Enabled = true) => ({ Name: 'r', Enabled, Recipients });
    assert.equal(ruleReceivesFor(rule(['example.com']), 'example.com'), true);
    assert.equal(ruleReceivesFor(rule(['support@Example.com']), 'example.com'), true);
    assert.equal(ruleReceivesFor(rule(['example.com']), 'sub.example.com'), false, 'a domain does not cover its subdomains');
    assert.equal(ruleReceivesFor(rule(['.example.com']), 'sub.example.com'), true);
    assert.equal(ruleReceivesFor(rule(['.example.com']), 'example.com'), false);
    assert.equal(ruleReceivesFor(rule([]), 'example.com'), true, 'no recipients: every verified domain');
    assert.equal(ruleReceivesFor(rule(['example.com'], false), 'example.com'), false, 'a disabled rule takes nothing');
  });

  test('names that are not domain names are never written into the zone', () => {
    const plan = sesDnsPlan({ identity: { name: 'evil.com.\n@ IN NS attacker.example.', type: 'DOMAIN', dkim: { tokens: ['abc'] } }, region: 'us-east-1' });
    assert.deepEqual(plan.records, []);
    const text = renderZoneFragment(plan);
    assert.ok(text.split('\n').every((line) => line === '' || line.startsWith(';')), text);
    const odd = sesDnsPlan({ identity: { name: 'example.com', type: 'DOMAIN', dkim: { tokens: ['good1', 'bad token'] }, mailFrom: { domain: 'mail example.com' } }, region: 'us-east-1' });
    assert.deepEqual(odd.records.map((r) => r.name), ['good1._domainkey.example.com', '_dmarc.example.com']);
  });
});

describe('Check DNS', () => {
  let dns: LoopbackDnsServer;
  before(async () => {
    dns = await startLoopbackDnsServer({
      [`${tokens[0]}._domainkey.example.com`]: [{ type: 'CNAME', value: `${tokens[0]}.dkim.amazonses.com` }],
      [`${tokens[1]}._domainkey.example.com`]: [{ type: 'CNAME', value: 'old-selector.example.net' }],
      'mail.example.com': [{ type: 'MX', value: 'feedback-smtp.us-east-1.amazonses.com', priority: 10 }, { type: 'TXT', value: 'v=spf1 -all' }],
      '_dmarc.example.com': [{ type: 'TXT', value: 'v=DMARC1; p=reject; rua=mailto:d@example.com' }],
      'example.com': [{ type: 'TXT', value: 'google-site-verification=abc' }],
      'slow.example.org': [{ type: 'TIMEOUT' }],
    });
  });
  after(() => dns?.close());

  test('lists each record as ok, missing or different, as the loopback DNS server answers', async () => {
    const plan = await planFor('example.com');
    const answers = await resolveLookups(lookupsFor(plan), { servers: [`127.0.0.1:${dns.port}`], timeoutMs: 1000 });
    const rows = checkPlan(plan, answers);
    assert.deepEqual(rows.map((r) => `${r.record.name} ${r.record.type}: ${r.status}`), [
      `${tokens[0]}._domainkey.example.com CNAME: ok`,
      `${tokens[1]}._domainkey.example.com CNAME: different`,
      `${tokens[2]}._domainkey.example.com CNAME: missing`,
      'mail.example.com MX: ok',
      'mail.example.com TXT: different',
      '_dmarc.example.com TXT: ok',
      'example.com MX: missing',
    ]);
    assert.deepEqual(rows[1].found, ['old-selector.example.net.']);
    assert.match(rows[4].message, /does not include amazonses\.com/);
    assert.match(rows[6].message, /example\.com has no MX record\. Publish: example\.com MX 10 inbound-smtp\.us-east-1\.amazonaws\.com\./);
    const report = formatDnsCheck(plan, rows, `127.0.0.1:${dns.port}`);
    assert.match(report, /^DNS check of the SES identity example\.com \(us-east-1\) via 127\.0\.0\.1:\d+\n3 ok, 2 missing, 2 different, 0 not checked\n/);
    assert.match(report, /\[MISSING\] example\.com MX 10 inbound-smtp\.us-east-1\.amazonaws\.com\./);
    assert.ok(dns.queries.some((q) => q.name === 'mail.example.com' && q.type === 'MX'), 'asked the loopback server');
  });

  test('a server that does not answer leaves the record unchecked rather than missing', async () => {
    const plan: SesDnsPlan = { domain: 'slow.example.org', region: 'us-east-1', notes: [], records: [{ name: 'slow.example.org', type: 'MX', value: 'inbound-smtp.us-east-1.amazonaws.com', priority: 10, purpose: 'inbound-mx' }] };
    const rows = checkPlan(plan, await resolveLookups(lookupsFor(plan), { servers: [`127.0.0.1:${dns.port}`], timeoutMs: 200 }));
    assert.deepEqual(rows.map((r) => [r.status, r.message]), [['unknown', 'Could not check slow.example.org MX: no answer in time.']]);
  });
});
