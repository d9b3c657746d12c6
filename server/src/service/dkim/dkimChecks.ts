import type { Finding, FixData, Severity, Span } from '../types';
import { isDkimText, isType } from '../records';
import { FindingSink, mapFindings, TextCache, type ValueFinding } from '../txt/tagList';
import type { DnsRecord, RecordSet, TxtValue } from '../records';
import { findDkimTag, inspectDkimKey, parseDkim } from './dkimRecord';
import type { DkimKeyInspection, DkimRecord, DkimTag } from './dkimRecord';

const KEY_RECORD = 'RFC 6376 section 3.6.1';
const TAG_LIST = 'RFC 6376 section 3.2';

/** Tags of RFC 6376 section 3.6.1. */
export const DKIM_TAGS: readonly string[] = ['v', 'h', 'k', 'n', 'p', 's', 't'];

/** Keys are looked up at `<selector>._domainkey.<domain>` (RFC 6376 section 3.6.2.1). */
export function isDkimKeyName(name: string): boolean {
  if (!hasDomainkey(name)) return false;
  // The first label after the first that is "_domainkey" must not be the last one.
  const lower = name.toLowerCase();
  let labelStart = lower.indexOf('.') + 1;
  if (labelStart === 0) return false;
  while (labelStart <= lower.length) {
    let labelEnd = lower.indexOf('.', labelStart);
    if (labelEnd < 0) labelEnd = lower.length;
    if (labelEnd - labelStart === 10 && lower.startsWith('_domainkey', labelStart)) return labelEnd < lower.length;
    labelStart = labelEnd + 1;
  }
  return false;
}

/** /_domainkey/i.test(name) without a regex: it runs for every TXT record's name. */
function hasDomainkey(name: string): boolean {
  const word = '_domainkey';
  for (let at = name.indexOf('_'); at >= 0 && at + word.length <= name.length; at = name.indexOf('_', at + 1)) {
    let i = 1;
    for (; i < word.length; i++) {
      const c = name.charCodeAt(at + i);
      // Without the u flag, /i folds ASCII letters only.
      if ((c >= 65 && c <= 90 ? c + 32 : c) !== word.charCodeAt(i)) break;
    }
    if (i === word.length) return true;
  }
  return false;
}

export function isDkimCandidate(record: DnsRecord): boolean {
  if (!isType(record, 'TXT') || !record.txt) return false;
  return isDkimKeyName(record.name) || isDkimText(record.txt.text);
}

interface Ctx {
  value: TxtValue;
  parsed: DkimRecord;
  sink: FindingSink;
}

function report(ctx: Ctx, code: string, span: Span, message: string, severity?: Severity, data?: FixData): void {
  ctx.sink.report(code, span, message, severity, data);
}

function replaceFix(ctx: Ctx, span: Span, text: string, title: string): FixData {
  return ctx.sink.replaceFix(span, text, title);
}

function wholeSpan(value: TxtValue): Span {
  return { start: 0, end: value.text.length };
}

function listItems(value: string): string[] {
  return value.split(':').map((s) => s.trim());
}

// ---------------------------------------------------------------------------------------------
// Tag-list level

function checkDuplicates(ctx: Ctx): void {
  const seen = new Set<string>();
  for (const tag of ctx.parsed.tags) {
    if (seen.has(tag.name)) {
      report(ctx, 'dkim-syntax', tag.span,
        `The tag ${tag.name} appears more than once; a repeated tag makes the whole tag-list invalid (${TAG_LIST}), so verifiers ignore this key. Keep a single ${tag.name}.`);
    }
    seen.add(tag.name);
  }
}

function checkTagCase(ctx: Ctx, tag: DkimTag): void {
  const lower = tag.name.toLowerCase();
  if (lower === tag.name || !DKIM_TAGS.includes(lower)) return;
  report(ctx, 'dkim-syntax', tag.nameSpan,
    `DKIM tag names are case-sensitive (${TAG_LIST}), so verifiers do not read "${tag.name}" as "${lower}" and ignore it. Write ${lower}.`,
    'warning', replaceFix(ctx, tag.nameSpan, lower, `Write ${lower}`));
}

/** The record with v=DKIM1 moved to the front, other tags kept in order. */
export function dkimWithVersionFirst(text: string): string {
  const parts = text.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
  return ['v=DKIM1', ...parts.filter((s) => !/^v\s*=/.test(s))].join('; ');
}

function checkVersion(ctx: Ctx): void {
  const v = findDkimTag(ctx.parsed, 'v');
  if (!v) return;
  if (ctx.value.text.slice(0, v.span.start).trim() !== '') {
    report(ctx, 'dkim-syntax', v.span,
      `v=DKIM1 must be the first tag of the key record (${KEY_RECORD}); verifiers may discard the key otherwise. Move it to the front or remove it (it is optional).`,
      undefined, replaceFix(ctx, wholeSpan(ctx.value), dkimWithVersionFirst(ctx.value.text), 'Put v=DKIM1 first'));
  }
  if (v.value !== 'DKIM1') {
    const fix = v.value.toUpperCase() === 'DKIM1' ? replaceFix(ctx, v.valueSpan, 'DKIM1', 'Write DKIM1') : undefined;
    report(ctx, 'dkim-syntax', v.valueSpan,
      `"${v.value}" is not a DKIM key record version; verifiers MUST discard a key record whose v= is anything but DKIM1, written exactly so (${KEY_RECORD}). Write v=DKIM1.`,
      undefined, fix);
  }
}

