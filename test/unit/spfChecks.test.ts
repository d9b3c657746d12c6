/**
 * Every spf-* rule, each with a zone that triggers it and a close one that does not, seen through
 * the service's diagnostics; then the include tree followed through a real (loopback) DNS server.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES, type Diagnostic } from '../../server/src/service/index';
import { createNodeDnsLookup, type NodeDnsLookup } from '../../server/src/dns/nodeDnsLookup';
import { startLoopbackDnsServer, type LoopbackDnsServer } from '../support/loopbackDnsServer';
import { analyze, assertNone, codes, positionOf, range, service, single, textOf, validate, withCode } from '../support/serviceKit';

/** A zone for example.com whose apex has an A and an MX, so a/mx terms there are not void. */
const HEAD = '$ORIGIN example.com.\n@ A 192.0.2.1\n@ MX 10 mx\nmx A 192.0.2.2\n';
const SPF_LINE = HEAD.split('\n').length - 1;

/** Diagnostics of a zone whose apex SPF record is `value` (plus `extra` lines). */
async function spf(value: string, extra = ''): Promise<{ text: string; diagnostics: Diagnostic[] }> {
  const text = `${HEAD}@ TXT "${value}"\n${extra}`;
  return { text, diagnostics: await validate(text) };
}

/** The one diagnostic with `code`, and the source text it underlines. */
function underlined(result: { text: string; diagnostics: Diagnostic[] }, code: string): { d: Diagnostic; text: string } {
  const d = single(result.diagnostics, code);
  return { d, text: textOf(result.text, d.range) };
}

const SPF_CODES = RULES.map((r) => r.code).filter((c) => c.startsWith('spf-'));
const covered = new Set<string>();
function covers(code: string): string {
  covered.add(code);
  return code;
}

describe('spf-syntax', () => {
  const code = covers('spf-syntax');
  const bad: Array<[string, string, RegExp]> = [
    ['v=spf1 foo -all', 'foo', /not an SPF mechanism or modifier/],
    ['v=spf1 *mx -all', '*mx', /not an SPF mechanism/],
    ['v=spf1 redirect:_spf.example.com', 'redirect:_spf.example.com', /modifier and takes "=", not ":"/],
    ['v=spf1 exists:%{x}.example.com -all', 'exists:%{x}.example.com', /"%\{x\}" is not a valid macro/],
    ['v=spf1 exists:%{c}.example.com -all', 'exists:%{c}.example.com', /allowed only in exp/],
    ['v=spf1 a:100%.example.com -all', 'a:100%.example.com', /"%" must be followed by/],
    ['v=spf1 a:mail.exämple.com -all', 'a:mail.exämple.com', /non-ASCII octet 0xc3/],
    ['v=spf1 a:mail.example.com\\009 -all', 'a:mail.example.com\\009', /control character 0x09/],
    ['v=spf1 a:mail.example.com\\127 -all', 'a:mail.example.com\\127', /control character 0x7f/],
    ['v=spf1 include -all', 'include', /needs a domain/],
    ['v=spf1 a/33 -all', 'a/33', /\/33 is over 32/],
    ['v=spf1 all:x', 'all:x', /takes no argument/],
    ['v=spf1 a:nodot -all', 'a:nodot', /not a fully qualified domain/],
  ];
  for (const [value, term, message] of bad) {
    test(`error: ${value}`, async () => {
      const result = await spf(value);
      const { d, text } = underlined(result, code);
      assert.equal(d.severity, 'error');
      assert.equal(text, term);
      assert.match(d.message, message);
    });
  }
  const good = [
    'v=spf1 mx -all',
    'v=spf1 -mx ~a ?ip4:192.0.2.0/24 +ip6:2001:db8::/32 -all',
    'v=spf1 redirect=_spf.example.com',
    'v=spf1 exists:%{i}.%{d2}._spf.example.com -all',
    'v=spf1 a:100%%.example.com -all',
    'v=spf1 a/24 mx//64 a:mx.example.com/24//64 -all',
    'v=spf1 -all exp=explain.%{d}',
    'v=spf1 -all unknown=%{s}',
  ];
  for (const value of good) {
    test(`no error: ${value}`, async () => {
      assertNone((await spf(value, '_spf TXT "v=spf1 -all"\n')).diagnostics, code);
    });
  }

  test('"v=spf1" glued to the next term is not an SPF record at all', async () => {
    const doc = analyze('@ TXT "v=spf1ip4:192.0.2.1 -all"\n', { origin: 'example.com' });
    assert.deepEqual(await service.validate(doc), []);
  });
});

