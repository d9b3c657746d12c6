// SES v1 receipt rule reads (query protocol, API version 2010-12-01). Receiving rules exist only
// in this API (SESv2 never got them) and only in regions where SES receives mail; elsewhere the
// operations fail with InvalidAction "Unavailable Operation" (seen in
// hashicorp/terraform-provider-aws#19378 and cloudquery/cloudquery#5995).
import { AwsError, SES_NAMESPACE } from './errors';
import { decodeToken, encodeToken, type Operation, type OperationContext, type ServiceRouter, single, xmlAnswer } from './operation';
import type { ReceiptRule, RuleSet, SesRegionState } from './seed';
import type { ReceivedRequest } from './sigv4';
import type { XmlObject } from './xml';

/** ListReceiptRuleSets answers at most 100 rule sets per call (API Reference). */
const RULE_SETS_PER_PAGE = 100;

type Handler = (context: OperationContext, params: URLSearchParams) => XmlObject;

const HANDLERS: Record<string, Handler> = {
  ListReceiptRuleSets: listReceiptRuleSets,
  DescribeReceiptRuleSet: describeReceiptRuleSet,
  DescribeActiveReceiptRuleSet: describeActiveReceiptRuleSet,
  DescribeReceiptRule: describeReceiptRule,
};

export const sesRouter: ServiceRouter = {
  service: 'ses',
  protocol: 'query',
  iamPrefix: 'ses',
  route(request) {
    if (request.path !== '/') return undefined;
    const params = queryParams(request);
    const action = params.get('Action') ?? '';
    const handler = HANDLERS[action];
    if (!handler) return unknownAction(action);
    return {
      name: action,
      run(context) {
        if (!context.state.ses.receivingRegions.has(context.region)) throw new AwsError('InvalidAction', 'Unavailable Operation');
        return xmlAnswer(`${action}Response`, SES_NAMESPACE, {
          [`${action}Result`]: handler(context, params),
          ResponseMetadata: { RequestId: context.requestId },
        }, context.requestId);
      },
    };
  },
};

/** Query requests carry their parameters in a form body (POST) or the query string (GET). */
function queryParams(request: ReceivedRequest): URLSearchParams {
  if (request.method === 'POST') return new URLSearchParams(request.body.toString('utf8'));
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(request.query)) params.set(key, single(value) ?? '');
  return params;
}

function unknownAction(action: string): Operation {
  return {
    name: action || 'Unknown',
    run() {
      throw new AwsError('InvalidAction', `The action ${action} is not valid for this web service.`);
    },
  };
}

function regionState(context: OperationContext): SesRegionState {
  return context.state.ses.byRegion.get(context.region) ?? context.state.ses.fallback;
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') {
    const member = name[0].toLowerCase() + name.slice(1);
    throw new AwsError('ValidationError', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
  }
  return value;
}

function findRuleSet(context: OperationContext, name: string): RuleSet {
  const set = regionState(context).ruleSets.find((candidate) => candidate.Name === name);
  if (!set) throw new AwsError('RuleSetDoesNotExist', `Rule set does not exist: ${name}`);
  return set;
}

function listReceiptRuleSets(context: OperationContext, params: URLSearchParams): XmlObject {
  const sets = regionState(context).ruleSets;
  const token = params.get('NextToken');
  let start = 0;
  if (token) {
    const name = decodeToken(token);
    start = sets.findIndex((set) => set.Name === name);
    if (start < 0) throw new AwsError('InvalidParameterValue', 'The NextToken is not valid.');
  }
  const page = sets.slice(start, start + RULE_SETS_PER_PAGE);
  const next = sets[start + RULE_SETS_PER_PAGE];
  return {
    RuleSets: { member: page.map((set) => ({ Name: set.Name, CreatedTimestamp: set.CreatedTimestamp })) },
    NextToken: next ? encodeToken(next.Name) : undefined,
  };
}

function ruleSetXml(set: RuleSet): XmlObject {
  return { Metadata: { Name: set.Name, CreatedTimestamp: set.CreatedTimestamp }, Rules: { member: set.Rules.map(ruleXml) } };
}

function describeReceiptRuleSet(context: OperationContext, params: URLSearchParams): XmlObject {
  return ruleSetXml(findRuleSet(context, required(params, 'RuleSetName')));
}

/** With no active rule set the result is empty (no Metadata, no Rules). */
function describeActiveReceiptRuleSet(context: OperationContext): XmlObject {
  const active = regionState(context).activeRuleSet;
  return active === undefined ? {} : ruleSetXml(findRuleSet(context, active));
}

function describeReceiptRule(context: OperationContext, params: URLSearchParams): XmlObject {
  const set = findRuleSet(context, required(params, 'RuleSetName'));
  const name = required(params, 'RuleName');
  const rule = set.Rules.find((candidate) => candidate.Name === name);
  if (!rule) throw new AwsError('RuleDoesNotExist', `Rule does not exist: ${name}`);
  return { Rule: ruleXml(rule) };
}

/** Every member in the order of the ReceiptRule shape; actions keep their fields as seeded. */
function ruleXml(rule: ReceiptRule): XmlObject {
  return {
    Name: rule.Name,
    Enabled: rule.Enabled ?? false,
    TlsPolicy: rule.TlsPolicy ?? 'Optional',
    Recipients: rule.Recipients ? { member: rule.Recipients } : undefined,
    Actions: rule.Actions ? { member: rule.Actions.map((action) => ({ ...action })) } : undefined,
    ScanEnabled: rule.ScanEnabled ?? false,
  };
}
