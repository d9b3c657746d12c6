import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexRecords, txtFromPlainText, type DnsRecord, type TxtValue } from '../../server/src/service/records';
import type { Finding } from '../../server/src/service/types';
import type { DnsLookup, LookupOutcome } from '../../server/src/service/dnsLookup';
import { ruleInfo } from '../../server/src/service/rules';
import { parseDmarc } from '../../server/src/service/dmarc/dmarcRecord';
import {
  checkDmarcExternalDestinations,
  checkDmarcName,
  checkDmarcRecord,
  checkDmarcRecordSet,
  dmarcNameRole,
} from '../../server/src/service/dmarc/dmarcChecks';
import { dmarcCompletions, dmarcHover } from '../../server/src/service/dmarc/dmarcDocs';

const AT = 1000;
const GOOD = 'v=DMARC1; p=reject; rua=mailto:dmarc@example.com';

function record(name: string, text: string | TxtValue, type = 'TXT', offset = AT): DnsRecord {
  const txt = typeof text === 'string' ? txtFromPlainText(text, offset) : text;
  return { name, type, span: txt.span, nameSpan: { start: 0, end: 0 }, typeSpan: { start: 0, end: 0 }, rdataSpan: txt.span, rdata: [], txt };
}

function check(name: string, text: string | TxtValue, others: DnsRecord[] = []): Finding[] {
  const r = record(name, text);
  return checkDmarcRecord(r, indexRecords([r, ...others]));
}

function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

function codes(findings: Finding[]): string[] {
  return [...new Set(findings.map((f) => f.code))].sort();
}

/** Document span of `needle` in `text` written by txtFromPlainText at AT. */
function spanOf(text: string, needle: string, from = 0): { start: number; end: number } {
  const i = text.indexOf(needle, from);
  assert.ok(i >= 0, `${needle} not in ${text}`);
  return { start: AT + i, end: AT + i + needle.length };
}

function assertSpan(f: Finding | undefined, span: { start: number; end: number }): void {
  assert.ok(f, 'expected a finding');
  assert.deepEqual({ start: f.start, end: f.end }, span);
}

/** Simulates `"a" "b"` in a zone file: each string has quotes and a space around it. */
function txtFromStrings(strings: string[], offset: number): TxtValue {
  const segments = [];
  const spans = [];
  let at = 0;
  let doc = offset;
  for (const s of strings) {
    segments.push({ at, length: s.length, source: doc + 1, sourceLength: s.length });
    spans.push({ span: { start: doc, end: doc + s.length + 2 }, octets: s.length });
    at += s.length;
    doc += s.length + 3;
  }
  return { text: strings.join(''), segments, strings: spans, span: { start: offset, end: doc - 1 } };
}

// --------------------------------------------------------------------------------------------

test('a complete policy record has no findings', () => {
  assert.deepEqual(check('_dmarc.example.com', GOOD), []);
  assert.deepEqual(check('_dmarc.example.com', 'v=DMARC1;p=quarantine;rua=mailto:d@example.com;'), []);
});

test('parser: tags, spans and problems', () => {
  const text = 'v=DMARC1;  p = reject ;rua=mailto:a@example.com';
  const parsed = parseDmarc(txtFromPlainText(text));
  assert.deepEqual(parsed.tags.map((t) => [t.name, t.value]), [['v', 'DMARC1'], ['p', 'reject'], ['rua', 'mailto:a@example.com']]);
  const p = parsed.tags[1];
  assert.deepEqual(p.nameSpan, { start: 11, end: 12 });
  assert.deepEqual(p.valueSpan, { start: 15, end: 21 });
  assert.deepEqual(p.span, { start: 11, end: 21 });
  assert.deepEqual(parsed.problems, []);
  const broken = parseDmarc(txtFromPlainText('v=DMARC1; nonsense; 1x=2'));
  assert.deepEqual(broken.problems.map((p) => p.span), [{ start: 10, end: 18 }, { start: 20, end: 22 }]);
});

