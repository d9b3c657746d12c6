/**
 * The zone-file reader as a user meets it: directives, owner names, TTLs, quoting and escapes,
 * rdata checks and cross-record checks, seen through the service's diagnostics and ranges.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DnsRecord } from '../../server/src/service/records';
import { analyze, assertNone, codes, range, service, single, textOf, validate, withCode } from '../support/serviceKit';

/** name type ttl, for comparing what the parser read. */
function summary(records: readonly DnsRecord[]): string[] {
  return records.map((r) => `${r.name} ${r.ttl ?? '-'} ${r.type} ${r.rdata.map((t) => t.text).join(' ')}`.trimEnd());
}

function recordsOf(text: string, input: Parameters<typeof analyze>[1] = {}): DnsRecord[] {
  return analyze(text, input).parsed.records;
}

/** An in-memory file system for $INCLUDE. */
function reader(files: Record<string, string>) {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    return files[path] === undefined ? undefined : { text: files[path], resolvedPath: `/zones/${path}` };
  };
  return { read, reads };
}

describe('directives and names', () => {
  test('$ORIGIN makes names relative to it; @ is the origin; a trailing dot makes a name absolute', () => {
    const text = [
      '$ORIGIN Example.COM.',
      '@ A 192.0.2.1',
      'WWW A 192.0.2.2',
      'mail.example.net. A 192.0.2.3',
      '$ORIGIN sub', // relative to the current origin
      'host A 192.0.2.4',
      '@ A 192.0.2.5',
      '',
    ].join('\n');
    assert.deepEqual(summary(recordsOf(text)), [
      'example.com - A 192.0.2.1',
      'www.example.com - A 192.0.2.2',
      'mail.example.net - A 192.0.2.3',
      'host.sub.example.com - A 192.0.2.4',
      'sub.example.com - A 192.0.2.5',
    ]);
  });

  test('without $ORIGIN the origin is guessed from the file name', () => {
    const text = '@ TXT "hello"\nwww A 192.0.2.1\n';
    for (const fileName of ['/srv/zones/example.com.zone', 'C:\\zones\\db.example.com', 'example.com.db']) {
      const doc = analyze(text, { fileName });
      assert.equal(doc.origin, 'example.com', fileName);
      assert.deepEqual(doc.parsed.records.map((r) => r.name), ['example.com', 'www.example.com'], fileName);
    }
    // A name that says nothing about the zone gives no origin: names stay as written.
    const plain = analyze(text, { fileName: 'zonefile' });
    assert.equal(plain.origin, '');
    assert.deepEqual(plain.parsed.records.map((r) => r.name), ['', 'www']);
    // An explicit origin wins over the file name.
    assert.equal(analyze(text, { fileName: 'db.example.com', origin: 'Other.Test.' }).origin, 'other.test');
  });

  test('$TTL with units sets the default; an explicit TTL wins for its record only', () => {
    const text = '$ORIGIN example.com.\n$TTL 1h30m\na A 192.0.2.1\nb 300 A 192.0.2.2\nc A 192.0.2.3\nd 1W2d A 192.0.2.4\ne 2H A 192.0.2.5\n';
    assert.deepEqual(recordsOf(text).map((r) => [r.name, r.ttl]), [
      ['a.example.com', 5400],
      ['b.example.com', 300],
      ['c.example.com', 5400],
      ['d.example.com', 8 * 86400 + 86400],
      ['e.example.com', 7200],
    ]);
  });

  test('without $TTL a record without TTL takes the last explicit one', () => {
    assert.deepEqual(recordsOf('a 600 A 192.0.2.1\nb A 192.0.2.2\n', { origin: 'example.com' }).map((r) => r.ttl), [600, 600]);
  });

  test('a $TTL that is not a time is an error on its argument', async () => {
    const text = '$ORIGIN example.com.\n$TTL 1x\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 5, 7));
    assert.equal(d.severity, 'error');
  });

  test('an unknown directive is an error on the directive', async () => {
    const d = single(await validate('$ORIGIN example.com.\n$FOO bar\n'), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 0, 4));
    assert.match(d.message, /\$FOO/);
  });

  test('TTL and class may come in either order', async () => {
    const text = '$ORIGIN example.com.\na 300 IN A 192.0.2.1\nb IN 300 A 192.0.2.2\nc IN A 192.0.2.3\nd 1h MX 10 mail\n';
    assert.deepEqual(summary(recordsOf(text)), [
      'a.example.com 300 A 192.0.2.1',
      'b.example.com 300 A 192.0.2.2',
      'c.example.com 300 A 192.0.2.3',
      'd.example.com 3600 MX 10 mail',
    ]);
    assert.deepEqual(await validate(text), []);
  });

  test('a class other than IN is reported on the class', async () => {
    const text = '$ORIGIN example.com.\nz CH A 192.0.2.1\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 2, 4));
  });

  test('a line starting with blank space inherits the previous owner', () => {
    const text = '$ORIGIN example.com.\nmx1 A 192.0.2.1\n   AAAA 2001:db8::1\n\tTXT "x"\n; a comment line in between\n  MX 10 mx1\nother A 192.0.2.9\n  TXT "y"\n';
    assert.deepEqual(recordsOf(text).map((r) => `${r.name} ${r.type}`), [
      'mx1.example.com A',
      'mx1.example.com AAAA',
      'mx1.example.com TXT',
      'mx1.example.com MX',
      'other.example.com A',
      'other.example.com TXT',
    ]);
  });

  test('a leading blank with no earlier owner is an error at the first token', async () => {
    const text = '  A 192.0.2.1\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.deepEqual(d.range, range(0, 2, 3));
    assert.equal(recordsOf(text).length, 0);
  });
});

