/**
 * How the push planner writes values and names for Route 53 and reads them back: TXT strings cut
 * at 255 octets, octal escapes (Route 53) against decimal ones (zone files), names as
 * ListResourceRecordSets returns them, the hosted-zone choice and the retry policy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { parseZone } from '../../server/src/service/zone/parser';
import type { DnsRecord } from '../../server/src/service/records';
import {
  chooseHostedZone,
  displayRoute53Name,
  encodeTxtValue,
  isConcurrentChange,
  isRetryable,
  joinedTxtOctets,
  normalizeRoute53Name,
  parseRoute53CharacterStrings,
  retryDelayMs,
  route53NameFromZoneName,
  tokenizeRoute53Value,
  valueFromRecord,
  valueKey,
  zoneFileString,
  ROUTE53_RETRY_POLICY,
  type HostedZoneSummary,
} from '../../client/src/core/route53Plan';

function records(zone: string, origin = 'example.com'): DnsRecord[] {
  const parsed = parseZone(zone, { origin });
  assert.deepEqual(parsed.problems.filter((p) => p.severity === undefined || p.severity === 'error'), [], 'the test zone parses cleanly');
  return parsed.records;
}

function only(zone: string): DnsRecord {
  const all = records(zone);
  assert.equal(all.length, 1);
  return all[0];
}

function pushedValue(record: DnsRecord): string {
  const result = valueFromRecord(record, 'example.com');
  assert.ok(result.ok, result.ok ? '' : result.message);
  return result.value;
}

/** Octets (latin1 string) of a JS string's UTF-8 encoding. */
function utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

test('a 2048-bit DKIM key is cut into 255-octet strings and reads back equal', () => {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const p = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  const text = `v=DKIM1; k=rsa; p=${p}`;
  assert.ok(text.length > 400 && text.length < 510, `a 2048-bit key record is ${text.length} octets`);
  // Written the way people paste it: two strings cut wherever the provider cut them.
  const record = only(`sel._domainkey 300 IN TXT ( "${text.slice(0, 200)}"\n   "${text.slice(200)}" )\n`);
  assert.equal(record.txt!.text, text);
  const value = pushedValue(record);
  const strings = parseRoute53CharacterStrings(value);
  assert.deepEqual(strings.map((s) => s.length), [255, text.length - 255]);
  assert.match(value, /^"v=DKIM1; k=rsa; p=[A-Za-z0-9+/]+" "[A-Za-z0-9+/=]+"$/);
  assert.equal(joinedTxtOctets(value), text);
  assert.equal(valueKey('TXT', value), valueKey('TXT', `"${text.slice(0, 200)}" "${text.slice(200)}"`), 'the same key however it is cut');
  assert.ok(value.length <= 4000);
});

test('TXT values are cut on octets, not characters, and never inside a UTF-8 character', () => {
  // 254 ASCII octets, then "é" (2 octets): 255 would fall between its two octets.
  const text = `${'a'.repeat(254)}é${'b'.repeat(10)}`;
  const record = only(`note 300 IN TXT "${text}"\n`);
  assert.equal(record.txt!.text, utf8(text), 'the parser gives UTF-8 octets');
  const value = pushedValue(record);
  const strings = parseRoute53CharacterStrings(value);
  assert.deepEqual(strings.map((s) => s.length), [254, 12], 'the cut moved before the character');
  assert.equal(strings[1].slice(0, 2), utf8('é'));
  assert.equal(value.slice(0, 1), '"');
  assert.ok(value.includes('\\303\\251'), 'non-ASCII octets are written in octal, as Route 53 wants');
  assert.equal(joinedTxtOctets(value), utf8(text));

  // One ASCII octet, then 3-octet characters: octet 255 falls inside a character every time.
  const cjk = `x${'漢字かな'.repeat(40)}`;
  const value2 = pushedValue(only(`cjk 300 IN TXT "${cjk}"\n`));
  const strings2 = parseRoute53CharacterStrings(value2);
  assert.deepEqual(strings2.map((s) => s.length), [253, 228]);
  assert.deepEqual(strings2.map((s) => Buffer.from(s, 'latin1').toString('utf8')).join(''), cjk);
  assert.ok(strings2.every((s) => !Buffer.from(s, 'latin1').toString('utf8').includes('\uFFFD')), 'no string holds half a character');
});

test('escapes are never cut: quotes and backslashes at the 255 boundary', () => {
  const text = `${'x'.repeat(254)}"\\${'y'.repeat(5)}`;
  const record = only(`q 300 IN TXT "${text.replace(/["\\]/g, (c) => `\\${c}`)}"\n`);
  assert.equal(record.txt!.text, text);
  const value = pushedValue(record);
  const tokens = tokenizeRoute53Value(value);
  assert.deepEqual(tokens.map((t) => t.octets.length), [255, 6]);
  assert.ok(tokens[0].raw.endsWith('\\"'), 'the quote is escaped whole in the first string');
  assert.ok(tokens[1].raw.startsWith('\\\\'), 'the backslash is escaped whole in the second string');
  assert.equal(joinedTxtOctets(value), text);

  const backslashes = '\\'.repeat(300);
  const encoded = encodeTxtValue(backslashes);
  assert.deepEqual(parseRoute53CharacterStrings(encoded).map((s) => s.length), [255, 45]);
  assert.equal(joinedTxtOctets(encoded), backslashes);
});

