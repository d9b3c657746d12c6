/**
 * The DNS records an SES domain identity needs, built from what SES reports about it, and their
 * zone-file form. The same list drives "Generate DNS records" and "Check DNS".
 */
import { SES_RECEIVING_REGIONS } from '../../../../server/src/service/ses/sesRegions';
import { rulesReceivingFor } from './recipientMatch';
import type { IdentityDetails, ReceiptRuleData } from './sesData';

export type RecordPurpose = 'dkim' | 'mail-from-mx' | 'mail-from-spf' | 'dmarc' | 'inbound-mx';

export interface ExpectedRecord {
  /** Fully qualified, lower case, without the trailing dot. */
  name: string;
  type: 'CNAME' | 'MX' | 'TXT';
  /** CNAME target or MX exchange (fully qualified, no trailing dot), or the TXT text. */
  value: string;
  /** MX preference. */
  priority?: number;
  purpose: RecordPurpose;
}

export interface SesDnsPlan {
  domain: string;
  region: string;
  records: ExpectedRecord[];
  /** Why a record is absent or what to do besides publishing (BYODKIM, no receiving, …). */
  notes: string[];
}

export interface SesDnsInput {
  identity: IdentityDetails;
  region: string;
  /** Name and rules of the active receipt rule set in the identity's region, when there is one. */
  activeRuleSet?: { name: string; rules: readonly ReceiptRuleData[] };
}

const DKIM_TOKEN = /^[a-z0-9]{1,63}$/;
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
export const DEFAULT_TTL = 3600;

export function sesDnsPlan(input: SesDnsInput): SesDnsPlan {
  const domain = normalizeName(input.identity.name);
  const region = input.region.trim().toLowerCase();
  const records: ExpectedRecord[] = [];
  const notes: string[] = [];
  if (!DNS_NAME.test(domain) || !/^[a-z0-9-]+$/.test(region)) {
    // Names from SES are valid; anything else would be written into a zone file unchecked.
    notes.push(`"${printable(input.identity.name)}" in "${printable(input.region)}" is not a domain identity and region DNS records can be written for.`);
    return { domain: printable(domain), region: printable(region), records, notes };
  }

  const dkim = input.identity.dkim;
  const easyDkim = dkim !== undefined && (dkim.origin === undefined || dkim.origin.startsWith('AWS_SES'));
  if (dkim && easyDkim) {
    for (const raw of dkim.tokens) {
      const token = raw.trim().toLowerCase();
      // A token ends up in an owner name; anything but the letters and digits SES issues is refused.
      if (!DKIM_TOKEN.test(token)) {
        notes.push(`Skipped the DKIM token "${printable(raw)}": SES tokens are letters and digits only.`);
        continue;
      }
      records.push({ name: `${token}._domainkey.${domain}`, type: 'CNAME', value: `${token}.dkim.amazonses.com`, purpose: 'dkim' });
    }
  } else if (dkim && dkim.origin === 'EXTERNAL') {
    const selectors = printable(dkim.tokens.join(', ')) || 'your selector';
    notes.push(`DKIM uses your own key (BYODKIM, selector ${selectors}): publish its public key as a TXT record at <selector>._domainkey.${domain}.`);
  }
  if (!dkim || (easyDkim && dkim.tokens.length === 0)) notes.push(`SES reported no Easy DKIM tokens for ${domain}; enable Easy DKIM on the identity to get its three CNAMEs.`);

  const mailFrom = input.identity.mailFrom?.domain ? normalizeName(input.identity.mailFrom.domain) : undefined;
  if (mailFrom && !DNS_NAME.test(mailFrom)) {
    notes.push(`Skipped the MAIL FROM domain "${printable(mailFrom)}": it is not a domain name.`);
  } else if (mailFrom) {
    records.push({ name: mailFrom, type: 'MX', value: `feedback-smtp.${region}.amazonses.com`, priority: 10, purpose: 'mail-from-mx' });
    records.push({ name: mailFrom, type: 'TXT', value: 'v=spf1 include:amazonses.com ~all', purpose: 'mail-from-spf' });
  }

  records.push({ name: `_dmarc.${domain}`, type: 'TXT', value: `v=DMARC1; p=none; rua=mailto:dmarc-reports@${domain}`, purpose: 'dmarc' });

  const receives = SES_RECEIVING_REGIONS.includes(region);
  if (!receives) {
    notes.push(`SES does not receive mail in ${region}, so no inbound MX is suggested.`);
  } else if (!input.activeRuleSet) {
    notes.push(`No receipt rule set is active in ${region}, so no inbound MX is suggested.`);
  } else if (rulesReceivingFor(input.activeRuleSet.rules, domain).length === 0) {
    notes.push(`No enabled rule of the active rule set "${input.activeRuleSet.name}" takes mail for ${domain}, so no inbound MX is suggested.`);
  } else {
    records.push({ name: domain, type: 'MX', value: `inbound-smtp.${region}.amazonaws.com`, priority: 10, purpose: 'inbound-mx' });
  }
  return { domain, region, records, notes };
}

/** Whether `name` can be written into a zone file as an owner name. */
export function isZoneSafeName(name: string): boolean {
  return DNS_NAME.test(normalizeName(name));
}

const COMMENTS: Record<RecordPurpose, (plan: SesDnsPlan, record: ExpectedRecord) => string> = {
  dkim: (plan) => `Easy DKIM: SES signs mail for ${plan.domain} once all three CNAMEs resolve.`,
  'mail-from-mx': (plan, record) => `Custom MAIL FROM domain ${record.name}: bounces and complaints return to SES in ${plan.region}.`,
  'mail-from-spf': () => 'SPF for the MAIL FROM domain, so receivers accept mail SES sends from it.',
  dmarc: () => 'DMARC: start by monitoring (p=none) and read the aggregate reports before moving to quarantine or reject.',
  'inbound-mx': (plan) => `Inbound mail: the active receipt rule set in ${plan.region} takes mail for ${plan.domain}.`,
};

/** The plan as a zone-file fragment with absolute names, ready to paste into any zone. */
export function renderZoneFragment(plan: SesDnsPlan, ttl = DEFAULT_TTL): string {
  const lines = [`; DNS records for the Amazon SES identity ${plan.domain} (${plan.region}), generated by Email Auth Studio.`, '; Names are absolute (trailing dot), so the lines can go into any zone file that holds them.'];
  for (const note of plan.notes) lines.push(`; Note: ${note}`);
  let lastPurpose: RecordPurpose | undefined;
  for (const record of plan.records) {
    if (record.purpose !== lastPurpose) {
      lines.push('', `; ${COMMENTS[record.purpose](plan, record)}`);
      lastPurpose = record.purpose;
    }
    lines.push(`${record.name}. ${ttl} IN ${record.type} ${rdataText(record)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Record data in zone-file syntax. */
export function rdataText(record: ExpectedRecord): string {
  switch (record.type) {
    case 'CNAME':
      return `${record.value}.`;
    case 'MX':
      return `${record.priority ?? 10} ${record.value}.`;
    case 'TXT':
      return quoteTxt(record.value);
  }
}

function quoteTxt(text: string): string {
  // Our values are short ASCII; still escape what would end the string early (RFC 1035 5.1).
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** Keeps text on one comment line. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '?');
}

function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