// ---------------------------------------------------------------------------------------------
// Tag values

function keyType(ctx: Ctx): string | undefined {
  const k = findDkimTag(ctx.parsed, 'k');
  if (!k) return 'rsa';
  if (k.value === 'rsa' || k.value === 'ed25519') return k.value;
  const lower = k.value.toLowerCase();
  const fix = lower === 'rsa' || lower === 'ed25519' ? replaceFix(ctx, k.valueSpan, lower, `Write ${lower}`) : undefined;
  report(ctx, 'dkim-syntax', k.valueSpan,
    `"${k.value}" is not a DKIM key type: verifiers ignore keys of types they do not know, and values are case-sensitive (${KEY_RECORD}). Use k=rsa or k=ed25519 (RFC 8463).`,
    undefined, fix);
  return undefined;
}

function checkHashes(ctx: Ctx): void {
  const h = findDkimTag(ctx.parsed, 'h');
  if (!h || h.value === '') return;
  const items = listItems(h.value);
  // Verifiers drop unknown algorithms and must not use sha1, so only sha256 keeps the key usable.
  const severity: Severity = items.includes('sha256') ? 'warning' : 'error';
  for (const item of items) {
    if (item === 'sha256') continue;
    const message = item === 'sha1'
      ? `h= allows sha1, but RFC 8301 section 3.1 forbids rsa-sha1 for signing and verifying, so signatures using it fail. List only sha256 (or remove h=).`
      : `"${item}" is not a DKIM hash algorithm; verifiers ignore it (${KEY_RECORD}). The defined one is sha256 (sha1 is forbidden by RFC 8301).`;
    report(ctx, 'dkim-syntax', h.valueSpan, severity === 'error' ? `${message} As no usable algorithm remains, verifiers cannot use this key.` : message, severity);
  }
}

function checkServices(ctx: Ctx): void {
  const s = findDkimTag(ctx.parsed, 's');
  if (!s) return;
  const items = listItems(s.value);
  const usable = items.some((item) => item === '*' || item === 'email');
  for (const item of items) {
    if (item === '*' || item === 'email') continue;
    report(ctx, 'dkim-syntax', s.valueSpan,
      `"${item}" is not a DKIM service type; verifiers ignore it (${KEY_RECORD}). Use s=email or s=* (or remove s=).${usable ? '' : ' With no known service listed, the key is not used for email.'}`,
      usable ? 'warning' : 'error');
  }
}