test('dmarc-version: v=DMARC1 not first gets a reorder fix over the whole value', () => {
  const text = 'p=reject; v=DMARC1; rua=mailto:d@example.com';
  const [f] = only(check('_dmarc.example.com', text), 'dmarc-version');
  assertSpan(f, spanOf(text, 'v=DMARC1'));
  assert.match(f.message, /first/);
  assert.match(f.message, /RFC 9989 section 4\.7/);
  assert.deepEqual(f.data, { kind: 'replace', span: { start: AT, end: AT + text.length }, text: 'v=DMARC1; p=reject; rua=mailto:d@example.com', title: 'Put v=DMARC1 first' });
});

test('dmarc-version: wrong case, missing semicolon, wrong version, missing v', () => {
  const lower = 'v=dmarc1; p=reject; rua=mailto:d@example.com';
  const [caseFinding] = only(check('_dmarc.example.com', lower), 'dmarc-version');
  assertSpan(caseFinding, spanOf(lower, 'dmarc1'));
  assert.equal(caseFinding.data?.kind === 'replace' && caseFinding.data.text, 'DMARC1');

  const glued = 'v=DMARC1 p=reject';
  const [gluedFinding] = only(check('_dmarc.example.com', glued), 'dmarc-version');
  assert.match(gluedFinding.message, /";" after DMARC1 is missing/);
  assert.equal(gluedFinding.data?.kind === 'replace' && gluedFinding.data.text, 'DMARC1; p=reject');

  assert.equal(only(check('_dmarc.example.com', 'v=DMARC2; p=reject'), 'dmarc-version').length, 1);

  const missing = only(check('_dmarc.example.com', 'p=reject; rua=mailto:d@example.com'), 'dmarc-version');
  assert.equal(missing.length, 1);
  assert.equal(missing[0].data?.kind === 'replace' && missing[0].data.text, 'v=DMARC1; p=reject; rua=mailto:d@example.com');
});

test('dmarc-version: an unrelated TXT at _dmarc gets only that finding', () => {
  const findings = check('_dmarc.example.com', 'google-site-verification=abc123');
  assert.deepEqual(codes(findings), ['dmarc-version']);
  assert.match(findings[0].message, /does not start with v=DMARC1/);
});

test('dmarc-version: not reported for valid spellings', () => {
  assert.deepEqual(only(check('_dmarc.example.com', 'V=DMARC1; p=reject; rua=mailto:d@example.com'), 'dmarc-version'), []);
  assert.deepEqual(only(check('_dmarc.example.com', 'v = DMARC1 ; p=reject; rua=mailto:d@example.com'), 'dmarc-version'), []);
});

test('dmarc-syntax: a bare word, an empty value, a tab, an empty tag', () => {
  const text = `${GOOD}; garbage`;
  const [bare] = only(check('_dmarc.example.com', text), 'dmarc-syntax');
  assertSpan(bare, spanOf(text, 'garbage'));
  assert.match(bare.message, /not a tag=value pair/);

  const empty = `${GOOD}; adkim=`;
  assertSpan(only(check('_dmarc.example.com', empty), 'dmarc-syntax')[0], spanOf(empty, 'adkim='));

  const tab = `${GOOD}; adkim=s\tx`;
  assertSpan(only(check('_dmarc.example.com', tab), 'dmarc-syntax')[0], spanOf(tab, '\t'));

  const doubled = 'v=DMARC1;; p=reject; rua=mailto:d@example.com';
  const [emptyTag] = only(check('_dmarc.example.com', doubled), 'dmarc-syntax');
  assert.equal(emptyTag.severity, 'warning');
  assertSpan(emptyTag, { start: AT + 9, end: AT + 10 });

  const leading = ` ${GOOD}`;
  assert.equal(only(check('_dmarc.example.com', leading), 'dmarc-syntax')[0]?.severity, 'warning');
});