describe('lexing: parentheses, comments, quotes and escapes', () => {
  test('parentheses join lines into one record, with comments inside', async () => {
    const text = [
      '$ORIGIN example.com.',
      '@ 3600 IN SOA ns1 hostmaster (',
      '    2024010101 ; serial',
      '    1h         ; refresh',
      '    15m 1w     ; retry, expire',
      '    5m )       ; minimum',
      '@ NS ns1',
      '',
    ].join('\n');
    const records = recordsOf(text);
    assert.deepEqual(summary(records), ['example.com 3600 SOA ns1 hostmaster 2024010101 1h 15m 1w 5m', 'example.com 3600 NS ns1']);
    assert.deepEqual(await validate(text), []);
    const doc = analyze(text);
    // The record spans from its owner to the end of its last line.
    assert.deepEqual(doc.lines.rangeOf(records[0].span), range(1, 0, 24, 5));
  });

  test('";" inside quotes is text, not a comment; after the string it is a comment', () => {
    const [record] = recordsOf('t TXT "v=DMARC1; p=none" ; "not rdata"\n', { origin: 'example.com' });
    assert.equal(record.txt?.text, 'v=DMARC1; p=none');
    assert.equal(record.rdata.length, 1);
  });

  test('escapes \\" \\\\ and \\DDD are decoded into the value', async () => {
    const text = 't TXT "say \\"hi\\" \\\\ \\065\\066"\n';
    const [record] = recordsOf(text, { origin: 'example.com' });
    assert.equal(record.txt?.text, 'say "hi" \\ AB');
    assert.deepEqual(await validate(text), []);
  });

  test('\\256 is not an octet: an error on exactly the escape', async () => {
    const text = '$ORIGIN example.com.\nt TXT "ok \\256 ok"\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 10, 14));
    assert.equal(textOf(text, d.range), '\\256');
  });

  test('several strings are joined with no space', () => {
    const [a, b] = recordsOf('a TXT "abc" "def"\nb TXT "v=spf1 " "-all"\n', { origin: 'example.com' });
    assert.equal(a.txt?.text, 'abcdef');
    assert.deepEqual(a.txt?.strings.map((s) => s.octets), [3, 3]);
    assert.equal(b.txt?.text, 'v=spf1 -all');
  });

  test('octets are counted in UTF-8', async () => {
    const [e, emoji] = recordsOf('e TXT "é"\nm TXT "😀"\n', { origin: 'example.com' });
    assert.equal(e.txt?.strings[0].octets, 2);
    assert.equal(emoji.txt?.strings[0].octets, 4);
    // 127 two-octet characters and one ASCII character are exactly 255 octets; 128 are 256.
    assert.deepEqual(await validate(`t TXT "${'é'.repeat(127)}a"\n`), []);
    const d = single(await validate(`t TXT "${'é'.repeat(128)}"\n`), 'zone-string-too-long');
    assert.match(d.message, /256 octets/);
  });

  test('a string over 255 octets: zone-string-too-long on the quoted string', async () => {
    const text = `$ORIGIN example.com.\nt TXT "short" "${'a'.repeat(256)}"\n`;
    const d = single(await validate(text), 'zone-string-too-long');
    assert.equal(d.severity, 'error');
    assert.deepEqual(d.range, range(1, 14, 14 + 258));
    assert.deepEqual(await validate(`$ORIGIN example.com.\nt TXT "${'a'.repeat(255)}"\n`), []);
  });

  test('an SPF string over 255 octets is spf-string-too-long instead', async () => {
    const text = `@ TXT "v=spf1 ${'ip4:192.0.2.1 '.repeat(18)}-all"\n`;
    const diagnostics = await validate(text);
    const d = single(diagnostics, 'spf-string-too-long');
    assertNone(diagnostics, 'zone-string-too-long');
    assert.deepEqual(d.range, range(0, 6, 6 + 265));
  });

  test('an unclosed quote is reported from the quote to the line end', async () => {
    const text = '$ORIGIN example.com.\na TXT "open\nb A 192.0.2.1\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 6, 11));
    // The next line is still read as its own record.
    assert.deepEqual(recordsOf(text).map((r) => r.name), ['a.example.com', 'b.example.com']);
  });

  test('a stray ")" and an unclosed "(" are reported on the parenthesis', async () => {
    const stray = await validate('$ORIGIN example.com.\nb A 192.0.2.1 )\n');
    assert.deepEqual(single(stray, 'zone-syntax').range, range(1, 14, 15));
    const open = await validate('$ORIGIN example.com.\nc TXT ( "a"\nd A 192.0.2.2\n');
    const d = withCode(open, 'zone-syntax').find((x) => /never closed/.test(x.message));
    assert.ok(d, JSON.stringify(open));
    assert.deepEqual(d.range, range(1, 6, 7));
  });
});

