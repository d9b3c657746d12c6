/**
 * The push plan: zone-file records (parsed by the real parser) against rrsets shaped as
 * ListResourceRecordSets returns them. A tiny Route 53 stand-in below applies change batches the
 * way Route 53 documents it (a batch is a transaction; CREATE fails on an existing rrset; DELETE
 * must match the current TTL and values exactly), so a plan can be applied and planned again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseZone } from '../../server/src/service/zone/parser';
import type { DnsRecord } from '../../server/src/service/records';
import {
  changeCost,
  isConcurrentChange,
  joinedTxtOctets,
  planDiff,
  planPush,
  namesToRead,
  summaryText,
  ROUTE53_BATCH_LIMITS,
  type PushMode,
  type PushPlan,
  type Route53Change,
  type Route53RecordSet,
} from '../../client/src/core/route53Plan';

const ZONE = { Id: '/hostedzone/Z0EXAMPLE', Name: 'example.com.' };

function parse(text: string, origin = 'example.com'): DnsRecord[] {
  const parsed = parseZone(text, { origin });
  assert.deepEqual(parsed.problems.filter((p) => p.severity === undefined || p.severity === 'error'), [], 'the test zone parses cleanly');
  return parsed.records;
}

function txt(Name: string, TTL: number, ...values: string[]): Route53RecordSet {
  return { Name, Type: 'TXT', TTL, ResourceRecords: values.map((Value) => ({ Value })) };
}

function rrset(Name: string, Type: string, TTL: number, ...values: string[]): Route53RecordSet {
  return { Name, Type, TTL, ResourceRecords: values.map((Value) => ({ Value })) };
}

function plan(text: string, current: Route53RecordSet[], mode: PushMode = 'file', chosen?: (records: DnsRecord[]) => DnsRecord[]): PushPlan {
  const fileRecords = parse(text);
  return planPush({ zone: ZONE, mode, fileRecords, chosen: chosen?.(fileRecords), origin: 'example.com', current });
}

function find(p: PushPlan, name: string, type: string) {
  const found = p.rrsets.find((r) => r.name === name && r.type === type);
  assert.ok(found, `${name} ${type} is in the plan`);
  return found;
}

function texts(set: Route53RecordSet | undefined): string[] {
  return (set?.ResourceRecords ?? []).map((r) => joinedTxtOctets(r.Value)).sort();
}

class BatchRefused extends Error {
  override name = 'InvalidChangeBatch';
}

/** Route 53's spelling of the names these tests use: lower case, `*` as \052, trailing dot. */
function storedName(name: string): string {
  const absolute = name.endsWith('.') ? name : `${name}.`;
  return absolute.toLowerCase().replace(/\*/g, '\\052');
}

/** Applies one ChangeResourceRecordSets request; all or nothing, like Route 53. */
function applyBatch(state: readonly Route53RecordSet[], changes: readonly Route53Change[]): Route53RecordSet[] {
  const next = state.map((s) => ({ ...s }));
  for (const change of changes) {
    const set = change.ResourceRecordSet;
    const name = storedName(set.Name);
    const at = next.findIndex((s) => s.Name === name && s.Type === set.Type && s.SetIdentifier === set.SetIdentifier);
    const copy: Route53RecordSet = { ...set, Name: name, ResourceRecords: set.ResourceRecords?.map((r) => ({ Value: r.Value })) };
    if (change.Action === 'CREATE') {
      if (at >= 0) throw new BatchRefused(`Tried to create resource record set [name='${name}', type='${set.Type}'] but it already exists`);
      if (set.Type === 'CNAME' ? next.some((s) => s.Name === name) : next.some((s) => s.Name === name && s.Type === 'CNAME')) {
        throw new BatchRefused(`RRSet of type ${set.Type} with DNS name ${name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists`);
      }
      next.push(copy);
    } else if (change.Action === 'DELETE') {
      if (at < 0) throw new BatchRefused(`Tried to delete resource record set [name='${name}', type='${set.Type}'] but it was not found`);
      const stored = next[at];
      const a = (stored.ResourceRecords ?? []).map((r) => r.Value).sort();
      const b = (set.ResourceRecords ?? []).map((r) => r.Value).sort();
      if (stored.TTL !== set.TTL || JSON.stringify(a) !== JSON.stringify(b)) {
        throw new BatchRefused(`Tried to delete resource record set [name='${name}', type='${set.Type}'] but the values provided do not match the current values`);
      }
      next.splice(at, 1);
    } else {
      if (at >= 0) next.splice(at, 1, copy);
      else next.push(copy);
    }
  }
  return next;
}

