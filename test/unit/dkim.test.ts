import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { indexRecords, txtFromPlainText, type DnsRecord, type TxtValue } from '../../server/src/service/records';
import type { Finding } from '../../server/src/service/types';
import { ruleInfo } from '../../server/src/service/rules';
import { decodeDkimBase64, inspectDkimKey, parseDkim } from '../../server/src/service/dkim/dkimRecord';
import { checkDkimRecord, isDkimKeyName } from '../../server/src/service/dkim/dkimChecks';
import { dkimCompletions, dkimHover } from '../../server/src/service/dkim/dkimDocs';

const AT = 2000;
const NAME = 'sel._domainkey.example.com';

function rsaKey(bits: number): { spki: string; pkcs1: string } {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    pkcs1: publicKey.export({ type: 'pkcs1', format: 'der' }).toString('base64'),
  };
}

const RSA512 = rsaKey(512);
const RSA1024 = rsaKey(1024);
const RSA2048 = rsaKey(2048);
const ED_SPKI = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'der' });
const ED_RAW = ED_SPKI.subarray(ED_SPKI.length - 32).toString('base64');
/** Deliberately corrupted: base64 of the right shape, but not a DER key. */
const CORRUPTED = 'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCorruptedKeyMaterialXXXXXX';

function record(name: string, text: string | TxtValue, offset = AT): DnsRecord {
  const txt = typeof text === 'string' ? txtFromPlainText(text, offset) : text;
  return { name, type: 'TXT', span: txt.span, nameSpan: { start: 0, end: 0 }, typeSpan: { start: 0, end: 0 }, rdataSpan: txt.span, rdata: [], txt };
}

function check(text: string | TxtValue, name = NAME): Finding[] {
  const r = record(name, text);
  return checkDkimRecord(r, indexRecords([r]));
}

function only(findings: Finding[], code: string): Finding[] {
  return findings.filter((f) => f.code === code);
}

function spanOf(text: string, needle: string): { start: number; end: number } {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  return { start: AT + i, end: AT + i + needle.length };
}

function assertSpan(f: Finding | undefined, span: { start: number; end: number }): void {
  assert.ok(f, 'expected a finding');
  assert.deepEqual({ start: f.start, end: f.end }, span);
}

// --------------------------------------------------------------------------------------------

test('well-formed RSA 2048 and Ed25519 key records have no findings', () => {
  assert.deepEqual(check(`v=DKIM1; k=rsa; p=${RSA2048.spki}`), []);
  assert.deepEqual(check(`v=DKIM1; k=ed25519; p=${ED_RAW}`), []);
  assert.deepEqual(check(`k=rsa; h=sha256; s=email; t=s; n=rotated 2024; p=${RSA2048.spki};`), []);
});

test('parser: case-sensitive names, empty values, spans', () => {
  const parsed = parseDkim(txtFromPlainText('v=DKIM1; p= ; X_1=a b'));
  assert.deepEqual(parsed.tags.map((t) => [t.name, t.value]), [['v', 'DKIM1'], ['p', ''], ['X_1', 'a b']]);
  assert.deepEqual(parsed.tags[2].span, { start: 14, end: 21 });
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(parseDkim(txtFromPlainText('v=DKIM1; 9x=1; junk')).problems.map((p) => p.span), [{ start: 9, end: 11 }, { start: 15, end: 19 }]);
});

test('dkim-syntax: tag-list errors', () => {
  const junk = `v=DKIM1; k=rsa; junk; p=${RSA2048.spki}`;
  assertSpan(only(check(junk), 'dkim-syntax')[0], spanOf(junk, 'junk'));
  const dup = `v=DKIM1; p=${RSA2048.spki}; p=`;
  const [duplicate] = only(check(dup), 'dkim-syntax');
  assert.match(duplicate.message, /more than once/);
  assertSpan(duplicate, { start: AT + dup.length - 2, end: AT + dup.length });
  const upper = `v=DKIM1; P=${RSA2048.spki}`;
  const found = only(check(upper), 'dkim-syntax');
  assert.equal(found.length, 2);
  assert.equal(found[0].severity, 'warning');
  assert.deepEqual(found[0].data, { kind: 'replace', span: spanOf(upper, 'P'), text: 'p', title: 'Write p' });
  assert.match(found[1].message, /no p= tag/);
});

