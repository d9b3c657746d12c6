import { strict as assert } from 'node:assert';
import * as dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { createNodeDnsLookup, disabledDnsLookup } from '../../server/src/dns/nodeDnsLookup';
import { startLoopbackDnsServer, type FixtureZone, type LoopbackDnsServer } from '../support/loopbackDnsServer';

const long = (c: string): string => c.repeat(250);

const zone: FixtureZone = {
  'example.test': [
    { type: 'TXT', value: ['v=spf1 include:_spf.example.test ', '-all'] },
    { type: 'TXT', value: 'google-site-verification=abc' },
    { type: 'A', value: '192.0.2.10' },
    { type: 'A', value: '192.0.2.11' },
    { type: 'AAAA', value: '2001:db8::10' },
    { type: 'MX', value: 'mx1.example.test', priority: 10 },
    { type: 'MX', value: 'mx2.example.test', priority: 20 },
  ],
  '_dmarc.example.test': [{ type: 'TXT', value: 'v=DMARC1; p=reject' }],
  'only-a.example.test': [{ type: 'A', value: '192.0.2.20' }],
  'Mixed.Case.Example.test': [{ type: 'TXT', value: 'case' }],
  'slow.example.test': [{ type: 'TXT', value: 'slow' }],
  'hang.example.test': [{ type: 'TIMEOUT' }],
  'big.example.test': [{ type: 'TXT', value: [long('a'), long('b'), long('c'), long('d')] }],
  'alias.example.test': [{ type: 'CNAME', value: 'target.example.test' }],
  'target.example.test': [{ type: 'TXT', value: 'v=DMARC1; p=none' }],
  'cached.example.test': [{ type: 'TXT', value: 'cached' }],
  'expiring.example.test': [{ type: 'TXT', value: 'expiring' }],
  'cleared.example.test': [{ type: 'TXT', value: 'cleared' }],
  'concurrent.example.test': [{ type: 'TXT', value: 'concurrent' }],
  'negative.example.test': [{ type: 'A', value: '192.0.2.30' }],
  'evict-1.example.test': [{ type: 'TXT', value: '1' }],
  'evict-2.example.test': [{ type: 'TXT', value: '2' }],
  'evict-3.example.test': [{ type: 'TXT', value: '3' }],
};

function countQueries(server: LoopbackDnsServer, name: string, type: string): number {
  return server.queries.filter((q) => q.name === name && q.type === type).length;
}

