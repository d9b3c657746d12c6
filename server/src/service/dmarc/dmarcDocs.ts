import { tagCompletionContext } from '../txt/tagList';
import { sourceSpan } from '../records';
import type { TxtValue } from '../records';
import type { CompletionEntry, HoverResult } from '../editor/types';
import { parseDmarc } from './dmarcRecord';
import type { DmarcTag } from './dmarcRecord';

const RFC9989 = 'https://www.rfc-editor.org/rfc/rfc9989';
const RFC7489 = 'https://www.rfc-editor.org/rfc/rfc7489';

export interface DmarcTagDoc {
  name: string;
  title: string;
  /** Markdown: what the tag means. */
  meaning: string;
  /** Enumerated values and what each one means (empty for free-form values). */
  values: ReadonlyArray<{ value: string; meaning: string }>;
  /** Free-form description of the allowed values, when they are not enumerated. */
  syntax?: string;
  defaultValue?: string;
  reference: { label: string; url: string };
  /** Removed by RFC 9989 (Appendix C.5.2). */
  removed?: boolean;
}

const FORMAT_REF = { label: 'RFC 9989 section 4.7', url: `${RFC9989}#section-4.7` };
const OLD_REF = { label: 'RFC 7489 section 6.3; removed by RFC 9989 Appendix C.5.2', url: `${RFC9989}#appendix-C.5.2` };

const POLICY_VALUES = [
  { value: 'none', meaning: 'No action on failing mail; the domain only monitors (reports still flow).' },
  { value: 'quarantine', meaning: 'Treat failing mail as suspicious, typically delivering it to spam.' },
  { value: 'reject', meaning: 'Failing mail is not legitimate; receivers may reject it during the SMTP session.' },
];
const ALIGNMENT_VALUES = [
  { value: 'r', meaning: 'Relaxed: the authenticated domain and the From domain share an Organizational Domain.' },
  { value: 's', meaning: 'Strict: the authenticated domain must equal the From domain exactly.' },
];

