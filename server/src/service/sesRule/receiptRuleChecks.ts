import type { Finding, Span } from '../types';
import { spanOfNode, type JsonNode } from '../json/jsonTree';
import type { StringField } from '../json/jsonString';
import { invalidValue } from '../json/enumValue';
import { parseRecipient, covers, describeRecipient, type Recipient } from './recipients';
import { ARN_KINDS, arnProblem, parseArn, type ArnKind } from './arns';
import { s3BucketNameProblem } from './s3BucketName';
import { ACTION_TYPES, INVOCATION_TYPES, SNS_ENCODINGS, STOP_SCOPES, TLS_POLICIES, type ReceiptAction, type ReceiptRuleDocument, type ReceiptRuleEntry } from './receiptRuleModel';

export const MAX_RECIPIENTS_PER_RULE = 100;
export const MAX_RULES_PER_SET = 200;
const QUOTAS = 'Amazon SES Developer Guide, "Service quotas", email receiving';
const API = 'Amazon SES API Reference';
const written = (field: StringField) => ({ value: field.value, node: field.node, content: field.str.content });

export interface ReceiptRuleCheckOptions {
  /** The region the rule set lives in (the `emailAuth.aws.region` setting); else the file's ARNs decide. */
  region?: string;
}

const keySpan = (key: JsonNode | undefined, fallback: JsonNode): Span => spanOfNode(key ?? fallback);
/** Where a finding about a whole rule goes: its name, else its opening brace. */
const ruleSpan = (rule: ReceiptRuleEntry): Span => (rule.name ? rule.name.str.content : { start: rule.node.offset, end: rule.node.offset + 1 });
const ruleLabel = (rule: ReceiptRuleEntry) => (rule.name ? `"${rule.name.value}"` : 'this rule');

export function checkReceiptRules(doc: ReceiptRuleDocument, options: ReceiptRuleCheckOptions = {}): Finding[] {
  const findings: Finding[] = [];
  if (doc.ruleSetName) checkName(doc.ruleSetName, 'rule set', findings);
  if (doc.isSet && doc.rules.length > MAX_RULES_PER_SET) {
    findings.push({ code: 'ses-rule-count-limit', ...keySpan(doc.rulesKey, doc.rules[0].node), message: `The rule set has ${doc.rules.length} rules; SES allows at most ${MAX_RULES_PER_SET} per rule set (${QUOTAS}). Merge rules with the same actions or move some to another rule set.` });
  }
  const names = new Map<string, ReceiptRuleEntry>();
  for (const rule of doc.rules) {
    if (rule.name) {
      checkName(rule.name, 'rule', findings);
      const first = names.get(rule.name.value);
      if (first) findings.push({ code: 'ses-rule-duplicate-name', ...rule.name.str.content, message: `Another rule of this set is already named "${rule.name.value}"; rule names are unique within a rule set and SES rejects the second (${API}, CreateReceiptRule). Rename one of them.` });
      else names.set(rule.name.value, rule);
    } else {
      findings.push({ code: 'ses-rule-name', start: rule.node.offset, end: rule.node.offset + 1, message: `A receipt rule needs a Name (${API}, ReceiptRule). Add "Name": "my-rule".` });
    }
    checkRuleFields(rule, findings);
    checkRecipients(rule, findings);
    checkActions(rule, findings);
    if (rule.after) checkAfter(rule, doc, findings);
  }
  checkUnreachable(doc.rules, findings);
  checkRegions(doc.rules, options, findings);
  return findings;
}

