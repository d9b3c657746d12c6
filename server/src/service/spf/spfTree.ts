import type { Finding } from '../types';
import { isSpfText, sourceSpan, type DnsRecord } from '../records';
import { parseSpf, type SpfTerm } from './spfRecord';

/**
 * Where the walker learns about other names: the zone being edited first, then (when enabled)
 * DNS. 'unknown' means nothing can be concluded, and never produces a finding.
 */
export type SpfLookupResult =
  | { status: 'found'; texts: string[]; where: 'file' | 'dns' }
  | { status: 'none'; where: 'file' | 'dns' }
  | { status: 'nxdomain'; where: 'file' | 'dns' }
  | { status: 'unknown'; reason: string };

/** 'too-many': more than 10 MX hosts, a permerror of its own (RFC 7208 section 4.6.4). */
export type ExistsResult = 'yes' | 'void' | 'unknown' | 'too-many';

export interface SpfSource {
  spf(name: string): Promise<SpfLookupResult>;
  addresses(name: string): Promise<ExistsResult>;
  mx(name: string): Promise<ExistsResult>;
}

export interface SpfTreeNode {
  /** The term as written, e.g. `include:_spf.example.com`. */
  term: string;
  domain?: string;
  /** DNS-querying terms this term costs, its subtree included. */
  cost: number;
  note?: string;
  children: SpfTreeNode[];
}

export interface SpfTree {
  lookups: number;
  voids: number;
  /** Whether some part of the tree could not be resolved, so the count is a lower bound. */
  incomplete: boolean;
  nodes: SpfTreeNode[];
}

export const LOOKUP_LIMIT = 10;
export const VOID_LIMIT = 2;
const MAX_DEPTH = 12;

interface Problem {
  code: 'spf-include-loop' | 'spf-include-missing' | 'spf-include-permerror' | 'spf-lookup-limit';
  message: string;
}

interface WalkState {
  source: SpfSource;
  stack: string[];
  voids: number;
  incomplete: boolean;
  budget: number;
}

const hasMacro = (domain: string) => domain.includes('%');

/** Walks one record's include/redirect tree and counts look-ups (RFC 7208 section 4.6.4). */
async function walkTerms(domain: string, terms: SpfTerm[], state: WalkState, problems: Problem[][] | undefined): Promise<SpfTreeNode[]> {
  const nodes: SpfTreeNode[] = [];
  const hasAll = terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  for (const term of terms) {
    const termProblems: Problem[] = [];
    problems?.push(termProblems);
    const node = await walkTerm(domain, term, hasAll, state, termProblems);
    nodes.push(node);
  }
  return nodes;
}

async function walkTerm(domain: string, term: SpfTerm, hasAll: boolean, state: WalkState, problems: Problem[]): Promise<SpfTreeNode> {
  const node: SpfTreeNode = { term: term.text, cost: 0, children: [] };
  if (term.kind === 'invalid' || term.error) return node;
  const target = term.argument ? term.argument.replace(/\.$/, '').toLowerCase() : domain;
  const isRedirect = term.kind === 'modifier' && term.name === 'redirect';
  if (term.kind === 'mechanism' && (term.name === 'include' || isRedirect) || isRedirect) {
    if (isRedirect && hasAll) {
      node.note = 'ignored: the record has "all"';
      return node;
    }
    node.cost = 1;
    node.domain = target;
    if (hasMacro(target)) {
      node.note = 'target uses macros; evaluated only at receive time';
      state.incomplete = true;
      return node;
    }
    if (state.stack.includes(target)) {
      problems.push({ code: 'spf-include-loop', message: `${[...state.stack, target].join(' → ')} loops back to ${target}; receivers stop with permerror (RFC 7208 section 5.2, 4.6.4). Remove the include that closes the loop.` });
      node.note = 'loop';
      return node;
    }
    if (state.stack.length >= MAX_DEPTH || state.budget <= 0) {
      node.note = 'not followed: too deep';
      state.incomplete = true;
      return node;
    }
    state.budget--;
    const found = await state.source.spf(target);
    if (found.status === 'unknown') {
      state.incomplete = true;
      node.note = found.reason;
      return node;
    }
    if (found.status !== 'found') {
      state.voids++;
      const why = found.status === 'nxdomain' ? 'does not exist' : 'has no SPF record';
      const where = found.where === 'file' ? 'in this file' : 'in DNS';
      problems.push({ code: 'spf-include-missing', message: `${target} ${why} ${where}, so "${term.text}" makes receivers return permerror (RFC 7208 section 5.2, 6.1). Fix the domain or publish an SPF record there.` });
      node.note = why;
      return node;
    }
    const parsed = parseSpf(found.texts[0]);
    const broken = found.texts.length > 1 ? `it has ${found.texts.length} SPF records` : targetSyntaxError(parsed);
    if (broken) {
      problems.push({ code: 'spf-include-permerror', message: `The SPF record of ${target} returns permerror (${broken}), and so does "${term.text}" (RFC 7208 section 5.2). Fix that record or stop including it.` });
      node.note = 'permerror';
      return node;
    }
    state.stack.push(target);
    node.children = await walkTerms(target, parsed.terms, state, undefined).then((children) => children);
    state.stack.pop();
    node.cost += node.children.reduce((sum, child) => sum + child.cost, 0);
    // Problems deeper in the tree belong to this top-level term: collect them from a nested walk.
    problems.push(...(await nestedProblems(target, parsed.terms, state)));
    return node;
  }
  if (term.kind !== 'mechanism') return node;
  if (term.name === 'a' || term.name === 'mx' || term.name === 'ptr' || term.name === 'exists') {
    node.cost = 1;
    node.domain = target;
    if (term.name === 'ptr' || hasMacro(target)) return node;
    const outcome = term.name === 'mx' ? await state.source.mx(target) : await state.source.addresses(target);
    if (outcome === 'too-many') {
      problems.push({ code: 'spf-lookup-limit', message: `${target} has more than 10 MX hosts; receivers return permerror for "${term.text}" (RFC 7208 section 4.6.4). Use ip4/ip6 for the hosts instead.` });
    } else if (outcome === 'void') {
      state.voids++;
      node.note = term.name === 'mx' ? 'no MX records (void look-up)' : 'no address records (void look-up)';
    } else if (outcome === 'unknown') state.incomplete = true;
  }
  return node;
}

