/**
 * Tree nodes of the AWS explorer as plain data. The tree providers turn them into TreeItems one
 * to one; everything shown (labels, states, what can be clicked) is decided here.
 */
import type { AwsProblem } from './awsProblem';
import { AWS_COMMANDS } from './explorerCommands';

/** A part of the explorer that is loaded as a whole, retried as a whole. */
export type LoadScope =
  | { list: 'identities' }
  | { list: 'rule-sets' }
  | { identity: string }
  | { ruleSet: string };

export type NodeTarget =
  | { type: 'identity'; identity: string; identityType: string }
  | { type: 'rule-set'; ruleSet: string; active: boolean }
  | { type: 'rule'; ruleSet: string; rule: string }
  | { type: 'retry'; scope: LoadScope }
  | { type: 'load-more'; list: 'identities' | 'rule-sets' };

export type NodeKind = 'identity' | 'identity-info' | 'dkim-token' | 'rule-set' | 'rule' | 'rule-info' | 'rule-actions' | 'rule-action' | 'error' | 'placeholder' | 'load-more';

export interface ViewNode {
  /** Unique in its view and stable across refreshes, so expanded nodes stay expanded. */
  id: string;
  kind: NodeKind;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id, optionally with a theme color id: "pass|testing.iconPassed". */
  icon?: string;
  /** For `when` clauses of context menus (viewItem == …). */
  contextValue?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  /** Children known with the node; a collapsible node without them is loaded on expansion. */
  children?: ViewNode[];
  target?: NodeTarget;
  /** Run on click: the command gets the node itself as its argument. */
  command?: { id: string; title: string };
}

export const CONTEXT = {
  domainIdentity: 'emailAuth.identity.domain',
  emailIdentity: 'emailAuth.identity.email',
  ruleSet: 'emailAuth.ruleSet',
  activeRuleSet: 'emailAuth.ruleSet.active',
  rule: 'emailAuth.receiptRule',
  error: 'emailAuth.error',
  loadMore: 'emailAuth.loadMore',
} as const;

export function scopeId(scope: LoadScope): string {
  if ('list' in scope) return scope.list;
  if ('identity' in scope) return `identity/${scope.identity}`;
  return `rule-set/${scope.ruleSet}`;
}

export function errorNode(scope: LoadScope, problem: AwsProblem): ViewNode {
  return {
    id: `${scopeId(scope)}/error`,
    kind: 'error',
    label: `Failed to load: ${problem.title}`,
    description: 'click to retry',
    tooltip: problem.message,
    icon: 'error|errorForeground',
    contextValue: CONTEXT.error,
    collapsible: 'none',
    target: { type: 'retry', scope },
    command: { id: AWS_COMMANDS.retry, title: 'Retry' },
  };
}

export function placeholderNode(id: string, label: string, tooltip?: string, command?: ViewNode['command']): ViewNode {
  return { id: `${id}/placeholder`, kind: 'placeholder', label, tooltip, icon: 'info', collapsible: 'none', command };
}

export function loadMoreNode(list: 'identities' | 'rule-sets'): ViewNode {
  return {
    id: `${list}/load-more`,
    kind: 'load-more',
    label: 'Load more…',
    icon: 'more',
    contextValue: CONTEXT.loadMore,
    collapsible: 'none',
    target: { type: 'load-more', list },
    command: { id: AWS_COMMANDS.loadMore, title: 'Load more' },
  };
}