test('decimal zone-file escapes become octal Route 53 escapes', () => {
  // \059 is ";" and \255 the octet 0xFF in a zone file (decimal, RFC 1035 5.1).
  const record = only('esc 300 IN TXT "a\\059b\\255c\\009d"\n');
  assert.equal(record.txt!.text, 'a;b\xffc\x09d');
  const value = pushedValue(record);
  assert.equal(value, '"a;b\\377c\\011d"');
  assert.equal(joinedTxtOctets(value), 'a;b\xffc\x09d');
});

test('Route 53 values read back to the same octets however they are written', () => {
  const canonical = valueKey('TXT', encodeTxtValue('ab'));
  assert.equal(valueKey('TXT', '"a""b"'), canonical);
  assert.equal(valueKey('TXT', '"a" "b"'), canonical);
  assert.equal(valueKey('TXT', '"ab"'), canonical);
  assert.notEqual(valueKey('TXT', '"a b"'), canonical);
  assert.equal(joinedTxtOctets('"say \\"hi\\""'), 'say "hi"');
  assert.equal(joinedTxtOctets('"v=DMARC1\\; p=reject"'), 'v=DMARC1; p=reject', 'an escaped ; is a ;');
  assert.equal(joinedTxtOctets('"\\052 and \\344"'), '* and \xe4', 'escapes are octal');
  assert.equal(joinedTxtOctets('"ex\\344mple.com"'), 'ex\xe4mple.com', "Route 53's own example");
  assert.equal(joinedTxtOctets('"back\\\\slash"'), 'back\\slash');
  assert.equal(joinedTxtOctets('"\\389"'), '389', 'not octal: the digit itself');
  assert.deepEqual(parseRoute53CharacterStrings('"unclosed'), ['unclosed'], 'never throws');
  assert.equal(zoneFileString(utf8('café "x" \\ \x01')), '"café \\"x\\" \\\\ \\001"', 'shown as a zone file writes it');
});

test('names take the spelling ListResourceRecordSets returns', () => {
  assert.equal(route53NameFromZoneName('*.example.com'), '\\052.example.com.');
  assert.equal(normalizeRoute53Name('\\052.example.com.'), '\\052.example.com.');
  assert.equal(normalizeRoute53Name('*.Example.COM'), '\\052.example.com.');
  assert.equal(route53NameFromZoneName('_dmarc.example.com'), '_dmarc.example.com.', 'underscores stay');
  assert.equal(route53NameFromZoneName('a\\.b.example.com'), 'a\\056b.example.com.', 'an escaped dot stays inside its label');
  assert.equal(route53NameFromZoneName('\\065bc.example.com'), 'abc.example.com.', 'decimal \\065 is A, stored lower case');
  assert.equal(normalizeRoute53Name('f\\374bar.example.com'), 'f\\374bar.example.com.');
  assert.equal(route53NameFromZoneName(''), '.');
  assert.equal(displayRoute53Name('\\052.example.com.'), '*.example.com.');
  assert.equal(displayRoute53Name('a\\056b.example.com.'), 'a\\.b.example.com.');
  // The zone parser keeps names as written; a wildcard from a file equals the one read back.
  const wildcard = only('* 300 IN A 192.0.2.1\n');
  assert.equal(route53NameFromZoneName(wildcard.name), normalizeRoute53Name('\\052.example.com.'));
});

test('other types compare by meaning: names, numbers, addresses, CAA quoting', () => {
  const [mx, cname, caa, aaaa, srv, ds] = records(
    [
      'mx 300 IN MX 010 Mail.Example.com.',
      'www 300 IN CNAME target',
      'caa 300 IN CAA 0 ISSUE amazon.com',
      'v6 300 IN AAAA 2001:DB8:0:0::1',
      '_sip._tcp 300 IN SRV 10 5 5060 sip',
      'ds 300 IN DS 12345 13 2 ( 4B0E4F1F 9A8C )',
    ].join('\n') + '\n',
  );
  assert.equal(pushedValue(mx), '10 mail.example.com.');
  assert.equal(valueKey('MX', pushedValue(mx)), valueKey('MX', '10 mail.example.com'));
  assert.equal(pushedValue(cname), 'target.example.com.', 'relative names are completed by the origin');
  assert.equal(valueKey('CNAME', 'TARGET.example.com'), valueKey('CNAME', pushedValue(cname)));
  assert.equal(pushedValue(caa), '0 issue "amazon.com"');
  assert.equal(valueKey('CAA', '0 issue "amazon.com"'), valueKey('CAA', pushedValue(caa)));
  assert.notEqual(valueKey('CAA', '0 issue "amazon.org"'), valueKey('CAA', pushedValue(caa)));
  assert.equal(valueKey('AAAA', '2001:0db8::0001'), valueKey('AAAA', pushedValue(aaaa)));
  assert.equal(pushedValue(srv), '10 5 5060 sip.example.com.');
  assert.equal(pushedValue(ds), '12345 13 2 4b0e4f1f9a8c', 'a digest written in pieces is one field');
  assert.equal(valueKey('A', '192.0.2.1'), valueKey('A', '192.0.2.1'));
  assert.notEqual(valueKey('A', '192.0.2.1'), valueKey('A', '192.0.2.10'));
});