describe('record types and rdata', () => {
  test('an unknown type is an error on the type; TYPEnnn (RFC 3597) is accepted up to 65535', async () => {
    const text = '$ORIGIN example.com.\na FOO bar\nb TYPE65534 \\# 2 abcd\nc type65535 \\# 0\nd TYPE65536 \\# 0\n';
    const diagnostics = await validate(text);
    assert.deepEqual(withCode(diagnostics, 'zone-syntax').map((d) => d.range), [range(1, 2, 5), range(4, 2, 11)]);
    assert.deepEqual(recordsOf(text).map((r) => r.type), ['TYPE65534', 'TYPE65535']);
  });

  test('the \\# generic form checks its length and hex data', async () => {
    const text = '$ORIGIN example.com.\nm TYPE1 \\# 3 abcd\nn TYPE1 \\# 2 abc\no TYPE1 \\#\np TYPE1 \\# 4 c0 00 02 01\n';
    const diagnostics = await validate(text);
    assert.deepEqual(diagnostics.map((d) => [d.code, textOf(text, d.range)]), [
      ['zone-syntax', '3'],
      ['zone-syntax', 'abc'],
      ['zone-syntax', '\\#'],
    ]);
    assert.match(diagnostics[0].message, /says 3 octets but 2 follow/);
  });

  const rdataCases: Array<[string, string | undefined, string]> = [
    // [record, text underlined (undefined: no finding), message fragment]
    ['a A 192.0.2.1', undefined, ''],
    ['a A 300.1.1.1', '300.1.1.1', 'not an IPv4 address'],
    ['a A 192.0.2.1 extra', 'extra', 'extra text'],
    ['a A', 'A', 'missing its IPv4 address'],
    ['a AAAA 2001:db8::1', undefined, ''],
    ['a AAAA 2001:db8:::1', '2001:db8:::1', 'not an IPv6 address'],
    ['a NS ns1.example.net.', undefined, ''],
    ['a NS "ns1"', '"ns1"', 'must not be quoted'],
    ['a CNAME target..example.net.', 'target..example.net.', 'empty label'],
    ['a MX 10 mail.example.net.', undefined, ''],
    ['a MX 10 192.0.2.1', '192.0.2.1', 'not an IP address'],
    ['a MX 70000 mail', '70000', 'from 0 to 65535'],
    ['a MX mail', 'MX', 'missing its preference'],
    ['a TXT', 'TXT', 'missing its text'],
    ['a TXT unquoted-is-fine', undefined, ''],
    ['a SOA ns hm 1 2 3 4 5', undefined, ''],
    ['a SOA ns hm 1 2 3 4', 'SOA', 'missing its minimum'],
    ['a SOA ns hm 1 2 3 4 soon', 'soon', 'SOA minimum'],
    ['a SOA ns hm serial 2 3 4 5', 'serial', 'SOA serial'],
    ['a CAA 0 issue "letsencrypt.org"', undefined, ''],
    ['a CAA 256 issue "x"', '256', 'CAA flags'],
    ['a CAA 0 is-sue "x"', 'is-sue', 'letters and digits'],
  ];
  for (const [record, underlined, fragment] of rdataCases) {
    test(`rdata: ${record}`, async () => {
      const text = `$ORIGIN example.com.\n${record}\n`;
      const diagnostics = await validate(text);
      if (underlined === undefined) {
        assert.deepEqual(diagnostics, []);
        return;
      }
      const d = single(diagnostics, 'zone-syntax');
      assert.equal(d.severity, 'error');
      assert.equal(d.range.start.line, 1);
      assert.equal(textOf(text, d.range), underlined);
      assert.ok(d.message.includes(fragment), d.message);
    });
  }

  test('an unregistered CAA property is only information', async () => {
    const text = '$ORIGIN example.com.\na CAA 0 foo "x"\n';
    const d = single(await validate(text), 'zone-syntax');
    assert.equal(d.severity, 'information');
    assert.deepEqual(d.range, range(1, 8, 11));
  });
});

