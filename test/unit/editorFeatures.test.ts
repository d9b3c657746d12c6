/**
 * What the editor shows: hovers, completions, quick fixes (applied to the text and re-validated),
 * the outline, folding ranges and per-rule severity settings, all through the service facade.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, Position, TextEdit } from '../../server/src/service/index';
import { analyze, assertNone, codes, positionOf, range, service, single, textOf, validate, withCode } from '../support/serviceKit';

const ORIGIN = { origin: 'example.com' };

/** Applies LSP-style edits (non-overlapping, ranges in the original text) and returns the new text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), newText: e.newText })).sort((a, b) => b.start - a.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].end <= sorted[i - 1].start, 'edits overlap');
  let result = text;
  for (const e of sorted) result = result.slice(0, e.start) + e.newText + result.slice(e.end);
  return result;
}

/** Validates `text`, applies the fix titled `title` offered for `code`, and returns the new text and its diagnostics. */
async function fix(text: string, code: string, title: RegExp): Promise<{ fixed: string; before: Diagnostic[]; after: Diagnostic[] }> {
  const doc = analyze(text, ORIGIN);
  const before = await service.validate(doc);
  const fixes = service.quickFixes(doc, withCode(before, code));
  const chosen = fixes.find((f) => title.test(f.title));
  assert.ok(chosen, `no fix ${title} for ${code}; offered: ${JSON.stringify(fixes.map((f) => f.title))}; diagnostics: ${JSON.stringify(codes(before))}`);
  assert.equal(chosen.diagnostic.code, code);
  const fixed = applyEdits(text, chosen.edits);
  return { fixed, before, after: await service.validate(analyze(fixed, ORIGIN)) };
}

/** The joined value of the first TXT record at `name`. */
function valueAt(text: string, name: string): string | undefined {
  return analyze(text, ORIGIN).ownRecords.find((r) => r.name === name && r.txt)?.txt?.text;
}

describe('hover', () => {
  const text = [
    '$ORIGIN example.com.',
    '@ 3600 IN TXT "v=spf1 -ip4:192.0.2.0/24 mx ~all"',
    '@ MX 10 mail',
    'mail A 192.0.2.25',
    '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"',
    'note TXT "just text"',
    '',
  ].join('\n');
  const doc = analyze(text, ORIGIN);
  const hover = (needle: string, delta = 0) => service.hover(doc, positionOf(text, needle, delta));

  test('an SPF mechanism shows its syntax, meaning, look-ups and qualifier', async () => {
    const h = await hover('ip4:', 1);
    assert.ok(h);
    assert.deepEqual(h.range, range(1, 22, 39));
    assert.match(h.markdown, /^\*\*SPF `ip4:<address>\[\/<prefix>\]`\*\*/);
    assert.match(h.markdown, /DNS look-ups: none/);
    assert.match(h.markdown, /Qualifier `-` fail/);
    // The record's look-up tree follows: mx costs one.
    assert.match(h.markdown, /\*\*DNS look-ups: 1 of 10\*\*/);
  });

  test('on the qualifier character the hover explains the qualifier', async () => {
    const h = await hover('-ip4');
    assert.ok(h);
    assert.match(h.markdown, /^\*\*SPF qualifier\*\*\n\n`-` fail/);
    const soft = await hover('~all');
    assert.ok(soft);
    assert.match(soft.markdown, /`~` softfail/);
  });

  test('v=spf1 explains the record', async () => {
    const h = await hover('v=spf1', 2);
    assert.ok(h);
    assert.deepEqual(h.range, range(1, 15, 21));
    assert.match(h.markdown, /^\*\*SPF record\*\* `v=spf1`/);
  });

  test('a record type shows its documentation over the type', async () => {
    const txt = await hover('TXT', 1);
    assert.ok(txt);
    assert.deepEqual(txt.range, range(1, 10, 13));
    assert.match(txt.markdown, /^\*\*TXT\*\*/);
    const mx = await hover('MX');
    assert.ok(mx);
    assert.deepEqual(mx.range, range(2, 2, 4));
    assert.match(mx.markdown, /inbound-smtp\.<region>\.amazonaws\.com/);
  });

  test('a DMARC tag shows its documentation, and the meaning of its value', async () => {
    const tag = await hover('p=reject');
    assert.ok(tag);
    assert.deepEqual(tag.range, range(4, 22, 30));
    assert.match(tag.markdown, /^\*\*p\*\* — /);
    const value = await hover('p=reject', 4);
    assert.ok(value);
    assert.match(value.markdown, /^`p=reject`: /);
  });

  test('plain text and non-TXT data have no hover', async () => {
    assert.equal(await hover('just text', 2), undefined);
    assert.equal(await hover('192.0.2.25', 2), undefined);
  });
});