export const DMARC_TAG_DOCS: Readonly<Record<string, DmarcTagDoc>> = {
  v: {
    name: 'v', title: 'Version',
    meaning: 'Identifies the record as a DMARC policy record. Required, and must be the first tag; receivers discard the record otherwise.',
    values: [{ value: 'DMARC1', meaning: 'The only version. The value is case-sensitive.' }],
    reference: FORMAT_REF,
  },
  p: {
    name: 'p', title: 'Domain Owner Assessment Policy',
    meaning: 'What the domain owner wants receivers to do with mail from this domain that fails DMARC. Applies to the domain and, unless `sp`/`np` say otherwise, to its subdomains. Recommended; a record without a valid `p` counts as `p=none` if `rua` holds a valid URI, and is ignored otherwise (RFC 9989 section 4.10.1).',
    values: POLICY_VALUES,
    reference: FORMAT_REF,
  },
  sp: {
    name: 'sp', title: 'Subdomain policy',
    meaning: 'Policy for existing subdomains of the Organizational Domain (not the domain itself). Ignored in records published below an Organizational Domain.',
    values: POLICY_VALUES, defaultValue: 'the value of `p`',
    reference: FORMAT_REF,
  },
  np: {
    name: 'np', title: 'Non-existent subdomain policy',
    meaning: 'Policy for subdomains that do not exist in DNS (NXDOMAIN), a common target of spoofing.',
    values: POLICY_VALUES, defaultValue: 'the value of `sp`, or of `p` if `sp` is absent',
    reference: FORMAT_REF,
  },
  adkim: {
    name: 'adkim', title: 'DKIM alignment mode',
    meaning: 'How closely the DKIM signing domain (`d=`) must match the From domain.',
    values: ALIGNMENT_VALUES, defaultValue: '`r`',
    reference: FORMAT_REF,
  },
  aspf: {
    name: 'aspf', title: 'SPF alignment mode',
    meaning: 'How closely the SPF-authenticated MAIL FROM domain must match the From domain.',
    values: ALIGNMENT_VALUES, defaultValue: '`r`',
    reference: FORMAT_REF,
  },
  fo: {
    name: 'fo', title: 'Failure reporting options',
    meaning: 'When to generate failure reports. Ignored unless `ruf` is present. Colon-separated, e.g. `fo=1:d`; `0` and `1` exclude each other.',
    values: [
      { value: '0', meaning: 'Report when all mechanisms fail to produce an aligned pass.' },
      { value: '1', meaning: 'Report when any mechanism fails to produce an aligned pass.' },
      { value: 'd', meaning: 'Report any failed DKIM signature, aligned or not (RFC 6651).' },
      { value: 's', meaning: 'Report any SPF failure, aligned or not (RFC 6652).' },
    ],
    defaultValue: '`0`',
    reference: FORMAT_REF,
  },
  rua: {
    name: 'rua', title: 'Aggregate report destinations',
    meaning: 'Comma-separated URIs that receive daily aggregate reports (RFC 9990). Receivers must support `mailto:`. An address outside your organization is used only if that domain publishes `v=DMARC1` at `<your-domain>._report._dmarc.<their-domain>` (RFC 9990 section 3). Without `rua`, no aggregate reports are sent.',
    values: [],
    syntax: '`mailto:` URIs separated by commas, e.g. `mailto:dmarc@example.com`; an old-style size suffix such as `!10m` is obsolete and ignored by current reporters.',
    reference: FORMAT_REF,
  },
  ruf: {
    name: 'ruf', title: 'Failure report destinations',
    meaning: 'Comma-separated URIs that receive per-message failure reports (RFC 9991), shaped by `fo`. Few receivers send them, as they can contain personal data. External addresses need the same authorization as `rua`.',
    values: [],
    syntax: '`mailto:` URIs separated by commas.',
    reference: FORMAT_REF,
  },
  t: {
    name: 't', title: 'Testing mode',
    meaning: 'Asks receivers to apply one level less than the stated policy (`reject` as `quarantine`, `quarantine` as `none`) while the owner tests. Replaces `pct=0` from RFC 7489.',
    values: [
      { value: 'y', meaning: 'Testing: apply the policy one level lower.' },
      { value: 'n', meaning: 'Apply the policy as stated.' },
    ],
    defaultValue: '`n`',
    reference: FORMAT_REF,
  },
  psd: {
    name: 'psd', title: 'Public Suffix Domain flag',
    meaning: 'Tells the DNS tree walk whether this domain is a Public Suffix Domain, which determines the Organizational Domain (RFC 9989 section 4.10).',
    values: [
      { value: 'y', meaning: 'This domain is a Public Suffix Domain (published by a PSO).' },
      { value: 'n', meaning: 'Not a PSD; this domain is the Organizational Domain for itself and its subdomains.' },
      { value: 'u', meaning: 'Unknown: let the tree walk decide.' },
    ],
    defaultValue: '`u`',
    reference: FORMAT_REF,
  },
  pct: {
    name: 'pct', title: 'Percentage (removed)',
    meaning: 'RFC 7489: the percentage of failing mail the policy applies to. Removed by RFC 9989 because receivers applied it inconsistently; use `t=y` instead of `pct=0`.',
    values: [],
    syntax: 'An integer from 0 to 100.',
    defaultValue: '`100`',
    reference: OLD_REF, removed: true,
  },
  rf: {
    name: 'rf', title: 'Failure report format (removed)',
    meaning: 'RFC 7489: the format of failure reports. Removed by RFC 9989; the format is now fixed by RFC 9991.',
    values: [{ value: 'afrf', meaning: 'Authentication Failure Reporting Format (RFC 6591).' }],
    defaultValue: '`afrf`',
    reference: OLD_REF, removed: true,
  },
  ri: {
    name: 'ri', title: 'Aggregate report interval (removed)',
    meaning: 'RFC 7489: the requested interval between aggregate reports, in seconds. Removed by RFC 9989.',
    values: [],
    syntax: 'A non-negative integer number of seconds.',
    defaultValue: '`86400`',
    reference: { label: 'RFC 7489 section 6.3; removed by RFC 9989 Appendix C.5.2', url: `${RFC7489}#section-6.3` },
    removed: true,
  },
};

export function dmarcTagMarkdown(doc: DmarcTagDoc): string {
  const lines = [`**${doc.name}** — ${doc.title}${doc.removed ? ' *(removed by RFC 9989)*' : ''}`, '', doc.meaning, ''];
  if (doc.values.length > 0) {
    lines.push('Values:');
    for (const v of doc.values) lines.push(`- \`${v.value}\` — ${v.meaning}`);
    lines.push('');
  }
  if (doc.syntax) lines.push(`Syntax: ${doc.syntax}`, '');
  if (doc.defaultValue) lines.push(`Default: ${doc.defaultValue}`, '');
  lines.push(`[${doc.reference.label}](${doc.reference.url})`);
  return lines.join('\n');
}