describe('cross-record checks', () => {
  test('a CNAME beside other data: both records are marked, on their types', async () => {
    const text = '$ORIGIN example.com.\nwww CNAME web.example.net.\nwww TXT "x"\n';
    const diagnostics = withCode(await validate(text), 'zone-cname-conflict');
    assert.deepEqual(diagnostics.map((d) => d.range), [range(1, 4, 9), range(2, 4, 7)]);
    assert.match(diagnostics[0].message, /beside other data \(TXT\)/);
    assert.equal(diagnostics[0].severity, 'error');
  });

  test('a CNAME may share its name with DNSSEC records, and a lone CNAME is fine', async () => {
    const text = '$ORIGIN example.com.\nw CNAME web.example.net.\nw RRSIG A 5 3 3600 20250101000000 20240101000000 1 example.com. abc=\nx CNAME web.example.net.\n';
    assertNone(await validate(text), 'zone-cname-conflict');
  });

  test('two CNAMEs with different targets are a conflict on the second', async () => {
    const text = '$ORIGIN example.com.\nw CNAME a.example.net.\nw CNAME b.example.net.\n';
    assert.deepEqual(single(await validate(text), 'zone-cname-conflict').range, range(2, 2, 7));
  });

  test('a repeated record is a duplicate, marked on the second rdata; names compare without case', async () => {
    const text = '$ORIGIN example.com.\nx A 192.0.2.1\nx A 192.0.2.1\nv CNAME A.example.net.\nv CNAME a.example.net.\n';
    const diagnostics = withCode(await validate(text), 'zone-duplicate-record');
    assert.deepEqual(diagnostics.map((d) => d.range), [range(2, 4, 13), range(4, 8, 22)]);
    assert.equal(diagnostics[0].severity, 'warning');
  });

  test('TXT duplicates compare the character-strings exactly', async () => {
    const same = await validate('$ORIGIN example.com.\ny TXT "ab"\ny TXT "ab"\n');
    assert.deepEqual(single(same, 'zone-duplicate-record').range, range(2, 6, 10));
    // Text is case-sensitive, and "a" "b" is two strings where "ab" is one: different RDATA.
    assertNone(await validate('$ORIGIN example.com.\nz TXT "Q"\nz TXT "q"\n'), 'zone-duplicate-record');
    assertNone(await validate('$ORIGIN example.com.\ny TXT "a" "b"\ny TXT "ab"\n'), 'zone-duplicate-record');
  });
});

