/**
 * The children of each explorer node: session reads turned into view nodes, failures into error
 * nodes. No vscode here, so tests drive it with real SDK clients against the local endpoint.
 */
import { AwsCallError } from '../aws/awsErrors';
import type { SesExplorerSession } from '../aws/sesExplorerSession';
import type { AwsProblem } from '../core/sesModel/awsProblem';
import { identityDetailNodes, identityRootNodes } from '../core/sesModel/identityNodes';
import { notReceivingNodes, regionReceivesMail, ruleNodes, ruleSetRootNodes } from '../core/sesModel/ruleSetNodes';
import { errorNode, type LoadScope, type ViewNode } from '../core/sesModel/viewNodes';

export interface Children {
  nodes: ViewNode[];
  /** The credential chain found nothing: the view shows its welcome content instead of nodes. */
  noCredentials?: boolean;
}

export function problemOf(error: unknown): AwsProblem {
  if (error instanceof AwsCallError) return error.problem;
  return { kind: 'service-error', title: 'unexpected error', message: error instanceof Error ? error.message : String(error) };
}

async function guarded(scope: LoadScope, load: () => Promise<ViewNode[]>): Promise<Children> {
  try {
    return { nodes: await load() };
  } catch (error) {
    return { nodes: [errorNode(scope, problemOf(error))] };
  }
}

/** Root nodes need credentials first: without any, the welcome view says how to add them. */
async function withCredentials(session: SesExplorerSession, scope: LoadScope, load: () => Promise<ViewNode[]>): Promise<Children> {
  try {
    await session.checkCredentials();
  } catch (error) {
    const problem = problemOf(error);
    if (problem.kind === 'no-credentials') return { nodes: [], noCredentials: true };
    return { nodes: [errorNode(scope, problem)] };
  }
  return guarded(scope, load);
}

export function identityChildren(session: SesExplorerSession, parent?: ViewNode): Promise<Children> {
  if (!parent) return withCredentials(session, { list: 'identities' }, async () => identityRootNodes(await session.listIdentities(), session.connection.region));
  if (parent.children) return Promise.resolve({ nodes: parent.children });
  if (parent.target?.type === 'identity') {
    const name = parent.target.identity;
    return guarded({ identity: name }, async () => identityDetailNodes(await session.identity(name)));
  }
  return Promise.resolve({ nodes: [] });
}

export function ruleSetChildren(session: SesExplorerSession, parent?: ViewNode): Promise<Children> {
  if (!parent) {
    return withCredentials(session, { list: 'rule-sets' }, async () => {
      if (!regionReceivesMail(session.connection.region)) return notReceivingNodes(session.connection.region);
      const state = await session.ruleSets();
      return ruleSetRootNodes(state.page, state.active, session.connection.region);
    });
  }
  if (parent.children) return Promise.resolve({ nodes: parent.children });
  if (parent.target?.type === 'rule-set') {
    const name = parent.target.ruleSet;
    return guarded({ ruleSet: name }, async () => ruleNodes(await session.ruleSet(name)));
  }
  return Promise.resolve({ nodes: [] });
}

/** What Retry forgets, and which node to redraw afterwards (undefined: the view's root). */
export function retryPlan(scope: LoadScope): { forget: string[]; redraw?: string } {
  if ('list' in scope) return { forget: ['credentials', scope.list] };
  if ('identity' in scope) return { forget: [`identity/${scope.identity}`], redraw: `identity/${scope.identity}` };
  return { forget: [`rule-set/${scope.ruleSet}`], redraw: `rule-set/${scope.ruleSet}` };
}