describe('completion', () => {
  const complete = (text: string, position: Position, input = ORIGIN) => service.complete(analyze(text, input), position);
  const labels = (text: string, position: Position) => complete(text, position).map((e) => e.label);

  test('record types after the owner, and after a TTL and class in either order', () => {
    for (const line of ['www ', 'www 300 ', 'www 300 IN ', 'www IN 1h ', '   ']) {
      const got = labels(line, { line: 0, character: line.length });
      assert.deepEqual(got.slice(0, 4), ['TXT', 'MX', 'CNAME', 'A'], JSON.stringify(line));
      assert.ok(got.includes('CAA') && got.includes('OPENPGPKEY'), JSON.stringify(line));
    }
    const entry = complete('www ', { line: 0, character: 4 }).find((e) => e.label === 'MX');
    assert.equal(entry?.kind, 'type');
    assert.match(entry?.documentation ?? '', /\*\*MX\*\*/);
  });

  test('no record types where a type cannot go', () => {
    for (const line of ['www IN 300 foo ', 'www', '$ORIGIN ', 'www ; comment ', 'www TXT "a" ']) {
      assert.deepEqual(labels(line, { line: 0, character: line.length }), [], JSON.stringify(line));
    }
  });

  test('SPF mechanisms after a space inside an SPF string', () => {
    const text = '@ TXT "v=spf1 mx "\n';
    const got = labels(text, positionOf(text, 'mx ', 3));
    for (const label of ['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists', 'redirect=', 'exp=', 'include:amazonses.com', '-all', '~all']) {
      assert.ok(got.includes(label), label);
    }
    const include = complete(text, positionOf(text, 'mx ', 3)).find((e) => e.label === 'include');
    assert.equal(include?.snippet, true);
    assert.equal(include?.insertText, 'include:${1:amazonses.com}');
    // In the second string of the record too.
    const split = '@ TXT "v=spf1 mx " ""\n';
    assert.ok(labels(split, { line: 0, character: 20 }).includes('ip4'));
  });

  test('no SPF completions outside the string or inside "v=spf1"', () => {
    const text = '@ TXT "v=spf1 mx" \n';
    // Just after the closing quote, and after it with a space.
    assert.deepEqual(labels(text, { line: 0, character: 17 }), []);
    assert.deepEqual(labels(text, { line: 0, character: 18 }), []);
    assert.deepEqual(labels(text, { line: 0, character: 11 }), []);
  });

  test('an unclosed string being typed still completes', () => {
    const text = '@ TXT "v=spf1 mx \n';
    assert.ok(labels(text, { line: 0, character: 17 }).includes('include'));
  });

  test('an empty string starts a record chosen by the owner name', () => {
    const at = (text: string) => labels(text, positionOf(text, '""', 1));
    assert.deepEqual(at('_dmarc TXT ""\n'), ['v=DMARC1']);
    assert.deepEqual(at('sel._domainkey TXT ""\n'), ['v=DKIM1']);
    assert.deepEqual(at('@ TXT ""\n'), ['v=spf1', 'v=DMARC1', 'v=DKIM1']);
    const dmarc = complete('_dmarc TXT ""\n', { line: 0, character: 12 })[0];
    assert.match(dmarc.insertText ?? '', /^v=DMARC1; p=\$\{1\|none,quarantine,reject\|\}/);
  });

  test('DMARC values after p=, and tags after ";"', () => {
    const text = '_dmarc TXT "v=DMARC1; p="\n';
    assert.deepEqual(labels(text, positionOf(text, 'p=', 2)), ['none', 'quarantine', 'reject']);
    const typed = '_dmarc TXT "v=DMARC1; p=q"\n';
    assert.deepEqual(labels(typed, positionOf(typed, 'p=q', 3)), ['quarantine']);
    const tags = '_dmarc TXT "v=DMARC1; p=none; "\n';
    const got = labels(tags, positionOf(tags, 'none; ', 6));
    assert.ok(got.includes('rua') && got.includes('sp'), JSON.stringify(got));
    assert.ok(!got.includes('p') && !got.includes('pct'), 'present and removed tags are not offered');
  });
});

