import type { Severity } from './types';

/**
 * Every finding the service can report. The code is stable: it is the diagnostic code, the key
 * users put in `emailAuth.rules` to change a severity, and the anchor in docs/rules.md.
 * `severity` is the default; rules that grade their findings (e.g. `dkim-key-weak`) set a finer
 * severity per finding, and a user's setting overrides both.
 */
export interface RuleInfo {
  code: string;
  severity: Severity;
  summary: string;
  reference: string;
}

const RFC = (rfc: number, section: string) => `RFC ${rfc} section ${section}`;
const SES_API = (what: string) => `Amazon SES API Reference, ${what}`;

export const RULES: readonly RuleInfo[] = [
  { code: 'zone-syntax', severity: 'error', summary: 'The zone file does not follow the master-file format BIND reads.', reference: RFC(1035, '5.1') },
  { code: 'zone-include-missing', severity: 'error', summary: 'An $INCLUDE names a file that cannot be read.', reference: RFC(1035, '5.1') },
  { code: 'zone-cname-conflict', severity: 'error', summary: 'A CNAME shares its name with other data.', reference: RFC(2181, '10.1') },
  { code: 'zone-duplicate-record', severity: 'warning', summary: 'The same record appears twice; DNS keeps only one.', reference: RFC(2181, '5') },
  { code: 'zone-missing-trailing-dot', severity: 'warning', summary: 'A target name that looks absolute has no trailing dot, so the origin is appended to it.', reference: RFC(1035, '5.1') },
  { code: 'zone-string-too-long', severity: 'error', summary: 'A character-string is longer than 255 octets.', reference: RFC(1035, '3.3') },
  { code: 'spf-syntax', severity: 'error', summary: 'A term is outside the SPF grammar.', reference: RFC(7208, '4.6.1, 12') },
  { code: 'spf-multiple-records', severity: 'error', summary: 'More than one v=spf1 record at one name is a permerror.', reference: RFC(7208, '4.5') },
  { code: 'spf-lookup-limit', severity: 'error', summary: 'More than 10 DNS-querying terms is a permerror.', reference: RFC(7208, '4.6.4') },
  { code: 'spf-void-lookup-limit', severity: 'error', summary: 'More than 2 look-ups that return nothing is a permerror.', reference: RFC(7208, '4.6.4') },
  { code: 'spf-include-loop', severity: 'error', summary: 'An include or redirect leads back to a record already being evaluated.', reference: RFC(7208, '5.2, 4.6.4') },
  { code: 'spf-include-missing', severity: 'error', summary: 'An include or redirect target has no SPF record.', reference: RFC(7208, '5.2, 6.1') },
  { code: 'spf-include-permerror', severity: 'error', summary: 'An include or redirect target has an SPF record that itself returns permerror.', reference: RFC(7208, '5.2') },
  { code: 'spf-ptr', severity: 'warning', summary: 'The ptr mechanism is slow, unreliable and should not be used.', reference: RFC(7208, '5.5') },
  { code: 'spf-all-not-last', severity: 'warning', summary: 'Terms after `all` are never evaluated.', reference: RFC(7208, '5.1') },
  { code: 'spf-redirect-ignored', severity: 'warning', summary: 'A redirect is ignored when the record has an `all` mechanism.', reference: RFC(7208, '6.1') },
  { code: 'spf-duplicate-modifier', severity: 'error', summary: 'redirect and exp may appear at most once.', reference: RFC(7208, '6') },
  { code: 'spf-permissive-all', severity: 'warning', summary: '+all (or ?all) authorises every host on the internet.', reference: RFC(7208, '5.1') },
  { code: 'spf-no-all', severity: 'information', summary: 'The record has neither `all` nor redirect, so unmatched mail gets neutral.', reference: RFC(7208, '4.7') },
  { code: 'spf-ip-invalid', severity: 'error', summary: 'An ip4/ip6 address or prefix length is invalid.', reference: RFC(7208, '5.6') },
  { code: 'spf-string-too-long', severity: 'error', summary: 'One TXT string holds more than 255 octets.', reference: RFC(7208, '3.3') },
  { code: 'spf-record-size', severity: 'warning', summary: 'The SPF record is over 450 bytes and may not fit a UDP answer.', reference: RFC(7208, '3.4') },
  { code: 'spf-deprecated-type', severity: 'warning', summary: 'The SPF RR type is no longer used; publish TXT only.', reference: RFC(7208, '3.1, 14.1') },
  { code: 'dmarc-version', severity: 'error', summary: 'v=DMARC1 must be present and the first tag.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-syntax', severity: 'error', summary: 'The record is not a list of tag=value pairs.', reference: RFC(9989, '4.8') },
  { code: 'dmarc-invalid-value', severity: 'error', summary: 'A tag has a value outside its allowed set.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-duplicate-tag', severity: 'error', summary: 'A tag appears more than once.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-unknown-tag', severity: 'warning', summary: 'Receivers ignore tags they do not know.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-deprecated-tag', severity: 'warning', summary: 'pct, rf and ri were removed by RFC 9989.', reference: RFC(9989, 'C.5.2, A.6') },
  { code: 'dmarc-missing-policy', severity: 'warning', summary: 'Without p= the record gives no policy.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-uri', severity: 'error', summary: 'rua/ruf must be comma-separated mailto URIs with an optional size limit.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-external-destination', severity: 'warning', summary: 'A report address outside the domain needs an authorization record at the receiver.', reference: RFC(9990, '3') },
  { code: 'dmarc-multiple-records', severity: 'error', summary: 'More than one DMARC record at one name means no policy is applied.', reference: RFC(9989, '4.10') },
  { code: 'dmarc-wrong-location', severity: 'warning', summary: 'DMARC records are only looked up at _dmarc.<domain>.', reference: RFC(9989, '4.10') },
  { code: 'dmarc-policy-none', severity: 'information', summary: 'p=none only monitors; nothing is protected yet.', reference: RFC(9989, '4.7') },
  { code: 'dmarc-no-rua', severity: 'information', summary: 'Without rua you receive no aggregate reports.', reference: RFC(9989, '4.7') },
  { code: 'dkim-syntax', severity: 'error', summary: 'The DKIM key record is not valid tag=value syntax or has bad values.', reference: RFC(6376, '3.6.1') },
  { code: 'dkim-key-invalid', severity: 'error', summary: 'p= is not a public key that can be loaded.', reference: RFC(6376, '3.6.1') },
  { code: 'dkim-key-weak', severity: 'warning', summary: 'RSA keys under 1024 bits must not be used; 2048 is recommended.', reference: RFC(8301, '3.2') },
  { code: 'dkim-revoked', severity: 'information', summary: 'An empty p= revokes the key.', reference: RFC(6376, '3.6.1') },
  { code: 'dkim-testing', severity: 'information', summary: 't=y marks the domain as testing DKIM.', reference: RFC(6376, '3.6.1') },
  { code: 'dkim-wrong-location', severity: 'warning', summary: 'DKIM keys live at <selector>._domainkey.<domain>.', reference: RFC(6376, '3.6.2.1') },
  { code: 'ses-mail-from-spf', severity: 'warning', summary: 'A custom MAIL FROM domain for SES needs an SPF record including amazonses.com.', reference: 'Amazon SES Developer Guide, custom MAIL FROM domain' },
  { code: 'ses-inbound-mx-region', severity: 'error', summary: 'SES does not receive mail in this region.', reference: 'Amazon SES Developer Guide, email receiving endpoints' },
  { code: 'ses-dkim-incomplete', severity: 'warning', summary: 'SES issues three Easy DKIM CNAMEs per domain.', reference: 'Amazon SES Developer Guide, Easy DKIM' },
  { code: 'json-syntax', severity: 'error', summary: 'The file is not strict JSON, so the AWS CLI cannot read it.', reference: RFC(8259, '2') },
  { code: 'ses-rule-name', severity: 'error', summary: 'A receipt rule or rule set name breaks the naming rules (letters, digits, ".", "_", "-"; starts and ends with a letter or digit; at most 64).', reference: SES_API('ReceiptRule, CreateReceiptRuleSet') },
  { code: 'ses-rule-recipients-limit', severity: 'error', summary: 'A receipt rule lists more than 100 recipients.', reference: 'Amazon SES Developer Guide, service quotas (email receiving)' },
  { code: 'ses-rule-count-limit', severity: 'error', summary: 'A rule set holds more than 200 rules.', reference: 'Amazon SES Developer Guide, service quotas (email receiving)' },
  { code: 'ses-rule-duplicate-name', severity: 'error', summary: 'Two rules of one rule set have the same name.', reference: SES_API('CreateReceiptRule') },
  { code: 'ses-rule-recipient-invalid', severity: 'error', summary: 'A recipient is not an address, a domain or a .domain.', reference: 'Amazon SES Developer Guide, recipient conditions' },
  { code: 'ses-rule-duplicate-recipient', severity: 'warning', summary: 'A recipient is listed twice, or is already matched by a domain of the same rule.', reference: 'Amazon SES Developer Guide, recipient conditions' },
  { code: 'ses-rule-after-unknown', severity: 'error', summary: 'After names no rule of the rule set.', reference: SES_API('CreateReceiptRule') },
  { code: 'ses-rule-unreachable', severity: 'warning', summary: 'An earlier enabled rule with a StopAction already matches every recipient of this rule.', reference: 'Amazon SES Developer Guide, receipt rules' },
  { code: 'ses-rule-stop-not-last', severity: 'warning', summary: 'Actions after a StopAction never run.', reference: SES_API('StopAction') },
  { code: 'ses-rule-no-actions', severity: 'warning', summary: 'A receipt rule has no actions.', reference: SES_API('ReceiptRule') },
  { code: 'ses-rule-arn-invalid', severity: 'error', summary: 'A Lambda, SNS, KMS, IAM role, WorkMail or Connect ARN is malformed or names the wrong service.', reference: 'AWS General Reference, Amazon Resource Names; Amazon SES API Reference, receipt actions' },
  { code: 'ses-rule-region-mismatch', severity: 'warning', summary: 'A resource of a receipt action is in another region than the rule set.', reference: 'Amazon SES Developer Guide, receipt rule actions' },
  { code: 'ses-rule-s3-bucket', severity: 'error', summary: 'An S3 bucket name breaks the bucket naming rules.', reference: 'Amazon S3 User Guide, general purpose bucket naming rules' },
  { code: 'ses-rule-header', severity: 'error', summary: 'An AddHeaderAction name or value breaks its rules (name: letters, digits, "-", at most 50; value: at most 2048, no CR or LF).', reference: SES_API('AddHeaderAction') },
  { code: 'ses-rule-bounce', severity: 'error', summary: 'A BounceAction has a bad SMTP reply code, enhanced status code or sender.', reference: `${SES_API('BounceAction')}; ${RFC(5321, '4.2')}; ${RFC(3463, '2')}` },
  { code: 'ses-rule-invalid-value', severity: 'error', summary: 'An enum-like receipt-rule field (TlsPolicy, action type, Stop Scope, InvocationType, SNS Encoding) has a value SES does not accept.', reference: SES_API('ReceiptRule, ReceiptAction') },
  { code: 'ses-send-feedback-id', severity: 'error', summary: 'A ses:feedback-id-a or ses:feedback-id-b value is not a valid SES message-tag value.', reference: 'Amazon SES API v2 Reference, MessageTag' },
  { code: 'ses-send-feedback-id-repeat', severity: 'warning', summary: 'The same identifier is in both Feedback-ID fields.', reference: 'AWS Messaging & Targeting Blog, Google Postmaster Tools for Amazon SES senders' },
  { code: 'ses-send-feedback-id-per-recipient', severity: 'warning', summary: 'A Feedback-ID value looks per-recipient; Postmaster Tools aggregates by campaign.', reference: 'AWS Messaging & Targeting Blog, Google Postmaster Tools for Amazon SES senders' },
  { code: 'ses-send-list-unsubscribe', severity: 'error', summary: 'List-Unsubscribe-Post must be exactly List-Unsubscribe=One-Click, with an https URI in angle brackets in List-Unsubscribe.', reference: `${RFC(8058, '3.1')}; ${RFC(2369, '2')}` },
  { code: 'ses-send-feedback-header', severity: 'warning', summary: 'A hand-written Feedback-ID header: SES builds it from the ses:feedback-id tags.', reference: 'AWS Messaging & Targeting Blog, Google Postmaster Tools for Amazon SES senders' },
  { code: 'r53-txt-unquoted', severity: 'error', summary: 'A TXT value is not in double quotes; Route 53 rejects it.', reference: 'Route 53 Developer Guide, supported DNS record types (TXT)' },
  { code: 'r53-txt-string-too-long', severity: 'error', summary: 'A quoted TXT string holds more than 255 octets.', reference: `${RFC(1035, '3.3')}; Route 53 Developer Guide, supported DNS record types (TXT)` },
  { code: 'r53-txt-escape', severity: 'error', summary: 'A TXT value has an escape Route 53 does not know, an unclosed quote, or a character that needs an octal escape.', reference: 'Route 53 Developer Guide, supported DNS record types (TXT) and DNS domain name format' },
  { code: 'r53-duplicate-change', severity: 'error', summary: 'Two changes of one batch touch the same name and type.', reference: 'Route 53 API Reference, ChangeResourceRecordSets' },
  { code: 'r53-batch-limits', severity: 'error', summary: 'A batch exceeds 1000 records or 32,000 value characters (UPSERT counted twice).', reference: 'Route 53 Developer Guide, quotas on ChangeResourceRecordSets' },
  { code: 'r53-invalid-value', severity: 'error', summary: 'A change Action or record Type is not one Route 53 accepts.', reference: 'Route 53 API Reference, Change and ResourceRecordSet' },
  { code: 'internal-rule-error', severity: 'warning', summary: 'A check failed unexpectedly; the rest of the file was still checked.', reference: 'Email Auth Studio' },
];

const byCode = new Map(RULES.map((rule) => [rule.code, rule]));

export function ruleInfo(code: string): RuleInfo | undefined {
  return byCode.get(code);
}

/** What users may write in `emailAuth.rules`: a severity, or `off`. */
export type RuleSetting = Severity | 'off';
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

/** Applies a user's rule settings; `undefined` means the finding is turned off. */
export function effectiveSeverity(code: string, findingSeverity: Severity | undefined, settings: RuleSettings): Severity | undefined {
  const configured = settings[code];
  if (configured === 'off') return undefined;
  if (configured) return configured;
  return findingSeverity ?? ruleInfo(code)?.severity ?? 'warning';
}
