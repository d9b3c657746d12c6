import { elements, properties, property, propertyKey, type JsonNode } from '../json/jsonTree';
import { stringElements, stringField, type StringField } from '../json/jsonString';

/** The allowed values of the enum-like fields (AWS SDK v3 for SES: `TlsPolicy`, `StopScope`, …). */
export const ACTION_TYPES: readonly string[] = ['S3Action', 'BounceAction', 'WorkmailAction', 'LambdaAction', 'StopAction', 'AddHeaderAction', 'SNSAction', 'ConnectAction'];
export const TLS_POLICIES: readonly string[] = ['Require', 'Optional'];
export const STOP_SCOPES: readonly string[] = ['RuleSet'];
export const INVOCATION_TYPES: readonly string[] = ['Event', 'RequestResponse'];
export const SNS_ENCODINGS: readonly string[] = ['UTF-8', 'Base64'];

export interface ReceiptAction {
  /** The key naming the action, e.g. `S3Action`. */
  type: string;
  key: JsonNode;
  body: JsonNode | undefined;
  /** The string-valued properties of the action, by name. */
  fields: ReadonlyMap<string, StringField>;
}

export interface ReceiptRuleEntry {
  node: JsonNode;
  name?: StringField;
  /** Enabled is false unless the rule says true (SES API Reference, ReceiptRule). */
  enabled: boolean;
  recipientsKey?: JsonNode;
  recipients: StringField[];
  actionsKey?: JsonNode;
  actions: ReceiptAction[];
  tlsPolicy?: StringField;
  /** Only in create-receipt-rule input: the rule this one goes after. */
  after?: StringField;
}

export interface ReceiptRuleDocument {
  isSet: boolean;
  ruleSetName?: StringField;
  rulesKey?: JsonNode;
  rules: ReceiptRuleEntry[];
}

function stringFields(text: string, body: JsonNode | undefined): Map<string, StringField> {
  const fields = new Map<string, StringField>();
  for (const [key] of properties(body)) {
    const field = stringField(text, body, String(key.value));
    if (field) fields.set(String(key.value), field);
  }
  return fields;
}

function ruleEntry(text: string, node: JsonNode): ReceiptRuleEntry {
  const actions: ReceiptAction[] = [];
  for (const element of elements(property(node, 'Actions'))) {
    for (const [key, body] of properties(element)) actions.push({ type: String(key.value), key, body, fields: stringFields(text, body) });
  }
  return {
    node,
    name: stringField(text, node, 'Name'),
    enabled: property(node, 'Enabled')?.value === true,
    tlsPolicy: stringField(text, node, 'TlsPolicy'),
    recipientsKey: propertyKey(node, 'Recipients'),
    recipients: stringElements(text, property(node, 'Recipients')),
    actionsKey: propertyKey(node, 'Actions'),
    actions,
  };
}

/**
 * Reads a rule (`--rule file://…`, or the create-receipt-rule input with `Rule`, `After` and
 * `RuleSetName`) or a rule set (`aws ses describe-receipt-rule-set` output).
 */
export function buildReceiptRules(text: string, root: JsonNode | undefined, isSet: boolean): ReceiptRuleDocument {
  if (isSet) {
    const rules = elements(property(root, 'Rules')).filter((n) => n.type === 'object').map((n) => ruleEntry(text, n));
    return { isSet, ruleSetName: stringField(text, property(root, 'Metadata'), 'Name') ?? stringField(text, root, 'RuleSetName'), rulesKey: propertyKey(root, 'Rules'), rules };
  }
  const wrapped = property(root, 'Rule');
  if (wrapped?.type === 'object') {
    const rule = ruleEntry(text, wrapped);
    rule.after = stringField(text, root, 'After');
    return { isSet, ruleSetName: stringField(text, root, 'RuleSetName'), rules: [rule] };
  }
  return { isSet, rules: root?.type === 'object' ? [ruleEntry(text, root)] : [] };
}