describe('quick fixes', () => {
  test('split an over-long SPF string: the finding goes, the joined value stays', async () => {
    const text = `@ TXT "v=spf1 ${'ip4:192.0.2.1 '.repeat(18)}-all"\n`;
    const { fixed, after } = await fix(text, 'spf-string-too-long', /^Split into 2 strings of at most 255 octets$/);
    assert.deepEqual(after, []);
    assert.equal(valueAt(fixed, 'example.com'), valueAt(text, 'example.com'));
    assert.match(fixed, /^@ TXT "v=spf1 [^"]*" "[^"]*-all"\n$/);
  });

  test('split keeps escapes and multi-octet characters whole', async () => {
    const text = `t TXT "${'é'.repeat(120)}\\"${'x'.repeat(20)}\\065${'ü'.repeat(70)}"\n`;
    const { fixed, after, before } = await fix(text, 'zone-string-too-long', /^Split into 2 strings/);
    assert.equal(single(before, 'zone-string-too-long').range.start.character, 6);
    assert.deepEqual(after, []);
    assert.equal(valueAt(fixed, 't.example.com'), valueAt(text, 't.example.com'));
    const strings = analyze(fixed, ORIGIN).ownRecords[0].txt!.strings;
    assert.ok(strings.every((s) => s.octets <= 255), JSON.stringify(strings));
  });

  test('move all to the end', async () => {
    const text = '@ TXT "v=spf1 -all ip4:192.0.2.1 mx"\n@ MX 10 mx\nmx A 192.0.2.2\n';
    const { fixed, after } = await fix(text, 'spf-all-not-last', /^Move "-all" to the end$/);
    assert.equal(fixed, '@ TXT "v=spf1 ip4:192.0.2.1 mx -all"\n@ MX 10 mx\nmx A 192.0.2.2\n');
    assert.deepEqual(after, []);
  });

  test('remove ptr', async () => {
    const text = '@ TXT "v=spf1 ptr ip4:192.0.2.1 -all"\n';
    const { fixed, after } = await fix(text, 'spf-ptr', /^Remove the ptr mechanism$/);
    assert.equal(fixed, '@ TXT "v=spf1 ip4:192.0.2.1 -all"\n');
    assert.deepEqual(after, []);
  });

  test('merge two SPF records into one', async () => {
    const text = '@ TXT "v=spf1 ip4:192.0.2.1 ~all"\n@ A 192.0.2.1\n@ TXT "v=spf1 a ip4:192.0.2.1 ~all"\nwww A 192.0.2.2\n';
    const { fixed, after } = await fix(text, 'spf-multiple-records', /^Merge the SPF records into one$/);
    assert.equal(fixed, '@ TXT "v=spf1 ip4:192.0.2.1 a ~all"\n@ A 192.0.2.1\nwww A 192.0.2.2\n');
    assert.deepEqual(after, []);
  });

  test('records that cannot be merged mechanically get no merge fix', async () => {
    const text = '@ TXT "v=spf1 ip4:192.0.2.1 ~all"\n@ TXT "v=spf1 ip4:192.0.2.2 -all"\n';
    const doc = analyze(text, ORIGIN);
    const diagnostics = withCode(await service.validate(doc), 'spf-multiple-records');
    assert.equal(diagnostics.length, 2);
    assert.deepEqual(service.quickFixes(doc, diagnostics), []);
  });

  const DMARC = '_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@example.com"\n';

  test('DMARC: replace pct=0 with t=y', async () => {
    const text = '_dmarc TXT "v=DMARC1; p=reject; pct=0; rua=mailto:dmarc@example.com"\n';
    const { fixed, after } = await fix(text, 'dmarc-deprecated-tag', /^Replace pct=0 with t=y$/);
    assert.equal(fixed, '_dmarc TXT "v=DMARC1; p=reject; t=y; rua=mailto:dmarc@example.com"\n');
    assertNone(after, 'dmarc-deprecated-tag');
    assert.deepEqual(after, []);
  });

  test('DMARC: pct=0 in the second string is replaced in place', async () => {
    const text = '_dmarc TXT "v=DMARC1; p=reject; " "pct=0; rua=mailto:dmarc@example.com"\n';
    const { fixed, after } = await fix(text, 'dmarc-deprecated-tag', /^Replace pct=0 with t=y$/);
    assert.equal(fixed, '_dmarc TXT "v=DMARC1; p=reject; " "t=y; rua=mailto:dmarc@example.com"\n');
    assert.deepEqual(after, []);
  });

  test('DMARC: add mailto: to a bare report address', async () => {
    const text = '_dmarc TXT "v=DMARC1; p=reject; rua=dmarc@example.com"\n';
    const { fixed, after } = await fix(text, 'dmarc-uri', /^Add mailto:$/);
    assert.equal(fixed, DMARC);
    assert.deepEqual(after, []);
  });

  test('DMARC: put v=DMARC1 first', async () => {
    const text = '_dmarc TXT "p=reject; v=DMARC1; rua=mailto:dmarc@example.com"\n';
    const { fixed, after } = await fix(text, 'dmarc-version', /^Put v=DMARC1 first$/);
    assert.equal(fixed, DMARC);
    assert.deepEqual(after, []);
  });

  test('DMARC: add a missing v=DMARC1', async () => {
    const text = '_dmarc TXT "p=reject; rua=mailto:dmarc@example.com"\n';
    const { fixed, after } = await fix(text, 'dmarc-version', /^Add v=DMARC1$/);
    assert.equal(fixed, DMARC);
    assert.deepEqual(after, []);
  });

  test('diagnostics without fix data get no fix', async () => {
    const doc = analyze('@ TXT "v=spf1 +all"\n', ORIGIN);
    const diagnostics = await service.validate(doc);
    assert.deepEqual(codes(diagnostics), ['spf-permissive-all']);
    assert.deepEqual(service.quickFixes(doc, diagnostics), []);
  });
});

