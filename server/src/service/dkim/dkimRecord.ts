import { createPublicKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { Span } from '../types';
import type { TxtValue } from '../records';
import { describeOctet, isTagSpace, tagSegments, trimSpan, type Tag, type TagList, type TagProblem } from '../txt/tagList';

/** A DKIM key record's tag (names are case-sensitive, RFC 6376 section 3.2; an empty p= revokes the key). */
export type DkimTag = Tag;
export type DkimProblem = TagProblem<'dkim-syntax'>;
export type DkimRecord = TagList<'dkim-syntax'>;

const TAG_LIST = 'RFC 6376 section 3.2';

/** VALCHAR is %x21-3A / %x3C-7E; white space may only separate runs of it. */
function firstBadValueChar(text: string, span: Span): number {
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (!isTagSpace(c) && (c < 0x21 || c > 0x7e)) return i;
  }
  return -1;
}

function parseSegment(text: string, raw: Span, record: DkimRecord): void {
  const seg = trimSpan(text, raw.start, raw.end);
  const eq = text.indexOf('=', seg.start);
  if (eq < 0 || eq >= seg.end) {
    record.problems.push({
      code: 'dkim-syntax',
      span: seg,
      message: `"${text.slice(seg.start, seg.end)}" is not a tag=value pair, so the key record is malformed (${TAG_LIST}). Write it as name=value and separate tags with ";".`,
    });
    return;
  }
  const nameSpan = trimSpan(text, seg.start, eq);
  const name = text.slice(nameSpan.start, nameSpan.end);
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name)) {
    record.problems.push({
      code: 'dkim-syntax',
      span: name.length > 0 ? nameSpan : seg,
      message: name.length > 0
        ? `"${name}" is not a valid tag name: it must start with a letter followed by letters, digits or "_" (${TAG_LIST}). Check for a missing ";".`
        : `"${text.slice(seg.start, seg.end)}" has a value but no tag name (${TAG_LIST}). Put the tag name before "=".`,
    });
    return;
  }
  const valueSpan = trimSpan(text, eq + 1, seg.end);
  const tag: DkimTag = {
    name,
    value: text.slice(valueSpan.start, valueSpan.end),
    nameSpan,
    valueSpan,
    span: { start: nameSpan.start, end: Math.max(valueSpan.end, eq + 1) },
  };
  record.tags.push(tag);
  const bad = firstBadValueChar(text, valueSpan);
  if (bad >= 0) {
    record.problems.push({
      code: 'dkim-syntax',
      span: { start: bad, end: bad + 1 },
      message: `The value of "${name}" contains ${describeOctet(text.charCodeAt(bad))}; tag values may only hold printable ASCII and white space (${TAG_LIST}). Remove it.`,
    });
  }
}

/** Parses a DKIM key record's tag-list (RFC 6376 sections 3.2 and 3.6.1); never throws. */
export function parseDkim(value: TxtValue): DkimRecord {
  const record: DkimRecord = { value, tags: [], problems: [] };
  const text = typeof value.text === 'string' ? value.text : '';
  if (trimSpan(text, 0, text.length).end === 0) return record;
  for (const raw of tagSegments(text)) {
    const seg = trimSpan(text, raw.start, raw.end);
    if (seg.start < seg.end) parseSegment(text, raw, record);
    else if (raw.end < text.length) {
      // Only the last tag-spec may be followed by a bare ";".
      record.problems.push({
        code: 'dkim-syntax',
        severity: 'warning',
        span: { start: raw.end, end: raw.end + 1 },
        message: `Empty tag before this ";"; a tag-list has no empty entries (${TAG_LIST}), and strict verifiers may reject the record. Remove the extra ";".`,
      });
    }
  }
  return record;
}

/** The first tag with exactly this name. */
export function findDkimTag(record: DkimRecord, name: string): DkimTag | undefined {
  return record.tags.find((tag) => tag.name === name);
}

// ---------------------------------------------------------------------------------------------
// The p= key

export type DkimKeyProblem =
  /** p= is not base64; `offset` is the first bad character within the tag value, if any. */
  | { kind: 'base64'; offset?: number }
  /** Decodes, but is no key of the kind that k= announces. */
  | { kind: 'not-a-key'; bytes: number; looksLikeRawEd25519: boolean }
  /** A key, but of another type than k= says (e.g. an Ed25519 SPKI under k=rsa). */
  | { kind: 'wrong-type'; actual: string }
  /** k=ed25519 with an SPKI-wrapped key instead of the raw 32 octets; `raw` is the fix. */
  | { kind: 'ed25519-spki'; raw: string }
  | { kind: 'ed25519-length'; bytes: number };