test('dmarc-syntax: a trailing semicolon and spaces around "=" are fine', () => {
  assert.deepEqual(only(check('_dmarc.example.com', `${GOOD};`), 'dmarc-syntax'), []);
  assert.deepEqual(only(check('_dmarc.example.com', `${GOOD} ; `), 'dmarc-syntax'), []);
  assert.deepEqual(only(check('_dmarc.example.com', 'v=DMARC1; p = reject; rua=mailto:d@example.com'), 'dmarc-syntax'), []);
});

test('dmarc-invalid-value: each tag with a bad value', () => {
  const bad: Array<[string, string]> = [
    ['p', 'rejected'], ['sp', 'bogus'], ['np', 'deny'], ['adkim', 'x'], ['aspf', 'relaxed'], ['fo', '0:1'], ['fo', '2'],
    ['fo', 'd:d'], ['t', 'yes'], ['psd', 'maybe'], ['pct', '101'], ['pct', '5.5'], ['ri', '-1'], ['rf', 'json'],
  ];
  for (const [tag, value] of bad) {
    const text = tag === 'p' ? `v=DMARC1; p=${value}; rua=mailto:d@example.com` : `${GOOD}; ${tag}=${value}`;
    const found = only(check('_dmarc.example.com', text), 'dmarc-invalid-value');
    assert.equal(found.length, 1, `${tag}=${value}`);
    const at = text.indexOf(`${tag}=${value}`) + tag.length + 1;
    assertSpan(found[0], { start: AT + at, end: AT + at + value.length });
  }
  const [p] = only(check('_dmarc.example.com', 'v=DMARC1; p=reject rua=mailto:d@example.com'), 'dmarc-invalid-value');
  assert.match(p.message, /Is a ";" missing before "rua="\?/);
  assert.match(p.message, /RFC 9989 section 4\.10\.1/);
});

test('dmarc-invalid-value: valid values in any case are accepted', () => {
  const text = 'v=DMARC1; p=Reject; sp=QUARANTINE; np=none; adkim=s; aspf=R; fo=0:d:s; t=n; psd=n; rua=mailto:d@example.com';
  assert.deepEqual(only(check('_dmarc.example.com', text), 'dmarc-invalid-value'), []);
  assert.deepEqual(only(check('_dmarc.example.com', `${GOOD}; pct=50; ri=3600; rf=afrf; fo=1`), 'dmarc-invalid-value'), []);
});

test('dmarc-duplicate-tag: the repeat is reported, case-insensitively', () => {
  const text = 'v=DMARC1; p=reject; P=none; rua=mailto:d@example.com';
  const found = only(check('_dmarc.example.com', text), 'dmarc-duplicate-tag');
  assert.equal(found.length, 1);
  assertSpan(found[0], spanOf(text, 'P=none'));
  assert.deepEqual(only(check('_dmarc.example.com', 'v=DMARC1; p=reject; sp=none; rua=mailto:d@example.com'), 'dmarc-duplicate-tag'), []);
});

test('dmarc-unknown-tag: a typo gets a rename fix, nonsense does not', () => {
  const text = 'v=DMARC1; p=reject; rau=mailto:d@example.com';
  const [typo] = only(check('_dmarc.example.com', text), 'dmarc-unknown-tag');
  assertSpan(typo, spanOf(text, 'rau'));
  assert.equal(typo.severity, undefined);
  assert.deepEqual(typo.data, { kind: 'replace', span: spanOf(text, 'rau'), text: 'rua', title: 'Change to rua' });
  const [other] = only(check('_dmarc.example.com', `${GOOD}; xyz=bar`), 'dmarc-unknown-tag');
  assert.equal(other.data, undefined);
  assert.deepEqual(only(check('_dmarc.example.com', `${GOOD}; np=reject; psd=n; t=y`), 'dmarc-unknown-tag'), []);
});