describe('a finding maps to the exact source characters', () => {
  test('inside the second of two quoted strings', async () => {
    const text = '@ TXT "v=spf1 ip4:192.0.2.0/24 " "ptr foo -all"\n';
    const diagnostics = await validate(text);
    assert.deepEqual(withCode(diagnostics, 'spf-ptr').map((d) => d.range), [range(0, 34, 37)]);
    assert.deepEqual(withCode(diagnostics, 'spf-syntax').map((d) => d.range), [range(0, 38, 41)]);
  });

  test('a term split across two strings covers both parts', async () => {
    const text = '@ TXT "v=spf1 ip4:192.0." "2.1/24 -all"\n';
    const d = single(await validate(text), 'spf-ip-invalid');
    assert.equal(textOf(text, d.range), 'ip4:192.0." "2.1/24');
  });

  test('a term written with escapes covers the escapes', async () => {
    const text = '@ TXT "v=spf1 \\112tr -all"\n';
    const d = single(await validate(text), 'spf-ptr');
    assert.deepEqual(d.range, range(0, 14, 20));
  });

  test('a finding on a later line of a multi-line record', async () => {
    const text = '@ TXT ( "v=spf1 ip4:192.0.2.0/24 "\n        "foo -all" )\n';
    const d = single(await validate(text), 'spf-syntax');
    assert.deepEqual(d.range, range(1, 9, 12));
  });
});