export interface DkimKeyInspection {
  problem?: DkimKeyProblem;
  /** RSA published as PKCS#1 RSAPublicKey rather than SubjectPublicKeyInfo: loads, but is off-spec. */
  pkcs1?: boolean;
  keyType?: string;
  bits?: number;
}

/** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 raw key octets follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Strict RFC 2045 base64 with FWS allowed anywhere (RFC 6376 section 3.6.1, base64string). */
export function decodeDkimBase64(value: string): { bytes?: Buffer; badOffset?: number } {
  let clean = '';
  let padding = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (isTagSpace(value.charCodeAt(i))) continue;
    if (c === '=') {
      padding++;
      if (padding > 2) return { badOffset: i };
    } else if (padding > 0 || !/[A-Za-z0-9+/]/.test(c)) {
      return { badOffset: i };
    }
    clean += c;
  }
  if (clean.length % 4 !== 0) return {};
  return { bytes: Buffer.from(clean, 'base64') };
}

function tryLoad(der: Buffer, type: 'spki' | 'pkcs1'): KeyObject | undefined {
  try {
    return createPublicKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

function inspectRsa(der: Buffer): DkimKeyInspection {
  const spki = tryLoad(der, 'spki');
  const key = spki ?? tryLoad(der, 'pkcs1');
  if (!key) return { problem: { kind: 'not-a-key', bytes: der.length, looksLikeRawEd25519: der.length === 32 } };
  const keyType = key.asymmetricKeyType ?? 'unknown';
  if (keyType !== 'rsa') return { keyType, problem: { kind: 'wrong-type', actual: keyType } };
  return { keyType, bits: key.asymmetricKeyDetails?.modulusLength, pkcs1: spki === undefined };
}

function inspectEd25519(der: Buffer): DkimKeyInspection {
  if (der.length === ED25519_SPKI_PREFIX.length + 32 && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    return { keyType: 'ed25519', problem: { kind: 'ed25519-spki', raw: der.subarray(ED25519_SPKI_PREFIX.length).toString('base64') } };
  }
  if (der.length !== 32) return { problem: { kind: 'ed25519-length', bytes: der.length } };
  // RFC 8463 publishes the bare key; wrapping it in SPKI lets Node check that it loads.
  const key = tryLoad(Buffer.concat([ED25519_SPKI_PREFIX, der]), 'spki');
  if (!key) return { problem: { kind: 'not-a-key', bytes: der.length, looksLikeRawEd25519: false } };
  return { keyType: 'ed25519', bits: 256 };
}

/** Decodes and loads a non-empty p= value for key type `k` ('rsa' or 'ed25519'); never throws. */
/**
 * Loading a key costs ~0.2 ms, and every edit re-checks every key of the file: remember the
 * verdicts of recent keys (bounded, oldest dropped first).
 */
const inspected = new Map<string, Map<string, DkimKeyInspection>>();
let inspectedCount = 0;
const MAX_INSPECTED = 4096;

export function inspectDkimKey(p: string, k: string): DkimKeyInspection {
  // By key type, then by key: no joined string (and its copy of the key) per look-up.
  let byKey = inspected.get(k);
  const cached = byKey?.get(p);
  if (cached) return cached;
  const result = inspectUncached(p, k);
  if (inspectedCount >= MAX_INSPECTED) {
    inspected.clear();
    inspectedCount = 0;
    byKey = undefined;
  }
  if (!byKey) inspected.set(k, (byKey = new Map()));
  byKey.set(p, result);
  inspectedCount++;
  return result;
}

function inspectUncached(p: string, k: string): DkimKeyInspection {
  const decoded = decodeDkimBase64(p);
  if (!decoded.bytes) return { problem: { kind: 'base64', offset: decoded.badOffset } };
  try {
    return k === 'ed25519' ? inspectEd25519(decoded.bytes) : inspectRsa(decoded.bytes);
  } catch {
    return { problem: { kind: 'not-a-key', bytes: decoded.bytes.length, looksLikeRawEd25519: false } };
  }
}