test('dmarc-deprecated-tag: pct=0 offers t=y; pct, rf and ri are reported', () => {
  const text = `${GOOD}; pct=0`;
  const [pct] = only(check('_dmarc.example.com', text), 'dmarc-deprecated-tag');
  assertSpan(pct, spanOf(text, 'pct=0'));
  assert.deepEqual(pct.data, { kind: 'replace', span: spanOf(text, 'pct=0'), text: 't=y', title: 'Replace pct=0 with t=y' });
  assert.equal(only(check('_dmarc.example.com', `${GOOD}; pct=100`), 'dmarc-deprecated-tag')[0].data, undefined);
  assert.equal(only(check('_dmarc.example.com', `${GOOD}; rf=afrf; ri=86400`), 'dmarc-deprecated-tag').length, 2);
  // With t already present, replacing pct=0 would duplicate t.
  assert.equal(only(check('_dmarc.example.com', `${GOOD}; t=y; pct=0`), 'dmarc-deprecated-tag')[0].data, undefined);
  assert.deepEqual(only(check('_dmarc.example.com', `${GOOD}; t=y`), 'dmarc-deprecated-tag'), []);
});

test('dmarc-missing-policy: information with a valid rua, warning without', () => {
  const withRua = 'v=DMARC1; rua=mailto:d@example.com';
  const [soft] = only(check('_dmarc.example.com', withRua), 'dmarc-missing-policy');
  assert.equal(soft.severity, 'information');
  assert.match(soft.message, /p=none/);
  assert.deepEqual(soft.data, { kind: 'replace', span: spanOf(withRua, 'v=DMARC1'), text: 'v=DMARC1; p=none', title: 'Add p=none' });
  const [hard] = only(check('_dmarc.example.com', 'v=DMARC1; adkim=s'), 'dmarc-missing-policy');
  assert.equal(hard.severity ?? ruleInfo('dmarc-missing-policy')?.severity, 'warning');
  assert.match(hard.message, /no DMARC processing/);
  // A bare address is not a valid URI, so it does not rescue the record.
  assert.equal(only(check('_dmarc.example.com', 'v=DMARC1; rua=d@example.com'), 'dmarc-missing-policy')[0].severity, undefined);
  assert.deepEqual(only(check('_dmarc.example.com', GOOD), 'dmarc-missing-policy'), []);
});

test('report authorization records are not policy records', () => {
  assert.equal(dmarcNameRole('example.com._report._dmarc.reports.example.net'), 'report-authorization');
  assert.equal(dmarcNameRole('_dmarc.example.com'), 'policy');
  assert.equal(dmarcNameRole('www.example.com'), 'elsewhere');
  assert.deepEqual(check('example.com._report._dmarc.reports.example.net', 'v=DMARC1'), []);
  assert.deepEqual(check('*._report._dmarc.reports.example.net', 'v=DMARC1;'), []);
  assert.deepEqual(codes(check('example.com._report._dmarc.reports.example.net', 'v=DMARC1; p=bogus')), ['dmarc-invalid-value']);
});

test('dmarc-uri: missing scheme gets a mailto: fix', () => {
  const text = 'v=DMARC1; p=reject; rua=dmarc@example.com';
  const [f] = only(check('_dmarc.example.com', text), 'dmarc-uri');
  assertSpan(f, spanOf(text, 'dmarc@example.com'));
  assert.deepEqual(f.data, { kind: 'replace', span: spanOf(text, 'dmarc@example.com'), text: 'mailto:dmarc@example.com', title: 'Add mailto:' });
});

test('dmarc-uri: bad addresses, schemes, separators and size suffixes', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['mailto:dmarc', 'mailto:dmarc', /does not name an e-mail address/],
    ['mailto:a@example.com mailto:b@example.com', 'mailto:a@example.com mailto:b@example.com', /white space/],
    ['mailto:a@example.com!10x', '!10x', /not a size limit/],
    ['mailto:a@example.com,', 'mailto:a@example.com,', /empty entry/],
    ['reports', 'reports', /is not a URI/],
  ];
  for (const [rua, needle, message] of cases) {
    const text = `v=DMARC1; p=reject; rua=${rua}`;
    const found = only(check('_dmarc.example.com', text), 'dmarc-uri');
    assert.equal(found.length, 1, rua);
    assertSpan(found[0], spanOf(text, needle, text.indexOf('rua=')));
    assert.match(found[0].message, message);
  }
  const [https] = only(check('_dmarc.example.com', 'v=DMARC1; p=reject; rua=https://example.com/dmarc'), 'dmarc-uri');
  assert.equal(https.severity, 'warning');
});

