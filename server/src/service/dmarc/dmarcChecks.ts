import type { Finding, FixData, Severity, Span } from '../types';
import { isDmarcText, isType, sourceSpan } from '../records';
import { FindingSink, mapFindings, TextCache, type ValueFinding } from '../txt/tagList';
import type { DnsRecord, RecordSet, TxtValue } from '../records';
import type { DnsLookup } from '../dnsLookup';
import { findDmarcTag, parseDmarc } from './dmarcRecord';
import type { DmarcRecord, DmarcTag } from './dmarcRecord';

const RFC_FORMAT = 'RFC 9989 section 4.7';
const RFC_GRAMMAR = 'RFC 9989 section 4.8';
const RFC_DISCOVERY = 'RFC 9989 section 4.10.1';
const RFC_EXTERNAL = 'RFC 9990 section 3';

/** Tags of RFC 9989 section 4.7. */
export const DMARC_TAGS: readonly string[] = ['v', 'p', 'sp', 'np', 'adkim', 'aspf', 'fo', 'rua', 'ruf', 't', 'psd'];
/** Tags of RFC 7489 that RFC 9989 removed (Appendix C.5.2); old receivers may still read them. */
export const DMARC_REMOVED_TAGS: readonly string[] = ['pct', 'rf', 'ri'];

/**
 * Where a DMARC-looking record sits: a policy record lives at `_dmarc.<domain>`; a report
 * receiver's authorization lives at `<policy-domain>._report._dmarc.<receiver>` (RFC 9990
 * section 3) and is not a policy.
 */
export type DmarcNameRole = 'policy' | 'report-authorization' | 'elsewhere';

export function dmarcNameRole(name: string): DmarcNameRole {
  // Runs for every TXT record: string tests instead of splitting into labels.
  const lower = name.toLowerCase();
  if (lower === '_dmarc' || lower.startsWith('_dmarc.')) return 'policy';
  return lower.includes('._report._dmarc') && /(^|\.)[^.]+\._report\._dmarc(\.|$)/.test(lower) ? 'report-authorization' : 'elsewhere';
}

/** Whether `checkDmarcRecord` has anything to say about this record. */
export function isDmarcCandidate(record: DnsRecord): boolean {
  if (!isType(record, 'TXT') || !record.txt) return false;
  return isDmarcText(record.txt.text) || dmarcNameRole(record.name) !== 'elsewhere';
}

// ---------------------------------------------------------------------------------------------
// Finding helpers

/** What the checks of a record's text see; findings go to the sink at value offsets. */
interface Ctx {
  value: TxtValue;
  parsed: DmarcRecord;
  sink: FindingSink;
}

/** What the checks that depend on where the record is see. */
interface RecordCtx {
  record: DnsRecord;
  value: TxtValue;
  sink: FindingSink;
}

function report(ctx: { sink: FindingSink }, code: string, span: Span, message: string, severity?: Severity, data?: FixData): void {
  ctx.sink.report(code, span, message, severity, data);
}

function wholeSpan(value: TxtValue): Span {
  return { start: 0, end: value.text.length };
}

function replaceFix(ctx: Ctx, span: Span, text: string, title: string): FixData {
  return ctx.sink.replaceFix(span, text, title);
}

/** Text after the value that looks like another tag means a ";" was forgotten. */
function missingSemicolonHint(value: string): string {
  const m = /\s([A-Za-z]+)\s*=/.exec(value);
  return m ? ` Is a ";" missing before "${m[1]}="?` : '';
}

// ---------------------------------------------------------------------------------------------
// Version