function applyPlan(state: readonly Route53RecordSet[], p: PushPlan): Route53RecordSet[] {
  assert.ok(p.ok, `the plan has no errors: ${JSON.stringify(p.problems)}`);
  return p.batches.reduce((s, batch) => applyBatch(s, batch.changes), [...state]);
}

const FIXTURE = readFileSync('test/fixtures/zones/example.com.zone', 'utf8');

test('an SPF push keeps the other TXT values at the name and replaces the old SPF value', () => {
  const current = [
    rrset('example.com.', 'NS', 172800, 'ns-1.awsdns-01.org.', 'ns-2.awsdns-02.net.'),
    txt('example.com.', 3600, '"google-site-verification=KEEPME"', '"v=spf1 include:_spf.google.com ~all"', '"MS=ms12345678"'),
  ];
  const p = plan('@ 3600 IN TXT "v=spf1 include:amazonses.com -all"\n', current, 'record', (r) => r);
  const apex = find(p, 'example.com.', 'TXT');
  assert.equal(apex.action, 'change');
  assert.deepEqual(texts(apex.desired), ['MS=ms12345678', 'google-site-verification=KEEPME', 'v=spf1 include:amazonses.com -all']);
  assert.ok(apex.notes.some((n) => /replaces the SPF value/.test(n)));
  assert.ok(apex.notes.some((n) => /keeps 2 other values/.test(n)));
  // Compare-and-swap: the exact rrset as read is deleted, the new one created, in one request.
  assert.equal(p.batches.length, 1);
  const [del, create] = p.batches[0].changes;
  assert.equal(del.Action, 'DELETE');
  assert.deepEqual(del.ResourceRecordSet, current[1]);
  assert.equal(create.Action, 'CREATE');
  assert.ok(create.ResourceRecordSet.ResourceRecords!.some((r) => r.Value === '"google-site-verification=KEEPME"'), 'kept values are sent as Route 53 returned them');
  assert.deepEqual(p.summary, { create: 0, change: 1, delete: 0, unchanged: 0 });
  assert.equal(summaryText(p.summary), '0 to create, 1 to change, 0 to delete (0 unchanged)');
  const diff = planDiff(p);
  assert.match(diff.current, /example\.com\. 3600 IN TXT "v=spf1 include:_spf\.google\.com ~all"/);
  assert.match(diff.planned, /example\.com\. 3600 IN TXT "v=spf1 include:amazonses\.com -all"/);
  assert.match(diff.planned, /google-site-verification=KEEPME/);
  assert.doesNotMatch(diff.planned, /_spf\.google\.com/);
});

test('a DMARC push replaces the DMARC value at _dmarc and keeps the rest', () => {
  const current = [txt('_dmarc.example.com.', 300, '"v=DMARC1; p=none"', '"some-other-note"')];
  const p = plan('_dmarc 300 IN TXT "v=DMARC1; p=reject; rua=mailto:d@example.com"\n', current);
  const dmarc = find(p, '_dmarc.example.com.', 'TXT');
  assert.equal(dmarc.action, 'change');
  assert.deepEqual(texts(dmarc.desired), ['some-other-note', 'v=DMARC1; p=reject; rua=mailto:d@example.com']);
  assert.ok(p.ok);
});