function targetSyntaxError(parsed: ReturnType<typeof parseSpf>): string | undefined {
  if (parsed.problems.length > 0) return parsed.problems[0].message.replace(/\.$/, '');
  const bad = parsed.terms.find((t) => t.kind === 'invalid' || t.error);
  return bad ? `"${bad.text}" is invalid` : undefined;
}

/**
 * Loops and missing targets found below a top-level include are reported on that include. The
 * walk above builds the tree; this second pass only gathers problems and reuses the source's cache.
 */
async function nestedProblems(domain: string, terms: SpfTerm[], state: WalkState): Promise<Problem[]> {
  const shadow: WalkState = { ...state, voids: 0, stack: [...state.stack, domain] };
  const nested: Problem[][] = [];
  await walkTerms(domain, terms, shadow, nested);
  return nested.flat();
}

export async function buildSpfTree(domain: string, text: string, source: SpfSource): Promise<SpfTree> {
  const state: WalkState = { source, stack: [domain], voids: 0, incomplete: false, budget: 60 };
  const nodes = await walkTerms(domain, parseSpf(text).terms, state, undefined);
  return { lookups: nodes.reduce((sum, n) => sum + n.cost, 0), voids: state.voids, incomplete: state.incomplete, nodes };
}

/** Findings from the include/redirect tree of one SPF record: look-up limits, loops, missing targets. */
export async function checkSpfTree(record: DnsRecord, source: SpfSource): Promise<Finding[]> {
  const value = record.txt;
  if (!value || record.type !== 'TXT' || !isSpfText(value.text)) return [];
  const parsed = parseSpf(value.text);
  const state: WalkState = { source, stack: [record.name], voids: 0, incomplete: false, budget: 60 };
  const perTerm: Problem[][] = [];
  const nodes = await walkTerms(record.name, parsed.terms, state, perTerm);
  const findings: Finding[] = [];
  let running = 0;
  let reported = false;
  parsed.terms.forEach((term, index) => {
    const span = sourceSpan(value, term.start, term.end);
    const seen = new Set<string>();
    for (const problem of perTerm[index] ?? []) {
      if (seen.has(problem.message)) continue;
      seen.add(problem.message);
      findings.push({ code: problem.code, ...span, message: problem.message });
    }
    running += nodes[index].cost;
    if (!reported && running > LOOKUP_LIMIT) {
      reported = true;
      const total = nodes.reduce((sum, n) => sum + n.cost, 0);
      findings.push({
        code: 'spf-lookup-limit',
        ...span,
        message: `This record needs ${total}${state.incomplete ? ' or more' : ''} DNS look-ups (include, a, mx, ptr, exists, redirect, counted through includes); receivers stop at ${LOOKUP_LIMIT} with permerror (RFC 7208 section 4.6.4). The limit is passed at "${term.text}". Replace includes with ip4/ip6 ranges or drop unused ones.`,
      });
    }
  });
  if (state.voids > VOID_LIMIT) {
    findings.push({ code: 'spf-void-lookup-limit', ...value.span, message: `${state.voids} look-ups in this record's tree return no answer; receivers stop after ${VOID_LIMIT} with permerror (RFC 7208 section 4.6.4). Remove the terms that point at names without records.` });
  }
  return findings;
}

/** Markdown for a record's hover: the count and the tree with each term's cost. */
export function renderSpfTree(tree: SpfTree): string {
  const lines = [`**DNS look-ups: ${tree.lookups}${tree.incomplete ? '+' : ''} of ${LOOKUP_LIMIT}**${tree.voids ? ` · void look-ups: ${tree.voids} of ${VOID_LIMIT}` : ''}`, ''];
  const render = (nodes: SpfTreeNode[], depth: number) => {
    for (const node of nodes) {
      if (node.cost === 0 && !node.note && node.children.length === 0) continue;
      const note = node.note ? ` — ${node.note}` : '';
      lines.push(`${'  '.repeat(depth)}- \`${node.term}\` (${node.cost})${note}`);
      render(node.children, depth + 1);
    }
  };
  render(tree.nodes, 0);
  if (tree.incomplete) lines.push('', '_Some targets could not be resolved; the count is a lower bound._');
  return lines.join('\n');
}
