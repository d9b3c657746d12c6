import { tagCompletionContext } from '../txt/tagList';
import { sourceSpan } from '../records';
import type { TxtValue } from '../records';
import type { CompletionEntry, HoverResult } from '../editor/types';
import { findDkimTag, inspectDkimKey, parseDkim } from './dkimRecord';
import type { DkimRecord, DkimTag } from './dkimRecord';

const RFC6376 = 'https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1';

export interface DkimTagDoc {
  name: string;
  title: string;
  meaning: string;
  values: ReadonlyArray<{ value: string; meaning: string }>;
  syntax?: string;
  defaultValue?: string;
  /** Extra references beyond RFC 6376 section 3.6.1. */
  seeAlso?: ReadonlyArray<{ label: string; url: string }>;
}

const RFC8301 = { label: 'RFC 8301', url: 'https://www.rfc-editor.org/rfc/rfc8301#section-3' };
const RFC8463 = { label: 'RFC 8463 section 4.2', url: 'https://www.rfc-editor.org/rfc/rfc8463#section-4.2' };

export const DKIM_TAG_DOCS: Readonly<Record<string, DkimTagDoc>> = {
  v: {
    name: 'v', title: 'Version',
    meaning: 'Marks the record as a DKIM key record. Optional, but if present it must be the first tag and exactly `DKIM1`; verifiers discard records with another value.',
    values: [{ value: 'DKIM1', meaning: 'The only version.' }],
    defaultValue: '`DKIM1`',
  },
  h: {
    name: 'h', title: 'Acceptable hash algorithms',
    meaning: 'Colon-separated hash algorithms this key may be used with. Unknown algorithms are ignored. RFC 8301 forbids sha1, so `h=sha256` or no `h=` at all.',
    values: [
      { value: 'sha256', meaning: 'SHA-256: the algorithm every signer must use.' },
      { value: 'sha1', meaning: 'SHA-1: forbidden for signing and verifying by RFC 8301 section 3.1.' },
    ],
    defaultValue: 'all algorithms',
    seeAlso: [RFC8301],
  },
  k: {
    name: 'k', title: 'Key type',
    meaning: 'The algorithm of the public key in `p=`. Verifiers ignore keys of unknown types. Values are case-sensitive.',
    values: [
      { value: 'rsa', meaning: 'RSA; `p=` is a DER SubjectPublicKeyInfo. Use at least 2048 bits (RFC 8301).' },
      { value: 'ed25519', meaning: 'Ed25519 (RFC 8463); `p=` is the raw 32-octet key (44 base64 characters).' },
    ],
    defaultValue: '`rsa`',
    seeAlso: [RFC8463],
  },
  n: {
    name: 'n', title: 'Notes',
    meaning: 'Free text for administrators; verifiers ignore it. Keep it short: every byte is sent with each key lookup.',
    values: [],
    syntax: 'qp-section (quoted-printable text).',
  },
  p: {
    name: 'p', title: 'Public key',
    meaning: 'The public key, base64-encoded; white space inside it is ignored. Required. An empty value means the key is revoked.',
    values: [],
    syntax: 'base64: for `k=rsa` a DER SubjectPublicKeyInfo, for `k=ed25519` the raw 32-octet key.',
    seeAlso: [RFC8463, { label: 'RFC 8301 section 3.2 (key sizes)', url: 'https://www.rfc-editor.org/rfc/rfc8301#section-3.2' }],
  },
  s: {
    name: 's', title: 'Service type',
    meaning: 'Colon-separated services this key may be used for. Unknown services are ignored.',
    values: [
      { value: '*', meaning: 'All services.' },
      { value: 'email', meaning: 'Electronic mail only.' },
    ],
    defaultValue: '`*`',
  },
  t: {
    name: 't', title: 'Flags',
    meaning: 'Colon-separated flags. Unknown flags are ignored.',
    values: [
      { value: 'y', meaning: 'Testing: verifiers must treat signed mail like unsigned mail.' },
      { value: 's', meaning: 'The i= domain of signatures must equal d= exactly (no subdomains).' },
    ],
    defaultValue: 'no flags',
  },
};

export function dkimTagMarkdown(doc: DkimTagDoc): string {
  const lines = [`**${doc.name}** — ${doc.title}`, '', doc.meaning, ''];
  if (doc.values.length > 0) {
    lines.push('Values:');
    for (const v of doc.values) lines.push(`- \`${v.value}\` — ${v.meaning}`);
    lines.push('');
  }
  if (doc.syntax) lines.push(`Syntax: ${doc.syntax}`, '');
  if (doc.defaultValue) lines.push(`Default: ${doc.defaultValue}`, '');
  const refs = [{ label: 'RFC 6376 section 3.6.1', url: RFC6376 }, ...(doc.seeAlso ?? [])];
  lines.push(refs.map((r) => `[${r.label}](${r.url})`).join(' · '));
  return lines.join('\n');
}