function unknownTagMarkdown(tag: DmarcTag): string {
  return `**${tag.name}** — not a DMARC tag\n\nReceivers ignore tags they do not know.\n\n[${FORMAT_REF.label}](${FORMAT_REF.url})`;
}

function valueMarkdown(doc: DmarcTagDoc, tag: DmarcTag): string | undefined {
  const hit = doc.values.find((v) => v.value.toLowerCase() === tag.value.toLowerCase());
  return hit ? `\`${doc.name}=${hit.value}\`: ${hit.meaning}` : undefined;
}

/** Hover for the tag under `offsetInValue` (an offset into `value.text`). */
export function dmarcHover(value: TxtValue, offsetInValue: number): HoverResult | undefined {
  const parsed = parseDmarc(value);
  const tag = parsed.tags.find((t) => offsetInValue >= t.span.start && offsetInValue <= t.span.end);
  if (!tag) return undefined;
  const span = sourceSpan(value, tag.span.start, tag.span.end);
  const doc = DMARC_TAG_DOCS[tag.name.toLowerCase()];
  if (!doc) return { markdown: unknownTagMarkdown(tag), span };
  const onValue = offsetInValue >= tag.valueSpan.start && tag.valueSpan.end > tag.valueSpan.start;
  const valueLine = onValue ? valueMarkdown(doc, tag) : undefined;
  const markdown = valueLine ? `${valueLine}\n\n---\n\n${dmarcTagMarkdown(doc)}` : dmarcTagMarkdown(doc);
  return { markdown, span };
}

// ---------------------------------------------------------------------------------------------
// Completion

const MAILTO: CompletionEntry = {
  label: 'mailto:',
  kind: 'snippet',
  insertText: 'mailto:${1:dmarc-reports}@${2:example.com}',
  snippet: true,
  detail: 'report address',
  documentation: 'Receivers must support mailto: URIs (RFC 9989 section 4.7).',
};

function tagEntries(present: ReadonlySet<string>, prefix: string, atStart: boolean): CompletionEntry[] {
  const entries: CompletionEntry[] = [];
  if (atStart && !present.has('v')) {
    entries.push({ label: 'v=DMARC1', kind: 'keyword', insertText: 'v=DMARC1; ', detail: 'DMARC version (must come first)', documentation: dmarcTagMarkdown(DMARC_TAG_DOCS.v) });
  }
  for (const doc of Object.values(DMARC_TAG_DOCS)) {
    if (doc.removed || doc.name === 'v' || present.has(doc.name)) continue;
    entries.push({ label: doc.name, kind: 'property', insertText: `${doc.name}=`, detail: doc.title, documentation: dmarcTagMarkdown(doc) });
  }
  const lower = prefix.toLowerCase();
  return entries.filter((e) => e.label.toLowerCase().startsWith(lower));
}

function valueEntries(tagName: string, typed: string): CompletionEntry[] {
  const doc = DMARC_TAG_DOCS[tagName];
  if (!doc) return [];
  if (tagName === 'rua' || tagName === 'ruf') {
    const current = typed.slice(typed.lastIndexOf(',') + 1).trim();
    return 'mailto:'.startsWith(current.toLowerCase()) || current === '' ? [MAILTO] : [];
  }
  // fo is a colon-separated list; complete the item being typed.
  const current = (tagName === 'fo' ? typed.slice(typed.lastIndexOf(':') + 1) : typed).trim().toLowerCase();
  return doc.values
    .filter((v) => v.value.toLowerCase().startsWith(current))
    .map((v) => ({ label: v.value, kind: 'value' as const, insertText: v.value, detail: `${doc.name}: ${doc.title}`, documentation: v.meaning }));
}

/** Completions for the DMARC value text before the cursor (joined TXT strings, unquoted). */
export function dmarcCompletions(textBeforeCursor: string): CompletionEntry[] {
  const context = tagCompletionContext(textBeforeCursor, true);
  return context.kind === 'name' ? tagEntries(context.present, context.prefix, context.first) : valueEntries(context.tag, context.typed);
}