function checkName(field: StringField, what: 'rule' | 'rule set', findings: Finding[]): void {
  const name = field.value;
  const allowed = what === 'rule' ? /^[A-Za-z0-9._-]*$/ : /^[A-Za-z0-9_-]*$/;
  const chars = what === 'rule' ? 'ASCII letters, digits, ".", "_" and "-"' : 'ASCII letters, digits, "_" and "-" (no dots)';
  let problem: string | undefined;
  if (name.length === 0) problem = 'it is empty';
  else if (!allowed.test(name)) problem = `it may hold only ${chars}`;
  else if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) problem = 'it must start and end with a letter or digit';
  else if (name.length > 64) problem = `it has ${name.length} characters, at most 64 are allowed`;
  if (problem) {
    const reference = what === 'rule' ? `${API}, ReceiptRule Name` : `${API}, CreateReceiptRuleSet RuleSetName`;
    findings.push({ code: 'ses-rule-name', ...field.str.content, ...(name === '' ? spanOfNode(field.node) : {}), message: `"${name}" is not a valid receipt ${what} name: ${problem} (${reference}). Rename it.` });
  }
}

function checkRuleFields(rule: ReceiptRuleEntry, findings: Finding[]): void {
  if (rule.tlsPolicy && !TLS_POLICIES.includes(rule.tlsPolicy.value)) findings.push(invalidValue('ses-rule-invalid-value', written(rule.tlsPolicy), TLS_POLICIES, 'TlsPolicy', `${API}, ReceiptRule`));
}

function checkRecipients(rule: ReceiptRuleEntry, findings: Finding[]): void {
  if (rule.recipients.length > MAX_RECIPIENTS_PER_RULE) {
    const extra = rule.recipients.slice(MAX_RECIPIENTS_PER_RULE);
    findings.push({ code: 'ses-rule-recipients-limit', start: extra[0].node.offset, end: extra.at(-1)!.node.offset + extra.at(-1)!.node.length, message: `${ruleLabel(rule)} lists ${rule.recipients.length} recipients; SES allows at most ${MAX_RECIPIENTS_PER_RULE} per receipt rule (${QUOTAS}). Match a whole domain instead, or split the rule.` });
  }
  const seen: Array<{ recipient: Recipient; field: StringField }> = [];
  for (const field of rule.recipients) {
    const { recipient, problem } = parseRecipient(field.value);
    if (!recipient) {
      findings.push({ code: 'ses-rule-recipient-invalid', ...field.str.content, ...(field.value === '' ? spanOfNode(field.node) : {}), message: `"${field.value}" is not a recipient SES can match: ${problem}. Write an address (user@example.com), a domain (example.com) or all its subdomains (.example.com) (Amazon SES Developer Guide, "Recipient conditions").` });
      continue;
    }
    const same = seen.find((s) => describeRecipient(s.recipient) === describeRecipient(recipient));
    const wider = same ? undefined : seen.find((s) => covers(s.recipient, recipient));
    if (same) findings.push({ code: 'ses-rule-duplicate-recipient', ...field.str.content, message: `"${field.value}" is listed twice in ${ruleLabel(rule)} (recipients are not case-sensitive). Remove one.` });
    else if (wider) findings.push({ code: 'ses-rule-duplicate-recipient', ...field.str.content, message: `"${field.value}" is already matched by "${wider.field.value}" in ${ruleLabel(rule)}, so listing it changes nothing (Amazon SES Developer Guide, "Recipient conditions"). Remove it.` });
    seen.push({ recipient, field });
  }
}

function checkAfter(rule: ReceiptRuleEntry, doc: ReceiptRuleDocument, findings: Finding[]): void {
  const after = rule.after!;
  let problem: string | undefined;
  if (rule.name && after.value === rule.name.value) problem = 'a rule cannot be placed after itself';
  else if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/.test(after.value)) problem = 'no receipt rule can have that name (letters, digits, ".", "_", "-", at most 64, starting and ending with a letter or digit)';
  else if (doc.isSet && !doc.rules.some((r) => r.name?.value === after.value)) problem = 'no rule of this rule set has that name';
  if (problem) findings.push({ code: 'ses-rule-after-unknown', ...after.str.content, ...(after.value === '' ? spanOfNode(after.node) : {}), message: `After "${after.value}": ${problem}, so SES rejects the request with RuleDoesNotExist (${API}, CreateReceiptRule). Name an existing rule of ${doc.ruleSetName ? `"${doc.ruleSetName.value}"` : 'the rule set'}, or leave After out to put the rule first.` });
}