describe('outline and folding', () => {
  const text = [
    '$ORIGIN example.com.', // 0
    '$TTL 1h', // 1
    '@ IN SOA ns1 hostmaster (', // 2
    '      2024010101 ; serial', // 3
    '      1h 15m 1w 5m )', // 4
    '  NS ns1', // 5
    '  MX 10 mail', // 6
    'mail A 192.0.2.2', // 7
    '     AAAA 2001:db8::2', // 8
    'www CNAME mail', // 9
    '',
  ].join('\n');
  const doc = analyze(text);

  test('symbols: owners in order of appearance, their records as children', () => {
    const symbols = service.symbols(doc);
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['example.com', '3 records'], ['mail.example.com', '2 records'], ['www.example.com', '1 record']]);
    const [apex, mail] = symbols;
    assert.deepEqual(apex.children.map((c) => [c.name, c.detail]), [['SOA', 'ns1 hostmaster 2024010101 1h 15m 1w 5m'], ['NS', 'ns1'], ['MX', '10 mail']]);
    assert.deepEqual(apex.selectionRange, range(2, 0, 1));
    assert.deepEqual(apex.range, range(2, 0, 12, 6));
    assert.deepEqual(apex.children[0].range, range(2, 0, 20, 4));
    assert.deepEqual(apex.children[0].selectionRange, range(2, 5, 8));
    assert.deepEqual(mail.children.map((c) => c.name), ['A', 'AAAA']);
    assert.ok(symbols.every((s) => s.kind === 'owner' && s.children.every((c) => c.kind === 'record')));
  });

  test('a TXT record shows its joined value as detail', () => {
    const symbols = service.symbols(analyze('@ TXT "v=spf1 " "-all"\n', ORIGIN));
    assert.equal(symbols[0].children[0].detail, 'v=spf1 -all');
  });

  test('folding: the multi-line SOA and each run of records under one owner', () => {
    assert.deepEqual(service.folding(doc), [
      { startLine: 2, endLine: 4 },
      { startLine: 2, endLine: 6 },
      { startLine: 7, endLine: 8 },
    ]);
  });

  test('folding and symbols skip $INCLUDEd records but keep the records after them', () => {
    const text = '$ORIGIN example.com.\nm1 A 192.0.2.1\n   AAAA 2001:db8::1\n$INCLUDE other.zone\nm2 A 192.0.2.3\n   AAAA 2001:db8::3\n';
    const included = analyze(text, { readInclude: () => ({ text: 'x A 192.0.2.7\ny A 192.0.2.8\n', resolvedPath: '/z/other.zone' }) });
    assert.deepEqual(service.folding(included), [{ startLine: 1, endLine: 2 }, { startLine: 4, endLine: 5 }]);
    assert.deepEqual(service.symbols(included).map((s) => s.name), ['m1.example.com', 'm2.example.com']);
  });
});