function zone(Id: string, Name: string, PrivateZone = false): HostedZoneSummary {
  return { Id: `/hostedzone/${Id}`, Name, PrivateZone };
}

test('the hosted zone is the longest whole-label suffix', () => {
  const zones = [zone('ZBAD', 'badexample.com.'), zone('ZEX', 'example.com.'), zone('ZSUB', 'sub.example.com.'), zone('ZCOM', 'com.')];
  assert.deepEqual(chooseHostedZone(zones, ['www.example.com.']), { kind: 'found', zone: zones[1] });
  assert.deepEqual(chooseHostedZone(zones, ['a.sub.example.com.', 'sub.example.com.']), { kind: 'found', zone: zones[2] });
  const bad = chooseHostedZone([zones[0]], ['example.com.']);
  assert.equal(bad.kind, 'none', 'badexample.com does not cover example.com');
  assert.match(bad.kind === 'none' ? bad.message : '', /No hosted zone .* covers example\.com\./);
  assert.deepEqual(chooseHostedZone(zones, ['mail.badexample.com.']), { kind: 'found', zone: zones[0] });
  const mixed = chooseHostedZone(zones, ['www.example.com.', 'www.sub.example.com.']);
  assert.equal(mixed.kind, 'mixed');
  assert.equal(chooseHostedZone([], ['example.com.']).kind, 'none');
  assert.deepEqual(chooseHostedZone([zone('ZW', '\\052.example.com.')], ['\\052.example.com.']).kind, 'found');
});

test('a public and a private zone of one name: the user is asked', () => {
  const zones = [zone('ZPUB', 'example.com.'), zone('ZPRIV', 'example.com.', true), zone('ZOTHER', 'example.org.')];
  const choice = chooseHostedZone(zones, ['_dmarc.example.com.']);
  assert.equal(choice.kind, 'ask');
  if (choice.kind !== 'ask') return;
  assert.deepEqual(choice.candidates.map((z) => z.Id).sort(), ['/hostedzone/ZPRIV', '/hostedzone/ZPUB']);
  assert.match(choice.message, /public ZPUB/);
  assert.match(choice.message, /private ZPRIV/);
});

test('throttling and a busy zone are retried with growing, bounded, jittered waits', () => {
  const throttled = { name: 'Throttling', httpStatus: 400, message: 'Rate exceeded' };
  assert.ok(isRetryable(throttled));
  assert.ok(isRetryable({ code: 'PriorRequestNotComplete', httpStatus: 400 }));
  assert.ok(isRetryable({ name: 'Error', httpStatus: 503 }));
  assert.ok(!isRetryable({ name: 'InvalidChangeBatch', httpStatus: 400 }));
  assert.ok(!isRetryable({ name: 'NoSuchHostedZone', httpStatus: 404 }));
  const low = [1, 2, 3, 4].map((n) => retryDelayMs(throttled, n, () => 0)!);
  const high = [1, 2, 3, 4].map((n) => retryDelayMs(throttled, n, () => 0.999999)!);
  for (let i = 0; i < 4; i++) assert.ok(low[i] < high[i], 'the random part spreads the wait');
  for (let i = 1; i < 4; i++) assert.ok(low[i] > low[i - 1] && high[i] > high[i - 1], 'waits grow');
  assert.ok(low[0] > 0, 'never retried at once');
  assert.ok((retryDelayMs(throttled, ROUTE53_RETRY_POLICY.maxAttempts - 1, () => 0.999999) ?? Infinity) <= ROUTE53_RETRY_POLICY.maxDelayMs);
  assert.equal(retryDelayMs(throttled, ROUTE53_RETRY_POLICY.maxAttempts, () => 0.5), undefined, 'attempts are bounded');
  assert.equal(retryDelayMs({ name: 'InvalidChangeBatch' }, 1, () => 0.5), undefined);
  assert.ok(isConcurrentChange({ name: 'InvalidChangeBatch', message: "[Tried to delete resource record set [name='www.example.com.', type='A'] but the values provided do not match the current values]" }));
  assert.ok(isConcurrentChange({ name: 'InvalidChangeBatch', message: "Tried to create resource record set [name='x.example.com.', type='TXT'] but it already exists" }));
  assert.ok(!isConcurrentChange({ name: 'InvalidChangeBatch', message: 'CNAME is not permitted at apex in zone example.com.' }));
});