function checkFlags(ctx: Ctx): void {
  const t = findDkimTag(ctx.parsed, 't');
  if (!t) return;
  const items = listItems(t.value);
  for (const item of items) {
    if (item === 'y' || item === 's' || item === '') continue;
    report(ctx, 'dkim-syntax', t.valueSpan,
      `"${item}" is not a DKIM flag; verifiers ignore it (${KEY_RECORD}). The flags are y (testing) and s (no subdomains in i=).`, 'warning');
  }
  if (items.includes('y')) {
    report(ctx, 'dkim-testing', t.span,
      `t=y marks this domain as testing DKIM: verifiers must not treat its signed mail differently from unsigned mail (${KEY_RECORD}), so DKIM gives no protection. Remove y from t= once signing works.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The key itself

function keyProblemMessage(inspection: DkimKeyInspection, k: string): string {
  const problem = inspection.problem;
  switch (problem?.kind) {
    case 'base64':
      return `p= is not valid base64, so no verifier can read the key (${KEY_RECORD}). Copy the public key again without quotes, line breaks in the middle of strings, or other stray characters.`;
    case 'not-a-key':
      return problem.looksLikeRawEd25519
        ? `p= holds 32 octets, which looks like a raw Ed25519 key, but the record says k=rsa (the default). Add k=ed25519 (RFC 8463 section 4.2).`
        : `p= is base64 but not ${k === 'ed25519' ? 'an Ed25519 public key' : 'an RSA public key in DER SubjectPublicKeyInfo form'} (${problem.bytes} octets), so verifiers cannot load it (${KEY_RECORD}). Publish the public key exported from your signing key.`;
    case 'wrong-type':
      return problem.actual === 'ed25519'
        ? `p= holds an Ed25519 key in SubjectPublicKeyInfo form, but the record says k=rsa (the default). Add k=ed25519 and publish the raw 32-octet key (RFC 8463 section 4.2).`
        : `p= holds a ${problem.actual} key, but k=${k} (${KEY_RECORD}). Publish an RSA key or change k=.`;
    case 'ed25519-spki':
      return `p= holds the Ed25519 key wrapped in SubjectPublicKeyInfo, but RFC 8463 section 4.2 publishes only the raw 32-octet key, so verifiers fail to use it. Publish the raw key.`;
    case 'ed25519-length':
      return `An Ed25519 p= must decode to exactly 32 octets (RFC 8463 section 4.2); this one has ${problem.bytes}. Publish the raw public key (44 base64 characters).`;
    default:
      return `p= could not be loaded as a public key (${KEY_RECORD}).`;
  }
}

function checkKeyProblem(ctx: Ctx, p: DkimTag, inspection: DkimKeyInspection, k: string): void {
  const problem = inspection.problem;
  if (!problem) return;
  let span: Span = p.valueSpan;
  if (problem.kind === 'base64' && problem.offset !== undefined) {
    const at = p.valueSpan.start + problem.offset;
    span = { start: at, end: at + 1 };
  }
  const fix = problem.kind === 'ed25519-spki' ? replaceFix(ctx, p.valueSpan, problem.raw, 'Publish the raw Ed25519 key') : undefined;
  report(ctx, 'dkim-key-invalid', span, keyProblemMessage(inspection, k), undefined, fix);
}

function checkKeyStrength(ctx: Ctx, p: DkimTag, inspection: DkimKeyInspection): void {
  const bits = inspection.bits;
  if (inspection.keyType !== 'rsa' || bits === undefined || bits >= 2048) return;
  if (bits < 1024) {
    report(ctx, 'dkim-key-weak', p.valueSpan,
      `This RSA key has ${bits} bits. Verifiers MUST NOT accept signatures made with keys under 1024 bits (RFC 8301 section 3.2), so all mail signed with it fails DKIM. Generate a 2048-bit key and publish it under a new selector.`,
      'error');
    return;
  }
  report(ctx, 'dkim-key-weak', p.valueSpan,
    `This RSA key has ${bits} bits; signers SHOULD use at least 2048 bits (RFC 8301 section 3.2), and short keys can be factored. Generate a 2048-bit key and rotate to it under a new selector.`,
    'warning');
}

function checkKey(ctx: Ctx, k: string | undefined): void {
  const p = findDkimTag(ctx.parsed, 'p');
  if (!p) {
    report(ctx, 'dkim-syntax', wholeSpan(ctx.value),
      `The key record has no p= tag, which is required (${KEY_RECORD}); without it verifiers cannot check signatures. Add p= with the base64 public key (an empty p= revokes a key).`);
    return;
  }
  if (p.value === '') {
    report(ctx, 'dkim-revoked', p.span,
      `p= is empty, which revokes this key: signatures made with it fail (${KEY_RECORD}). Publish the new public key, or delete the record once no mail signed with it is in transit.`);
    return;
  }
  if (!k) return;
  const inspection = inspectDkimKey(p.value, k);
  if (inspection.pkcs1) {
    report(ctx, 'dkim-key-invalid', p.valueSpan,
      `p= is a PKCS#1 RSAPublicKey, but ${KEY_RECORD} requires the DER SubjectPublicKeyInfo form; some verifiers accept it, others fail. Re-export the public key as SubjectPublicKeyInfo (e.g. "openssl rsa -pubout").`,
      'warning');
  }
  checkKeyProblem(ctx, p, inspection, k);
  checkKeyStrength(ctx, p, inspection);
}

// ---------------------------------------------------------------------------------------------
// Entry point

/** Everything the key record's text decides, at value offsets: all but where the record is. */
const byText = new TextCache<ValueFinding[]>(4096);

function textFindings(value: TxtValue): ValueFinding[] {
  return byText.get(value.text, () => {
    const sink = new FindingSink();
    const ctx: Ctx = { value, parsed: parseDkim(value), sink };
    for (const problem of ctx.parsed.problems) report(ctx, problem.code, problem.span, problem.message, problem.severity);
    checkDuplicates(ctx);
    for (const tag of ctx.parsed.tags) checkTagCase(ctx, tag);
    checkVersion(ctx);
    const k = keyType(ctx);
    checkHashes(ctx);
    checkServices(ctx);
    checkFlags(ctx);
    checkKey(ctx, k);
    return sink.take();
  });
}

/** Checks one TXT record that is a DKIM key record or sits at `<selector>._domainkey.<domain>`. */
export function checkDkimRecord(record: DnsRecord, _set: RecordSet): Finding[] {
  if (!isDkimCandidate(record) || !record.txt) return [];
  const value = record.txt;
  const findings: Finding[] = [];
  mapFindings(value, textFindings(value), findings);
  if (!isDkimKeyName(record.name)) {
    const sink = new FindingSink();
    sink.report('dkim-wrong-location', wholeSpan(value),
      `This DKIM key record is at ${record.name || 'the root'}, but verifiers look keys up at <selector>._domainkey.<domain> (RFC 6376 section 3.6.2.1), so none will find it. Move it to e.g. selector1._domainkey.${record.name || '<domain>'}.`);
    mapFindings(value, sink.findings, findings);
  }
  return findings;
}
