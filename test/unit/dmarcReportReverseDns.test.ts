/**
 * Reverse DNS for the sources of a report, through Node's real resolver (c-ares, wire format) and
 * the loopback DNS server: switched on in a trusted workspace, senders are grouped by the
 * organization of their PTR name; switched off, or in an untrusted workspace, not one PTR query
 * is sent.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeReportBytes } from '../../client/src/core/dmarcReport/decodeReport';
import { DEFAULT_REPORT_SETTINGS, sanitizeReportSettings } from '../../client/src/core/dmarcReport/reportLimits';
import { summarizeInputs } from '../../client/src/core/dmarcReport/reportSummary';
import { sourceNames } from '../../client/src/reports/reverseDns';
import { reverseName, startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';

const limits = { maxCompressedBytes: DEFAULT_REPORT_SETTINGS.maxCompressedBytes, maxUncompressedBytes: DEFAULT_REPORT_SETTINGS.maxUncompressedBytes };

function record(ip: string, count: number, dkim: string, spf: string, auth = ''): string {
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>example.com</header_from></identifiers><auth_results>${auth}<spf><domain>example.com</domain><result>${spf}</result></spf></auth_results></record>`;
}

const ROWS = [
  record('192.0.2.11', 40, 'fail', 'fail'),
  record('192.0.2.12', 30, 'fail', 'fail'),
  record('2001:db8::25', 20, 'fail', 'fail'),
  record('198.51.100.5', 7, 'fail', 'fail'),
  record('203.0.113.9', 1, 'fail', 'fail'),
  // SES by its range: a PTR name does not take it out of the Amazon SES group.
  record('54.240.8.21', 100, 'pass', 'fail', '<dkim><domain>example.com</domain><result>pass</result></dkim>'),
].join('');

const PTR: Record<string, string> = {
  '192.0.2.11': 'mta7.mail.example-crm.net',
  '192.0.2.12': 'mta9.out.example-crm.net.',
  '2001:db8::25': 'mx.example-crm.net',
  '198.51.100.5': 'smtp.relay.example.co.uk',
  '54.240.8.21': 'a8-21.smtp-out.amazonses.com',
};

const input = () =>
  decodeReportBytes(
    Buffer.from(`<feedback><report_metadata><org_name>r</org_name><email>e</email><report_id>1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>example.com</domain><p>reject</p></policy_published>${ROWS}</feedback>`),
    'rdns.xml',
    { limits },
  );

let dns: LoopbackDnsServer;

before(async () => {
  dns = await startLoopbackDnsServer(Object.fromEntries(Object.entries(PTR).map(([ip, name]) => [reverseName(ip), [{ type: 'PTR', value: name }]])));
});

after(() => dns?.close());

const ptrQueries = () => dns.queries.filter((q) => q.type === 'PTR');

function settings(raw: unknown, trusted: boolean) {
  return { ...sanitizeReportSettings(raw, trusted), dnsServers: [`127.0.0.1:${dns.port}`], dnsTimeoutMs: 2000 };
}

test('on, in a trusted workspace: sources are grouped by the organization of their PTR name', async () => {
  const inputs = [input()];
  assert.equal(inputs[0].reports.length, 1);
  const before = summarizeInputs(inputs);
  assert.deepEqual(before.groups.map((g) => g.key).sort(), ['amazon-ses', 'unknown']);

  const names = await sourceNames(inputs[0].reports, settings({ reverseDns: true }, true));
  assert.ok(names, 'reverse DNS ran');
  // Every source IP was asked for, busiest first, by its in-addr.arpa or ip6.arpa name.
  assert.deepEqual(new Set(ptrQueries().map((q) => q.name)), new Set([...Object.keys(PTR), '203.0.113.9'].map(reverseName)));
  assert.equal(ptrQueries()[0].name, '21.8.240.54.in-addr.arpa', 'the busiest address first');
  assert.equal(names.get('192.0.2.12'), 'mta9.out.example-crm.net', 'lower-cased, without the root dot');
  assert.equal(names.has('203.0.113.9'), false, 'NXDOMAIN: no name');

  const summary = summarizeInputs(inputs, { reverseNames: names });
  const byKey = new Map(summary.groups.map((g) => [g.key, g]));
  assert.deepEqual([...byKey.keys()].sort(), ['amazon-ses', 'rdns:example-crm.net', 'rdns:example.co.uk', 'unknown']);
  const crm = byKey.get('rdns:example-crm.net')!;
  assert.equal(crm.label, 'example-crm.net (reverse DNS)');
  assert.equal(crm.messages, 90, 'two IPv4 hosts and one IPv6 host of one organization');
  assert.deepEqual(crm.ips, ['192.0.2.11', '192.0.2.12', '2001:db8::25']);
  assert.equal(crm.explanations[0].code, 'unauthenticated-source');
  // A co.uk name is grouped under its registered domain, not under co.uk.
  assert.equal(byKey.get('rdns:example.co.uk')!.label, 'example.co.uk (reverse DNS)');
  assert.deepEqual(byKey.get('unknown')!.ips, ['203.0.113.9']);
  assert.equal(byKey.get('amazon-ses')!.messages, 100);
  assert.equal(summary.rows.find((r) => r.sourceIp === '2001:db8::25')!.source, 'rdns:example-crm.net');
});

test('off, or on in an untrusted workspace: no PTR query is sent and the groups stay as they were', async () => {
  const inputs = [input()];
  const sent = ptrQueries().length;
  for (const [raw, trusted] of [
    [{ reverseDns: false }, true],
    [{}, true],
    [{ reverseDns: true }, false],
  ] as const) {
    const names = await sourceNames(inputs[0].reports, settings(raw, trusted));
    assert.equal(names, undefined, `${JSON.stringify(raw)}, trusted ${trusted}`);
  }
  // Give a stray query time to arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(ptrQueries().length, sent, 'the DNS server saw no PTR query');
  assert.deepEqual(summarizeInputs(inputs).groups.map((g) => g.key).sort(), ['amazon-ses', 'unknown']);
});
