/**
 * Records of a zone file as the rest of the product reads them. The parser keeps records compact
 * (offsets, re-lexed rdata, TXT strings derived on demand, records by name in a small hash
 * table, per-text check results, shared include walks); these tests pin what every reader sees
 * against positions found in the text by the test itself, and the fast paths against the paths
 * they stand in for.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseZone, INCLUDED_OFFSET_BASE } from '../../server/src/service/zone/parser';
import { lexZone } from '../../server/src/service/zone/lexer';
import { checkRdata, rdataPlainlyValid } from '../../server/src/service/zone/rdataChecks';
import { isIPv4, isIPv6, parseIPv4, parseIPv6 } from '../../server/src/service/net/ipAddress';
import { indexRecords, sourceSpan, type DnsRecord } from '../../server/src/service/records';
import { validate, withCode } from '../support/serviceKit';
import { prng } from '../support/seededRandom';

/** The span of the n-th occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `"${needle}" is in the text`);
  return { start, end: start + needle.length };
}

describe('what a record says', () => {
  const text = [
    '$ORIGIN example.com.',
    '$TTL 3600',
    'www 300 IN A 192.0.2.1',
    '  IN TXT ( "one" ; a comment',
    '    "t\\"wo" ) ; after',
    '$ORIGIN emea.example.com.',
    'mail IN MX 10 mx1',
    '',
  ].join('\n');
  const records = parseZone(text, { origin: 'example.com' }).records;

  test('names, TTLs, types and the $ORIGIN in effect', () => {
    assert.deepEqual(
      records.map((r) => [r.name, r.ttl, r.type, r.origin]),
      [
        ['www.example.com', 300, 'A', 'example.com'],
        ['www.example.com', 3600, 'TXT', 'example.com'],
        ['mail.emea.example.com', 3600, 'MX', 'emea.example.com'],
      ],
    );
  });

  test('spans of the entry, the owner, the type and the rdata', () => {
    const [a, txt, mx] = records;
    assert.deepEqual(a.span, { start: at(text, 'www 300').start, end: at(text, '192.0.2.1').end });
    assert.deepEqual(a.nameSpan, at(text, 'www'));
    assert.deepEqual(a.typeSpan, { start: at(text, 'A 192').start, end: at(text, 'A 192').start + 1 });
    assert.deepEqual(a.rdataSpan, at(text, '192.0.2.1'));
    // An inherited owner has an empty name span at the record's first token.
    assert.deepEqual(txt.nameSpan, { start: at(text, 'IN TXT').start, end: at(text, 'IN TXT').start });
    assert.deepEqual(txt.typeSpan, at(text, 'TXT'));
    assert.deepEqual(txt.rdataSpan, { start: at(text, '"one"').start, end: at(text, '"t\\"wo"').end });
    assert.deepEqual(txt.span, { start: at(text, 'IN TXT').start, end: at(text, ') ; after').start + ') ; after'.length });
    assert.deepEqual(mx.rdataSpan, { start: at(text, '10 mx1').start, end: at(text, 'mx1').end });
  });

  test('rdata tokens as written, across lines and comments', () => {
    assert.deepEqual(records[1].rdata.map((t) => [t.text, t.start, t.end, t.quoted]), [
      ['one', at(text, '"one"').start, at(text, '"one"').end, true],
      ['t\\"wo', at(text, '"t\\"wo"').start, at(text, '"t\\"wo"').end, true],
    ]);
    assert.deepEqual(records[2].rdata.map((t) => t.text), ['10', 'mx1']);
  });

  test('TXT values: joined octets, strings and segments that map back to the text', () => {
    const value = records[1].txt!;
    assert.equal(value.text, 'onet"wo');
    assert.deepEqual(value.strings.map((s) => [s.span.start, s.span.end, s.octets]), [
      [at(text, '"one"').start, at(text, '"one"').end, 3],
      [at(text, '"t\\"wo"').start, at(text, '"t\\"wo"').end, 4],
    ]);
    // The escaped quote is one octet written with two characters.
    assert.deepEqual(sourceSpan(value, 4, 5), at(text, '\\"'));
    assert.deepEqual(sourceSpan(value, 0, 3), at(text, 'one'));
    assert.deepEqual(value.span, records[1].rdataSpan);
    assert.equal(records[0].txt, undefined);
  });

  test('a record is read the same each time: TXT values are kept, spans and rdata are made alike', () => {
    const [a, txt] = records;
    assert.equal(txt.txt, txt.txt, 'the same TXT value object');
    assert.equal(txt.txt!.strings, txt.txt!.strings, 'strings are built once');
    assert.deepEqual(a.rdata, a.rdata);
    assert.deepEqual(a.span, a.span);
  });
});

test('records of an $INCLUDEd file sit past the document and read their own text', () => {
  const included = 'inc 60 IN TXT "from the other file"\n$ORIGIN sub.example.com.\nx IN CNAME y\n';
  const parsed = parseZone('$INCLUDE other.zone inner.example.com.\nafter IN A 192.0.2.9\n', {
    origin: 'example.com',
    readInclude: () => ({ text: included, resolvedPath: '/zones/other.zone' }),
  });
  const [inc, cname, after] = parsed.records;
  assert.equal(inc.name, 'inc.inner.example.com');
  assert.equal(inc.origin, 'inner.example.com');
  assert.equal(cname.origin, 'sub.example.com');
  assert.equal(after.origin, 'example.com', 'the $INCLUDE origin ends with the file');
  assert.deepEqual(inc.rdataSpan, { start: INCLUDED_OFFSET_BASE + at(included, '"from').start, end: INCLUDED_OFFSET_BASE + at(included, 'file"').end });
  assert.equal(inc.txt!.text, 'from the other file');
  assert.deepEqual(cname.rdata.map((t) => [t.text, t.start - INCLUDED_OFFSET_BASE]), [['y', at(included, ' y').start + 1]]);
  assert.ok(after.span.start < 100);
});

test('$GENERATE records carry the expanded data and the origin', () => {
  const [first, second] = parseZone('$ORIGIN example.com.\n$GENERATE 1-2 host$ TXT "v=spf1 ip4:192.0.2.$ -all"\n').records;
  assert.deepEqual([first.name, first.origin, first.txt!.text], ['host1.example.com', 'example.com', 'v=spf1 ip4:192.0.2.1 -all']);
  assert.deepEqual(second.rdata.map((t) => t.text), ['v=spf1 ip4:192.0.2.2 -all']);
});

test('records taken over by an incremental parse read the new text, which may have moved on after them', () => {
  const lines = ['$ORIGIN example.com.', ...Array.from({ length: 300 }, (_, i) => `h${i} IN TXT "v=spf1 ip4:192.0.2.${i % 256} -all"`)];
  const before = lines.join('\n') + '\n';
  const first = parseZone(before, { origin: 'example.com' });
  lines[250] = 'changed IN MX 10 mail';
  const after = lines.join('\n') + '\n';
  const second = parseZone(after, { origin: 'example.com' }, { text: before, parsed: first });
  assert.equal(second.records[10], first.records[10], 'an early record is the same object');
  const kept = second.records[10];
  assert.deepEqual(kept.rdata.map((t) => t.text), ['v=spf1 ip4:192.0.2.10 -all']);
  assert.equal(after.slice(kept.rdataSpan.start, kept.rdataSpan.end), '"v=spf1 ip4:192.0.2.10 -all"');
  assert.deepEqual([second.records[249].name, ...second.records[249].rdata.map((t) => t.text)], ['changed.example.com', '10', 'mail']);
  assert.notEqual(second.records[249], first.records[249]);
});

describe('records by name', () => {
  const records = parseZone('$ORIGIN example.com.\na A 192.0.2.1\nb A 192.0.2.2\na AAAA 2001:db8::1\nc TXT "x"\na TXT "y"\n').records;
  const { byName } = indexRecords(records);

  test('reads like a map of lists, in order of first appearance', () => {
    assert.equal(byName.size, 3);
    assert.deepEqual([...byName.keys()], ['a.example.com', 'b.example.com', 'c.example.com']);
    assert.deepEqual(byName.get('a.example.com')!.map((r) => r.type), ['A', 'AAAA', 'TXT']);
    assert.deepEqual(byName.get('b.example.com')!.map((r) => r.type), ['A']);
    assert.equal(byName.get('d.example.com'), undefined);
    assert.equal(byName.has('c.example.com'), true);
    assert.equal(byName.has('example.com'), false);
    assert.deepEqual([...byName].map(([name, list]) => `${name}:${list.length}`), ['a.example.com:3', 'b.example.com:1', 'c.example.com:1']);
    assert.deepEqual([...byName.values()].map((list) => list.length), [3, 1, 1]);
    const seen: string[] = [];
    byName.forEach((list, name, map) => seen.push(`${name}:${list.length}:${map === byName}`));
    assert.deepEqual(seen, ['a.example.com:3:true', 'b.example.com:1:true', 'c.example.com:1:true']);
  });

  test('many names, with collisions in the table, each find their own records', () => {
    const many: DnsRecord[] = [];
    for (let i = 0; i < 5000; i++) many.push(...parseZone(`n${i % 1700} A 192.0.2.${i % 256}\n`, { origin: 'example.com' }).records);
    const index = indexRecords(many).byName;
    assert.equal(index.size, 1700);
    for (let n = 0; n < 1700; n++) assert.equal(index.get(`n${n}.example.com`)!.length, n < 5000 - 2 * 1700 ? 3 : 2);
  });
});

describe('shared work gives each record its own findings', () => {
  test('one DMARC text at a policy name and elsewhere; one DKIM text written two ways', async () => {
    const text = [
      '$ORIGIN example.com.',
      '_dmarc IN TXT "v=DMARC1; p=none"',
      'other IN TXT "v=DMARC1; p=none"',
      's1._domainkey IN TXT "v=DKIM1; k=rsa; p=@@"',
      's2._domainkey IN TXT "v=DKIM1; k=rsa; " "p=@@"',
      's3._domainkey IN TXT "v=DKIM1; k=rsa; p=\\064@"',
      '',
    ].join('\n');
    const diagnostics = await validate(text);
    assert.deepEqual(withCode(diagnostics, 'dmarc-policy-none').map((d) => d.range.start.line), [1], 'p=none is reported at the policy name only');
    assert.deepEqual(withCode(diagnostics, 'dmarc-wrong-location').map((d) => d.range.start.line), [2]);
    // The bad base64 character is placed in each record's own text, through its own escapes.
    const lines = text.split('\n');
    const badKey = withCode(diagnostics, 'dkim-key-invalid');
    assert.deepEqual(badKey.map((d) => [d.range.start.line, lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)]), [
      [3, '@'],
      [4, '@'],
      [5, '\\064'],
    ]);
  });

  test('one SPF text written three ways: each finding and its fix land in its own record', async () => {
    const text = ['$ORIGIN example.com.', 'a IN TXT "v=spf1 ptr -all"', 'b IN TXT "v=spf1 " "ptr -all"', 'c IN TXT "v=spf1 \\112tr -all"', ''].join('\n');
    const lines = text.split('\n');
    const ptr = withCode(await validate(text), 'spf-ptr');
    assert.deepEqual(ptr.map((d) => [d.range.start.line, lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)]), [
      [1, 'ptr'],
      [2, 'ptr'],
      [3, '\\112tr'],
    ]);
    const offsets = (line: number, needle: string) => {
      const start = text.indexOf(lines[line]) + lines[line].indexOf(needle);
      return { start, end: start + needle.length };
    };
    assert.deepEqual(ptr.map((d) => (d.data as { span: unknown }).span), [offsets(1, 'ptr'), offsets(2, 'ptr'), offsets(3, '\\112tr')]);
  });

  test('an include shared by many records: only the record whose name is in the target\'s tree loops', async () => {
    // t includes n, which has two SPF records, so from a the walk ends in a permerror at n; from
    // n's own record it comes back to n first: a loop.
    const text = [
      '$ORIGIN example.com.',
      'a IN TXT "v=spf1 include:t.example.com -all"',
      'n IN TXT "v=spf1 include:t.example.com -all"',
      'n IN TXT "v=spf1 -all"',
      't IN TXT "v=spf1 include:n.example.com -all"',
      'c IN TXT "v=spf1 include:t.example.com -all"',
      '',
    ].join('\n');
    const diagnostics = await validate(text);
    assert.deepEqual(withCode(diagnostics, 'spf-include-loop').map((d) => [d.range.start.line, d.message.split(' loops')[0]]), [[2, 'n.example.com → t.example.com → n.example.com']]);
    assert.deepEqual(withCode(diagnostics, 'spf-include-permerror').map((d) => d.range.start.line), [1, 4, 5]);
  });

  test('an include shared by many records keeps each record\'s own spelling in its message', async () => {
    const text = ['$ORIGIN example.com.', 'a IN TXT "v=spf1 include:gone.example.com -all"', 'b IN TXT "v=spf1 include:GONE.example.com. -all"', ''].join('\n');
    const missing = withCode(await validate(text), 'spf-include-missing');
    assert.deepEqual(missing.map((d) => d.range.start.line), [1, 2]);
    assert.match(missing[0].message, /"include:gone\.example\.com"/);
    assert.match(missing[1].message, /"include:GONE\.example\.com\."/);
  });

  test('the look-up limit counts a shared include for every record that uses it', async () => {
    const chain = ['$ORIGIN example.com.', '_spf IN TXT "v=spf1 a mx a:x.example.com mx:x.example.com a:y.example.com -all"'];
    chain.push('x IN A 192.0.2.1', 'y IN A 192.0.2.2', '@ IN MX 10 x');
    chain.push('one IN TXT "v=spf1 include:_spf.example.com a mx -all"');
    chain.push('two IN TXT "v=spf1 a mx include:_spf.example.com a:x.example.com mx:x.example.com a:y.example.com -all"');
    const limit = withCode(await validate(chain.join('\n') + '\n'), 'spf-lookup-limit');
    assert.deepEqual(limit.map((d) => d.range.start.line), [6], 'two needs 11 look-ups, one needs 8');
    assert.match(limit[0].message, /needs 11 DNS look-ups/);
  });
});

describe('fast paths decide as the paths they stand in for', () => {
  test('an rdata the fast path accepts is one the rdata checks find nothing in', () => {
    const next = prng(20261201);
    const pieces = ['192.0.2.1', '192.0.2.256', '01.2.3.4', '2001:db8::1', '::', '1::2::3', 'mail', 'mail.example.com', 'mail.example.com.', 'a..b', '10', '65536', '"10"', '"mail"', '\\#', '0', 'x'.repeat(64), 'host.io'];
    const types = ['A', 'AAAA', 'CNAME', 'NS', 'PTR', 'DNAME', 'MX'];
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const type = types[Math.floor(next() * types.length)];
      const count = 1 + Math.floor(next() * 3);
      const rdata = Array.from({ length: count }, () => pieces[Math.floor(next() * pieces.length)]).join(' ');
      lexZone(`n ${type} ${rdata}`, (entry) => {
        if (!rdataPlainlyValid(type, entry, 2, 'example.com')) return;
        accepted++;
        assert.deepEqual(checkRdata(type, entry.tokens(2), 'example.com', entry.token(1)), [], `${type} ${rdata}`);
      }, []);
    }
    assert.ok(accepted > 300, `the fast path took ${accepted} of 4000`);
  });

  test('Amazon hosts in any case, across lines, are still found by the SES checks', async () => {
    const text = [
      '$ORIGIN example.com.',
      'bounce IN MX 10 FEEDBACK-SMTP.US-EAST-1.AMAZONSES.COM.',
      'in IN MX ( 10 ; the inbound endpoint',
      '  inbound-smtp.mars-north-1.AmazonAWS.com. )',
      '',
    ].join('\n');
    const diagnostics = await validate(text);
    assert.deepEqual(withCode(diagnostics, 'ses-mail-from-spf').map((d) => d.range.start.line), [1]);
    assert.deepEqual(withCode(diagnostics, 'ses-inbound-mx-region').map((d) => d.range.start.line), [3]);
  });

  test('isIPv4 and isIPv6 accept exactly what parseIPv4 and parseIPv6 accept', () => {
    const next = prng(7);
    const alphabet = ['0', '1', '9', 'a', 'F', 'g', ':', ':', '.', '.', '255', '256', '01', 'ffff', '12345', '::'];
    const fixed = ['::', '::1', '1::', '1.2.3.4::', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', '1::2::3', ':::', 'a::b:', '', '1.2.3.4', '1.2.3', '1.2.3.4.5'];
    const inputs = [...fixed];
    for (let i = 0; i < 50000; i++) {
      let t = '';
      const length = 1 + Math.floor(next() * 10);
      for (let k = 0; k < length; k++) t += alphabet[Math.floor(next() * alphabet.length)];
      inputs.push(t);
    }
    for (const input of inputs) {
      assert.equal(isIPv6(input), parseIPv6(input) !== undefined, JSON.stringify(input));
      assert.equal(isIPv4(input), parseIPv4(input) !== undefined, JSON.stringify(input));
    }
  });
});