/** A line describing the key in p=, e.g. "RSA key, 2048 bits". */
function keySummary(parsed: DkimRecord, p: DkimTag): string | undefined {
  if (p.value === '') return '`p=` is empty: this key is revoked.';
  const k = findDkimTag(parsed, 'k')?.value ?? 'rsa';
  if (k !== 'rsa' && k !== 'ed25519') return undefined;
  const inspection = inspectDkimKey(p.value, k);
  if (inspection.problem) return 'This `p=` cannot be loaded as a public key.';
  if (inspection.keyType === 'ed25519') return 'Ed25519 key (256 bits).';
  const form = inspection.pkcs1 ? 'PKCS#1 RSAPublicKey' : 'SubjectPublicKeyInfo';
  return `RSA key, ${inspection.bits ?? '?'} bits (${form}).`;
}

function valueLine(doc: DkimTagDoc, parsed: DkimRecord, tag: DkimTag): string | undefined {
  if (doc.name === 'p') return keySummary(parsed, tag);
  const items = tag.value.split(':').map((s) => s.trim());
  const hits = doc.values.filter((v) => items.includes(v.value));
  return hits.length > 0 ? hits.map((v) => `\`${v.value}\`: ${v.meaning}`).join('\n\n') : undefined;
}

/** Hover for the tag under `offsetInValue` (an offset into `value.text`). */
export function dkimHover(value: TxtValue, offsetInValue: number): HoverResult | undefined {
  const parsed = parseDkim(value);
  const tag = parsed.tags.find((t) => offsetInValue >= t.span.start && offsetInValue <= t.span.end);
  if (!tag) return undefined;
  const span = sourceSpan(value, tag.span.start, tag.span.end);
  const doc = DKIM_TAG_DOCS[tag.name];
  if (!doc) {
    return { markdown: `**${tag.name}** — not a DKIM key tag\n\nVerifiers ignore unknown tags; tag names are case-sensitive.\n\n[RFC 6376 section 3.6.1](${RFC6376})`, span };
  }
  const onValue = offsetInValue > tag.nameSpan.end;
  const line = onValue || doc.name === 'p' ? valueLine(doc, parsed, tag) : undefined;
  return { markdown: line ? `${line}\n\n---\n\n${dkimTagMarkdown(doc)}` : dkimTagMarkdown(doc), span };
}

// ---------------------------------------------------------------------------------------------
// Completion

function tagEntries(present: ReadonlySet<string>, prefix: string, first: boolean): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  if (first && !present.has('v')) {
    entries.push({ label: 'v=DKIM1', kind: 'keyword', insertText: 'v=DKIM1; ', detail: 'DKIM key record version (first tag)', documentation: dkimTagMarkdown(DKIM_TAG_DOCS.v) });
  }
  for (const doc of Object.values(DKIM_TAG_DOCS)) {
    if (doc.name === 'v' || present.has(doc.name)) continue;
    entries.push({ label: doc.name, kind: 'property', insertText: `${doc.name}=`, detail: doc.title, documentation: dkimTagMarkdown(doc) });
  }
  return entries.filter((e) => e.label.startsWith(prefix));
}

function valueEntries(tagName: string, typed: string): CompletionEntry[] {
  const doc = DKIM_TAG_DOCS[tagName];
  if (!doc) return [];
  if (tagName === 'p') {
    return [{ label: 'public key', kind: 'snippet', insertText: '${1:base64-public-key}', snippet: true, detail: 'base64 public key', documentation: dkimTagMarkdown(doc) }];
  }
  const current = typed.slice(typed.lastIndexOf(':') + 1).trim();
  return doc.values
    // sha1 is documented for hover but never offered: RFC 8301 forbids it.
    .filter((v) => v.value !== 'sha1' && v.value.startsWith(current))
    .map((v) => ({ label: v.value, kind: 'value' as const, insertText: v.value, detail: `${doc.name}: ${doc.title}`, documentation: v.meaning }));
}

/** Completions for the DKIM value text before the cursor (joined TXT strings, unquoted). */
export function dkimCompletions(textBeforeCursor: string): CompletionEntry[] {
  // DKIM tag names are case-sensitive (RFC 6376 section 3.2).
  const context = tagCompletionContext(textBeforeCursor, false);
  return context.kind === 'name' ? tagEntries(context.present, context.prefix, context.first) : valueEntries(context.tag, context.typed);
}