function checkActions(rule: ReceiptRuleEntry, findings: Finding[]): void {
  if (rule.actions.length === 0) {
    findings.push({ code: 'ses-rule-no-actions', ...ruleSpan(rule), message: `${ruleLabel(rule)} has no actions, so mail it matches is accepted and then dropped (${API}, ReceiptRule Actions). Add an action, e.g. S3Action or SNSAction.` });
  }
  const stop = rule.actions.findIndex((a) => a.type === 'StopAction');
  if (stop >= 0) {
    for (const action of rule.actions.slice(stop + 1)) {
      findings.push({ code: 'ses-rule-stop-not-last', ...spanOfNode(action.key), message: `${action.type} comes after a StopAction, so it never runs: SES stops evaluating at the StopAction (${API}, StopAction). Move the StopAction last or remove this action.` });
    }
  }
  for (const action of rule.actions) {
    if (!ACTION_TYPES.includes(action.type)) {
      const key = { value: action.type, node: action.key, content: { start: action.key.offset + 1, end: action.key.offset + action.key.length - 1 } };
      findings.push(invalidValue('ses-rule-invalid-value', key, ACTION_TYPES, 'receipt action type', `${API}, ReceiptAction`));
      continue;
    }
    checkAction(action, findings);
  }
}

const ARN_FIELDS: Record<string, Array<[field: string, kind: ArnKind]>> = {
  S3Action: [['TopicArn', 'sns-topic'], ['KmsKeyArn', 'kms-key'], ['IamRoleArn', 'iam-role']],
  BounceAction: [['TopicArn', 'sns-topic']],
  WorkmailAction: [['TopicArn', 'sns-topic'], ['OrganizationArn', 'workmail-organization']],
  LambdaAction: [['TopicArn', 'sns-topic'], ['FunctionArn', 'lambda-function']],
  StopAction: [['TopicArn', 'sns-topic']],
  SNSAction: [['TopicArn', 'sns-topic']],
  ConnectAction: [['InstanceARN', 'connect-instance'], ['IAMRoleARN', 'iam-role']],
};

function checkAction(action: ReceiptAction, findings: Finding[]): void {
  for (const [name, kind] of ARN_FIELDS[action.type] ?? []) {
    const field = fieldOf(action, name);
    if (!field) continue;
    const problem = arnProblem(field.value, kind);
    if (problem) {
      const rule = ARN_KINDS[kind];
      findings.push({ code: 'ses-rule-arn-invalid', ...field.str.content, ...(field.value === '' ? spanOfNode(field.node) : {}), message: `${action.type} ${name} is not a valid ${rule.label} ARN: ${problem} (${rule.reference}). Expected ${rule.format}.` });
    }
  }
  const enumField = (name: string, allowed: readonly string[]) => {
    const field = fieldOf(action, name);
    if (field && !allowed.includes(field.value)) findings.push(invalidValue('ses-rule-invalid-value', written(field), allowed, `${action.type} ${name}`, `${API}, ${action.type}`));
  };
  switch (action.type) {
    case 'StopAction':
      enumField('Scope', STOP_SCOPES);
      break;
    case 'LambdaAction':
      enumField('InvocationType', INVOCATION_TYPES);
      break;
    case 'SNSAction':
      enumField('Encoding', SNS_ENCODINGS);
      break;
    case 'S3Action': {
      const bucket = fieldOf(action, 'BucketName');
      const problem = bucket && s3BucketNameProblem(bucket.value);
      if (bucket && problem) findings.push({ code: 'ses-rule-s3-bucket', ...bucket.str.content, ...(bucket.value === '' ? spanOfNode(bucket.node) : {}), message: `"${bucket.value}" is not a valid S3 bucket name: ${problem} (Amazon S3 User Guide, "General purpose bucket naming rules"). Use the name of an existing bucket.` });
      break;
    }
    case 'AddHeaderAction':
      checkHeader(action, findings);
      break;
    case 'BounceAction':
      checkBounce(action, findings);
      break;
  }
}