describe('$INCLUDE', () => {
  const included = [
    '_spf TXT "v=spf1 ip4:192.0.2.0/24 -all"',
    'loose TXT "v=spf1 +all"', // would be spf-permissive-all if it were in the main file
    'www A 192.0.2.9',
    'broken A 999.0.0.1',
    '',
  ].join('\n');

  test('included records take part in cross-record checks; findings on them are not reported', async () => {
    const { read, reads } = reader({ 'inc/mail.zone': included });
    const text = '$ORIGIN example.com.\n$INCLUDE inc/mail.zone\n@ TXT "v=spf1 include:_spf.example.com -all"\nwww CNAME web.example.net.\n';
    const doc = analyze(text, { readInclude: read });
    assert.deepEqual(reads, ['inc/mail.zone']);
    assert.deepEqual(doc.parsed.records.map((r) => r.name), [
      '_spf.example.com', 'loose.example.com', 'www.example.com', 'broken.example.com', 'example.com', 'www.example.com',
    ]);
    assert.deepEqual(doc.ownRecords.map((r) => r.type), ['TXT', 'CNAME']);
    const diagnostics = await service.validate(doc);
    // The include target is found in the included file, so no spf-include-missing; the conflict
    // with the included A is reported on this file's CNAME only; the included +all and bad
    // address are the other file's business.
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [['zone-cname-conflict', range(3, 4, 9)]]);
  });

  test('without the included file the same SPF include is missing', async () => {
    const { read } = reader({});
    const text = '$ORIGIN example.com.\n$INCLUDE inc/mail.zone\n@ TXT "v=spf1 include:_spf.example.com -all"\n';
    const diagnostics = await service.validate(analyze(text, { readInclude: read, origin: 'example.com' }));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [
      ['zone-include-missing', range(1, 9, 22)],
      ['spf-include-missing', range(2, 14, 38)],
    ]);
    assert.match(diagnostics[0].message, /"inc\/mail\.zone" cannot be read/);
  });

  test('without a reader (nothing to read with) a missing file is not reported', async () => {
    assertNone(await validate('$ORIGIN example.com.\n$INCLUDE other.zone\n'), 'zone-include-missing');
  });

  test('an origin argument applies inside the included file only', () => {
    const { read } = reader({ 'sub.zone': 'host A 192.0.2.5\n@ A 192.0.2.6\n' });
    const text = '$ORIGIN example.com.\n$INCLUDE sub.zone sub.example.com.\nafter A 192.0.2.7\n';
    assert.deepEqual(recordsOf(text, { readInclude: read }).map((r) => r.name), ['host.sub.example.com', 'sub.example.com', 'after.example.com']);
  });

  test('an include loop is not followed forever and is shown on this file\'s $INCLUDE', async () => {
    const { read } = reader({
      'loop.zone': '$INCLUDE loop.zone\nx A 192.0.2.1\n',
      'a.zone': '$INCLUDE b.zone\n',
      'b.zone': '$INCLUDE a.zone\ny A 192.0.2.2\n',
    });
    const direct = '$ORIGIN example.com.\n$INCLUDE loop.zone\n';
    const doc = analyze(direct, { readInclude: read });
    assert.equal(doc.parsed.records.length, 1);
    // BIND refuses the zone, so the user editing this file must see it, on the line that starts the chain.
    const d = single(await service.validate(doc), 'zone-syntax');
    assert.deepEqual(d.range, range(1, 9, 18));
    assert.match(d.message, /"loop\.zone" includes itself/);
    const indirect = '$ORIGIN example.com.\n\n$INCLUDE a.zone\n';
    const viaB = single(await service.validate(analyze(indirect, { readInclude: read })), 'zone-syntax');
    assert.deepEqual(viaB.range, range(2, 9, 15));
  });
});

