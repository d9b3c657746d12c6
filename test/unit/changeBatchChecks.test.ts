/** Route 53 change batches: TXT quoting and escapes, batch rules, and SPF/DMARC/DKIM inside the JSON strings. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_JSON_FILE_GLOBS } from '../../server/src/service/index';
import { ChangeAction, RRType } from '@aws-sdk/client-route-53';
import { CHANGE_ACTIONS, RR_TYPES } from '../../server/src/service/changeBatch/changeBatchModel';
import { assertNone, codes, positionOf, service, single, textOf, withCode } from '../support/serviceKit';
import { analyzeJson, applyFix, validateJson } from '../support/jsonKit';

const FILE = 'dns.change-batch.json';

interface Change {
  action?: string;
  name: string;
  type?: string;
  values: string[];
  setIdentifier?: string;
}

function batch(...changes: Change[]): string {
  return JSON.stringify(
    {
      Comment: 'test',
      Changes: changes.map((c) => ({
        Action: c.action ?? 'UPSERT',
        ResourceRecordSet: { Name: c.name, Type: c.type ?? 'TXT', ...(c.setIdentifier ? { SetIdentifier: c.setIdentifier, Weight: 1 } : {}), TTL: 300, ResourceRecords: c.values.map((Value) => ({ Value })) },
      })),
    },
    null,
    2,
  );
}

const q = (s: string) => `"${s}"`;

describe('r53-txt-unquoted', () => {
  test('a TXT value without quotes is an error on the text, and the fix quotes it', async () => {
    const text = batch({ name: 'example.com.', values: ['v=spf1 include:amazonses.com -all'] });
    const d = single(await validateJson(text, FILE), 'r53-txt-unquoted');
    assert.equal(d.severity, 'error');
    assert.equal(textOf(text, d.range), 'v=spf1 include:amazonses.com -all');
    const fixed = await applyFix(text, FILE, 'r53-txt-unquoted', /double quotes/);
    assert.match(fixed, /"Value": "\\"v=spf1 include:amazonses\.com -all\\""/);
    assert.deepEqual(codes(await validateJson(fixed, FILE)), []);
  });

  test('a quoted value passes, and the SPF checks still read an unquoted one', async () => {
    assertNone(await validateJson(batch({ name: 'example.com.', values: [q('v=spf1 -all')] }), FILE), 'r53-txt-unquoted');
    const unquoted = await validateJson(batch({ name: 'example.com.', values: ['v=spf1 ptr -all'] }), FILE);
    assert.equal(withCode(unquoted, 'spf-ptr').length, 1);
  });
});

describe('r53-txt-string-too-long', () => {
  test('a string over 255 octets is an error; the fix splits it and never inside an escape', async () => {
    // 253 plain octets, then an escaped quote spanning octet 254, then more: a cut at 255 written characters would split `\"`.
    const long = `v=DKIM1; k=rsa; p=${'A'.repeat(235)}\\"${'B'.repeat(60)}`;
    const text = batch({ name: 'sel._domainkey.example.com', values: [q(long)] });
    const d = single(await validateJson(text, FILE), 'r53-txt-string-too-long');
    assert.match(d.message, /holds 314 octets/);
    const fixed = await applyFix(text, FILE, 'r53-txt-string-too-long', /Split into 2 strings/);
    const value = JSON.parse(fixed).Changes[0].ResourceRecordSet.ResourceRecords[0].Value as string;
    const strings = value.match(/"(?:[^"\\]|\\.)*"/g)!;
    assert.equal(strings.length, 2);
    const octets = (s: string) => s.slice(1, -1).replace(/\\./g, 'x').length;
    assert.ok(strings.every((s) => octets(s) <= 255), 'every piece fits');
    assert.equal(strings.map((s) => s.slice(1, -1)).join(''), long, 'the joined value is unchanged');
    assert.ok(!strings[0].endsWith('\\"') || strings[0].endsWith('\\""'), 'no escape is cut');
    assertNone(await validateJson(fixed, FILE), 'r53-txt-string-too-long');
  });

  test('strings of 255 octets pass', async () => {
    assertNone(await validateJson(batch({ name: 'example.com', values: [`${q('a'.repeat(255))} ${q('b'.repeat(255))}`] }), FILE), 'r53-txt-string-too-long');
  });
});

describe('r53-txt-escape', () => {
  test('a decimal escape from a BIND zone file is flagged as not octal', async () => {
    const text = batch({ name: 'example.com', values: [q('a\\059b')] });
    const d = single(await validateJson(text, FILE), 'r53-txt-escape');
    assert.equal(textOf(text, d.range), '\\\\059');
    assert.match(d.message, /not an octal escape/);
  });

  test('an unknown escape, a raw non-ASCII character and an unclosed quote are errors', async () => {
    const found = await validateJson(batch({ name: 'example.com', values: [q('a\\qb'), q('exämple'), '"open'] }), FILE);
    assert.equal(withCode(found, 'r53-txt-escape').length, 3);
    const raw = withCode(found, 'r53-txt-escape').find((d) => /"ä"/.test(d.message))!;
    assert.match(raw.message, /\\303\\244/);
  });

  test('octal escapes, \\" and \\\\ pass and decode', async () => {
    const text = batch({ name: '_dmarc.example.com', values: [q('v=DMARC1\\073 p=reject\\073 rua=mailto:d@example.com')] });
    const found = await validateJson(text, FILE);
    assertNone(found, 'r53-txt-escape');
    assertNone(found, 'dmarc-syntax');
    assertNone(found, 'dmarc-missing-policy');
    assert.deepEqual(codes(await validateJson(batch({ name: 'example.com', values: [q('say \\"hi\\" \\\\o/')] }), FILE)), []);
  });
});

describe('r53-duplicate-change', () => {
  test('two changes of one name and type are an error on the second', async () => {
    const text = batch({ name: 'example.com.', values: [q('v=spf1 -all')] }, { name: 'Example.com', values: [q('google-site-verification=abc')] });
    const d = single(await validateJson(text, FILE), 'r53-duplicate-change');
    assert.equal(textOf(text, d.range), 'Example.com');
    assert.deepEqual(d.range.start, positionOf(text, 'Example.com'));
  });

  test('DELETE then CREATE replaces a record set; other types and set identifiers are separate', async () => {
    assertNone(await validateJson(batch({ action: 'DELETE', name: 'example.com', values: [q('old')] }, { action: 'CREATE', name: 'example.com', values: [q('new')] }), FILE), 'r53-duplicate-change');
    assertNone(await validateJson(batch({ name: 'example.com', values: [q('x')] }, { name: 'example.com', type: 'MX', values: ['10 mx.example.com'] }), FILE), 'r53-duplicate-change');
    assertNone(await validateJson(batch({ name: 'example.com', values: [q('a')], setIdentifier: 'one' }, { name: 'example.com', values: [q('b')], setIdentifier: 'two' }), FILE), 'r53-duplicate-change');
  });
});

describe('r53-batch-limits', () => {
  const records = (n: number, action: string): Change[] => Array.from({ length: n }, (_, i) => ({ action, name: `h${i}.example.com`, type: 'A', values: ['192.0.2.1'] }));

  test('over 1000 records counting UPSERT twice is an error on Changes', async () => {
    const text = batch(...records(501, 'UPSERT'));
    const d = single(await validateJson(text, FILE), 'r53-batch-limits');
    assert.equal(textOf(text, d.range), '"Changes"');
    assert.match(d.message, /1002 ResourceRecord elements/);
    assertNone(await validateJson(batch(...records(501, 'CREATE')), FILE), 'r53-batch-limits');
  });

  test('over 32,000 value characters counting UPSERT twice is an error', async () => {
    const big = (action: string) => Array.from({ length: 17 }, (_, i): Change => ({ action, name: `t${i}.example.com`, values: [Array.from({ length: 4 }, () => q('x'.repeat(248))).join(' ')] }));
    const d = single(await validateJson(batch(...big('UPSERT')), FILE), 'r53-batch-limits');
    assert.match(d.message, /34102 characters/);
    assertNone(await validateJson(batch(...big('CREATE')), FILE), 'r53-batch-limits');
  });
});

describe('r53-invalid-value', () => {
  test('the allowed values are the AWS SDK enums', () => {
    assert.deepEqual([...RR_TYPES].sort(), Object.values(RRType).sort());
    assert.deepEqual([...CHANGE_ACTIONS].sort(), Object.values(ChangeAction).sort());
  });

  test('a lower-case action is an error whose preferred fix is the right case', async () => {
    const text = batch({ action: 'upsert', name: 'example.com', values: [q('x')] });
    const doc = analyzeJson(text, FILE);
    const d = single(await service.validate(doc), 'r53-invalid-value');
    const fixes = service.quickFixes(doc, [d]);
    assert.deepEqual(fixes.map((f) => f.title).sort(), ['Change to "CREATE"', 'Change to "DELETE"', 'Change to "UPSERT"']);
    assert.equal(fixes.find((f) => f.preferred)?.title, 'Change to "UPSERT"');
    const fixed = await applyFix(text, FILE, 'r53-invalid-value', /"UPSERT"/);
    assert.deepEqual(codes(await validateJson(fixed, FILE)), []);
  });

  test('an unknown type offers every record type', async () => {
    const text = batch({ name: 'example.com', type: 'TEXT', values: [q('x')] });
    const doc = analyzeJson(text, FILE);
    const d = single(await service.validate(doc), 'r53-invalid-value');
    assert.equal(service.quickFixes(doc, [d]).length, RR_TYPES.length);
  });
});

describe('SPF, DMARC and DKIM inside change-batch TXT values', () => {
  test('an SPF finding lands on the characters inside the escaped JSON string', async () => {
    const text = batch({ name: 'example.com', values: [q('v=spf1 ptr include:amazonses.com -all')] });
    const d = single(await validateJson(text, FILE), 'spf-ptr');
    assert.equal(textOf(text, d.range), 'ptr');
    assert.deepEqual(d.range.start, positionOf(text, 'ptr'));
  });

  test('across strings, \\u escapes and Route 53 escapes the range still covers what wrote the term', async () => {
    // Two Route 53 strings; "ptr" written as \u0070tr in the JSON; a quote escaped for Route 53 in the first string.
    const text = `{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "example.com", "Type": "TXT", "TTL": 60, "ResourceRecords": [{"Value": "\\"v=spf1 \\" \\"\\u0070tr ~all\\""}]}}]}`;
    const d = single(await validateJson(text, FILE), 'spf-ptr');
    assert.equal(textOf(text, d.range), '\\u0070tr');
    // Route 53 escapes (\") written as JSON escapes (\\\") before the term shift nothing.
    const escaped = batch({ name: 'example.com', values: [q('v=spf1 exp=say\\"hi\\" ptr -all')] });
    assert.match(escaped, /say\\\\\\"hi\\\\\\" ptr/);
    const ptr = single(await validateJson(escaped, FILE), 'spf-ptr');
    assert.deepEqual(ptr.range.start, positionOf(escaped, ' ptr', 1));
    assert.equal(textOf(escaped, ptr.range), 'ptr');
  });

  test('two SPF values in one record set are spf-multiple-records; a DELETE is not checked', async () => {
    const text = batch({ name: 'example.com', values: [q('v=spf1 -all'), q('v=spf1 mx -all')] });
    assert.equal(withCode(await validateJson(text, FILE), 'spf-multiple-records').length, 2);
    assert.deepEqual(codes(await validateJson(batch({ action: 'DELETE', name: 'example.com', values: [q('v=spf1 ptr')] }), FILE)), []);
  });

  test('DMARC checks see the owner name', async () => {
    const policy = await validateJson(batch({ name: '_dmarc.example.com.', values: [q('v=DMARC1; p=none')] }), FILE);
    assert.equal(withCode(policy, 'dmarc-policy-none').length, 1);
    assert.equal(withCode(await validateJson(batch({ name: 'example.com', values: [q('v=DMARC1; p=reject')] }), FILE), 'dmarc-wrong-location').length, 1);
  });

  test('a DKIM key that is not base64 is reported', async () => {
    const found = await validateJson(batch({ name: 'sel._domainkey.example.com', values: [q('v=DKIM1; k=rsa; p=not*base64')] }), FILE);
    assert.ok(found.some((d) => d.code.startsWith('dkim-')), JSON.stringify(codes(found)));
  });

  test('the include tree counts look-ups of records in the batch', async () => {
    const terms = Array.from({ length: 11 }, (_, i) => `a:h${i}.example.com`).join(' ');
    const found = await validateJson(batch({ name: 'example.com', values: [q(`v=spf1 ${terms} -all`)] }), FILE);
    assert.equal(withCode(found, 'spf-lookup-limit').length, 1);
  });

  test('the SPF quick fix rewrites the JSON value and the finding goes away', async () => {
    const text = batch({ name: 'example.com', values: [q('v=spf1 -all include:amazonses.com')] });
    const fixed = await applyFix(text, FILE, 'spf-all-not-last', /Move "-all" to the end/);
    assert.equal(JSON.parse(fixed).Changes[0].ResourceRecordSet.ResourceRecords[0].Value, '"v=spf1 include:amazonses.com -all"');
    assertNone(await validateJson(fixed, FILE), 'spf-all-not-last');
  });

  test('an SES inbound MX in an unsupported region is reported in a batch too', async () => {
    const found = await validateJson(batch({ name: 'example.com', type: 'MX', values: ['10 inbound-smtp.eu-central-2.amazonaws.com'] }), FILE);
    assert.equal(withCode(found, 'ses-inbound-mx-region').length, 1);
  });
});

describe('recognising change batches', () => {
  test('by content: a plain rule.json with Changes, or the whole CLI input with ChangeBatch', () => {
    assert.equal(service.analyzeJson({ text: batch({ name: 'a.example.com', values: [q('x')] }), fileName: 'records.json' })?.jsonKind, 'change-batch');
    assert.equal(service.analyzeJson({ text: JSON.stringify({ HostedZoneId: 'Z1', ChangeBatch: { Changes: [] } }), fileName: 'input.json' })?.jsonKind, 'change-batch');
  });

  test("the emailAuth.files.* settings in package.json default to the globs the service uses", () => {
    const properties = JSON.parse(readFileSync('package.json', 'utf8')).contributes.configuration.properties;
    for (const [key, globs] of Object.entries(DEFAULT_JSON_FILE_GLOBS)) assert.deepEqual(properties[`emailAuth.files.${key}`]?.default, globs, key);
    // By name alone: an empty file named as a change batch is one (and reports the JSON error).
    assert.equal(service.analyzeJson({ text: '', fileName: '/w/zone/prod.change-batch.json' })?.jsonKind, 'change-batch');
    assert.equal(service.analyzeJson({ text: '{}', fileName: 'x.json', files: { ...DEFAULT_JSON_FILE_GLOBS, changeBatch: ['**/route53/*.json'] } }), undefined);
    assert.equal(service.analyzeJson({ text: '{}', fileName: '/w/route53/x.json', files: { ...DEFAULT_JSON_FILE_GLOBS, changeBatch: ['**/route53/*.json'] } })?.jsonKind, 'change-batch');
  });

  test('package.json and tsconfig.json are not ours', () => {
    assert.equal(service.analyzeJson({ text: '{"name": "x", "version": "1.0.0", "scripts": {}}', fileName: '/w/package.json' }), undefined);
    assert.equal(service.analyzeJson({ text: '{"compilerOptions": {"strict": true}}', fileName: '/w/tsconfig.json' }), undefined);
  });

  test('broken JSON in a named file gets json-syntax and never throws', async () => {
    const found = await validateJson('{"Changes": [ {"Action": "UPSERT",, } ', FILE);
    assert.ok(withCode(found, 'json-syntax').length > 0);
    const comment = await validateJson('{ // comment\n "Changes": [] }', FILE);
    assert.match(single(comment, 'json-syntax').message, /Comments are not allowed/);
  });
});

describe('editor features in change batches', () => {
  test('hover on an SPF term inside a TXT value shows the SPF documentation and tree', async () => {
    const text = batch({ name: 'example.com', values: [q('v=spf1 include:amazonses.com -all')] });
    const hover = await service.hover(analyzeJson(text, FILE), positionOf(text, 'include', 2));
    assert.match(hover!.markdown, /include:<domain>/);
    assert.equal(textOf(text, hover!.range), 'include:amazonses.com');
  });

  test('hover on a field names its rule', async () => {
    const text = batch({ name: 'example.com', values: [q('x')] });
    const hover = await service.hover(analyzeJson(text, FILE), positionOf(text, '"Action"', 2));
    assert.match(hover!.markdown, /UPSERT/);
    assert.match(hover!.markdown, /r53-invalid-value/);
  });

  test('completion inside a DMARC value offers policies; an empty value gets quoted starters', () => {
    const text = batch({ name: '_dmarc.example.com', values: [q('v=DMARC1; p=')] });
    const labels = service.complete(analyzeJson(text, FILE), positionOf(text, 'p=', 2)).map((c) => c.label);
    for (const v of ['none', 'quarantine', 'reject']) assert.ok(labels.includes(v), v);
    const empty = batch({ name: '_dmarc.example.com', values: [''] });
    const starter = service.complete(analyzeJson(empty, FILE), positionOf(empty, '"Value": "', 10));
    assert.match(starter[0].insertText!, /^\\"v=DMARC1/);
  });
});

describe('bad JSON input never throws', () => {
  test('bounded fuzz: truncations and insertions of quotes, backslashes and escapes in every demo JSON file', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const files = ['demo/ses', 'demo/route53'].flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => `${dir}/${f}`));
    const noise = ['"', '\\', '\\"', '\\\\', '\\u00', '\\u00e9', '\\059', '{', '}', '[', ']', ',', ':', '\u0000', 'é', '\n', '//', '/*'];
    let seed = 11;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    let checked = 0;
    for (const file of files) {
      const original = readFileSync(file, 'utf8');
      for (let round = 0; round < 60; round++) {
        let text = original;
        for (let k = 0; k < 1 + next(4); k++) {
          const at = next(text.length + 1);
          text = next(5) === 0 ? text.slice(0, at) : text.slice(0, at) + noise[next(noise.length)] + text.slice(at);
        }
        const doc = service.analyzeJson({ text, fileName: file });
        if (!doc) continue;
        const diagnostics = await service.validate(doc);
        service.quickFixes(doc, diagnostics);
        const position = doc.lines.positionAt(next(text.length + 1));
        await service.hover(doc, position);
        service.complete(doc, position);
        checked++;
      }
    }
    assert.ok(checked > files.length * 30, `${checked} mutated documents checked`);
  });
});