test('a plan that leaves two SPF or two DMARC records at one name is refused', () => {
  const two = plan('@ 300 IN TXT "v=spf1 include:amazonses.com -all"\n@ 300 IN TXT "v=spf1 mx -all"\n', []);
  assert.equal(two.ok, false);
  assert.deepEqual(two.batches, [], 'nothing is sent');
  const problem = two.problems.find((x) => x.code === 'r53-two-spf');
  assert.ok(problem);
  assert.match(problem.message, /2 SPF records at example\.com\. TXT/);
  assert.match(problem.message, /RFC 7208 section 4\.5/);
  assert.ok(problem.span, 'points at the file');

  // Route 53 already holds two SPF values; a push that adds a verification value would keep both.
  const inherited = plan('@ 300 IN TXT "google-site-verification=abc"\n', [txt('example.com.', 300, '"v=spf1 a -all"', '"v=spf1 mx -all"')]);
  assert.equal(inherited.ok, false);
  assert.ok(inherited.problems.some((x) => x.code === 'r53-two-spf'));
  // ... but a push of one SPF value replaces both.
  const fixed = plan('@ 300 IN TXT "v=spf1 include:amazonses.com -all"\n', [txt('example.com.', 300, '"v=spf1 a -all"', '"v=spf1 mx -all"')]);
  assert.ok(fixed.ok);
  assert.deepEqual(texts(find(fixed, 'example.com.', 'TXT').desired), ['v=spf1 include:amazonses.com -all']);

  const dmarc = plan('_dmarc 300 IN TXT "v=DMARC1; p=none"\n_dmarc 300 IN TXT "v=DMARC1; p=reject"\n', []);
  assert.ok(dmarc.problems.some((x) => x.code === 'r53-two-dmarc' && x.severity === 'error'));
});

