/** The "Receipt Rule Sets" view: rule sets (the active one marked), their rules in order, and actions. */
import { SES_RECEIVING_REGIONS } from '../../../../server/src/service/ses/sesRegions';
import { AWS_COMMANDS } from './explorerCommands';
import type { Paged, ReceiptActionData, ReceiptRuleData, RuleSetDetails, RuleSetSummary } from './sesData';
import { CONTEXT, loadMoreNode, placeholderNode, type ViewNode } from './viewNodes';

export function regionReceivesMail(region: string): boolean {
  return SES_RECEIVING_REGIONS.includes(region.trim().toLowerCase());
}

/** Shown instead of asking SES when the region has no receiving: receipt rules cannot exist there. */
export function notReceivingNodes(region: string): ViewNode[] {
  return [
    placeholderNode(
      'rule-sets',
      `SES does not receive mail in ${region}`,
      `Receipt rule sets exist only in regions where SES receives mail: ${SES_RECEIVING_REGIONS.join(', ')}. Click to select another region.`,
      { id: AWS_COMMANDS.selectRegion, title: 'Select region' },
    ),
  ];
}

export function ruleSetRootNodes(page: Paged<RuleSetSummary>, activeName: string | undefined, region: string): ViewNode[] {
  if (page.items.length === 0 && !page.nextToken) return [placeholderNode('rule-sets', `No receipt rule sets in ${region}`, `SES has no receipt rule set in ${region}; create one in the SES console to receive mail.`)];
  const nodes = page.items.map((set) => ruleSetNode(set, set.name === activeName));
  if (page.nextToken) nodes.push(loadMoreNode('rule-sets'));
  return nodes;
}

export function ruleSetNode(set: RuleSetSummary, active: boolean): ViewNode {
  return {
    id: `rule-set/${set.name}`,
    kind: 'rule-set',
    label: set.name,
    description: active ? 'active' : undefined,
    tooltip: `${set.name}${active ? ' — the active rule set: SES applies its rules to incoming mail' : ' — inactive: SES ignores its rules'}${set.createdTimestamp ? `\nCreated ${set.createdTimestamp}` : ''}`,
    icon: active ? 'check|testing.iconPassed' : 'list-ordered',
    contextValue: active ? CONTEXT.activeRuleSet : CONTEXT.ruleSet,
    collapsible: active ? 'expanded' : 'collapsed',
    target: { type: 'rule-set', ruleSet: set.name, active },
  };
}

/** The rules of a set in the order SES applies them. */
export function ruleNodes(set: RuleSetDetails): ViewNode[] {
  if (set.rules.length === 0) return [placeholderNode(`rule-set/${set.name}`, 'No rules in this rule set')];
  return set.rules.map((rule, index) => ruleNode(set.name, rule, index));
}

function ruleNode(ruleSet: string, rule: ReceiptRuleData, index: number): ViewNode {
  const base = `rule-set/${ruleSet}/rule/${rule.Name}`;
  const enabled = rule.Enabled === true;
  const info = (key: string, label: string, description: string, icon: string, tooltip: string): ViewNode => ({ id: `${base}/${key}`, kind: 'rule-info', label, description, tooltip, icon, collapsible: 'none' });
  const recipients = rule.Recipients ?? [];
  const actions = rule.Actions ?? [];
  const children: ViewNode[] = [
    info('enabled', 'Enabled', enabled ? 'yes' : 'no', enabled ? 'pass' : 'circle-slash', enabled ? 'SES applies this rule.' : 'Disabled: SES skips this rule.'),
    info('recipients', 'Recipients', recipients.length > 0 ? recipients.join(', ') : 'all verified domains', 'person', recipients.length > 0 ? `Mail to: ${recipients.join(', ')}` : 'No recipient condition: the rule takes mail for every verified domain of the account in this region.'),
    info('tls', 'TLS policy', rule.TlsPolicy ?? 'Optional', 'lock', rule.TlsPolicy === 'Require' ? 'Require: SES bounces mail that arrives without TLS.' : 'Optional: SES accepts mail with or without TLS.'),
    info('scan', 'Spam and virus scanning', rule.ScanEnabled ? 'on' : 'off', 'shield', rule.ScanEnabled ? 'SES scans mail and adds verdict headers.' : 'SES does not scan mail for this rule.'),
    {
      id: `${base}/actions`,
      kind: 'rule-actions',
      label: 'Actions',
      description: actions.length === 0 ? 'none' : String(actions.length),
      icon: 'run-all',
      collapsible: actions.length > 0 ? 'expanded' : 'none',
      children: actions.map((action, i) => actionNode(base, action, i)),
    },
  ];
  return {
    id: base,
    kind: 'rule',
    label: rule.Name,
    description: `${index + 1}${enabled ? '' : ' · disabled'}`,
    tooltip: `Rule ${index + 1} of the rule set ${ruleSet}${enabled ? '' : ' (disabled)'}`,
    icon: enabled ? 'mail' : 'circle-slash',
    contextValue: CONTEXT.rule,
    collapsible: 'collapsed',
    children,
    target: { type: 'rule', ruleSet, rule: rule.Name },
  };
}

function actionNode(base: string, action: ReceiptActionData, index: number): ViewNode {
  const [kind, fields] = Object.entries(action).find(([, value]) => value !== undefined) ?? ['Unknown', {}];
  const summary = describeAction(kind, fields ?? {});
  return {
    id: `${base}/action/${index}`,
    kind: 'rule-action',
    label: `${index + 1}. ${summary.label}`,
    description: summary.description,
    tooltip: `${kind}: ${JSON.stringify(fields ?? {}, null, 1)}`,
    icon: summary.icon,
    collapsible: 'none',
  };
}

function describeAction(kind: string, f: Record<string, unknown>): { label: string; description: string; icon: string } {
  const s = (key: string) => (typeof f[key] === 'string' ? (f[key] as string) : '');
  switch (kind) {
    case 'S3Action':
      return { label: 'Store in S3', description: `s3://${s('BucketName')}/${s('ObjectKeyPrefix')}`, icon: 'database' };
    case 'SNSAction':
      return { label: 'Publish to SNS', description: `${s('TopicArn')}${s('Encoding') ? ` (${s('Encoding')})` : ''}`, icon: 'broadcast' };
    case 'LambdaAction':
      return { label: 'Invoke Lambda', description: `${s('FunctionArn')}${s('InvocationType') ? ` (${s('InvocationType')})` : ''}`, icon: 'symbol-function' };
    case 'BounceAction':
      return { label: 'Bounce', description: `${s('SmtpReplyCode')} ${s('StatusCode')} ${s('Message')}`.replace(/\s+/g, ' ').trim(), icon: 'reply' };
    case 'StopAction':
      return { label: 'Stop', description: s('Scope') || 'RuleSet', icon: 'debug-stop' };
    case 'AddHeaderAction':
      return { label: 'Add header', description: `${s('HeaderName')}: ${s('HeaderValue')}`, icon: 'add' };
    case 'WorkmailAction':
      return { label: 'Deliver to WorkMail', description: s('OrganizationArn'), icon: 'inbox' };
    case 'ConnectAction':
      return { label: 'Send to Amazon Connect', description: s('InstanceARN'), icon: 'call-incoming' };
    default:
      return { label: kind, description: '', icon: 'question' };
  }
}