test('dmarc-uri: valid lists, size suffixes and ruf pass', () => {
  const text = 'v=DMARC1; p=reject; rua=mailto:a@example.com!10m, mailto:b@example.com!5G; ruf=mailto:f@example.com?subject=x';
  assert.deepEqual(only(check('_dmarc.example.com', text), 'dmarc-uri'), []);
});

test('dmarc-external-destination: unknown offline is information', () => {
  const text = 'v=DMARC1; p=reject; rua=mailto:d@reports.example.net';
  const [f] = only(check('_dmarc.example.com', text), 'dmarc-external-destination');
  assert.equal(f.severity, 'information');
  assertSpan(f, spanOf(text, 'mailto:d@reports.example.net'));
  assert.match(f.message, /example\.com\._report\._dmarc\.reports\.example\.net/);
  assert.match(f.message, /unknown offline/);
  assert.match(f.message, /checked in DNS/);
  assert.match(f.message, /RFC 9990 section 3/);
});

test('dmarc-external-destination: authorization in the file, wildcard, wrong content', () => {
  const text = 'v=DMARC1; p=reject; rua=mailto:d@reports.example.net';
  const auth = record('example.com._report._dmarc.reports.example.net', 'v=DMARC1;', 'TXT', 5000);
  assert.deepEqual(only(check('_dmarc.example.com', text, [auth]), 'dmarc-external-destination'), []);
  const wildcard = record('*._report._dmarc.reports.example.net', 'v=DMARC1', 'TXT', 5000);
  assert.deepEqual(only(check('_dmarc.example.com', text, [wildcard]), 'dmarc-external-destination'), []);
  const wrong = record('example.com._report._dmarc.reports.example.net', 'hello', 'TXT', 5000);
  assert.equal(only(check('_dmarc.example.com', text, [wrong]), 'dmarc-external-destination')[0].severity, 'warning');
});

test('dmarc-external-destination: same organization is not external', () => {
  assert.deepEqual(only(check('_dmarc.example.com', 'v=DMARC1; p=reject; rua=mailto:d@example.com,mailto:e@mail.example.com'), 'dmarc-external-destination'), []);
  assert.deepEqual(only(check('_dmarc.shop.example.com', 'v=DMARC1; p=reject; rua=mailto:d@example.com'), 'dmarc-external-destination'), []);
  // With an SOA the zone apex stands in for the organizational domain, so co.uk neighbours are external.
  const soa = record('example.co.uk', 'ns1.example.co.uk. hostmaster.example.co.uk. 1 7200 3600 1209600 3600', 'SOA', 5000);
  const text = 'v=DMARC1; p=reject; rua=mailto:d@other.co.uk';
  assert.equal(only(check('_dmarc.shop.example.co.uk', text, [soa]), 'dmarc-external-destination').length, 1);
  assert.equal(only(check('_dmarc.shop.example.co.uk', 'v=DMARC1; p=reject; rua=mailto:d@example.co.uk', [soa]), 'dmarc-external-destination').length, 0);
});

function fakeLookup(answers: Record<string, LookupOutcome<string>>, asked: string[]): DnsLookup {
  const unknown = async (): Promise<LookupOutcome<never>> => ({ status: 'unknown', reason: 'not used' });
  return {
    async txt(name) {
      asked.push(name);
      const answer = answers[name];
      if (!answer) throw new Error('network down');
      return answer;
    },
    a: unknown,
    aaaa: unknown,
    mx: unknown,
  };
}