describe('rule settings', () => {
  const text = '@ TXT "v=spf1 ptr mx"\n@ MX 10 mx\nmx A 192.0.2.1\n';

  test('defaults', async () => {
    const diagnostics = await validate(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['spf-no-all', 'information'], ['spf-ptr', 'warning']]);
  });

  test('"off" removes a rule and a severity overrides the default', async () => {
    const diagnostics = await validate(text, ORIGIN, { 'spf-ptr': 'off', 'spf-no-all': 'error' });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['spf-no-all', 'error']]);
  });

  test('a setting overrides a per-finding severity too', async () => {
    const neutral = '@ TXT "v=spf1 mx ?all"\n@ MX 10 mx\nmx A 192.0.2.1\n';
    assert.equal(single(await validate(neutral), 'spf-permissive-all').severity, 'information');
    assert.equal(single(await validate(neutral, ORIGIN, { 'spf-permissive-all': 'error' }), 'spf-permissive-all').severity, 'error');
  });

  test('settings apply to validateWithDns as well', async () => {
    const doc = analyze(text, ORIGIN);
    const dns = {
      txt: async () => ({ status: 'unknown' as const, reason: 'test' }),
      a: async () => ({ status: 'unknown' as const, reason: 'test' }),
      aaaa: async () => ({ status: 'unknown' as const, reason: 'test' }),
      mx: async () => ({ status: 'unknown' as const, reason: 'test' }),
    };
    const diagnostics = await service.validateWithDns(doc, { dns, rules: { 'spf-ptr': 'off' } });
    assert.deepEqual(codes(diagnostics), ['spf-no-all']);
  });

  test('the underlined text of a diagnostic is stable across settings', async () => {
    const d = single(await validate(text, ORIGIN, { 'spf-ptr': 'hint' }), 'spf-ptr');
    assert.equal(d.severity, 'hint');
    assert.equal(textOf(text, d.range), 'ptr');
  });
});
