/**
 * What the preview and the CLI say about reports: totals, sending sources (Amazon SES by its
 * published ranges and DKIM domain), explanations that lead to the fix, the comparison with an
 * open zone file, the generated MAIL FROM records, exports.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { decodeReportBytes } from '../../client/src/core/dmarcReport/decodeReport';
import { AMAZON_SES_SPF_RANGES, isAmazonSesAddress } from '../../client/src/core/dmarcReport/amazonSes';
import { isAligned, organizationalDomain } from '../../client/src/core/dmarcReport/domainAlignment';
import { mailFromZoneSnippet } from '../../client/src/core/dmarcReport/mailFromSnippet';
import { DEFAULT_REPORT_SETTINGS, sanitizeReportSettings } from '../../client/src/core/dmarcReport/reportLimits';
import { csvCell, reportsToCsv, reportsToJson } from '../../client/src/core/dmarcReport/reportExport';
import type { InputResult } from '../../client/src/core/dmarcReport/reportModel';
import { rowList } from '../../client/src/core/dmarcReport/reportRows';
import { summarizeInputs } from '../../client/src/core/dmarcReport/reportSummary';
import { comparePolicies, dmarcRecordsInZone } from '../../client/src/core/dmarcReport/zonePolicy';
import { createLanguageService } from '../../server/src/service/index';

const limits = { maxCompressedBytes: DEFAULT_REPORT_SETTINGS.maxCompressedBytes, maxUncompressedBytes: DEFAULT_REPORT_SETTINGS.maxUncompressedBytes };
const DEMO = 'demo/reports';
const demoInputs = (): InputResult[] => readdirSync(DEMO).sort().map((f) => decodeReportBytes(readFileSync(join(DEMO, f)), f, { limits }));

function xml(rows: string, policy = '<p>reject</p>'): InputResult {
  const text = `<feedback><report_metadata><org_name>r</org_name><email>e</email><report_id>1</report_id><date_range><begin>1700000000</begin><end>1700086399</end></date_range></report_metadata><policy_published><domain>example.com</domain>${policy}</policy_published>${rows}</feedback>`;
  return decodeReportBytes(Buffer.from(text), 'x.xml', { limits });
}

function record(ip: string, count: number, dkim: string, spf: string, auth: string, from = 'example.com'): string {
  return `<record><row><source_ip>${ip}</source_ip><count>${count}</count><policy_evaluated><disposition>none</disposition><dkim>${dkim}</dkim><spf>${spf}</spf></policy_evaluated></row><identifiers><header_from>${from}</header_from></identifiers><auth_results>${auth}</auth_results></record>`;
}

test('Amazon SES ranges: the ip4 ranges of amazonses.com\'s SPF record, edges included', () => {
  assert.ok(AMAZON_SES_SPF_RANGES.includes('54.240.0.0/18') && AMAZON_SES_SPF_RANGES.includes('52.82.172.0/22'));
  for (const [ip, ses] of [
    ['54.240.0.0', true],
    ['54.240.63.255', true],
    ['54.240.64.1', true],
    ['54.240.128.1', false],
    ['199.255.195.255', true],
    ['199.255.196.0', false],
    ['23.251.255.255', true],
    ['52.82.175.255', true],
    ['52.82.176.0', false],
    ['203.0.113.77', false],
    ['2001:db8::1', false],
  ] as const) {
    assert.equal(isAmazonSesAddress(ip), ses, ip);
  }
});

test('alignment: strict needs the same name, relaxed the same organizational domain', () => {
  assert.equal(organizationalDomain('mail.news.example.co.uk'), 'example.co.uk');
  assert.ok(isAligned('bounce.example.com', 'example.com', 'r'));
  assert.ok(!isAligned('bounce.example.com', 'example.com', 's'));
  assert.ok(!isAligned('amazonses.com', 'example.com', 'r'));
  assert.ok(isAligned('mail.example.co.uk', 'example.co.uk', 'r'));
  assert.ok(isAligned('Mail.Example.CO.UK.', 'example.co.uk', 'r'), 'case and the root dot do not matter');
  assert.ok(!isAligned('mail.example.co.uk', 'example.co.uk', 's'));
  assert.ok(!isAligned('example.co.uk', 'other.co.uk', 'r'));
  // Public suffixes of the list that a "last two labels" rule gets wrong.
  assert.ok(!isAligned('mail.example.ac.nz', 'other.ac.nz', 'r'));
  assert.equal(organizationalDomain('x.example.pvt.k12.ma.us'), 'example.pvt.k12.ma.us');
  assert.equal(organizationalDomain('a.b.example.kawasaki.jp'), 'b.example.kawasaki.jp', 'a wildcard rule (*.kawasaki.jp)');
  // A name with nothing under a public suffix is its own organizational domain.
  assert.equal(organizationalDomain('co.uk'), 'co.uk');
  assert.equal(organizationalDomain('192.0.2.1'), '192.0.2.1');
});

test('organizational domains under co.uk: aligned signers count as the domain, other.co.uk is a third party', () => {
  const from = 'example.co.uk';
  const summary = summarizeInputs([
    xml(
      record('192.0.2.30', 6, 'pass', 'fail', '<dkim><domain>mail.example.co.uk</domain><result>pass</result></dkim><spf><domain>bounce.example.co.uk</domain><result>pass</result></spf>', from) +
        record('192.0.2.31', 2, 'fail', 'fail', '<dkim><domain>other.co.uk</domain><result>pass</result></dkim><spf><domain>other.co.uk</domain><result>pass</result></spf>', from),
    ),
  ]);
  const aligned = summary.rows.find((r) => r.sourceIp === '192.0.2.30')!;
  assert.deepEqual([aligned.dkimResults[0].aligned, aligned.spfResults[0].aligned], [true, true]);
  const other = summary.rows.find((r) => r.sourceIp === '192.0.2.31')!;
  assert.deepEqual([other.dkimResults[0].aligned, other.spfResults[0].aligned], [false, false]);
  assert.deepEqual(summary.groups.map((g) => [g.key, g.label, g.messages]), [
    ['dkim:other.co.uk', 'Signed by other.co.uk', 2],
    ['authenticated', 'Other senders that pass DMARC', 6],
  ]);
  assert.equal(summary.groups[0].explanations[0].code, 'third-party-signer');
});

test('the demo folder: totals, SES recognised by range and DKIM, failing sources first, a timeline of two days', () => {
  const summary = summarizeInputs(demoInputs());
  assert.equal(summary.reports.length, 2);
  assert.deepEqual(summary.totals, {
    messages: 2183,
    rows: 7,
    dmarcPass: 2122,
    dkimAlignedPass: 2122,
    spfAlignedPass: 1240,
    dispositions: [
      { disposition: 'none', messages: 2122 },
      { disposition: 'reject', messages: 61 },
    ],
  });
  const ses = summary.groups.find((g) => g.kind === 'amazon-ses')!;
  assert.equal(ses.messages, 1240 + 57 + 800 + 40);
  assert.deepEqual(new Set(ses.ips), new Set(['54.240.8.21', '54.240.8.44', '54.240.9.10', '54.240.9.11']));
  assert.deepEqual(ses.explanations.map((x) => [x.code, x.messages]), [
    ['ses-mail-from-not-aligned', 897],
    ['ses-easy-dkim-missing', 40],
  ]);
  assert.deepEqual(ses.explanations[0].action, { kind: 'mail-from-records', domain: 'example.com' });
  assert.deepEqual(ses.explanations[1].action, { kind: 'easy-dkim', domain: 'news.example.com' });
  const codes = summary.groups.flatMap((g) => g.explanations.map((x) => x.code));
  assert.ok(codes.includes('unauthenticated-source') && codes.includes('third-party-signer') && codes.includes('forwarding'));
  assert.equal(summary.groups.find((g) => g.key === 'unknown')!.ips[0], '203.0.113.77');
  assert.equal(summary.groups[summary.groups.length - 1].passMessages, summary.groups[summary.groups.length - 1].messages, 'passing sources last');
  assert.deepEqual(summary.timeline, [
    { day: '2025-11-26', messages: 874, pass: 825, fail: 49, reports: 1 },
    { day: '2025-11-27', messages: 1309, pass: 1297, fail: 12, reports: 1 },
  ]);
  const rejected = summary.rows.find((r) => r.sourceIp === '203.0.113.77')!;
  assert.deepEqual([rejected.dmarc, rejected.disposition, rejected.spfResults[0].aligned], ['fail', 'reject', true]);
  const sesRow = summary.rows.find((r) => r.sourceIp === '54.240.8.44')!;
  assert.deepEqual(sesRow.dkimResults.map((d) => [d.domain, d.aligned]), [['amazonses.com', false], ['example.com', true]]);
});

test('each explanation fires on its own pattern and not on others', () => {
  const sesDkimOnly = summarizeInputs([xml(record('54.240.1.1', 5, 'fail', 'fail', '<dkim><domain>amazonses.com</domain><result>pass</result></dkim><spf><domain>amazonses.com</domain><result>pass</result></spf>'))]);
  assert.deepEqual(sesDkimOnly.groups[0].explanations.map((x) => x.code), ['ses-mail-from-not-aligned', 'ses-easy-dkim-missing']);
  // SES recognised by its DKIM key even from an address outside the ranges.
  const byDkim = summarizeInputs([xml(record('192.0.2.9', 2, 'pass', 'fail', '<dkim><domain>example.com</domain><result>pass</result></dkim><dkim><domain>amazonses.com</domain><result>pass</result></dkim><spf><domain>example.com</domain><result>fail</result></spf>'))]);
  assert.equal(byDkim.groups[0].kind, 'amazon-ses');
  assert.deepEqual(byDkim.groups[0].explanations, [], 'SPF fails but DKIM aligns: passing SES mail needs nothing');
  const forwarded = summarizeInputs([xml(record('192.0.2.10', 3, 'pass', 'fail', '<dkim><domain>example.com</domain><result>pass</result></dkim><spf><domain>list.example.org</domain><result>fail</result></spf>'))]);
  assert.deepEqual(forwarded.groups[0].explanations.map((x) => [x.code, x.severity]), [['forwarding', 'information']]);
  const spoofed = summarizeInputs([xml(record('192.0.2.11', 4, 'fail', 'fail', '<spf><domain>example.com</domain><result>fail</result></spf>'))]);
  assert.deepEqual(spoofed.groups[0].explanations.map((x) => [x.code, x.severity, x.messages]), [['unauthenticated-source', 'error', 4]]);
  const clean = summarizeInputs([xml(record('192.0.2.12', 4, 'pass', 'pass', '<dkim><domain>example.com</domain><result>pass</result></dkim><spf><domain>example.com</domain><result>pass</result></spf>'))]);
  assert.deepEqual(clean.groups[0].explanations, []);
  // With reverse DNS names, unknown senders are named by their network.
  const named = summarizeInputs([xml(record('192.0.2.11', 4, 'fail', 'fail', ''))], { reverseNames: new Map([['192.0.2.11', 'mta7.mail.example-crm.net']]) });
  assert.equal(named.groups[0].label, 'example-crm.net (reverse DNS)');
  assert.equal(named.groups[0].explanations[0].code, 'unauthenticated-source');
});

test('a row limit keeps failing rows first; totals and groups still count everything', () => {
  const rows = Array.from({ length: 30 }, (_, k) => record(`192.0.2.${k + 1}`, k + 1, k % 3 === 0 ? 'fail' : 'pass', 'fail', '')).join('');
  const summary = summarizeInputs([xml(rows)], { rowLimit: 12 });
  assert.equal(summary.rows.length, 12);
  assert.equal(summary.rowsOmitted, 18);
  assert.equal(summary.rows.filter((r) => r.dmarc === 'fail').length, 10, 'all ten failing rows');
  assert.equal(summary.totals.messages, (30 * 31) / 2);
});

test('the row limit picks exactly what a stable sort would: failing first, then messages, ties in report order', () => {
  let random = 11;
  const next = (n: number) => {
    random = (random * 1103515245 + 12345) & 0x7fffffff;
    return random % n;
  };
  // Three reports (one without usable rows), counts with many ties.
  const specs = [40, 0, 35].map((rows, report) =>
    Array.from({ length: rows }, (_, k) => ({ ip: `10.${report}.${k >> 8}.${k & 255}`, count: 1 + next(6), fail: next(3) === 0 })),
  );
  const inputs = specs.map((rows) => xml(rows.map((r) => record(r.ip, r.count, r.fail ? 'fail' : 'pass', 'fail', '')).join('')));
  const all = specs.flat();
  for (const limit of [0, 5, 17, 40, 75, 80]) {
    const summary = summarizeInputs(inputs, { rowLimit: limit });
    const expected = all.length <= limit ? all : [...all].sort((a, b) => Number(b.fail) - Number(a.fail) || b.count - a.count).slice(0, limit);
    assert.deepEqual(summary.rows.map((r) => r.sourceIp), expected.map((r) => r.ip), `limit ${limit}`);
    assert.equal(summary.rowsOmitted, all.length - expected.length);
    // Each row names the report it came from (the second octet of these addresses).
    for (const row of summary.rows) assert.equal(row.report, Number(row.sourceIp.split('.')[1]), row.sourceIp);
  }
});

test('counts past 2^31 and addresses at the top of the IPv4 space come through exactly', () => {
  const input = xml(record('255.255.255.255', 3_000_000_000, 'fail', 'fail', '') + record('0.0.0.0', 999_999_999_999_999, 'pass', 'fail', '') + record('2001:db8::7', 1, 'fail', 'fail', ''));
  const rows = rowList(input.reports[0].rows);
  assert.deepEqual(rows.map((r) => [r.sourceIp, r.count]), [
    ['255.255.255.255', 3_000_000_000],
    ['0.0.0.0', 999_999_999_999_999],
    ['2001:db8::7', 1],
  ]);
  const summary = summarizeInputs([input]);
  assert.equal(summary.totals.messages, 3_000_000_000 + 999_999_999_999_999 + 1);
  assert.deepEqual(summary.groups.find((g) => g.key === 'unknown')!.ips, ['255.255.255.255', '2001:db8::7']);
  assert.equal(summary.rows[0].count, 3_000_000_000);
});

test('the published policy is compared with the DMARC record of an open zone file', () => {
  const inputs = demoInputs();
  const zone = readFileSync('demo/example.com.zone', 'utf8');
  const records = dmarcRecordsInZone(zone, 'example.com.zone');
  assert.deepEqual(records.map((r) => [r.domain, r.tags.p, r.tags.adkim]), [['example.com', 'reject', 's']]);
  assert.deepEqual(comparePolicies(inputs.flatMap((i) => i.reports), records), [], 'the newest report matches the zone');
  const changed = dmarcRecordsInZone(zone.replace('p=reject; sp=reject; adkim=s', 'p=quarantine; adkim=s'), 'example.com.zone');
  const [finding] = comparePolicies(inputs.flatMap((i) => i.reports), changed);
  assert.equal(finding.code, 'policy-differs-from-zone');
  assert.match(finding.meaning, /p=reject in the report, p=quarantine in the zone; sp=reject in the report, sp=quarantine in the zone/);
  assert.match(finding.title, /_dmarc\.example\.com in example\.com\.zone/);
});

test('the generated MAIL FROM records are what SES asks for, and the zone checks pass on them', () => {
  const snippet = mailFromZoneSnippet('example.com', 'eu-west-1');
  assert.match(snippet, /^mail\.example\.com\. 300 IN MX 10 feedback-smtp\.eu-west-1\.amazonses\.com\.$/m);
  assert.match(snippet, /^mail\.example\.com\. 300 IN TXT "v=spf1 include:amazonses\.com ~all"$/m);
  const service = createLanguageService();
  const doc = service.analyze({ text: `$ORIGIN example.com.\n$TTL 300\n${snippet}`, fileName: 'example.com.zone' });
  return service.validate(doc).then((diagnostics) => {
    assert.deepEqual(diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('ses-')), []);
  });
});

test('exports hold every row; CSV cells are quoted and cannot become formulas', () => {
  const inputs = demoInputs();
  const csv = reportsToCsv(inputs.flatMap((i) => i.reports));
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 1 + 7);
  assert.ok(lines[0].startsWith('reporter,report_id,begin_utc,end_utc,policy_domain'));
  assert.ok(lines.some((l) => l.includes(',54.240.8.44,57,none,pass,pass,fail,example.com,amazonses.com,')));
  assert.equal(csvCell('=1+1'), "'=1+1");
  assert.equal(csvCell('-2'), "'-2");
  assert.equal(csvCell('a,"b"'), '"a,""b"""');
  const json = JSON.parse(reportsToJson(inputs.flatMap((i) => i.reports)));
  assert.equal(json.length, 2);
  assert.equal(json[1].records.length, 3);
  assert.equal(json[1].metadata.reportId, 'demo-20261127-0001');
});

test('settings: caps are clamped, reverse DNS needs a trusted workspace', () => {
  assert.deepEqual(sanitizeReportSettings({}, true), DEFAULT_REPORT_SETTINGS);
  assert.deepEqual(sanitizeReportSettings({ maxCompressedBytes: 5, maxUncompressedBytes: 1e12, reverseDns: true }, true), { maxCompressedBytes: 1024, maxUncompressedBytes: 1024 ** 3, reverseDns: true });
  assert.equal(sanitizeReportSettings({ reverseDns: true }, false).reverseDns, false);
  assert.equal(sanitizeReportSettings({ maxCompressedBytes: 'lots' }, true).maxCompressedBytes, DEFAULT_REPORT_SETTINGS.maxCompressedBytes);
});