function checkHeader(action: ReceiptAction, findings: Finding[]): void {
  const reference = `${API}, AddHeaderAction`;
  const name = fieldOf(action, 'HeaderName');
  if (name) {
    const problem = name.value.length === 0 ? 'it is empty' : name.value.length > 50 ? `it has ${name.value.length} characters, at most 50 are allowed` : /[^A-Za-z0-9-]/.test(name.value) ? 'it may hold only ASCII letters, digits and "-"' : undefined;
    if (problem) findings.push({ code: 'ses-rule-header', ...name.str.content, ...(name.value === '' ? spanOfNode(name.node) : {}), message: `"${name.value}" is not a header name SES can add: ${problem} (${reference}). Use a name such as X-Spam-Verdict.` });
  }
  const value = fieldOf(action, 'HeaderValue');
  if (value) {
    const newline = /[\r\n]/.exec(value.value);
    if (newline) {
      const at = newline.index;
      findings.push({ code: 'ses-rule-header', ...spanOfRange(value, at, at + 1), message: `The header value holds a ${newline[0] === '\r' ? 'carriage return' : 'line feed'}; SES rejects CR and LF in AddHeaderAction values (${reference}). Keep the value on one line.` });
    }
    if (value.value.length > 2048) findings.push({ code: 'ses-rule-header', ...value.str.content, message: `The header value has ${value.value.length} characters; SES allows at most 2048 (${reference}). Shorten it.` });
  }
}

const fieldOf = (action: ReceiptAction, name: string): StringField | undefined => action.fields.get(name);

function spanOfRange(field: StringField, start: number, end: number): Span {
  const s = field.str;
  return { start: s.starts[start] ?? s.content.start, end: s.ends[end - 1] ?? s.content.end };
}