test('checkDmarcExternalDestinations asks DNS for authorizations not in the file', async () => {
  const text = 'v=DMARC1; p=reject; rua=mailto:a@missing.example, mailto:b@ok.example, mailto:c@wrong.example, mailto:d@down.example, mailto:e@infile.example; ruf=mailto:f@missing.example';
  const r = record('_dmarc.example.com', text);
  const infile = record('example.com._report._dmarc.infile.example', 'v=DMARC1', 'TXT', 9000);
  const set = indexRecords([r, infile]);
  const asked: string[] = [];
  const lookup = fakeLookup({
    'example.com._report._dmarc.missing.example': { status: 'nxdomain' },
    'example.com._report._dmarc.ok.example': { status: 'ok', records: ['v=DMARC1;'] },
    'example.com._report._dmarc.wrong.example': { status: 'ok', records: ['some other text'] },
    'example.com._report._dmarc.down.example': { status: 'unknown', reason: 'timeout' },
  }, asked);
  const findings = await checkDmarcExternalDestinations(r, set, lookup);
  assert.deepEqual(findings.map((f) => [f.code, f.severity, text.slice(f.start - AT, f.end - AT)]), [
    ['dmarc-external-destination', 'warning', 'mailto:a@missing.example'],
    ['dmarc-external-destination', 'warning', 'mailto:c@wrong.example'],
    ['dmarc-external-destination', 'warning', 'mailto:f@missing.example'],
  ]);
  assert.match(findings[0].message, /nxdomain/);
  assert.match(findings[1].message, /none starts with v=DMARC1/);
  // Each name is asked once, and never for an authorization the file already holds.
  assert.deepEqual([...asked].sort(), [
    'example.com._report._dmarc.down.example',
    'example.com._report._dmarc.missing.example',
    'example.com._report._dmarc.ok.example',
    'example.com._report._dmarc.wrong.example',
  ]);
});

test('checkDmarcExternalDestinations: nodata warns, a failing resolver reports nothing', async () => {
  const r = record('_dmarc.example.com', 'v=DMARC1; p=reject; rua=mailto:a@x.example');
  const set = indexRecords([r]);
  const nodata = await checkDmarcExternalDestinations(r, set, fakeLookup({ 'example.com._report._dmarc.x.example': { status: 'nodata' } }, []));
  assert.equal(nodata.length, 1);
  assert.deepEqual(await checkDmarcExternalDestinations(r, set, fakeLookup({}, [])), []);
  const internal = record('_dmarc.example.com', GOOD);
  const asked: string[] = [];
  assert.deepEqual(await checkDmarcExternalDestinations(internal, indexRecords([internal]), fakeLookup({}, asked)), []);
  assert.deepEqual(asked, []);
});

test('dmarc-multiple-records: each distinct DMARC record at a name is an error', () => {
  const a = record('_dmarc.example.com', GOOD, 'TXT', 100);
  const b = record('_dmarc.example.com', 'v=DMARC1; p=none; rua=mailto:dmarc@example.com', 'TXT', 300);
  const other = record('_dmarc.example.com', 'verification=1', 'TXT', 500);
  const set = indexRecords([a, b, other]);
  const onA = only(checkDmarcRecord(a, set), 'dmarc-multiple-records');
  assert.equal(onA.length, 1);
  assertSpan(onA[0], a.txt!.span);
  assert.match(onA[0].message, /2 different DMARC records/);
  assert.equal(only(checkDmarcRecord(b, set), 'dmarc-multiple-records').length, 1);
  assert.deepEqual(checkDmarcName('_dmarc.example.com', [a, b, other]).map((f) => f.start), [100, 300]);
  assert.equal(only(checkDmarcRecordSet(set), 'dmarc-multiple-records').length, 2);
});