function segmentTexts(text: string): string[] {
  return text.split(';').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** The record with v=DMARC1 moved to the front, other tags kept in order. */
export function dmarcWithVersionFirst(text: string): string {
  const rest = segmentTexts(text).filter((s) => !/^v\s*=/i.test(s));
  return ['v=DMARC1', ...rest].join('; ');
}

function checkVersionValue(ctx: Ctx, v: DmarcTag): void {
  if (v.value === 'DMARC1') return;
  if (v.value.toUpperCase() === 'DMARC1') {
    report(ctx, 'dmarc-version', v.valueSpan,
      `The version must be written "DMARC1" exactly: the value is case-sensitive and a receiver discards a record with any other value (${RFC_FORMAT}, ${RFC_GRAMMAR}). Write v=DMARC1.`,
      undefined, replaceFix(ctx, v.valueSpan, 'DMARC1', 'Write DMARC1'));
    return;
  }
  const glued = /^DMARC1\s+([A-Za-z]+\s*=.*)$/i.exec(v.value);
  if (glued) {
    report(ctx, 'dmarc-version', v.valueSpan,
      `The version reads "${v.value}" because the ";" after DMARC1 is missing, so receivers discard the record (${RFC_FORMAT}). Separate the tags: v=DMARC1; ${glued[1]}`,
      undefined, replaceFix(ctx, v.valueSpan, `DMARC1; ${glued[1]}`, 'Add ";" after DMARC1'));
    return;
  }
  report(ctx, 'dmarc-version', v.valueSpan,
    `"${v.value}" is not a DMARC version; the only version is DMARC1 and receivers discard records with any other value (${RFC_FORMAT}). Write v=DMARC1.`);
}

function checkVersion(ctx: Ctx): void {
  const { parsed, value } = ctx;
  const v = findDmarcTag(parsed, 'v');
  if (!v) {
    report(ctx, 'dmarc-version', wholeSpan(value),
      `The record has no v=DMARC1 tag, so receivers ignore it: a DMARC record must start with v=DMARC1 (${RFC_FORMAT}). Add "v=DMARC1;" at the start.`,
      undefined, replaceFix(ctx, wholeSpan(value), `v=DMARC1; ${segmentTexts(value.text).join('; ')}`, 'Add v=DMARC1'));
    return;
  }
  if (value.text.slice(0, v.span.start).trim() !== '') {
    report(ctx, 'dmarc-version', v.span,
      `v=DMARC1 must be the first tag; receivers discard a record where it is not (${RFC_FORMAT}). Move it to the front.`,
      undefined, replaceFix(ctx, wholeSpan(value), dmarcWithVersionFirst(value.text), 'Put v=DMARC1 first'));
  }
  checkVersionValue(ctx, v);
}

// ---------------------------------------------------------------------------------------------
// Tags and values

const POLICIES = ['none', 'quarantine', 'reject'];

interface ValueRule {
  allowed: string;
  isValid(value: string): boolean;
  /** What a receiver does with an invalid value. */
  consequence: string;
}

function oneOf(values: readonly string[]): (value: string) => boolean {
  return (value) => values.includes(value.toLowerCase());
}

function colonList(items: readonly string[], valid: (list: string[]) => boolean): (value: string) => boolean {
  return (value) => {
    const list = value.split(':').map((s) => s.trim().toLowerCase());
    return list.every((item) => items.includes(item)) && valid(list);
  };
}

function unsignedUpTo(max: number): (value: string) => boolean {
  return (value) => /^\d{1,10}$/.test(value) && Number(value) <= max;
}

const INVALID_POLICY = `A receiver treats a record whose p, sp or np is invalid as p=none when rua holds a valid URI, and otherwise applies no DMARC at all (${RFC_DISCOVERY}).`;
const useDefault = (fallback: string) => `Receivers ignore the invalid value and use the default (${fallback}) (${RFC_GRAMMAR}).`;
const OLD_DEFAULT = 'RFC 7489 readers ignore the invalid value; RFC 9989 readers ignore the whole tag.';

const VALUE_RULES: Readonly<Record<string, ValueRule>> = {
  p: { allowed: 'none, quarantine or reject', isValid: oneOf(POLICIES), consequence: INVALID_POLICY },
  sp: { allowed: 'none, quarantine or reject', isValid: oneOf(POLICIES), consequence: INVALID_POLICY },
  np: { allowed: 'none, quarantine or reject', isValid: oneOf(POLICIES), consequence: INVALID_POLICY },
  adkim: { allowed: 'r (relaxed) or s (strict)', isValid: oneOf(['r', 's']), consequence: useDefault('r') },
  aspf: { allowed: 'r (relaxed) or s (strict)', isValid: oneOf(['r', 's']), consequence: useDefault('r') },
  t: { allowed: 'y or n', isValid: oneOf(['y', 'n']), consequence: useDefault('n') },
  psd: { allowed: 'y, n or u', isValid: oneOf(['y', 'n', 'u']), consequence: useDefault('u') },
  fo: {
    allowed: 'a colon-separated list of 0, 1, d and s, each at most once, with 0 and 1 not together',
    isValid: colonList(['0', '1', 'd', 's'], (list) => new Set(list).size === list.length && !(list.includes('0') && list.includes('1'))),
    consequence: useDefault('0'),
  },
  pct: { allowed: 'an integer from 0 to 100', isValid: unsignedUpTo(100), consequence: OLD_DEFAULT },
  ri: { allowed: 'a non-negative integer number of seconds (at most 4294967295)', isValid: unsignedUpTo(4294967295), consequence: OLD_DEFAULT },
  rf: { allowed: 'afrf (a colon-separated list of report formats; afrf is the only one)', isValid: colonList(['afrf'], () => true), consequence: OLD_DEFAULT },
};

function checkValue(ctx: Ctx, tag: DmarcTag): void {
  const key = tag.name.toLowerCase();
  const rule = VALUE_RULES[key];
  if (!rule || tag.value.length === 0 || rule.isValid(tag.value)) return;
  const section = DMARC_REMOVED_TAGS.includes(key) ? 'RFC 7489 section 6.3' : RFC_FORMAT;
  report(ctx, 'dmarc-invalid-value', tag.valueSpan,
    `"${tag.value}" is not a valid value for ${key}: it takes ${rule.allowed} (${section}). ${rule.consequence}${missingSemicolonHint(tag.value)}`);
}

function checkDuplicates(ctx: Ctx): void {
  const seen = new Set<string>();
  for (const tag of ctx.parsed.tags) {
    const key = tag.name.toLowerCase();
    if (seen.has(key)) {
      report(ctx, 'dmarc-duplicate-tag', tag.span,
        `The tag ${key} appears more than once. DMARC records use the DKIM tag-list syntax, in which a repeated tag makes the whole record invalid (${RFC_FORMAT}, RFC 6376 section 3.2); receivers may discard the record or pick either value. Keep a single ${key}.`);
    }
    seen.add(key);
  }
}

/** Optimal string alignment distance, capped: only "one typo away" matters here. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        d[i].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2][j - 2] + 1);
      d[i].push(best);
    }
  }
  return d[a.length][b.length] <= 1;
}

function suggestTag(name: string): string | undefined {
  if (name.length < 2) return undefined;
  const close = DMARC_TAGS.filter((known) => known.length >= 2 && withinOneEdit(name, known));
  return close.length === 1 ? close[0] : undefined;
}

function checkUnknown(ctx: Ctx, tag: DmarcTag): void {
  const key = tag.name.toLowerCase();
  if (DMARC_TAGS.includes(key) || DMARC_REMOVED_TAGS.includes(key)) return;
  const guess = suggestTag(key);
  const hint = guess ? ` Did you mean ${guess}?` : ' Remove it or correct its name.';
  report(ctx, 'dmarc-unknown-tag', tag.nameSpan,
    `"${tag.name}" is not a DMARC tag, so receivers ignore it (${RFC_FORMAT}).${hint}`,
    undefined, guess ? replaceFix(ctx, tag.nameSpan, guess, `Change to ${guess}`) : undefined);
}

function checkRemoved(ctx: Ctx, tag: DmarcTag): void {
  const key = tag.name.toLowerCase();
  if (!DMARC_REMOVED_TAGS.includes(key)) return;
  const why = `${key} was removed by RFC 9989 (Appendix C.5.2), so current receivers ignore it`;
  if (key === 'pct' && tag.value === '0') {
    const hasT = findDmarcTag(ctx.parsed, 't') !== undefined;
    report(ctx, 'dmarc-deprecated-tag', tag.span,
      `${why}. pct=0 is what RFC 9989 replaced with t=y, which asks receivers to apply one level less than the policy while you test (RFC 9989 Appendix A.6). Replace pct=0 with t=y.`,
      undefined, hasT ? undefined : replaceFix(ctx, tag.span, 't=y', 'Replace pct=0 with t=y'));
    return;
  }
  const advice: Record<string, string> = {
    pct: 'Remove it; to test a policy without full enforcement use t=y instead (RFC 9989 Appendix A.6).',
    rf: 'Remove it; the failure-report format is fixed by RFC 9991.',
    ri: 'Remove it; receivers choose the aggregate-report interval (RFC 9990).',
  };
  report(ctx, 'dmarc-deprecated-tag', tag.span, `${why}. ${advice[key]}`);
}

// ---------------------------------------------------------------------------------------------
// Report URIs (rua, ruf)

/** A mailto: destination that parsed cleanly; span covers the URI within the joined text. */
export interface DmarcReportAddress {
  tag: 'rua' | 'ruf';
  uri: string;
  address: string;
  domain: string;
  span: Span;
}

interface UriScan {
  addresses: DmarcReportAddress[];
  /** Syntactically valid URIs of any scheme: what RFC 9989 section 4.10.1 counts for a missing p. */
  validCount: number;
}

function uriItems(text: string, span: Span): Span[] {
  const items: Span[] = [];
  let start = span.start;
  for (let i = span.start; i <= span.end; i++) {
    if (i === span.end || text[i] === ',') {
      let s = start;
      let e = i;
      while (s < e && /\s/.test(text[s])) s++;
      while (e > s && /\s/.test(text[e - 1])) e--;
      items.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return items;
}

function isHostName(domain: string): boolean {
  const labels = domain.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((l) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(l));
}

function checkSizeSuffix(ctx: Ctx, uri: string, span: Span): Span | undefined {
  const bang = uri.lastIndexOf('!');
  if (bang < 0) return span;
  const suffix = uri.slice(bang + 1);
  if (/^\d+[kmgt]?$/i.test(suffix)) return { start: span.start, end: span.start + bang };
  report(ctx, 'dmarc-uri', { start: span.start + bang, end: span.end },
    `"!${suffix}" is not a size limit: after "!" come digits and an optional unit k, m, g or t, and a literal "!" in a URI must be written %21 (${RFC_GRAMMAR}). Fix the suffix or remove it.`);
  return undefined;
}

function checkMailto(ctx: Ctx, tag: 'rua' | 'ruf', uri: string, span: Span): DmarcReportAddress | undefined {
  const to = decodeMailtoTarget(uri.slice('mailto:'.length).split('?')[0]);
  const at = to.lastIndexOf('@');
  const domain = at > 0 ? to.slice(at + 1).toLowerCase().replace(/\.$/, '') : '';
  if (at <= 0 || !isHostName(domain) || to.slice(0, at).includes('@')) {
    report(ctx, 'dmarc-uri', span,
      `"${uri}" does not name an e-mail address; reports go to mailto:local-part@domain (${RFC_FORMAT}). Write the full address, e.g. mailto:dmarc-reports@example.com.`);
    return undefined;
  }
  return { tag, uri, address: to, domain, span };
}

function decodeMailtoTarget(target: string): string {
  try {
    return decodeURIComponent(target);
  } catch {
    return target;
  }
}

function checkUri(ctx: Ctx, tag: 'rua' | 'ruf', item: Span, scan: UriScan): void {
  const text = ctx.value.text;
  const raw = text.slice(item.start, item.end);
  if (/\s/.test(raw)) {
    report(ctx, 'dmarc-uri', item,
      `"${raw}" contains white space, which no URI may contain (${RFC_GRAMMAR}). Separate several addresses with commas: rua=mailto:a@example.com,mailto:b@example.com.`);
    return;
  }
  const uriSpan = checkSizeSuffix(ctx, raw, item);
  if (!uriSpan) return;
  const uri = text.slice(uriSpan.start, uriSpan.end);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri);
  if (!scheme) {
    reportMissingScheme(ctx, tag, raw, item);
    return;
  }
  if (scheme[1].toLowerCase() !== 'mailto') {
    scan.validCount++;
    report(ctx, 'dmarc-uri', uriSpan,
      `Receivers are only required to send reports to mailto: URIs and ignore schemes they do not support (${RFC_FORMAT}), so ${tag} reports to "${uri}" will most likely never arrive. Use a mailto: address.`,
      'warning');
    return;
  }
  const address = checkMailto(ctx, tag, uri, uriSpan);
  if (address) {
    scan.validCount++;
    scan.addresses.push(address);
  }
}

function reportMissingScheme(ctx: Ctx, tag: 'rua' | 'ruf', raw: string, item: Span): void {
  if (/^[^@]+@[^@]+\.[^@]+$/.test(raw)) {
    report(ctx, 'dmarc-uri', item,
      `"${raw}" has no URI scheme; ${tag} takes URIs, and receivers ignore a bare address (${RFC_FORMAT}). Write mailto:${raw}.`,
      undefined, replaceFix(ctx, item, `mailto:${raw}`, 'Add mailto:'));
    return;
  }
  report(ctx, 'dmarc-uri', item,
    `"${raw}" is not a URI; ${tag} takes a comma-separated list of URIs such as mailto:dmarc-reports@example.com (${RFC_FORMAT}).`);
}

function checkUriList(ctx: Ctx, tag: DmarcTag, scan: UriScan): void {
  const key = tag.name.toLowerCase();
  if ((key !== 'rua' && key !== 'ruf') || tag.value.length === 0) return;
  for (const item of uriItems(ctx.value.text, tag.valueSpan)) {
    if (item.start === item.end) {
      report(ctx, 'dmarc-uri', tag.valueSpan,
        `The ${key} list has an empty entry (a stray comma); entries are URIs separated by single commas (${RFC_GRAMMAR}). Remove the extra comma.`);
      continue;
    }
    checkUri(ctx, key, item, scan);
  }
}

// ---------------------------------------------------------------------------------------------
// Policy-record checks

function policyDomainOf(name: string): string {
  const dot = name.indexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1);
}

function checkMissingPolicy(ctx: Ctx, scan: UriScan): void {
  if (findDmarcTag(ctx.parsed, 'p')) return;
  const v = findDmarcTag(ctx.parsed, 'v');
  const fix = v ? replaceFix(ctx, v.span, 'v=DMARC1; p=none', 'Add p=none') : undefined;
  const span = v ? v.span : wholeSpan(ctx.value);
  if (scan.validCount > 0) {
    report(ctx, 'dmarc-missing-policy', span,
      `The record has no p tag. Because rua holds a valid URI, RFC 9989 receivers treat it as p=none (${RFC_FORMAT}, ${RFC_DISCOVERY}), but RFC 7489 receivers require p and ignore the record. State the policy explicitly, e.g. p=none.`,
      'information', fix);
    return;
  }
  report(ctx, 'dmarc-missing-policy', span,
    `The record has no p tag and no valid rua, so receivers apply no DMARC processing at all (${RFC_DISCOVERY}). Add p=none (to monitor), p=quarantine or p=reject.`,
    undefined, fix);
}

function checkPolicyNone(ctx: Ctx): void {
  const p = findDmarcTag(ctx.parsed, 'p');
  if (!p || p.value.toLowerCase() !== 'none') return;
  report(ctx, 'dmarc-policy-none', p.span,
    `p=none only monitors: receivers take no action on mail that fails DMARC, so the domain is not yet protected against spoofing (${RFC_FORMAT}). Once aggregate reports show that all legitimate mail passes, move to p=quarantine and then p=reject.`);
}

function checkNoRua(ctx: RecordCtx, hasRua: boolean, policyDomain: string): void {
  if (hasRua) return;
  const example = policyDomain || 'example.com';
  report(ctx, 'dmarc-no-rua', wholeSpan(ctx.value),
    `The record has no rua tag, so receivers send no aggregate reports and you cannot see who sends mail as this domain (${RFC_FORMAT}). Add rua=mailto:dmarc-reports@${example}.`);
}

// ---------------------------------------------------------------------------------------------
// External report destinations (RFC 9990 section 3)

/**
 * Approximates the Organizational Domain offline. Without DNS there is no tree walk, so the zone
 * apex (the deepest SOA at or above the policy domain) stands in for it; without an SOA, the last
 * two labels do. Both err towards "same organization", which avoids false alarms.
 */
export function approximateOrganizationalDomain(policyDomain: string, set: RecordSet): string {
  // The deepest zone apex (SOA) in the file that covers the policy domain.
  let best = '';
  for (const apex of zoneApexes(set)) {
    if (apex.length > best.length && (policyDomain === apex || policyDomain.endsWith(`.${apex}`))) best = apex;
  }
  if (best) return best;
  const labels = policyDomain.split('.');
  return labels.length <= 2 ? policyDomain : labels.slice(-2).join('.');
}

/** The names with an SOA record, found once per record set (a file has one or a few). */
const apexesBySet = new WeakMap<RecordSet, string[]>();
function zoneApexes(set: RecordSet): string[] {
  let apexes = apexesBySet.get(set);
  if (!apexes) {
    apexes = [];
    const records = set.records;
    for (let i = 0; i < records.length; i++) if (isType(records[i], 'SOA') && records[i].name.includes('.')) apexes.push(records[i].name);
    apexesBySet.set(set, apexes);
  }
  return apexes;
}

function sameOrganization(domain: string, org: string): boolean {
  if (domain === org || domain.endsWith(`.${org}`)) return true;
  // An address at a parent of a delegated sub-zone still belongs to the same organization.
  return domain.includes('.') && org.endsWith(`.${domain}`);
}

type AuthorizationState = 'authorized' | 'wrong-content' | 'absent';

/** Names a resolver could answer from: the exact name, then wildcards up to `_report._dmarc.<receiver>`. */
function authorizationCandidates(policyDomain: string, receiver: string): string[] {
  const exact = `${policyDomain}._report._dmarc.${receiver}`;
  const policyLabels = policyDomain.split('.').length;
  const labels = exact.split('.');
  const names = [exact];
  for (let i = 1; i <= policyLabels; i++) names.push(`*.${labels.slice(i).join('.')}`);
  return names;
}

function authorizationInFile(policyDomain: string, receiver: string, set: RecordSet): AuthorizationState {
  let sawTxt = false;
  for (const name of authorizationCandidates(policyDomain, receiver)) {
    const txts = (set.byName.get(name) ?? []).filter((r) => isType(r, 'TXT') && r.txt);
    if (txts.some((r) => isDmarcText(r.txt?.text ?? ''))) return 'authorized';
    if (txts.length > 0) sawTxt = true;
  }
  return sawTxt ? 'wrong-content' : 'absent';
}

interface ExternalTarget {
  address: DmarcReportAddress;
  policyDomain: string;
  authName: string;
  state: AuthorizationState;
}

function externalTargets(record: DnsRecord, set: RecordSet, addresses: readonly DmarcReportAddress[]): ExternalTarget[] {
  const policyDomain = policyDomainOf(record.name);
  if (!policyDomain) return [];
  const org = approximateOrganizationalDomain(policyDomain, set);
  return addresses
    .filter((a) => !sameOrganization(a.domain, org))
    .map((address) => ({
      address,
      policyDomain,
      authName: `${policyDomain}._report._dmarc.${address.domain}`,
      state: authorizationInFile(policyDomain, address.domain, set),
    }));
}

function externalPreamble(t: ExternalTarget): string {
  return `${t.address.tag} sends reports to ${t.address.domain}, outside ${t.policyDomain}'s organization. Receivers only send them there if ${t.address.domain} publishes a TXT record starting with v=DMARC1 at ${t.authName} (${RFC_EXTERNAL}).`;
}

function checkExternalOffline(ctx: RecordCtx, addresses: readonly DmarcReportAddress[], set: RecordSet): void {
  for (const t of externalTargets(ctx.record, set, addresses)) {
    if (t.state === 'authorized') continue;
    if (t.state === 'wrong-content') {
      report(ctx, 'dmarc-external-destination', t.address.span,
        `${externalPreamble(t)} That name is in this file, but none of its TXT records starts with v=DMARC1, so the reports will not be sent. Publish "v=DMARC1;" there.`,
        'warning');
      continue;
    }
    report(ctx, 'dmarc-external-destination', t.address.span,
      `${externalPreamble(t)} That record is not in this file, so whether it exists is unknown offline; it will be checked in DNS when look-ups are enabled. If you run ${t.address.domain}, add the record.`,
      'information');
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

function looksLikeDmarc(parsed: DmarcRecord): boolean {
  return parsed.tags.some((t) => t.name.toLowerCase() !== 'v' && (DMARC_TAGS.includes(t.name.toLowerCase()) || DMARC_REMOVED_TAGS.includes(t.name.toLowerCase())));
}

function checkTags(ctx: Ctx): UriScan {
  const scan: UriScan = { addresses: [], validCount: 0 };
  for (const problem of ctx.parsed.problems) report(ctx, problem.code, problem.span, problem.message, problem.severity);
  checkDuplicates(ctx);
  for (const tag of ctx.parsed.tags) {
    checkUnknown(ctx, tag);
    checkRemoved(ctx, tag);
    checkValue(ctx, tag);
    checkUriList(ctx, tag, scan);
  }
  return scan;
}

function notADmarcRecord(ctx: RecordCtx, role: DmarcNameRole): void {
  const where = role === 'policy' ? 'a DMARC policy name' : 'a DMARC report-authorization name';
  const rfc = role === 'policy' ? RFC_FORMAT : RFC_EXTERNAL;
  report(ctx, 'dmarc-version', wholeSpan(ctx.value),
    `This TXT record is at ${where} (${ctx.record.name}) but does not start with v=DMARC1, so receivers ignore it (${rfc}). Make it a DMARC record starting with "v=DMARC1;" or move it elsewhere.`);
}

/**
 * Checks one TXT record that is a DMARC record or sits at a DMARC name, including the findings
 * that depend on other records of the set (multiple records, report authorizations).
 */
/** What a record's text decides, at value offsets; found once per text (see TextCache). */
interface TextResult {
  /** The text has v= or some DMARC tag, so it is read as a DMARC record. */
  dmarc: boolean;
  /** From checkVersion and checkTags, in that order. */
  tags: ValueFinding[];
  /** From checkMissingPolicy and checkPolicyNone, for records at a policy name. */
  policy: ValueFinding[];
  hasRua: boolean;
  addresses: DmarcReportAddress[];
}

const byText = new TextCache<TextResult>(4096);

function textResult(value: TxtValue): TextResult {
  return byText.get(value.text, () => {
    const parsed = parseDmarc(value);
    if (!findDmarcTag(parsed, 'v') && !looksLikeDmarc(parsed)) return { dmarc: false, tags: [], policy: [], hasRua: false, addresses: [] };
    const sink = new FindingSink();
    const ctx: Ctx = { value, parsed, sink };
    checkVersion(ctx);
    const scan = checkTags(ctx);
    const tags = sink.take();
    checkMissingPolicy(ctx, scan);
    checkPolicyNone(ctx);
    return { dmarc: true, tags, policy: sink.take(), hasRua: findDmarcTag(parsed, 'rua') !== undefined, addresses: scan.addresses };
  });
}

/**
 * Checks one TXT record that is a DMARC record or sits at a DMARC name, including the findings
 * that depend on other records of the set (multiple records, report authorizations).
 */
export function checkDmarcRecord(record: DnsRecord, set: RecordSet): Finding[] {
  if (!isDmarcCandidate(record) || !record.txt) return [];
  const value = record.txt;
  const role = dmarcNameRole(record.name);
  const text = textResult(value);
  const findings: Finding[] = [];
  const ctx: RecordCtx = { record, value, sink: new FindingSink() };
  if (!text.dmarc) {
    notADmarcRecord(ctx, role);
    mapFindings(value, ctx.sink.findings, findings);
    return findings;
  }
  mapFindings(value, text.tags, findings);
  for (const finding of checkMultiple(record, set)) findings.push(finding);
  if (role === 'elsewhere') {
    report(ctx, 'dmarc-wrong-location', wholeSpan(value),
      `This DMARC record is at ${record.name || 'the root'}, but receivers only look for DMARC records at _dmarc.<domain> (RFC 9989 sections 4.5 and 4.10.1), so it has no effect. Move it to _dmarc.${record.name || '<domain>'}.`);
    mapFindings(value, ctx.sink.take(), findings);
  }
  if (role !== 'policy') return findings;
  const policyDomain = policyDomainOf(record.name);
  mapFindings(value, text.policy, findings);
  checkNoRua(ctx, text.hasRua, policyDomain);
  checkExternalOffline(ctx, text.addresses, set);
  mapFindings(value, ctx.sink.take(), findings);
  return findings;
}

function dmarcRecordsAt(name: string, records: readonly DnsRecord[]): DnsRecord[] {
  if (dmarcNameRole(name) === 'report-authorization') return [];
  return records.filter((r) => isType(r, 'TXT') && r.txt && isDmarcText(r.txt.text));
}

/** Identical records are one record in DNS (zone-duplicate-record reports the repetition). */
function distinctCount(records: readonly DnsRecord[]): number {
  return new Set(records.map((r) => r.txt?.text ?? '')).size;
}

function multipleFinding(name: string, record: DnsRecord, count: number): Finding {
  const span = record.txt ? record.txt.span : record.rdataSpan;
  return {
    code: 'dmarc-multiple-records',
    message: `${name || 'This name'} has ${count} different DMARC records. When a query returns more than one, receivers discard them all, so no DMARC policy applies (RFC 9989 section 4.10). Merge them into a single record.`,
    start: span.start,
    end: span.end,
  };
}

/**
 * dmarc-multiple-records for every record at one name. `checkDmarcRecord` already reports it for
 * the record it checks; use this only when checking by name instead.
 */
export function checkDmarcName(name: string, records: readonly DnsRecord[]): Finding[] {
  const dmarc = dmarcRecordsAt(name, records);
  const count = distinctCount(dmarc);
  return count < 2 ? [] : dmarc.map((r) => multipleFinding(name, r, count));
}

function checkMultiple(record: DnsRecord, set: RecordSet): Finding[] {
  const atName = set.byName.get(record.name) ?? [];
  // Most names hold one record: nothing to compare.
  if (atName.length < 2) return [];
  const dmarc = dmarcRecordsAt(record.name, atName);
  const count = distinctCount(dmarc);
  return count >= 2 && dmarc.includes(record) ? [multipleFinding(record.name, record, count)] : [];
}

/** Every DMARC finding that needs no DNS. */
export function checkDmarcRecordSet(set: RecordSet): Finding[] {
  return set.records.flatMap((record) => checkDmarcRecord(record, set));
}

/** The mailto: destinations of a policy record that are outside its organization and not authorized in the file. */
function unverifiedTargets(record: DnsRecord, set: RecordSet): ExternalTarget[] {
  if (!isDmarcCandidate(record) || !record.txt || dmarcNameRole(record.name) !== 'policy') return [];
  const text = textResult(record.txt);
  // A text not read as DMARC still names its destinations to DNS.
  const addresses = text.dmarc ? text.addresses : checkTags({ value: record.txt, parsed: parseDmarc(record.txt), sink: new FindingSink() }).addresses;
  return externalTargets(record, set, addresses).filter((t) => t.state === 'absent');
}

async function txtOutcome(lookup: DnsLookup, name: string): ReturnType<DnsLookup['txt']> {
  try {
    return await lookup.txt(name);
  } catch (error) {
    return { status: 'unknown', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The DNS half of dmarc-external-destination: asks DNS about the authorization records that the
 * file does not hold. Reports a warning when DNS says there is none; nothing when it confirms one
 * or cannot be reached (status 'unknown'). Callers replace the offline 'information' findings.
 */
export async function checkDmarcExternalDestinations(record: DnsRecord, set: RecordSet, lookup: DnsLookup): Promise<Finding[]> {
  const targets = unverifiedTargets(record, set);
  if (targets.length === 0 || !record.txt) return [];
  const value = record.txt;
  const outcomes = new Map<string, ReturnType<DnsLookup['txt']>>();
  for (const t of targets) if (!outcomes.has(t.authName)) outcomes.set(t.authName, txtOutcome(lookup, t.authName));
  const findings: Finding[] = [];
  for (const t of targets) {
    const outcome = await outcomes.get(t.authName);
    if (!outcome || outcome.status === 'unknown') continue;
    if (outcome.status === 'ok' && outcome.records.some((txt) => isDmarcText(txt))) continue;
    const said = outcome.status === 'ok' ? 'DNS has TXT records there, but none starts with v=DMARC1' : `DNS says the name has no TXT record (${outcome.status})`;
    const span = sourceSpan(value, t.address.span.start, t.address.span.end);
    findings.push({
      code: 'dmarc-external-destination',
      severity: 'warning',
      message: `${externalPreamble(t)} ${said}, so receivers will not send these reports. Ask the operator of ${t.address.domain} to publish "v=DMARC1;" at ${t.authName}, or use an address in your own domain.`,
      start: span.start,
      end: span.end,
    });
  }
  return findings;
}