test('dkim-syntax: v must be first and DKIM1', () => {
  const late = `k=rsa; v=DKIM1; p=${RSA2048.spki}`;
  const [f] = only(check(late), 'dkim-syntax');
  assertSpan(f, spanOf(late, 'v=DKIM1'));
  assert.deepEqual(f.data, { kind: 'replace', span: { start: AT, end: AT + late.length }, text: `v=DKIM1; k=rsa; p=${RSA2048.spki}`, title: 'Put v=DKIM1 first' });
  assert.equal(only(check(`v=DKIM2; p=${RSA2048.spki}`), 'dkim-syntax').length, 1);
  assert.equal(only(check(`v=dkim1; p=${RSA2048.spki}`), 'dkim-syntax')[0].data?.kind, 'replace');
  assert.deepEqual(only(check(`p=${RSA2048.spki}`), 'dkim-syntax'), []);
});

test('dkim-syntax: k, h, s and t values', () => {
  const dsa = `v=DKIM1; k=dsa; p=${RSA2048.spki}`;
  assertSpan(only(check(dsa), 'dkim-syntax')[0], spanOf(dsa, 'dsa'));
  const upper = `v=DKIM1; k=RSA; p=${RSA2048.spki}`;
  assert.deepEqual(only(check(upper), 'dkim-syntax')[0].data, { kind: 'replace', span: spanOf(upper, 'RSA'), text: 'rsa', title: 'Write rsa' });

  const [sha1] = only(check(`v=DKIM1; h=sha1; p=${RSA2048.spki}`), 'dkim-syntax');
  assert.match(sha1.message, /RFC 8301/);
  assert.equal(sha1.severity, 'error');
  assert.equal(only(check(`v=DKIM1; h=sha1:sha256; p=${RSA2048.spki}`), 'dkim-syntax')[0].severity, 'warning');
  assert.equal(only(check(`v=DKIM1; h=md5; p=${RSA2048.spki}`), 'dkim-syntax')[0].severity, 'error');
  assert.deepEqual(only(check(`v=DKIM1; h=sha256; p=${RSA2048.spki}`), 'dkim-syntax'), []);

  assert.equal(only(check(`v=DKIM1; s=web; p=${RSA2048.spki}`), 'dkim-syntax')[0].severity, 'error');
  assert.equal(only(check(`v=DKIM1; s=email:web; p=${RSA2048.spki}`), 'dkim-syntax')[0].severity, 'warning');
  assert.deepEqual(only(check(`v=DKIM1; s=*; p=${RSA2048.spki}`), 'dkim-syntax'), []);

  assert.equal(only(check(`v=DKIM1; t=x; p=${RSA2048.spki}`), 'dkim-syntax')[0].severity, 'warning');
  assert.deepEqual(only(check(`v=DKIM1; t=y:s; p=${RSA2048.spki}`), 'dkim-syntax'), []);
});

test('dkim-syntax: missing p=', () => {
  const text = 'v=DKIM1; k=rsa';
  const [f] = only(check(text), 'dkim-syntax');
  assertSpan(f, { start: AT, end: AT + text.length });
  assert.match(f.message, /no p= tag/);
});

test('dkim-key-invalid: not base64, with the offending character', () => {
  const text = 'v=DKIM1; p=MIIB*IjAN';
  const [f] = only(check(text), 'dkim-key-invalid');
  assertSpan(f, spanOf(text, '*'));
  assert.match(f.message, /not valid base64/);
  assert.equal(only(check('v=DKIM1; p=ABC'), 'dkim-key-invalid').length, 1);
});

test('dkim-key-invalid: base64 that is not a key', () => {
  assert.equal(CORRUPTED.length % 4, 0);
  const text = `v=DKIM1; p=${CORRUPTED}`;
  const [f] = only(check(text), 'dkim-key-invalid');
  assertSpan(f, spanOf(text, CORRUPTED));
  assert.match(f.message, /not an RSA public key/);
  const truncated = RSA2048.spki.slice(0, 200);
  assert.equal(only(check(`v=DKIM1; p=${truncated}`), 'dkim-key-invalid').length, 1);
});

test('dkim-key-invalid: PKCS#1 RSA loads with a warning', () => {
  const findings = check(`v=DKIM1; k=rsa; p=${RSA2048.pkcs1}`);
  const [f] = only(findings, 'dkim-key-invalid');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /PKCS#1/);
  assert.deepEqual(only(findings, 'dkim-key-weak'), []);
  assert.equal(only(check(`v=DKIM1; k=rsa; p=${RSA1024.pkcs1}`), 'dkim-key-weak').length, 1);
});