describe('record-level rules', () => {
  test('spf-multiple-records: both records at one name are errors with their rdata marked', async () => {
    const code = covers('spf-multiple-records');
    const text = '$ORIGIN example.com.\n@ TXT "v=spf1 mx -all"\n@ TXT "v=spf1 a -all"\n@ TXT "google-site-verification=x"\n@ MX 10 mx\nmx A 192.0.2.2\n@ A 192.0.2.1\n';
    const diagnostics = withCode(await validate(text), code);
    assert.deepEqual(diagnostics.map((d) => d.range), [range(1, 6, 22), range(2, 6, 21)]);
    assert.equal(diagnostics[0].severity, 'error');
    assert.match(diagnostics[0].message, /example\.com has 2 SPF records/);
    // One SPF record per name is fine, whatever else is there.
    assertNone(await validate('$ORIGIN example.com.\n@ TXT "v=spf1 -all"\n@ TXT "other"\nsub TXT "v=spf1 -all"\n'), code);
  });

  test('spf-ptr: a warning on the ptr term, with or without a domain', async () => {
    const code = covers('spf-ptr');
    const plain = underlined(await spf('v=spf1 ptr -all'), code);
    assert.equal(plain.text, 'ptr');
    assert.equal(plain.d.severity, 'warning');
    assert.deepEqual(plain.d.range, range(SPF_LINE, 14, 17));
    assert.equal(underlined(await spf('v=spf1 ~ptr:example.com ~all'), code).text, '~ptr:example.com');
    assertNone((await spf('v=spf1 a mx -all')).diagnostics, code);
  });

  test('spf-all-not-last: the mechanisms after all are marked', async () => {
    const code = covers('spf-all-not-last');
    const result = underlined(await spf('v=spf1 -all ip4:192.0.2.1 mx'), code);
    assert.equal(result.text, 'ip4:192.0.2.1 mx');
    assert.equal(result.d.severity, 'warning');
    // Modifiers may follow all.
    assertNone((await spf('v=spf1 ip4:192.0.2.1 mx -all exp=explain.example.com')).diagnostics, code);
  });

  test('spf-redirect-ignored: redirect beside all', async () => {
    const code = covers('spf-redirect-ignored');
    const extra = '_spf TXT "v=spf1 -all"\n';
    assert.equal(underlined(await spf('v=spf1 -all redirect=_spf.example.com', extra), code).text, 'redirect=_spf.example.com');
    assertNone((await spf('v=spf1 mx redirect=_spf.example.com', extra)).diagnostics, code);
  });

  test('spf-duplicate-modifier: the second redirect or exp', async () => {
    const code = covers('spf-duplicate-modifier');
    const extra = '_a TXT "v=spf1 -all"\n_b TXT "v=spf1 -all"\n';
    const redirect = underlined(await spf('v=spf1 redirect=_a.example.com redirect=_b.example.com', extra), code);
    assert.equal(redirect.text, 'redirect=_b.example.com');
    assert.equal(redirect.d.severity, 'error');
    assert.equal(underlined(await spf('v=spf1 -all exp=a.example.com exp=b.example.com'), code).text, 'exp=b.example.com');
    assertNone((await spf('v=spf1 mx exp=a.example.com redirect=_a.example.com', extra)).diagnostics, code);
  });

  test('spf-permissive-all: +all and all are warnings, ?all is information', async () => {
    const code = covers('spf-permissive-all');
    for (const all of ['+all', 'all']) {
      const { d, text } = underlined(await spf(`v=spf1 mx ${all}`), code);
      assert.equal(d.severity, 'warning', all);
      assert.equal(text, all);
    }
    const neutral = underlined(await spf('v=spf1 mx ?all'), code);
    assert.equal(neutral.d.severity, 'information');
    for (const all of ['-all', '~all']) assertNone((await spf(`v=spf1 mx ${all}`)).diagnostics, code);
  });

  test('spf-no-all: information on v=spf1 when there is neither all nor redirect', async () => {
    const code = covers('spf-no-all');
    const { d, text } = underlined(await spf('v=spf1 mx'), code);
    assert.equal(d.severity, 'information');
    assert.equal(text, 'v=spf1');
    assertNone((await spf('v=spf1 mx ~all')).diagnostics, code);
    assertNone((await spf('v=spf1 redirect=_spf.example.com', '_spf TXT "v=spf1 -all"\n')).diagnostics, code);
  });

  test('spf-ip-invalid: errors for bad addresses and prefixes, a warning for host bits', async () => {
    const code = covers('spf-ip-invalid');
    const errors: Array<[string, RegExp]> = [
      ['ip4:192.0.2.300', /not a valid IPv4 address/],
      ['ip4:192.0.2.0/33', /"\/33" is not a valid IPv4 prefix length/],
      ['ip4:192.0.2.0/024', /without leading zeros/],
      ['ip6:192.0.2.1', /It is an IPv4 address: use ip4/],
      ['ip4:2001:db8::1', /It is an IPv6 address: use ip6/],
      ['ip6:2001:db8::/129', /IPv6 prefix length/],
      ['ip4', /needs an address/],
    ];
    for (const [term, message] of errors) {
      const { d, text } = underlined(await spf(`v=spf1 ${term} -all`), code);
      assert.equal(d.severity, 'error', term);
      assert.equal(text, term);
      assert.match(d.message, message);
    }
    for (const term of ['ip4:192.0.2.1/24', 'ip6:2001:db8::1/32']) {
      const { d, text } = underlined(await spf(`v=spf1 ${term} -all`), code);
      assert.equal(d.severity, 'warning', term);
      assert.equal(text, term);
      assert.match(d.message, /host bits set/);
    }
    assertNone((await spf('v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.1 ip4:192.0.2.1/32 ip6:2001:db8::/32 ip6:::1 -all')).diagnostics, code);
  });

  test('spf-string-too-long: one string over 255 octets; the same value in two strings is fine', async () => {
    const code = covers('spf-string-too-long');
    const terms = 'ip4:192.0.2.1 '.repeat(18);
    const { d, text } = underlined(await spf(`v=spf1 ${terms}-all`), code);
    assert.equal(d.severity, 'error');
    assert.ok(text.startsWith('"v=spf1 ') && text.endsWith('-all"'), text);
    assert.match(d.message, /This string is 263 octets/);
    const half = 'ip4:192.0.2.1 '.repeat(9);
    assertNone((await spf(`v=spf1 ${half}" "${half}-all`)).diagnostics, code);
  });

  test('spf-record-size: over 450 bytes is a warning on the whole value', async () => {
    const code = covers('spf-record-size');
    const record = (length: number) => {
      const value = `v=spf1 -all x=${'a'.repeat(length - 'v=spf1 -all x='.length)}`;
      const strings = value.match(/.{1,200}/g)!;
      return `@ TXT ${strings.map((s) => `"${s}"`).join(' ')}\n`;
    };
    const over = await validate(record(451));
    const d = single(over, code);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /451 bytes/);
    assert.deepEqual(d.range, range(0, 6, 6 + 451 + 3 * 2 + 2));
    assert.deepEqual(await validate(record(450)), []);
  });

  test('spf-deprecated-type: the SPF type is marked, and it is not looked at as TXT', async () => {
    const code = covers('spf-deprecated-type');
    const text = '$ORIGIN example.com.\n@ SPF "v=spf1 -all"\n@ TXT "v=spf1 -all"\n';
    const diagnostics = await validate(text);
    assert.deepEqual(single(diagnostics, code).range, range(1, 2, 5));
    // The SPF-type record does not count as a second SPF record.
    assertNone(diagnostics, 'spf-multiple-records');
    assertNone(await validate('$ORIGIN example.com.\n@ TXT "v=spf1 -all"\n'), code);
  });
});