const ADDRESS = /^[^\s@"(),:;<>[\\\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;

function checkBounce(action: ReceiptAction, findings: Finding[]): void {
  const reference = `${API}, BounceAction`;
  const reply = fieldOf(action, 'SmtpReplyCode');
  const at = (field: StringField) => (field.value === '' ? spanOfNode(field.node) : field.str.content);
  if (!reply) findings.push({ code: 'ses-rule-bounce', ...spanOfNode(action.key), message: `A BounceAction needs SmtpReplyCode, the SMTP reply code of the bounce, e.g. "550" (${reference}; RFC 5321 section 4.2).` });
  else if (!/^[45][0-5][0-9]$/.test(reply.value)) {
    const why = /^[2-5][0-5][0-9]$/.test(reply.value) ? 'a bounce needs a failure reply: 5yz (permanent) or 4yz (transient)' : 'an SMTP reply code is three digits, the first 2-5 and the second 0-5';
    findings.push({ code: 'ses-rule-bounce', ...at(reply), message: `"${reply.value}" is not a valid bounce reply code: ${why} (RFC 5321 section 4.2; ${reference}). Use e.g. "550".` });
  }
  const status = fieldOf(action, 'StatusCode');
  if (status) {
    const match = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(status.value);
    if (!match) findings.push({ code: 'ses-rule-bounce', ...at(status), message: `"${status.value}" is not an enhanced status code: it is class.subject.detail, the class 2, 4 or 5 and the others 1 to 3 digits, e.g. "5.1.1" (RFC 3463 section 2; ${reference}).` });
    else if (reply && /^[45]/.test(reply.value) && match[1] !== reply.value[0]) findings.push({ code: 'ses-rule-bounce', ...at(status), message: `The enhanced status code class ${match[1]} does not match the reply code ${reply.value}; the class must equal the reply code's first digit (RFC 3463 section 2, RFC 2034 section 4). Use ${reply.value[0]}.${match[2]}.${match[3]}.` });
  }
  const sender = fieldOf(action, 'Sender');
  if (!sender) findings.push({ code: 'ses-rule-bounce', ...spanOfNode(action.key), message: `A BounceAction needs Sender, the address the bounce comes from, in a domain you have verified (${reference}).` });
  else if (!ADDRESS.test(sender.value)) findings.push({ code: 'ses-rule-bounce', ...at(sender), message: `"${sender.value}" is not an email address; the bounce Sender must be an address in a verified domain, e.g. postmaster@example.com (${reference}).` });
  if (!fieldOf(action, 'Message')) findings.push({ code: 'ses-rule-bounce', ...spanOfNode(action.key), message: `A BounceAction needs Message, the human-readable text of the bounce (${reference}).` });
}

/**
 * A later enabled rule whose every recipient an earlier enabled rule with a StopAction already
 * matches never sees mail: SES stops evaluating the rule set there (Amazon SES Developer Guide,
 * "Receipt rules": rules run in order).
 */
function checkUnreachable(rules: ReceiptRuleEntry[], findings: Finding[]): void {
  const stoppers: Array<{ rule: ReceiptRuleEntry; recipients: Recipient[] | 'all' }> = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const parsed = rule.recipients.map((r) => parseRecipient(r.value).recipient);
    const recipients: Recipient[] | 'all' = rule.recipients.length === 0 ? 'all' : parsed.filter((r): r is Recipient => !!r);
    const caught = stoppers.find((s) => s.recipients === 'all' || (recipients !== 'all' && recipients.length > 0 && recipients.every((r) => (s.recipients as Recipient[]).some((e) => covers(e, r)))));
    if (caught) {
      findings.push({ code: 'ses-rule-unreachable', ...ruleSpan(rule), message: `${ruleLabel(rule)} never runs: every recipient it matches is already matched by the earlier rule ${ruleLabel(caught.rule)}, which ends with a StopAction for the rule set (Amazon SES Developer Guide, "Receipt rules"). Move this rule before it, or narrow the earlier rule's recipients.` });
    }
    if (rule.actions.some((a) => a.type === 'StopAction' && fieldOf(a, 'Scope')?.value === 'RuleSet')) stoppers.push({ rule, recipients });
  }
}

/** Every resource but the S3 bucket (and global IAM) must be in the rule set's region. */
function checkRegions(rules: ReceiptRuleEntry[], options: ReceiptRuleCheckOptions, findings: Finding[]): void {
  const arns: Array<{ field: StringField; region: string; label: string; action: string }> = [];
  for (const rule of rules) {
    for (const action of rule.actions) {
      for (const [name, kind] of ARN_FIELDS[action.type] ?? []) {
        const field = fieldOf(action, name);
        if (!field || !ARN_KINDS[kind].regional || arnProblem(field.value, kind)) continue;
        arns.push({ field, region: parseArn(field.value)!.region, label: ARN_KINDS[kind].label, action: `${action.type} ${name}` });
      }
    }
  }
  if (arns.length === 0) return;
  let region = options.region?.trim();
  let source = 'the emailAuth.aws.region setting';
  if (!region) {
    const counts = new Map<string, number>();
    for (const a of arns) counts.set(a.region, (counts.get(a.region) ?? 0) + 1);
    region = [...counts.entries()].sort((x, y) => y[1] - x[1])[0][0];
    source = 'most ARNs of this file';
  }
  for (const a of arns) {
    if (a.region === region) continue;
    findings.push({ code: 'ses-rule-region-mismatch', ...a.field.str.content, message: `This ${a.label} is in ${a.region}, but the rule set is in ${region} (${source}); SES receipt rules can only use a ${a.label} in their own region (Amazon SES Developer Guide, "Receipt rule actions"). Use a resource in ${region}.` });
  }
}