test('dkim-key-invalid: Ed25519 mistakes', () => {
  const spki = ED_SPKI.toString('base64');
  const wrapped = `v=DKIM1; k=ed25519; p=${spki}`;
  const [f] = only(check(wrapped), 'dkim-key-invalid');
  assert.deepEqual(f.data, { kind: 'replace', span: spanOf(wrapped, spki), text: ED_RAW, title: 'Publish the raw Ed25519 key' });
  assert.match(only(check(`v=DKIM1; k=ed25519; p=${RSA2048.spki}`), 'dkim-key-invalid')[0].message, /exactly 32 octets/);
  assert.match(only(check(`v=DKIM1; p=${ED_RAW}`), 'dkim-key-invalid')[0].message, /k=ed25519/);
  assert.match(only(check(`v=DKIM1; k=rsa; p=${spki}`), 'dkim-key-invalid')[0].message, /Ed25519 key in SubjectPublicKeyInfo/);
});

test('dkim-key-invalid: white space inside p= is ignored', () => {
  const chunks = RSA2048.spki.match(/.{1,60}/g) ?? [];
  assert.deepEqual(check(`v=DKIM1; k=rsa; p=${chunks.join(' ')}`), []);
  assert.deepEqual(check(`v=DKIM1; k=rsa; p=${chunks.join('\t ')}`), []);
  // Split across character-strings, as every 2048-bit key must be.
  const strings = [`v=DKIM1; k=rsa; p=${RSA2048.spki.slice(0, 200)}`, RSA2048.spki.slice(200)];
  const segments = [{ at: 0, length: strings[0].length, source: AT + 1, sourceLength: strings[0].length }, { at: strings[0].length, length: strings[1].length, source: AT + strings[0].length + 4, sourceLength: strings[1].length }];
  const value: TxtValue = { text: strings.join(''), segments, strings: [], span: { start: AT, end: AT + strings[0].length + strings[1].length + 5 } };
  assert.deepEqual(check(value), []);
  assert.deepEqual(decodeDkimBase64('QUJD REVG').bytes?.toString(), 'ABCDEF');
});

test('dkim-key-weak: error under 1024 bits, warning under 2048', () => {
  const weak = `v=DKIM1; p=${RSA512.spki}`;
  const [f512] = only(check(weak), 'dkim-key-weak');
  assert.equal(f512.severity, 'error');
  assertSpan(f512, spanOf(weak, RSA512.spki));
  assert.match(f512.message, /512 bits/);
  assert.match(f512.message, /RFC 8301 section 3\.2/);
  const [f1024] = only(check(`v=DKIM1; p=${RSA1024.spki}`), 'dkim-key-weak');
  assert.equal(f1024.severity, 'warning');
  assert.match(f1024.message, /1024 bits/);
  assert.deepEqual(only(check(`v=DKIM1; p=${RSA2048.spki}`), 'dkim-key-weak'), []);
  assert.deepEqual(inspectDkimKey(RSA1024.spki, 'rsa').bits, 1024);
});

test('dkim-revoked: empty p=', () => {
  const text = 'v=DKIM1; k=rsa; p=';
  const findings = check(text);
  assert.deepEqual(findings.map((f) => f.code), ['dkim-revoked']);
  assertSpan(findings[0], spanOf(text, 'p='));
  assert.equal(ruleInfo('dkim-revoked')?.severity, 'information');
  assert.deepEqual(only(check(`v=DKIM1; k=rsa; p=${RSA2048.spki}`), 'dkim-revoked'), []);
});

test('dkim-testing: t=y, not t=s', () => {
  const text = `v=DKIM1; t=y; p=${RSA2048.spki}`;
  const [f] = only(check(text), 'dkim-testing');
  assertSpan(f, spanOf(text, 't=y'));
  assert.equal(only(check(`v=DKIM1; t=s:y; p=${RSA2048.spki}`), 'dkim-testing').length, 1);
  assert.deepEqual(only(check(`v=DKIM1; t=s; p=${RSA2048.spki}`), 'dkim-testing'), []);
});