describe('createNodeDnsLookup against a loopback server', () => {
  let server: LoopbackDnsServer;
  let servers: string[];

  before(async () => {
    server = await startLoopbackDnsServer(zone);
    servers = [`${server.address}:${server.port}`];
  });
  after(() => server.close());

  // Caching off unless a test is about caching, so each test sees the resolver itself.
  const uncached = () => createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1, cacheTtlMs: 0 });

  test('TXT records come back one per record, strings joined without separator', async () => {
    const outcome = await uncached().txt('example.test');
    assert.equal(outcome.status, 'ok');
    assert.deepEqual(outcome.status === 'ok' && [...outcome.records].sort(), [
      'google-site-verification=abc',
      'v=spf1 include:_spf.example.test -all',
    ]);
    assert.deepEqual(await uncached().txt('_dmarc.example.test'), { status: 'ok', records: ['v=DMARC1; p=reject'] });
  });

  test('an unknown name is nxdomain, a known name without the type is nodata', async () => {
    const dns = uncached();
    assert.deepEqual(await dns.txt('missing.example.test'), { status: 'nxdomain' });
    assert.deepEqual(await dns.txt('only-a.example.test'), { status: 'nodata' });
    assert.deepEqual(await dns.mx('only-a.example.test'), { status: 'nodata' });
  });

  test('A, AAAA and MX records', async () => {
    const dns = uncached();
    const a = await dns.a('example.test');
    assert.deepEqual(a.status === 'ok' && [...a.records].sort(), ['192.0.2.10', '192.0.2.11']);
    assert.deepEqual(await dns.aaaa('example.test'), { status: 'ok', records: ['2001:db8::10'] });
    const mx = await dns.mx('example.test');
    assert.deepEqual(mx.status === 'ok' && [...mx.records].sort((x, y) => x.priority - y.priority), [
      { exchange: 'mx1.example.test', priority: 10 },
      { exchange: 'mx2.example.test', priority: 20 },
    ]);
  });

  test('names are case-insensitive and a trailing dot is ignored', async () => {
    const dns = uncached();
    assert.deepEqual(await dns.txt('mixed.case.example.test.'), { status: 'ok', records: ['case'] });
    assert.deepEqual(await dns.txt('MIXED.case.EXAMPLE.TEST'), { status: 'ok', records: ['case'] });
  });

  test('a CNAME is followed to the target records the server includes', async () => {
    assert.deepEqual(await uncached().txt('alias.example.test'), { status: 'ok', records: ['v=DMARC1; p=none'] });
  });

  test('a server that never answers gives unknown', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 300, tries: 1, cacheTtlMs: 0 });
    const outcome = await dns.txt('hang.example.test');
    assert.equal(outcome.status, 'unknown');
    assert.match(outcome.status === 'unknown' ? outcome.reason : '', /ETIMEOUT/);
  });

  test('a TXT answer over 512 bytes arrives whole through the TCP fallback', async () => {
    const outcome = await uncached().txt('big.example.test');
    assert.deepEqual(outcome, { status: 'ok', records: [long('a') + long('b') + long('c') + long('d')] });
    assert.ok(server.tcpQueries.some((q) => q.name === 'big.example.test' && q.type === 'TXT'));
  });

  test('a repeated look-up is answered from the cache', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1 });
    const first = await dns.txt('cached.example.test');
    const second = await dns.txt('Cached.Example.Test.');
    assert.deepEqual(second, first);
    assert.deepEqual(first, { status: 'ok', records: ['cached'] });
    assert.equal(countQueries(server, 'cached.example.test', 'TXT'), 1);
  });

  test('negative answers are cached per type', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1 });
    assert.deepEqual(await dns.txt('negative.example.test'), { status: 'nodata' });
    assert.deepEqual(await dns.txt('negative.example.test'), { status: 'nodata' });
    assert.deepEqual(await dns.a('negative.example.test'), { status: 'ok', records: ['192.0.2.30'] });
    assert.equal(countQueries(server, 'negative.example.test', 'TXT'), 1);
    assert.equal(countQueries(server, 'negative.example.test', 'A'), 1);
  });

  test('a cached entry expires after cacheTtlMs', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1, cacheTtlMs: 50 });
    await dns.txt('expiring.example.test');
    await new Promise((done) => setTimeout(done, 120));
    await dns.txt('expiring.example.test');
    assert.equal(countQueries(server, 'expiring.example.test', 'TXT'), 2);
  });

  test('clearCache forgets answers', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1 });
    await dns.txt('cleared.example.test');
    dns.clearCache();
    await dns.txt('cleared.example.test');
    assert.equal(countQueries(server, 'cleared.example.test', 'TXT'), 2);
  });

  test('the least recently used entry is evicted beyond maxCacheEntries', async () => {
    const dns = createNodeDnsLookup({ servers, timeoutMs: 1000, tries: 1, maxCacheEntries: 2 });
    await dns.txt('evict-1.example.test');
    await dns.txt('evict-2.example.test');
    await dns.txt('evict-1.example.test'); // now the most recently used
    await dns.txt('evict-3.example.test'); // evicts evict-2
    await dns.txt('evict-1.example.test');
    await dns.txt('evict-2.example.test');
    assert.equal(countQueries(server, 'evict-1.example.test', 'TXT'), 1);
    assert.equal(countQueries(server, 'evict-2.example.test', 'TXT'), 2);
  });

  test('concurrent identical look-ups share one query', async () => {
    server.setDelay('concurrent.example.test', 100);
    try {
      const dns = createNodeDnsLookup({ servers, timeoutMs: 2000, tries: 1 });
      const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => dns.txt('concurrent.example.test')));
      for (const outcome of outcomes) assert.deepEqual(outcome, { status: 'ok', records: ['concurrent'] });
      assert.equal(countQueries(server, 'concurrent.example.test', 'TXT'), 1);
      // Callers get copies, so one caller's in-place edits do not leak into another's answer.
      if (outcomes[0]?.status === 'ok') outcomes[0].records.push('mutated');
      assert.deepEqual(await dns.txt('concurrent.example.test'), { status: 'ok', records: ['concurrent'] });
    } finally {
      server.setDelay('concurrent.example.test', 0);
    }
  });

  test('an answer delayed past the timeout gives unknown', async () => {
    server.setDelay('slow.example.test', 1000);
    try {
      const dns = createNodeDnsLookup({ servers, timeoutMs: 300, tries: 1, cacheTtlMs: 0 });
      assert.equal((await dns.txt('slow.example.test')).status, 'unknown');
    } finally {
      server.setDelay('slow.example.test', 0);
    }
  });
});

test('a loopback port with nobody listening gives unknown', async () => {
  // Bind then release a port, so it is known to be closed.
  const probe = dgram.createSocket('udp4');
  await new Promise<void>((done) => probe.bind(0, '127.0.0.1', () => done()));
  const port = probe.address().port;
  await new Promise<void>((done) => probe.close(() => done()));
  const dns = createNodeDnsLookup({ servers: [`127.0.0.1:${port}`], timeoutMs: 300, tries: 1, cacheTtlMs: 0 });
  assert.equal((await dns.txt('example.test')).status, 'unknown');
});

test('an IPv6 loopback server is reachable with the bracketed form', async (t) => {
  let server: LoopbackDnsServer;
  try {
    server = await startLoopbackDnsServer(zone, { host: '::1' });
  } catch {
    t.skip('no IPv6 loopback here');
    return;
  }
  try {
    const dns = createNodeDnsLookup({ servers: [`[::1]:${server.port}`], timeoutMs: 1000, tries: 1 });
    assert.deepEqual(await dns.txt('target.example.test'), { status: 'ok', records: ['v=DMARC1; p=none'] });
    assert.deepEqual(server.queries, [{ name: 'target.example.test', type: 'TXT' }]);
  } finally {
    await server.close();
  }
});

test('names the resolver cannot send give unknown without reaching any server', async () => {
  // No servers option would mean the system resolver; a closed loopback port keeps the test offline.
  const dns = createNodeDnsLookup({ servers: ['127.0.0.1:9'], timeoutMs: 300, tries: 1, cacheTtlMs: 0 });
  for (const name of ['', '.', 'a..b.example.test', `${'x'.repeat(64)}.example.test`]) {
    const outcome = await dns.txt(name);
    assert.equal(outcome.status, 'unknown', name);
  }
});

test('disabledDnsLookup concludes nothing', async () => {
  const unknown = { status: 'unknown', reason: 'DNS look-ups are turned off' };
  assert.deepEqual(await disabledDnsLookup.txt('example.test'), unknown);
  assert.deepEqual(await disabledDnsLookup.a('example.test'), unknown);
  assert.deepEqual(await disabledDnsLookup.aaaa('example.test'), unknown);
  assert.deepEqual(await disabledDnsLookup.mx('example.test'), unknown);
});