describe('$GENERATE', () => {
  test('expands $ in owner and rdata', () => {
    const text = '$ORIGIN example.com.\n$GENERATE 1-3 host$ A 192.0.2.$\n';
    assert.deepEqual(summary(recordsOf(text)), ['host1.example.com - A 192.0.2.1', 'host2.example.com - A 192.0.2.2', 'host3.example.com - A 192.0.2.3']);
  });

  test('${offset,width,base}, steps, TTL and class, and \\$ as a literal dollar', () => {
    const text = '$ORIGIN example.com.\n$GENERATE 10-30/10 r${5,3,x} 300 IN CNAME t${0,2,d}.example.net.\n$GENERATE 0-1 x${-1} TXT "n$ costs \\$${1,2,X}"\n$GENERATE 8-9 o${0,3,o} A 192.0.2.$\n';
    const records = recordsOf(text);
    assert.deepEqual(summary(records.slice(0, 3)), [
      'r00f.example.com 300 CNAME t10.example.net.',
      'r019.example.com 300 CNAME t20.example.net.',
      'r023.example.com 300 CNAME t30.example.net.',
    ]);
    assert.deepEqual(records.slice(3, 5).map((r) => [r.name, r.txt?.text]), [['x-1.example.com', 'n0 costs $01'], ['x0.example.com', 'n1 costs $02']]);
    assert.deepEqual(records.slice(5).map((r) => r.name), ['o010.example.com', 'o011.example.com']);
  });

  test('generated records take part in cross-record checks', async () => {
    const text = '$ORIGIN example.com.\n$GENERATE 1-2 h$ A 192.0.2.$\nh2 CNAME other.example.net.\n';
    assert.deepEqual(withCode(await validate(text), 'zone-cname-conflict').map((d) => d.range.start.line), [1, 2]);
  });

  test('a bad range is an error on the range; a bad rdata template is reported once, on the template', async () => {
    const text = '$ORIGIN example.com.\n$GENERATE 1-x a A 192.0.2.1\n$GENERATE 3-1 a A 192.0.2.1\n$GENERATE 1-3 bad A 999.0.0.$\n';
    const diagnostics = await validate(text);
    assert.deepEqual(codes(diagnostics), ['zone-syntax', 'zone-syntax', 'zone-syntax']);
    assert.deepEqual(diagnostics.map((d) => d.range), [range(1, 10, 13), range(2, 10, 13), range(3, 20, 29)]);
  });
});

test("a file's own $ORIGIN makes its names authoritative when no origin is given", async () => {
  const doc = service.analyze({ text: '$ORIGIN example.com.\n@ IN TXT "v=spf1 include:_spf.example.com -all"\n' });
  assert.equal(doc.origin, 'example.com');
  const diagnostics = await service.validate(doc);
  assert.ok(diagnostics.some((d) => d.code === 'spf-include-missing'), 'a missing name inside the zone is missing');
});
