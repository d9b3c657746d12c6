/**
 * A receipt rule as a JSON document ("Open as JSON", "Save as file"): the shape
 * `aws ses create-receipt-rule --rule file://…` takes, named *.receipt-rule.json so the JSON
 * checks pick it up.
 */
import type { ReceiptRuleData } from './sesData';

export interface RuleDocumentRef {
  /** The connection the rule was read with, so a reopened document reads from the same place. */
  profile: string;
  region: string;
  ruleSet: string;
  rule: string;
}

export const RULE_FILE_SUFFIX = '.receipt-rule.json';

export function receiptRuleJson(rule: ReceiptRuleData): string {
  // Keys in the order SES documents them; absent fields are left out rather than written as null.
  const ordered: Record<string, unknown> = { Name: rule.Name };
  for (const key of ['Enabled', 'TlsPolicy', 'Recipients', 'Actions', 'ScanEnabled'] as const) if (rule[key] !== undefined) ordered[key] = rule[key];
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/** A file name for a rule: SES allows letters, digits, `_`, `.` and `-`; anything else is replaced. */
export function ruleFileName(rule: string): string {
  const safe = rule.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_') || 'rule';
  return `${safe}${RULE_FILE_SUFFIX}`;
}

/**
 * The path of a rule document: /<profile>/<region>/<rule set>/<rule>.receipt-rule.json. No query
 * string: the language server matches the file-name glob on the end of the URI.
 */
export function ruleDocumentPath(ref: RuleDocumentRef): string {
  return `/${[ref.profile, ref.region, ref.ruleSet].map(encodeURIComponent).join('/')}/${encodeURIComponent(ref.rule)}${RULE_FILE_SUFFIX}`;
}

export function parseRuleDocumentPath(path: string): RuleDocumentRef | undefined {
  const match = /^\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\.receipt-rule\.json$/.exec(path);
  if (!match) return undefined;
  try {
    const [profile, region, ruleSet, rule] = match.slice(1).map(decodeURIComponent);
    return { profile, region, ruleSet, rule };
  } catch {
    return undefined;
  }
}