test('dkim-wrong-location: keys outside <selector>._domainkey.<domain>', () => {
  const text = `v=DKIM1; p=${RSA2048.spki}`;
  assert.deepEqual(check(text, 'example.com').map((f) => f.code), ['dkim-wrong-location']);
  assert.equal(only(check(text, '_domainkey.example.com'), 'dkim-wrong-location').length, 1);
  assert.deepEqual(only(check(text, 's1._domainkey.mail.example.com'), 'dkim-wrong-location'), []);
  assert.equal(isDkimKeyName('a.b._domainkey.example.com'), true);
  assert.equal(isDkimKeyName('sel._domainkey'), false);
  // Neither a key record nor at a key name: not DKIM's business.
  assert.deepEqual(check('google-site-verification=abc', 'example.com'), []);
});

test('dkimHover: key size, value meanings and links', () => {
  const text = `v=DKIM1; k=ed25519; p=${ED_RAW}`;
  const value = txtFromPlainText(text, AT);
  const onK = dkimHover(value, text.indexOf('ed25519') + 2);
  assert.ok(onK);
  assert.deepEqual(onK.span, spanOf(text, 'k=ed25519'));
  assert.match(onK.markdown, /`ed25519`: Ed25519/);
  assert.match(onK.markdown, /rfc8463#section-4\.2/);
  assert.match(dkimHover(value, text.indexOf('p='))?.markdown ?? '', /Ed25519 key/);
  const rsaText = `v=DKIM1; p=${RSA2048.spki}`;
  assert.match(dkimHover(txtFromPlainText(rsaText), rsaText.length - 3)?.markdown ?? '', /RSA key, 2048 bits/);
  assert.match(dkimHover(txtFromPlainText('v=DKIM1; h=sha1'), 12)?.markdown ?? '', /forbidden/);
  assert.match(dkimHover(txtFromPlainText('Q=1'), 0)?.markdown ?? '', /not a DKIM key tag/);
  assert.equal(dkimHover(value, text.indexOf(';') + 1), undefined);
  for (const tag of ['v', 'h', 'k', 'n', 'p', 's', 't']) {
    assert.match(dkimHover(txtFromPlainText(`${tag}=x`), 0)?.markdown ?? '', /rfc6376#section-3\.6\.1/, tag);
  }
});

test('dkimCompletions: tags and values', () => {
  const labels = (text: string) => dkimCompletions(text).map((e) => e.label);
  assert.ok(labels('').includes('v=DKIM1'));
  const tags = dkimCompletions('v=DKIM1; ');
  assert.deepEqual(tags.map((e) => e.label).sort(), ['h', 'k', 'n', 'p', 's', 't']);
  assert.equal(tags.find((e) => e.label === 'k')?.insertText, 'k=');
  assert.ok(!labels('v=DKIM1; k=rsa; ').includes('k'));
  assert.deepEqual(labels('v=DKIM1; k='), ['rsa', 'ed25519']);
  assert.deepEqual(labels('v=DKIM1; k=e'), ['ed25519']);
  assert.deepEqual(labels('v=DKIM1; h='), ['sha256']);
  assert.deepEqual(labels('v=DKIM1; t=y:'), ['y', 's']);
  assert.equal(dkimCompletions('v=DKIM1; p=')[0]?.snippet, true);
});

// --------------------------------------------------------------------------------------------

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['v', '=', 'DKIM1', ';', ' ', '\t', '\r\n', 'p', 'k', 'rsa', 'ed25519', 'h', 'sha1', ':', 't', 'y', 'MIIB', 'AAAA', '==', '+/', '*', '\u00e9', '\u0000', 'P', '_'];

test('hostile input never throws and findings stay well-formed', () => {
  const random = prng(7);
  const keys = [RSA512.spki, ED_RAW, CORRUPTED, RSA1024.pkcs1];
  for (let i = 0; i < 3000; i++) {
    let text = '';
    const n = Math.floor(random() * 14);
    for (let j = 0; j < n; j++) {
      text += random() < 0.03 ? keys[Math.floor(random() * keys.length)] : PIECES[Math.floor(random() * PIECES.length)];
    }
    const value = txtFromPlainText(text, 10);
    parseDkim(value);
    for (const name of [NAME, 'example.com']) {
      const r = record(name, value);
      for (const f of checkDkimRecord(r, indexRecords([r]))) {
        assert.ok(ruleInfo(f.code), f.code);
        assert.ok(f.start <= f.end && f.start >= 10 && f.end <= 10 + text.length, `${JSON.stringify(text)} ${f.code}`);
      }
    }
    dkimHover(value, Math.floor(random() * (text.length + 1)));
    dkimCompletions(text.slice(0, Math.floor(random() * (text.length + 1))));
    inspectDkimKey(text, random() < 0.5 ? 'rsa' : 'ed25519');
  }
});
