/**
 * "Check DNS": what an identity's records should be (sesDnsRecords) against what a resolver
 * answered, record by record. Pure: the answers come in from the adapter that asked DNS.
 */
import { rdataText, type ExpectedRecord, type SesDnsPlan } from './sesDnsRecords';

export type DnsAnswer =
  | { kind: 'cname'; targets: string[] }
  | { kind: 'mx'; exchanges: Array<{ priority: number; exchange: string }> }
  | { kind: 'txt'; texts: string[] }
  /** The name does not exist (NXDOMAIN) or has no record of the type asked (NODATA). */
  | { kind: 'none'; reason: 'nxdomain' | 'nodata' }
  /** No answer to judge by: time-out, SERVFAIL, refused. */
  | { kind: 'error'; message: string };

export type CheckStatus = 'ok' | 'missing' | 'different' | 'unknown';

export interface DnsCheckRow {
  record: ExpectedRecord;
  status: CheckStatus;
  /** What DNS holds at that name and type, as zone-file record data. */
  found: string[];
  /** One sentence for the user: what is wrong and what to publish. */
  message: string;
}

/** The key the adapter resolves: one look-up per name and type, shared by records that need it. */
export function lookupKey(record: Pick<ExpectedRecord, 'name' | 'type'>): string {
  return `${record.type} ${record.name}`;
}

export function lookupsFor(plan: SesDnsPlan): Array<Pick<ExpectedRecord, 'name' | 'type'>> {
  const seen = new Map<string, Pick<ExpectedRecord, 'name' | 'type'>>();
  for (const record of plan.records) seen.set(lookupKey(record), { name: record.name, type: record.type });
  return [...seen.values()];
}

export function checkPlan(plan: SesDnsPlan, answers: ReadonlyMap<string, DnsAnswer>): DnsCheckRow[] {
  return plan.records.map((record) => checkRecord(record, answers.get(lookupKey(record)) ?? { kind: 'error', message: 'not looked up' }));
}

export function checkRecord(record: ExpectedRecord, answer: DnsAnswer): DnsCheckRow {
  const expected = `${record.name} ${record.type} ${rdataText(record)}`;
  if (answer.kind === 'error') return { record, status: 'unknown', found: [], message: `Could not check ${record.name} ${record.type}: ${answer.message}.` };
  if (answer.kind === 'none') {
    const why = answer.reason === 'nxdomain' ? `${record.name} does not exist` : `${record.name} has no ${record.type} record`;
    return { record, status: 'missing', found: [], message: `${why}. Publish: ${expected}` };
  }
  switch (record.purpose) {
    case 'dkim':
      return compareCname(record, answer, expected);
    case 'mail-from-mx':
    case 'inbound-mx':
      return compareMx(record, answer, expected);
    case 'mail-from-spf':
      return compareSpf(record, answer, expected);
    case 'dmarc':
      return compareDmarc(record, answer, expected);
  }
}

function compareCname(record: ExpectedRecord, answer: DnsAnswer, expected: string): DnsCheckRow {
  const targets = answer.kind === 'cname' ? answer.targets.map(normalizeName) : [];
  const found = targets.map((t) => `${t}.`);
  if (targets.includes(record.value)) return { record, status: 'ok', found, message: `${record.name} points at ${record.value}.` };
  return { record, status: 'different', found, message: `${record.name} points at ${found.join(', ') || 'something else'}, not ${record.value}; SES cannot verify this DKIM key. Publish: ${expected}` };
}

function compareMx(record: ExpectedRecord, answer: DnsAnswer, expected: string): DnsCheckRow {
  const exchanges = answer.kind === 'mx' ? answer.exchanges.map((m) => ({ priority: m.priority, exchange: normalizeName(m.exchange) })) : [];
  const found = exchanges.map((m) => `${m.priority} ${m.exchange}.`);
  const match = exchanges.find((m) => m.exchange === record.value);
  if (match) {
    const others = exchanges.filter((m) => m.exchange !== record.value);
    const extra = others.length > 0 && record.purpose === 'inbound-mx' ? ` Other MX hosts (${others.map((m) => m.exchange).join(', ')}) also receive mail for it.` : '';
    return { record, status: 'ok', found, message: `${record.name} has MX ${match.priority} ${record.value}.${extra}` };
  }
  const role = record.purpose === 'inbound-mx' ? 'mail for it does not reach SES' : 'SES cannot use it as the MAIL FROM domain';
  return { record, status: 'different', found, message: `${record.name} has MX ${found.join(', ')} but not ${record.value}, so ${role}. Publish: ${expected}` };
}

function compareSpf(record: ExpectedRecord, answer: DnsAnswer, expected: string): DnsCheckRow {
  const texts = answer.kind === 'txt' ? answer.texts : [];
  const spf = texts.filter((t) => /^v=spf1(\s|$)/i.test(t));
  const found = spf.map(quote);
  if (spf.length === 0) return { record, status: 'missing', found: texts.map(quote), message: `${record.name} has no SPF record. Publish: ${expected}` };
  if (spf.length > 1) return { record, status: 'different', found, message: `${record.name} has ${spf.length} SPF records; receivers treat that as a permanent error (RFC 7208 section 4.5). Keep one: ${expected}` };
  if (spf[0].split(/\s+/).some((term) => /^\+?include:amazonses\.com\.?$/i.test(term))) return { record, status: 'ok', found, message: `${record.name} has an SPF record that includes amazonses.com.` };
  return { record, status: 'different', found, message: `The SPF record of ${record.name} does not include amazonses.com, so SPF fails for mail SES sends. Add include:amazonses.com, e.g. ${expected}` };
}

function compareDmarc(record: ExpectedRecord, answer: DnsAnswer, expected: string): DnsCheckRow {
  const texts = answer.kind === 'txt' ? answer.texts : [];
  const dmarc = texts.filter((t) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(t));
  const found = dmarc.map(quote);
  if (dmarc.length === 0) return { record, status: 'missing', found: texts.map(quote), message: `${record.name} has no DMARC record. Publish: ${expected}` };
  if (dmarc.length > 1) return { record, status: 'different', found, message: `${record.name} has ${dmarc.length} DMARC records, so receivers apply none (RFC 9989 section 4.10). Keep one.` };
  // Any valid policy is the user's choice; the suggestion is only a starting point.
  return { record, status: 'ok', found, message: `${record.name} has a DMARC record.` };
}

function quote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

const STATUS_LABEL: Record<CheckStatus, string> = { ok: 'ok', missing: 'MISSING', different: 'DIFFERENT', unknown: 'UNKNOWN' };

/** The check as plain text for an output channel: a summary line, then one block per record. */
export function formatDnsCheck(plan: SesDnsPlan, rows: readonly DnsCheckRow[], resolverLabel: string): string {
  const count = (status: CheckStatus) => rows.filter((r) => r.status === status).length;
  const lines = [
    `DNS check of the SES identity ${plan.domain} (${plan.region}) via ${resolverLabel}`,
    `${count('ok')} ok, ${count('missing')} missing, ${count('different')} different, ${count('unknown')} not checked`,
    '',
  ];
  for (const row of rows) {
    lines.push(`[${STATUS_LABEL[row.status]}] ${row.record.name} ${row.record.type} ${rdataText(row.record)}`);
    if (row.status !== 'ok' && row.found.length > 0) lines.push(`    found: ${row.found.join(' | ')}`);
    lines.push(`    ${row.message}`);
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