describe('include trees within the file', () => {
  const lookups = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'mx:example.com' : 'a:example.com')).join(' ');

  test('spf-lookup-limit in the record alone: reported at the 11th look-up', async () => {
    const code = covers('spf-lookup-limit');
    const result = await spf('v=spf1 a mx a mx a mx a mx a mx ptr -all');
    const { d, text } = underlined(result, code);
    assert.equal(text, 'ptr');
    assert.match(d.message, /needs 11 DNS look-ups/);
    assert.deepEqual(d.range, range(SPF_LINE, 39, 42));
    // ip4, ip6 and all cost nothing.
    assertNone((await spf('v=spf1 a mx a mx a mx a mx a mx ip4:192.0.2.1 ip6:2001:db8::1 -all')).diagnostics, code);
  });

  test('spf-lookup-limit through includes defined in the same file', async () => {
    const code = covers('spf-lookup-limit');
    const extra = (n: number) => `_a TXT "v=spf1 ${lookups(4)} ~all"\n_b TXT "v=spf1 ${lookups(n)} ~all"\n`;
    // 2 includes + 4 + 4 = 10: at the limit, fine.
    assertNone((await spf('v=spf1 include:_a.example.com include:_b.example.com -all', extra(4))).diagnostics, code);
    // 2 + 4 + 5 = 11: passed at the second include.
    const { d, text } = underlined(await spf('v=spf1 include:_a.example.com include:_b.example.com -all', extra(5)), code);
    assert.equal(text, 'include:_b.example.com');
    assert.match(d.message, /needs 11 DNS look-ups/);
  });

  test('spf-lookup-limit for an mx with more than 10 hosts', async () => {
    const mxs = (n: number) => Array.from({ length: n }, (_, i) => `many MX ${i} mx${i}.example.net.`).join('\n');
    const text = (n: number) => `$ORIGIN example.com.\n@ TXT "v=spf1 mx:many.example.com -all"\n${mxs(n)}\n`;
    const d = single(await validate(text(11)), 'spf-lookup-limit');
    assert.match(d.message, /more than 10 MX hosts/);
    assert.deepEqual(d.range, range(1, 14, 33));
    assertNone(await validate(text(10)), 'spf-lookup-limit');
  });

  test('spf-void-lookup-limit: three look-ups of names without records', async () => {
    const code = covers('spf-void-lookup-limit');
    const extra = 'v1 TXT "x"\nv2 TXT "x"\nv3 TXT "x"\n';
    const { d } = underlined(await spf('v=spf1 a:v1.example.com a:v2.example.com mx:v3.example.com -all', extra), code);
    assert.equal(d.severity, 'error');
    assert.match(d.message, /^3 look-ups/);
    assert.deepEqual(d.range, range(SPF_LINE, 6, 71));
    assertNone((await spf('v=spf1 a:v1.example.com a:v2.example.com mx:example.com -all', extra)).diagnostics, code);
  });

  test('spf-include-loop: reported on the include that starts the loop', async () => {
    const code = covers('spf-include-loop');
    const loop = '_a TXT "v=spf1 include:_b.example.com -all"\n_b TXT "v=spf1 include:_a.example.com -all"\n';
    const result = await spf('v=spf1 include:_a.example.com -all', loop);
    const apex = withCode(result.diagnostics, code).filter((d) => d.range.start.line === SPF_LINE);
    assert.equal(apex.length, 1);
    assert.equal(textOf(result.text, apex[0].range), 'include:_a.example.com');
    assert.match(apex[0].message, /example\.com → _a\.example\.com → _b\.example\.com → _a\.example\.com/);
    const chain = '_a TXT "v=spf1 include:_b.example.com -all"\n_b TXT "v=spf1 ip4:192.0.2.1 -all"\n';
    assertNone((await spf('v=spf1 include:_a.example.com -all', chain)).diagnostics, code);
    // A record including its own name.
    assert.equal(underlined(await spf('v=spf1 include:example.com -all'), code).text, 'include:example.com');
  });

  test('spf-include-missing: a target without a name or without an SPF record', async () => {
    const code = covers('spf-include-missing');
    const gone = underlined(await spf('v=spf1 include:_gone.example.com -all'), code);
    assert.equal(gone.text, 'include:_gone.example.com');
    assert.match(gone.d.message, /does not exist in this file/);
    const noSpf = underlined(await spf('v=spf1 include:_txt.example.com -all', '_txt TXT "not spf"\n'), code);
    assert.match(noSpf.d.message, /has no SPF record in this file/);
    assert.equal(underlined(await spf('v=spf1 redirect=_gone.example.com'), code).text, 'redirect=_gone.example.com');
    // A missing target deeper in the tree is reported on the top-level include.
    const deep = await spf('v=spf1 include:_a.example.com -all', '_a TXT "v=spf1 include:_gone.example.com -all"\n');
    assert.ok(withCode(deep.diagnostics, code).some((d) => textOf(deep.text, d.range) === 'include:_a.example.com'));
    assertNone((await spf('v=spf1 include:_spf.example.com -all', '_spf TXT "v=spf1 -all"\n')).diagnostics, code);
    // A CNAME in the file is followed to its target's record.
    assertNone((await spf('v=spf1 include:alias.example.com -all', 'alias CNAME _spf\n_spf TXT "v=spf1 -all"\n')).diagnostics, code);
    // A delegated name belongs to another zone: not concluded from this file.
    assertNone((await spf('v=spf1 include:_spf.sub.example.com -all', 'sub NS ns.other.example.net.\n')).diagnostics, code);
  });

  test('spf-include-permerror: the target record itself is broken', async () => {
    const code = covers('spf-include-permerror');
    const broken = underlined(await spf('v=spf1 include:_a.example.com -all', '_a TXT "v=spf1 foo -all"\n'), code);
    assert.equal(broken.text, 'include:_a.example.com');
    assert.match(broken.d.message, /"foo" is invalid/);
    const two = underlined(await spf('v=spf1 include:_b.example.com -all', '_b TXT "v=spf1 -all"\n_b TXT "v=spf1 ~all"\n'), code);
    assert.match(two.d.message, /it has 2 SPF records/);
    assertNone((await spf('v=spf1 include:_a.example.com -all', '_a TXT "v=spf1 ip4:192.0.2.0/24 -all"\n')).diagnostics, code);
  });

  test('without DNS, a target outside the file is never an error', async () => {
    const result = await spf('v=spf1 include:_spf.provider.test a:host.provider.test -all');
    assert.deepEqual(result.diagnostics, []);
  });
});