test('dmarc-multiple-records: one DMARC record plus other TXT, or identical copies, is fine', () => {
  const a = record('_dmarc.example.com', GOOD, 'TXT', 100);
  const copy = record('_dmarc.example.com', GOOD, 'TXT', 300);
  const other = record('_dmarc.example.com', 'verification=1', 'TXT', 500);
  assert.deepEqual(only(checkDmarcRecord(a, indexRecords([a, other])), 'dmarc-multiple-records'), []);
  assert.deepEqual(checkDmarcName('_dmarc.example.com', [a, copy]), []);
  const auth1 = record('example.com._report._dmarc.r.example', 'v=DMARC1', 'TXT', 100);
  const auth2 = record('example.com._report._dmarc.r.example', 'v=DMARC1; rua=mailto:x@r.example', 'TXT', 300);
  assert.deepEqual(checkDmarcName('example.com._report._dmarc.r.example', [auth1, auth2]), []);
});

test('dmarc-wrong-location: a policy outside _dmarc', () => {
  const [f] = only(check('example.com', GOOD), 'dmarc-wrong-location');
  assertSpan(f, { start: AT, end: AT + GOOD.length });
  assert.match(f.message, /_dmarc\.example\.com/);
  assert.deepEqual(codes(check('example.com', GOOD)), ['dmarc-wrong-location']);
  assert.deepEqual(only(check('_dmarc.example.com', GOOD), 'dmarc-wrong-location'), []);
  // Not a DMARC record at all: nothing to say.
  assert.deepEqual(check('example.com', 'v=spf1 -all'), []);
});

test('dmarc-policy-none and dmarc-no-rua are information', () => {
  const text = 'v=DMARC1; p=none';
  const findings = check('_dmarc.example.com', text);
  assert.deepEqual(codes(findings), ['dmarc-no-rua', 'dmarc-policy-none']);
  assertSpan(only(findings, 'dmarc-policy-none')[0], spanOf(text, 'p=none'));
  assert.match(only(findings, 'dmarc-no-rua')[0].message, /rua=mailto:dmarc-reports@example\.com/);
  assert.equal(ruleInfo('dmarc-policy-none')?.severity, 'information');
  assert.deepEqual(only(check('_dmarc.example.com', 'v=DMARC1; p=quarantine'), 'dmarc-policy-none'), []);
  assert.deepEqual(only(check('_dmarc.example.com', 'v=DMARC1; p=none; rua=mailto:d@example.com'), 'dmarc-no-rua'), []);
});

test('spans map through quoted strings', () => {
  // "v=DMARC1; p=reject; " "rua=mailto:d@example.com; pct=0"
  const value = txtFromStrings(['v=DMARC1; p=reject; ', 'rua=mailto:d@example.com; pct=0'], 200);
  const [f] = only(check('_dmarc.example.com', value), 'dmarc-deprecated-tag');
  // First string: quote at 200, 20 chars at 201..220, quote at 221, space at 222; second opens at 223.
  const pctAt = 224 + 'rua=mailto:d@example.com; '.length;
  assertSpan(f, { start: pctAt, end: pctAt + 5 });
  const [v] = only(check('_dmarc.example.com', txtFromStrings(['p=reject; ', 'v=DMARC1'], 200)), 'dmarc-version');
  assert.deepEqual(v.data?.kind === 'replace' && v.data.span, { start: 201, end: 222 });
});

