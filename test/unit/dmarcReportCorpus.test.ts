/**
 * Every DMARC report of ../shared/corpus/dmarc-reports (as mailbox providers send them: XML,
 * gzip, zip, mail messages, RFC 7489, RFC 9990 and the old draft), read as the editor reads them.
 * Numbers are checked against an independent reading of the XML (regular expressions over text
 * that node:zlib decompresses), not against our own parser.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { XMLValidator } from 'fast-xml-parser';
import { CORPUS_DIR } from '../support/corpus';
import { decodeReportBytes } from '../../client/src/core/dmarcReport/decodeReport';
import { DEFAULT_REPORT_SETTINGS } from '../../client/src/core/dmarcReport/reportLimits';
import type { AggregateReport, InputResult } from '../../client/src/core/dmarcReport/reportModel';
import { rowAt, rowList, totalMessages } from '../../client/src/core/dmarcReport/reportRows';
import { ReportInputStream } from '../../client/src/core/dmarcReport/reportStream';
import { summarizeInputs } from '../../client/src/core/dmarcReport/reportSummary';
import { readReportFile } from '../../client/src/reports/reportFiles';

const DIR = join(CORPUS_DIR, 'dmarc-reports');
const AGGREGATE = join(DIR, 'aggregate');
const limits = { maxCompressedBytes: DEFAULT_REPORT_SETTINGS.maxCompressedBytes, maxUncompressedBytes: DEFAULT_REPORT_SETTINGS.maxUncompressedBytes };

function read(path: string): InputResult {
  return decodeReportBytes(readFileSync(path), path.split('/').pop()!, { limits });
}

/** The file read in pieces of random small sizes, scanned after every piece: every construct gets cut somewhere. */
function readInPieces(path: string, seed: number, lookback: number): InputResult {
  const bytes = readFileSync(path);
  const stream = new ReportInputStream(path.split('/').pop()!, { limits }, bytes.length, { feedEvery: 1, lookback, sniffBytes: 16 });
  let random = seed;
  for (let at = 0; at < bytes.length; ) {
    random = (random * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (random % 37);
    stream.push(bytes.subarray(at, at + size));
    at += size;
  }
  return stream.finish();
}

/** What the XML says, read with regular expressions: records and the sum of their counts. */
function oracle(xml: string): { records: number; messages: number; ips: string[] } {
  const counts = [...xml.matchAll(/<count>\s*(\d+)\s*<\/count>/g)].map((m) => Number(m[1]));
  return { records: (xml.match(/<record>/g) ?? []).length, messages: counts.reduce((a, b) => a + b, 0), ips: [...xml.matchAll(/<source_ip>\s*([^<\s]+)\s*<\/source_ip>/g)].map((m) => m[1]) };
}

function messages(report: AggregateReport): number {
  return totalMessages(report.rows);
}

const BROKEN: Record<string, { code: string; line: number; column: number }> = {
  // <email><bad-xml@bad-xml.net></email>: "@" cannot continue a tag name.
  'invalid_xml.xml': { code: 'report-xml-malformed', line: 5, column: 18 },
};

test('every aggregate report in the corpus opens, with the numbers its XML holds', () => {
  const files = readdirSync(AGGREGATE);
  assert.ok(files.length >= 19, 'the corpus is there');
  for (const file of files) {
    const result = read(join(AGGREGATE, file));
    const broken = BROKEN[file];
    if (broken) {
      assert.equal(result.reports.length, 0, `${file} is refused`);
      const [problem] = result.problems;
      assert.equal(problem.code, broken.code, file);
      assert.deepEqual([problem.line, problem.column], [broken.line, broken.column], `${file}: the position of the mistake`);
      assert.match(problem.message, /XML 1\.0 section/, 'the message says which rule');
      continue;
    }
    assert.equal(result.reports.length, 1, `${file} gives one report: ${JSON.stringify(result.problems)}`);
    assert.deepEqual(result.problems, [], `${file} has no input-level errors`);
    const report = result.reports[0];
    assert.ok(report.rows.length >= 1, `${file} has rows`);
    assert.ok(report.policy.domain, `${file} names its domain`);
    if (file.endsWith('.xml')) {
      const expected = oracle(readFileSync(join(AGGREGATE, file), 'latin1'));
      assert.equal(report.rows.length, expected.records, `${file}: records`);
      assert.equal(messages(report), expected.messages, `${file}: messages`);
      assert.deepEqual(rowList(report.rows).map((r) => r.sourceIp), expected.ips, `${file}: source IPs in order`);
    }
  }
});

test('compressed reports give what their XML (decompressed by node:zlib, not fflate) holds', () => {
  const gz = join(AGGREGATE, 'fastmail.com!example.com!1516060800!1516147199!102675056.xml.gz');
  const xml = gunzipSync(readFileSync(gz)).toString('utf8');
  const report = read(gz).reports[0];
  const expected = oracle(xml);
  assert.equal(report.rows.length, expected.records);
  assert.equal(messages(report), expected.messages);
  assert.equal(report.metadata.orgName, /<org_name>([^<]*)<\/org_name>/.exec(xml)![1]);
  assert.equal(report.metadata.reportId, '102675056');
  assert.deepEqual(report.origin.containers, ['gzip']);

  // One report three ways: XML, gzip and zip must agree exactly.
  const extract = join(DIR, 'extract_report');
  const plain = read(join(extract, 'nice-input.xml')).reports[0];
  const expectedNice = oracle(readFileSync(join(extract, 'nice-input.xml'), 'utf8'));
  assert.equal(plain.rows.length, expectedNice.records);
  assert.equal(messages(plain), expectedNice.messages);
  assert.equal(expectedNice.messages, 3047, 'the oracle itself reads the file');
  for (const variant of ['nice-input.xml.gz', 'nice-input.xml.zip']) {
    const other = read(join(extract, variant)).reports[0];
    assert.deepEqual(other.rows, plain.rows, variant);
    assert.deepEqual(other.metadata, plain.metadata, variant);
    assert.equal(other.origin.member, 'nice-input.xml', `${variant} names the member`);
  }
  assert.equal(read(join(extract, 'changed-input.xml')).reports[0].metadata.orgName, 'fred.com');
});

test('reports attached to mail: base64 zip in multipart, bare base64 gzip with trailing bytes (Mimecast)', () => {
  const google = read(join(AGGREGATE, 'Report domain- borschow.com Submitter- google.com Report-ID- 949348866075514174.eml')).reports[0];
  assert.equal(google.metadata.orgName, 'google.com');
  assert.equal(google.metadata.reportId, '949348866075514174');
  assert.equal(google.policy.domain, 'borschow.com');
  assert.deepEqual(google.origin.containers, ['eml', 'zip']);
  const twilight = read(join(AGGREGATE, 'twilight.eml')).reports[0];
  assert.equal(twilight.policy.domain, 'twlnet.com');
  assert.equal(twilight.origin.member, 'google.com!twlnet.com!1549756800!1549843199.zip › google.com!twlnet.com!1549756800!1549843199.xml');
  const mimecast = read(join(AGGREGATE, 'mimecast-weird-gzip.eml')).reports[0];
  assert.equal(mimecast.metadata.orgName, 'Mimecast');
  assert.equal(mimecast.policy.domain, 'ab.id.au');
  assert.deepEqual(mimecast.origin.containers, ['eml', 'gzip']);
  // node:zlib's gunzip refuses the CRLF Mimecast appends after the gzip data; inflate the DEFLATE stream after the header instead.
  const eml = readFileSync(join(AGGREGATE, 'mimecast-weird-gzip.eml'), 'latin1');
  const gzip = Buffer.from(eml.slice(eml.indexOf('MIME-Version: 1.0\r\n\r\n')).split('\r\n\r\n')[1].replace(/\s+/g, ''), 'base64');
  assert.deepEqual([...gzip.subarray(gzip.length - 2)], [0x0d, 0x0a], 'the trailing CRLF is there');
  const xml = inflateRawSync(gzip.subarray(gzip.indexOf(0, 10) + 1)).toString();
  assert.equal(messages(mimecast), oracle(xml).messages);
});

test('RFC 9990 reports: namespaced or not, with np, testing and discovery_method', () => {
  const sample = read(join(AGGREGATE, 'rfc9990-sample.xml')).reports[0];
  assert.equal(sample.schema, 'rfc9990');
  assert.equal(sample.metadata.generator, 'Example DMARC Aggregate Reporter v1.2');
  assert.deepEqual(sample.policy, { domain: 'example.com', p: 'quarantine', sp: 'none', np: 'none', testing: 'n', discoveryMethod: 'treewalk' });
  assert.equal(rowAt(sample.rows, 0).disposition, 'pass');
  assert.equal(rowAt(sample.rows, 0).count, 123);
  const bis = read(join(AGGREGATE, 'rfc9990-example.net!example.com!1700000000!1700086399.xml'));
  const summary = summarizeInputs([bis]);
  assert.equal(summary.totals.messages, 7);
  assert.equal(summary.totals.dmarcPass, 5);
  assert.deepEqual(summary.totals.dispositions, [
    { disposition: 'none', messages: 5 },
    { disposition: 'reject', messages: 2 },
  ]);
  assert.deepEqual(rowAt(bis.reports[0].rows, 1).reasons, [{ type: 'other', comment: 'sender not authorized' }]);
  assert.equal(read(join(AGGREGATE, 'old_draft_from_wiki.xml')).reports[0].schema, 'draft');
});

test('quirks are repaired with a warning that says where: wrapper, stray text, bad byte, empty reason', () => {
  const ikea = read(join(AGGREGATE, 'ikea.com!example.de!1538690400!1538776800.xml')).reports[0];
  assert.equal(ikea.metadata.orgName, 'ikea.com');
  assert.deepEqual(
    ikea.problems.map((p) => [p.code, p.line, p.column]),
    [
      ['report-wrapped', 2, 1],
      ['report-xml-unclosed', 1, 23],
    ],
  );
  const stray = read(join(AGGREGATE, 'example.net!example.com!1529366400!1529452799.xml')).reports[0];
  assert.deepEqual(stray.problems.map((p) => [p.code, p.line, p.column]), [['report-unexpected-text', 18, 18]]);
  assert.match(stray.problems[0].message, /"11"/);
  const utf8 = read(join(AGGREGATE, 'invalid_utf_8.xml')).reports[0];
  const bad = utf8.problems.find((p) => p.code === 'report-invalid-utf8')!;
  assert.deepEqual([bad.line, bad.column], [31, 25]);
  assert.equal(rowAt(utf8.rows, 0).headerFrom, 'bad_byte\ufffd');
  const reason = read(join(AGGREGATE, 'empty_reason.xml')).reports[0];
  assert.deepEqual(reason.problems.map((p) => p.code), ['report-empty-value']);
  assert.equal(rowAt(reason.rows, 0).count, 2);
});

test('aggregate_invalid: the empty file is refused, upper-cased PASS is read as pass with a warning', () => {
  const empty = read(join(DIR, 'aggregate_invalid', 'empty.xml'));
  assert.equal(empty.reports.length, 0);
  assert.equal(empty.problems[0].code, 'report-empty');
  const upper = read(join(DIR, 'aggregate_invalid', 'report_with_upper_cased_pass.xml')).reports[0];
  assert.equal(rowAt(upper.rows, 0).dkim, 'pass');
  assert.equal(rowAt(upper.rows, 0).spf, 'pass');
  assert.equal(rowAt(upper.rows, 0).disposition, 'none');
  assert.equal(rowAt(upper.rows, 0).dkimResults[0].result, 'pass');
  const warnings = upper.problems.filter((p) => p.code === 'report-value-case');
  assert.equal(warnings.length, 5);
  assert.deepEqual([warnings[1].line, warnings[1].column], [25, 11]);
  assert.match(warnings[1].message, /"Pass".*read as "pass"/);
  assert.equal(summarizeInputs([{ file: 'x', reports: [upper], problems: [] }]).totals.dmarcPass, 1);
});

test('failure (forensic) reports are told apart from aggregate reports', () => {
  for (const file of readdirSync(join(DIR, 'failure'))) {
    const result = read(join(DIR, 'failure', file));
    assert.equal(result.reports.length, 0, file);
    assert.ok(['report-failure-report', 'report-no-attachment'].includes(result.problems[0].code), `${file}: ${result.problems[0].code}`);
  }
  assert.equal(read(join(DIR, 'failure', 'dmarc_ruf_report_linkedin.eml')).problems[0].code, 'report-failure-report');
});

test('reading in pieces of a few bytes gives exactly what reading at once gives', () => {
  const files = [...readdirSync(AGGREGATE).map((f) => join(AGGREGATE, f)), ...readdirSync(join(DIR, 'aggregate_invalid')).map((f) => join(DIR, 'aggregate_invalid', f))];
  for (const path of files) {
    const whole = read(path);
    for (const seed of [1, 2, 3]) {
      assert.deepEqual(readInPieces(path, seed, 1 << 20), whole, `${path} in pieces (seed ${seed})`);
      // Without look-back, positions of earlier bytes may be unknown, but the data is the same.
      const forgetful = readInPieces(path, seed, 0);
      assert.deepEqual(forgetful.reports.map((r) => r.rows), whole.reports.map((r) => r.rows), `${path} without look-back`);
      assert.deepEqual(forgetful.problems.map((p) => p.code), whole.problems.map((p) => p.code));
    }
  }
});

test('files read from disk one after another (read buffers and reader tables reused) give what each read alone gives', () => {
  const paths = [...readdirSync(AGGREGATE).map((f) => join(AGGREGATE, f)), ...readdirSync(join(DIR, 'aggregate_invalid')).map((f) => join(DIR, 'aggregate_invalid', f))];
  // Twice over, in two orders: a large report's tables and a broken file's state must not leak into the next one.
  for (const order of [paths, [...paths].reverse()]) {
    for (const path of order) {
      const label = path.split('/').pop()!;
      assert.deepEqual(readReportFile({ path, label }, limits), read(path), label);
    }
  }
});

test('whatever fast-xml-parser refuses as XML, the report reader refuses too', () => {
  const sources = ['veeam.com!example.com!1530133200!1530219600.xml', 'rfc9990-sample.xml', 'protection.outlook.com!example.com!1711756800!1711843200.xml'].map((f) => readFileSync(join(AGGREGATE, f), 'utf8'));
  const inserts = ['<', '>', '&', '"', '/', '</x>', '<x>', '&amp', '<!--', ']]>', '=', ' ', "'"];
  let random = 7;
  const next = (n: number) => {
    random = (random * 1103515245 + 12345) & 0x7fffffff;
    return random % n;
  };
  let checked = 0;
  for (let trial = 0; trial < 600; trial++) {
    const source = sources[trial % sources.length];
    const at = next(source.length);
    const mutated = trial % 2 === 0 ? source.slice(0, at) + source.slice(at + 1 + next(3)) : source.slice(0, at) + inserts[next(inserts.length)] + source.slice(at);
    if (XMLValidator.validate(mutated) === true) continue;
    checked++;
    const result = decodeReportBytes(Buffer.from(mutated), 'mutated.xml', { limits });
    assert.equal(result.reports.length, 0, `accepted XML that fast-xml-parser refuses: ${JSON.stringify(mutated.slice(Math.max(0, at - 30), at + 30))}`);
    assert.ok(result.problems[0].line !== undefined, `the error has a position: ${JSON.stringify(result.problems[0])}`);
  }
  assert.ok(checked > 150, `enough malformed variants (${checked})`);
});
