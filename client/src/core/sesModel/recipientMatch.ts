import type { ReceiptRuleData } from './sesData';

/**
 * Whether a receipt rule handles mail addressed to `domain`. SES matches a recipient entry that is
 * an address exactly, a domain for every address in it (not its subdomains), and a domain with a
 * leading dot for every subdomain; a rule without recipients takes mail for every verified domain
 * (Amazon SES Developer Guide, "Receipt rules: recipient conditions").
 */
export function ruleReceivesFor(rule: ReceiptRuleData, domain: string): boolean {
  if (rule.Enabled === false) return false;
  const wanted = normalize(domain);
  const recipients = rule.Recipients ?? [];
  if (recipients.length === 0) return true;
  return recipients.some((entry) => recipientCovers(normalize(entry), wanted));
}

function recipientCovers(entry: string, domain: string): boolean {
  if (entry.includes('@')) return entry.slice(entry.lastIndexOf('@') + 1) === domain;
  if (entry.startsWith('.')) return domain.endsWith(entry) && domain.length > entry.length;
  return entry === domain;
}

/** The enabled rules, in order, that take mail for `domain`. */
export function rulesReceivingFor(rules: readonly ReceiptRuleData[], domain: string): ReceiptRuleData[] {
  return rules.filter((rule) => ruleReceivesFor(rule, domain));
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