test('every spf-* rule code has a test above', () => {
  assert.deepEqual(SPF_CODES.filter((c) => !covered.has(c)), []);
});

describe('the include tree through DNS (loopback server)', () => {
  let server: LoopbackDnsServer;
  let dns: NodeDnsLookup;
  const many = Array.from({ length: 9 }, (_, i) => `a:h${i % 3}.provider.test`).join(' ');

  before(async () => {
    server = await startLoopbackDnsServer({
      '_spf.provider.test': [{ type: 'TXT', value: 'v=spf1 ip4:198.51.100.0/24 include:_spf2.provider.test ~all' }],
      '_spf2.provider.test': [{ type: 'TXT', value: ['v=spf1 ip4:203.0.113.0/24 ', '~all'] }],
      'big.provider.test': [{ type: 'TXT', value: `v=spf1 ${many} -all` }],
      'h0.provider.test': [{ type: 'A', value: '192.0.2.10' }],
      'h1.provider.test': [{ type: 'A', value: '192.0.2.11' }],
      'h2.provider.test': [{ type: 'AAAA', value: '2001:db8::12' }],
      'loop1.provider.test': [{ type: 'TXT', value: 'v=spf1 include:loop2.provider.test -all' }],
      'loop2.provider.test': [{ type: 'TXT', value: 'v=spf1 include:loop1.provider.test -all' }],
      'nospf.provider.test': [{ type: 'TXT', value: 'google-site-verification=abc' }],
      'hang.provider.test': [{ type: 'TIMEOUT' }],
    });
    dns = createNodeDnsLookup({ servers: [`${server.address}:${server.port}`], timeoutMs: 200, tries: 1, cacheTtlMs: 0 });
  });
  after(() => server.close());

  async function both(value: string) {
    const text = `@ TXT "${value}"\n`;
    const doc = analyze(text, { origin: 'example.com' });
    return { text, offline: await service.validate(doc), online: await service.validateWithDns(doc, { dns }) };
  }

  test('a valid provider include is followed and fine', async () => {
    const { offline, online } = await both('v=spf1 include:_spf.provider.test -all');
    assert.deepEqual(offline, []);
    assert.deepEqual(online, []);
    assert.ok(server.queries.some((q) => q.name === '_spf2.provider.test' && q.type === 'TXT'), 'the nested include was looked up');
  });

  test('spf-include-missing through DNS: no SPF record, and no such name', async () => {
    const { text, offline, online } = await both('v=spf1 include:nospf.provider.test include:gone.provider.test -all');
    assert.deepEqual(offline, []);
    const missing = withCode(online, 'spf-include-missing');
    assert.deepEqual(missing.map((d) => textOf(text, d.range)), ['include:nospf.provider.test', 'include:gone.provider.test']);
    assert.match(missing[0].message, /has no SPF record in DNS/);
    assert.match(missing[1].message, /does not exist in DNS/);
  });

  test('spf-lookup-limit counted through DNS includes', async () => {
    // big costs 1 + 9, _spf costs 2: 12 in all, the limit is passed at the second include.
    const { text, offline, online } = await both('v=spf1 include:big.provider.test include:_spf.provider.test -all');
    assert.deepEqual(offline, []);
    const d = single(online, 'spf-lookup-limit');
    assert.equal(textOf(text, d.range), 'include:_spf.provider.test');
    assert.match(d.message, /needs 12 DNS look-ups/);
    assert.deepEqual(codes((await both('v=spf1 include:big.provider.test -all')).online), []);
  });

  test('spf-include-loop found through DNS', async () => {
    const { text, online } = await both('v=spf1 include:loop1.provider.test -all');
    const d = single(online, 'spf-include-loop');
    assert.equal(textOf(text, d.range), 'include:loop1.provider.test');
    assert.match(d.message, /loop1\.provider\.test → loop2\.provider\.test → loop1\.provider\.test/);
  });

  test('an unreachable name (timeout) gives no false error', async () => {
    const { offline, online } = await both('v=spf1 include:hang.provider.test a:hang.provider.test mx:hang.provider.test -all');
    assert.deepEqual(offline, []);
    assert.deepEqual(online, []);
    assert.ok(server.queries.some((q) => q.name === 'hang.provider.test'), 'the name was asked');
  });

  test('names the file is authoritative for are answered from the file, not DNS', async () => {
    const text = '$ORIGIN example.com.\n@ TXT "v=spf1 include:_spf.example.com include:_spf.provider.test -all"\n';
    const before = server.queries.length;
    const online = await service.validateWithDns(analyze(text, { origin: 'example.com' }), { dns });
    assert.deepEqual(online.map((d) => [d.code, textOf(text, d.range)]), [['spf-include-missing', 'include:_spf.example.com']]);
    assert.match(online[0].message, /in this file/);
    assert.ok(!server.queries.slice(before).some((q) => q.name.endsWith('example.com')), 'no query for the zone\'s own names');
  });

  test('hover over include: shows the docs and the look-up count, through DNS when given', async () => {
    const text = '@ TXT "v=spf1 include:_spf.provider.test -all"\n';
    const doc = analyze(text, { origin: 'example.com' });
    const at = positionOf(text, 'include:', 3);
    const online = await service.hover(doc, at, dns);
    assert.ok(online);
    assert.deepEqual(online.range, range(0, 14, 40));
    assert.match(online.markdown, /\*\*SPF `include:<domain>`\*\*/);
    assert.match(online.markdown, /RFC 7208 section 5\.2/);
    assert.match(online.markdown, /\*\*DNS look-ups: 2 of 10\*\*/);
    assert.match(online.markdown, /- `include:_spf\.provider\.test` \(2\)\n {2}- `include:_spf2\.provider\.test` \(1\)/);
    const offline = await service.hover(doc, at);
    assert.ok(offline);
    assert.match(offline.markdown, /\*\*DNS look-ups: 1\+ of 10\*\*/);
    assert.match(offline.markdown, /DNS look-ups are off/);
  });
});