test('dmarcHover: tag and value documentation with the tag span', () => {
  const text = 'v=DMARC1; p=quarantine; pct=0; foo=1';
  const value = txtFromPlainText(text, AT);
  const onValue = dmarcHover(value, text.indexOf('quarantine') + 3);
  assert.ok(onValue);
  assert.deepEqual(onValue.span, spanOf(text, 'p=quarantine'));
  assert.match(onValue.markdown, /`p=quarantine`: .*suspicious/);
  assert.match(onValue.markdown, /https:\/\/www\.rfc-editor\.org\/rfc\/rfc9989#section-4\.7/);
  const onName = dmarcHover(value, text.indexOf('p=q'));
  assert.ok(onName && !onName.markdown.startsWith('`p=quarantine`'));
  const pct = dmarcHover(value, text.indexOf('pct'));
  assert.match(pct?.markdown ?? '', /removed by RFC 9989/);
  assert.match(pct?.markdown ?? '', /appendix-C\.5\.2/);
  assert.match(dmarcHover(value, text.indexOf('foo'))?.markdown ?? '', /not a DMARC tag/);
  assert.equal(dmarcHover(value, text.indexOf(';') + 1), undefined);
});

test('dmarcHover documents every tag', () => {
  for (const tag of ['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 't', 'psd', 'pct', 'rf', 'ri']) {
    const hover = dmarcHover(txtFromPlainText(`${tag}=x`), 0);
    assert.ok(hover, tag);
    assert.match(hover.markdown, new RegExp(`^\\*\\*${tag}\\*\\*`));
    assert.match(hover.markdown, /rfc-editor\.org\/rfc\/rfc(9989|7489)#/);
    assert.doesNotMatch(hover.markdown, /not a DMARC tag/);
  }
});

test('dmarcCompletions: tags, values and mailto', () => {
  const labels = (text: string) => dmarcCompletions(text).map((e) => e.label);
  assert.ok(labels('').includes('v=DMARC1'));
  const afterVersion = dmarcCompletions('v=DMARC1; ');
  const p = afterVersion.find((e) => e.label === 'p');
  assert.equal(p?.insertText, 'p=');
  assert.ok(!afterVersion.some((e) => ['v', 'v=DMARC1', 'pct', 'rf', 'ri'].includes(e.label)));
  assert.ok(!labels('v=DMARC1; p=none; ').includes('p'));
  assert.deepEqual(labels('v=DMARC1; p=none; as'), ['aspf']);
  assert.deepEqual(labels('v=DMARC1; p='), ['none', 'quarantine', 'reject']);
  assert.deepEqual(labels('v=DMARC1; sp=q'), ['quarantine']);
  assert.deepEqual(labels('v=DMARC1; adkim='), ['r', 's']);
  assert.deepEqual(labels('v=DMARC1; fo=0:'), ['0', '1', 'd', 's']);
  const mailto = dmarcCompletions('v=DMARC1; p=none; rua=');
  assert.equal(mailto.length, 1);
  assert.equal(mailto[0].snippet, true);
  assert.match(mailto[0].insertText ?? '', /^mailto:/);
  assert.deepEqual(labels('v=DMARC1; p=none; rua=mailto:a@example.com, '), ['mailto:']);
  assert.deepEqual(labels('v=DMARC1; p=none; rua=mailto:a@exa'), []);
});

// --------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['v', '=', 'DMARC1', ';', ' ', '\t', 'p', 'rua', 'mailto:', '@', '.', ',', '!', '10m', 'none', 'pct', '0', 'fo', ':', 'x', '\u00ff', '\u0000', '_dmarc', '%', '?', 'example.com', '==', ';;'];

test('hostile input never throws and findings stay well-formed', () => {
  const random = prng(42);
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = Math.floor(random() * 16);
    for (let j = 0; j < n; j++) text += PIECES[Math.floor(random() * PIECES.length)];
    const value = txtFromPlainText(text, 10);
    const parsed = parseDmarc(value);
    for (const tag of parsed.tags) assert.ok(tag.span.start >= 0 && tag.span.end <= text.length);
    for (const name of ['_dmarc.example.com', 'example.com', 'a._report._dmarc.b.example']) {
      const r = record(name, value);
      for (const f of checkDmarcRecord(r, indexRecords([r]))) {
        assert.ok(ruleInfo(f.code), f.code);
        assert.ok(f.start <= f.end && f.start >= 10 && f.end <= 10 + Math.max(text.length, 0), `${JSON.stringify(text)} ${f.code}`);
      }
    }
    dmarcHover(value, Math.floor(random() * (text.length + 1)));
    dmarcCompletions(text.slice(0, Math.floor(random() * (text.length + 1))));
  }
});