test('pushing the fixture zone, then pushing it again against the result, sends nothing the second time', () => {
  const before = [
    rrset('example.com.', 'SOA', 900, 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'),
    rrset('example.com.', 'NS', 172800, 'ns-1.awsdns-01.org.', 'ns-2.awsdns-02.net.'),
    txt('example.com.', 300, '"google-site-verification=fromconsole"'),
  ];
  const first = plan(FIXTURE, before);
  assert.ok(first.ok, JSON.stringify(first.problems));
  assert.deepEqual(first.problems.filter((x) => x.code === 'r53-apex-managed').map((x) => x.type), ['SOA', 'NS'], "the file's SOA and NS are left to Route 53, said once each");
  assert.ok(first.summary.create >= 8);
  const after = applyPlan(before, first);
  assert.deepEqual(after.find((s) => s.Type === 'NS'), before[1], 'the apex NS is untouched');
  assert.ok(texts(after.find((s) => s.Name === 'example.com.' && s.Type === 'TXT')).includes('google-site-verification=fromconsole'));

  const second = plan(FIXTURE, after);
  assert.ok(second.ok);
  assert.deepEqual(second.summary, { create: 0, change: 0, delete: 0, unchanged: first.rrsets.length });
  assert.deepEqual(second.batches, []);
  assert.ok(second.rrsets.every((r) => r.action === 'unchanged'));
});

test('read-back spellings do not make a change: "a""b", \\052, \\; and octal escapes', () => {
  const file = [
    '* 300 IN TXT "wild card"',
    'dkim 300 IN TXT "v=DKIM1; k=rsa; " "p=MIIBIjAN"',
    'intl 300 IN TXT "exämple"',
    'quote 300 IN TXT "say \\"hi\\""',
    'mx 300 IN MX 10 Mail.Example.COM.',
  ].join('\n') + '\n';
  // As Route 53 might return them: strings glued or cut elsewhere, escapes where none are needed.
  const current = [
    txt('\\052.example.com.', 300, '"wild card"'),
    txt('dkim.example.com.', 300, '"v=DKIM1\\; k=rsa\\; p=""MIIBIjAN"'),
    txt('intl.example.com.', 300, '"ex\\303\\244mple"'),
    txt('quote.example.com.', 300, '"say \\"hi\\""'),
    rrset('mx.example.com.', 'MX', 300, '10 mail.example.com.'),
  ];
  const p = plan(file, current);
  assert.ok(p.ok, JSON.stringify(p.problems));
  assert.deepEqual(p.rrsets.map((r) => [r.displayName, r.action]), [
    ['*.example.com.', 'unchanged'],
    ['dkim.example.com.', 'unchanged'],
    ['intl.example.com.', 'unchanged'],
    ['mx.example.com.', 'unchanged'],
    ['quote.example.com.', 'unchanged'],
  ]);
  assert.deepEqual(p.batches, []);
  // A real difference is still one.
  const changed = plan('* 300 IN TXT "wild  card"\n', [txt('\\052.example.com.', 300, '"wild card"')]);
  assert.equal(find(changed, '\\052.example.com.', 'TXT').action, 'change');
  const ttl = plan('* 600 IN TXT "wild card"\n', [txt('\\052.example.com.', 300, '"wild card"')]);
  assert.equal(find(ttl, '\\052.example.com.', 'TXT').action, 'change');
  assert.ok(find(ttl, '\\052.example.com.', 'TXT').notes.includes('TTL 300 becomes 600'));
});

test('a change made by someone else after the plan was made fails the batch instead of being overwritten', () => {
  const before = [txt('example.com.', 300, '"v=spf1 a -all"', '"keep-me"')];
  const p = plan('@ 300 IN TXT "v=spf1 include:amazonses.com -all"\n', before);
  const meanwhile = applyBatch(before, [
    { Action: 'DELETE', ResourceRecordSet: before[0] },
    { Action: 'CREATE', ResourceRecordSet: txt('example.com.', 300, '"v=spf1 a -all"', '"keep-me"', '"added-meanwhile"') },
  ]);
  assert.throws(() => applyPlan(meanwhile, p), (error: Error) => isConcurrentChange({ name: error.name, message: error.message }));
  // Re-read and re-plan: the value added meanwhile survives.
  const again = plan('@ 300 IN TXT "v=spf1 include:amazonses.com -all"\n', meanwhile);
  const after = applyPlan(meanwhile, again);
  assert.deepEqual(texts(after[0]), ['added-meanwhile', 'keep-me', 'v=spf1 include:amazonses.com -all']);
});

test('one record pushes the rrset of its name and type, nothing else', () => {
  const file = '$TTL 300\nwww IN A 192.0.2.1\nwww IN A 192.0.2.2\nwww IN AAAA 2001:db8::1\nmail IN A 192.0.2.9\n';
  const current = [rrset('www.example.com.', 'A', 300, '192.0.2.1', '198.51.100.7'), rrset('www.example.com.', 'AAAA', 300, '2001:db8::99')];
  const p = plan(file, current, 'record', (records) => [records[1]]);
  assert.deepEqual(p.rrsets.map((r) => `${r.name} ${r.type} ${r.action}`), ['www.example.com. A change']);
  assert.deepEqual(p.rrsets[0].desired!.ResourceRecords!.map((r) => r.Value).sort(), ['192.0.2.1', '192.0.2.2'], "the file's rrset replaces Route 53's");
  assert.deepEqual(namesToRead({ mode: 'record', fileRecords: parse(file), chosen: [parse(file)[3]] }), ['mail.example.com.']);
  const selection = plan(file, current, 'selection', (records) => [records[2], records[3]]);
  assert.deepEqual(selection.rrsets.map((r) => `${r.name} ${r.type} ${r.action}`), ['mail.example.com. A create', 'www.example.com. AAAA change']);
});

test('sync deletes only rrsets of the file\'s names that the file no longer has, never the apex NS or SOA', () => {
  const file = '$TTL 300\n@ IN SOA ns1 host 1 2 3 4 5\n@ IN NS ns1.example.com.\n@ IN TXT "v=spf1 -all"\nwww IN A 192.0.2.1\n';
  const current = [
    rrset('example.com.', 'SOA', 900, 'ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400'),
    rrset('example.com.', 'NS', 172800, 'ns-1.awsdns-01.org.'),
    rrset('example.com.', 'MX', 300, '10 inbound-smtp.us-east-1.amazonaws.com.'),
    txt('example.com.', 300, '"v=spf1 -all"', '"google-site-verification=old"'),
    rrset('www.example.com.', 'A', 300, '192.0.2.1'),
    rrset('www.example.com.', 'AAAA', 300, '2001:db8::1'),
    rrset('other.example.com.', 'A', 300, '192.0.2.50'),
    { Name: 'www.example.com.', Type: 'HTTPS', AliasTarget: { HostedZoneId: 'Z2FDTNDATAQYW2', DNSName: 'd111111abcdef8.cloudfront.net.', EvaluateTargetHealth: false } },
  ];
  const synced = plan(file, current, 'sync');
  assert.ok(synced.ok, JSON.stringify(synced.problems));
  const actions = synced.rrsets.map((r) => `${r.name} ${r.type} ${r.action}`);
  assert.deepEqual(actions, ['example.com. MX delete', 'example.com. TXT change', 'www.example.com. A unchanged', 'www.example.com. AAAA delete']);
  assert.deepEqual(texts(find(synced, 'example.com.', 'TXT').desired), ['v=spf1 -all'], 'sync takes the TXT rrset as written');
  assert.ok(synced.problems.some((x) => x.code === 'r53-routing-kept' && x.type === 'HTTPS'), 'the alias is kept and said so');
  const after = applyPlan(current, synced);
  assert.deepEqual(after.map((s) => `${s.Name} ${s.Type}`).sort(), ['example.com. NS', 'example.com. SOA', 'example.com. TXT', 'other.example.com. A', 'www.example.com. A', 'www.example.com. HTTPS']);

  // A file that does not write the apex SOA and NS at all still leaves them alone.
  const partial = plan('$TTL 300\n@ IN TXT "v=spf1 -all"\n', current, 'sync');
  assert.deepEqual(partial.rrsets.map((r) => `${r.name} ${r.type} ${r.action}`), ['example.com. MX delete', 'example.com. TXT change']);
  assert.deepEqual(applyPlan(current, partial).filter((s) => s.Name === 'example.com.').map((s) => s.Type).sort(), ['NS', 'SOA', 'TXT']);

  // The same file pushed without sync deletes nothing and merges TXT.
  const pushed = plan(file, current, 'file');
  assert.equal(pushed.summary.delete, 0);
  assert.equal(find(pushed, 'example.com.', 'TXT').action, 'unchanged');
});

test('problems the zone file cannot see: aliases, CNAME neighbours, TTLs, types Route 53 lacks, other zones', () => {
  const alias = plan('www 300 IN A 192.0.2.1\n', [{ Name: 'www.example.com.', Type: 'A', AliasTarget: { HostedZoneId: 'Z35SXDOTRQ7X7K', DNSName: 'lb.example.net.', EvaluateTargetHealth: true } }]);
  assert.ok(alias.problems.some((x) => x.code === 'r53-alias-conflict' && x.severity === 'error'));
  assert.deepEqual(alias.batches, []);

  const cname = plan('www 300 IN CNAME example.net.\n', [rrset('www.example.com.', 'A', 300, '192.0.2.1')]);
  assert.ok(cname.problems.some((x) => x.code === 'r53-cname-conflict'));
  const apexCname = plan('@ 300 IN CNAME example.net.\n', []);
  assert.ok(apexCname.problems.some((x) => x.code === 'r53-cname-conflict'));
  // Sync can swap an A for a CNAME: the DELETE goes first in the same request.
  const swap = plan('www 300 IN CNAME example.net.\n', [rrset('www.example.com.', 'A', 300, '192.0.2.1')], 'sync');
  assert.ok(swap.ok, JSON.stringify(swap.problems));
  assert.deepEqual(swap.batches[0].changes.map((c) => `${c.Action} ${c.ResourceRecordSet.Type}`), ['DELETE A', 'CREATE CNAME']);
  assert.deepEqual(applyPlan([rrset('www.example.com.', 'A', 300, '192.0.2.1')], swap).map((s) => s.Type), ['CNAME']);
  // ... and back: the CNAME goes before the A arrives, though A sorts first.
  const back = plan('www 300 IN A 192.0.2.1\n', [rrset('www.example.com.', 'CNAME', 300, 'example.net.')], 'sync');
  assert.deepEqual(back.batches[0].changes.map((c) => `${c.Action} ${c.ResourceRecordSet.Type}`), ['DELETE CNAME', 'CREATE A']);
  assert.deepEqual(applyPlan([rrset('www.example.com.', 'CNAME', 300, 'example.net.')], back).map((s) => s.Type), ['A']);

  const ttl = plan('www 300 IN A 192.0.2.1\nwww 60 IN A 192.0.2.2\n', []);
  assert.equal(find(ttl, 'www.example.com.', 'A').desired!.TTL, 60, 'the lowest TTL');
  assert.ok(ttl.problems.some((x) => x.code === 'r53-ttl-differs' && x.severity === 'warning'));
  assert.ok(ttl.ok);

  const hinfo = plan('host 300 IN HINFO "PC" "Linux"\n', []);
  assert.ok(hinfo.problems.some((x) => x.code === 'r53-unsupported-type'));
  const outside = planPush({ zone: ZONE, mode: 'file', fileRecords: parse('www 300 IN A 192.0.2.1\n', 'example.org'), origin: 'example.org', current: [] });
  assert.ok(outside.problems.some((x) => x.code === 'r53-outside-zone'));
  const dup = plan('www 300 IN A 192.0.2.1\nwww 300 IN A 192.0.2.1\n', []);
  assert.deepEqual(find(dup, 'www.example.com.', 'A').desired!.ResourceRecords, [{ Value: '192.0.2.1' }]);
});

function countChanges(changes: readonly Route53Change[]): { records: number; chars: number } {
  // Counted here independently of the planner's own counter, from the documented rule.
  let records = 0;
  let chars = 0;
  for (const c of changes) {
    const factor = c.Action === 'UPSERT' ? 2 : 1;
    for (const r of c.ResourceRecordSet.ResourceRecords ?? []) {
      records += factor;
      chars += factor * r.Value.length;
    }
  }
  return { records, chars };
}

test('5,000 records go out in several requests, each within the limits, each change pair together', () => {
  const lines = ['$TTL 300'];
  const current: Route53RecordSet[] = [];
  for (let i = 0; i < 5000; i++) {
    const token = `verification-token-${String(i).padStart(5, '0')}-${'k'.repeat(60)}`;
    lines.push(`host${i} IN TXT "${token}"`);
    // Every fifth name exists with another value: a DELETE+CREATE pair.
    if (i % 5 === 0) current.push(txt(`host${i}.example.com.`, 300, `"old-${i}"`));
  }
  const p = plan(lines.join('\n') + '\n', current);
  assert.ok(p.ok);
  assert.deepEqual(p.summary, { create: 4000, change: 1000, delete: 0, unchanged: 0 });
  assert.ok(p.batches.length > 5, `${p.batches.length} requests`);
  const seen = new Map<string, number>();
  p.batches.forEach((batch, index) => {
    const { records, chars } = countChanges(batch.changes);
    assert.ok(records <= 1000, `request ${index}: ${records} records`);
    assert.ok(chars <= 32000, `request ${index}: ${chars} characters`);
    assert.deepEqual({ records: batch.records, valueChars: batch.valueChars }, { records, valueChars: chars });
    for (const c of batch.changes) {
      const key = `${c.Action} ${c.ResourceRecordSet.Name}`;
      assert.ok(!seen.has(key), `${key} once`);
      seen.set(key, index);
    }
  });
  for (const set of current) {
    assert.equal(seen.get(`DELETE ${set.Name}`), seen.get(`CREATE ${set.Name}`), `${set.Name}: its DELETE and CREATE travel together`);
  }
  assert.equal(seen.size, 6000);
  // Closing the loop: applied request by request, the zone holds the file, and a second plan is a no-op.
  const after = applyPlan(current, p);
  assert.equal(after.length, 5000);
  const again = plan(lines.join('\n') + '\n', after);
  assert.deepEqual(again.summary, { create: 0, change: 0, delete: 0, unchanged: 5000 });
});

test('an rrset too large for one request is a plan error; UPSERT is counted twice', () => {
  // 150 values of 120 characters: 18,000 characters, so the DELETE+CREATE pair of a change is 36,000.
  const values = Array.from({ length: 150 }, (_, i) => `"${String(i).padStart(3, '0')}-${'v'.repeat(114)}"`);
  const file = values.map((v) => `big 300 IN TXT ${v}`).join('\n') + '\n';
  const created = plan(file, []);
  assert.ok(created.ok, 'created alone it fits');
  const changed = plan(file, [txt('big.example.com.', 300, ...values.slice(1), '"other"')], 'sync');
  assert.equal(changed.ok, false);
  assert.ok(changed.problems.some((x) => x.code === 'r53-rrset-too-large' && /big\.example\.com\. TXT/.test(x.message)));
  assert.deepEqual(changed.batches, []);

  // The rrsets of one name travel in one request when they fit (shown with a small limit).
  const small = planPush({ zone: ZONE, mode: 'file', fileRecords: parse('a 300 IN A 192.0.2.1\na 300 IN A 192.0.2.2\nb 300 IN A 192.0.2.3\nb 300 IN AAAA 2001:db8::3\n'), origin: 'example.com', current: [], limits: { maxRecords: 3, maxValueChars: 32000 } });
  assert.deepEqual(small.batches.map((b) => b.changes.map((c) => `${c.ResourceRecordSet.Name} ${c.ResourceRecordSet.Type}`)), [['a.example.com. A'], ['b.example.com. A', 'b.example.com. AAAA']]);

  const set = txt('a.example.com.', 300, '"12345"');
  assert.deepEqual(changeCost({ Action: 'CREATE', ResourceRecordSet: set }), { records: 1, valueChars: 7 });
  assert.deepEqual(changeCost({ Action: 'UPSERT', ResourceRecordSet: set }), { records: 2, valueChars: 14 });
  assert.deepEqual(ROUTE53_BATCH_LIMITS, { maxRecords: 1000, maxValueChars: 32000 });
});

test('relative names in record data are completed with the $ORIGIN in effect where each record is written', () => {
  const file = [
    '$TTL 300',
    'mail IN A 192.0.2.25',
    '@ IN MX 10 mail',
    '$ORIGIN emea.example.com.',
    'mail IN A 192.0.2.26',
    '@ IN MX 10 mail',
    'www IN CNAME web',
    '$ORIGIN example.com.',
    'docs IN CNAME www.emea',
    '',
  ].join('\n');
  const p = plan(file, []);
  assert.ok(p.ok, JSON.stringify(p.problems));
  assert.deepEqual(find(p, 'example.com.', 'MX').desired!.ResourceRecords!.map((r) => r.Value), ['10 mail.example.com.']);
  assert.deepEqual(find(p, 'emea.example.com.', 'MX').desired!.ResourceRecords!.map((r) => r.Value), ['10 mail.emea.example.com.'], 'not mail.example.com.');
  assert.deepEqual(find(p, 'www.emea.example.com.', 'CNAME').desired!.ResourceRecords!.map((r) => r.Value), ['web.emea.example.com.']);
  assert.deepEqual(find(p, 'docs.example.com.', 'CNAME').desired!.ResourceRecords!.map((r) => r.Value), ['www.emea.example.com.']);
});
