/**
 * SES (v1) receipt rule sets. Every attempt, retries included, waits for its turn at the pacer:
 * these APIs allow one request a second.
 */
import {
  DescribeActiveReceiptRuleSetCommand,
  DescribeReceiptRuleCommand,
  DescribeReceiptRuleSetCommand,
  ListReceiptRuleSetsCommand,
  type ReceiptRule,
  type SESClient,
} from '@aws-sdk/client-ses';
import type { FinalizeRequestMiddleware, MetadataBearer } from '@smithy/types';
import type { Paged, ReceiptActionData, ReceiptRuleData, RuleSetDetails, RuleSetSummary } from '../core/sesModel/sesData';
import type { RequestPacer } from './requestPacer';

const PACER_MIDDLEWARE = 'emailAuthReceiptPacer';

export class SesReceiptGateway {
  constructor(
    private readonly client: SESClient,
    pacer: RequestPacer,
  ) {
    if (!client.middlewareStack.identify().some((entry) => entry.startsWith(PACER_MIDDLEWARE))) {
      // After the retry middleware, so each attempt is paced rather than each call.
      const paced: FinalizeRequestMiddleware<object, MetadataBearer> = (next) => async (args) => {
        await pacer.turn();
        return next(args);
      };
      client.middlewareStack.addRelativeTo(paced, { relation: 'after', toMiddleware: 'retryMiddleware', name: PACER_MIDDLEWARE, override: true },
      );
    }
  }

  async listRuleSetsPage(nextToken?: string): Promise<Paged<RuleSetSummary>> {
    const out = await this.client.send(new ListReceiptRuleSetsCommand({ NextToken: nextToken }));
    const items = (out.RuleSets ?? [])
      .filter((s) => typeof s.Name === 'string' && s.Name !== '')
      .map((s): RuleSetSummary => ({ name: s.Name!, createdTimestamp: s.CreatedTimestamp?.toISOString() }));
    return { items, nextToken: out.NextToken || undefined };
  }

  async describeRuleSet(name: string): Promise<RuleSetDetails> {
    const out = await this.client.send(new DescribeReceiptRuleSetCommand({ RuleSetName: name }));
    return { name: out.Metadata?.Name ?? name, rules: (out.Rules ?? []).map(ruleData) };
  }

  /** The active rule set with its rules, or undefined when none is active. */
  async describeActiveRuleSet(): Promise<RuleSetDetails | undefined> {
    const out = await this.client.send(new DescribeActiveReceiptRuleSetCommand({}));
    if (!out.Metadata?.Name) return undefined;
    return { name: out.Metadata.Name, rules: (out.Rules ?? []).map(ruleData) };
  }

  async describeRule(ruleSet: string, rule: string): Promise<ReceiptRuleData> {
    const out = await this.client.send(new DescribeReceiptRuleCommand({ RuleSetName: ruleSet, RuleName: rule }));
    if (!out.Rule) throw Object.assign(new Error(`SES returned no rule ${rule} in ${ruleSet}`), { name: 'RuleDoesNotExist' });
    return ruleData(out.Rule);
  }
}

/** A rule as plain JSON data: the SDK's object without undefined members. */
export function ruleData(rule: ReceiptRule): ReceiptRuleData {
  const actions = (rule.Actions ?? []).map((action) => plain(action) as ReceiptActionData);
  const data: ReceiptRuleData = { Name: rule.Name ?? '' };
  if (rule.Enabled !== undefined) data.Enabled = rule.Enabled;
  if (rule.TlsPolicy !== undefined) data.TlsPolicy = rule.TlsPolicy;
  if (rule.Recipients !== undefined) data.Recipients = [...rule.Recipients];
  if (rule.Actions !== undefined) data.Actions = actions;
  if (rule.ScanEnabled !== undefined) data.ScanEnabled = rule.ScanEnabled;
  return data;
}

function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = plain(member);
    return out;
  }
  return value;
}
