import type { Finding } from '../types';
import { isSpfText, sourceSpan, type DnsRecord, type TxtValue } from '../records';
import { parseSpf, type SpfRecord, type SpfTerm } from './spfRecord';

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

/** Answers may be immediate (the file) or later (DNS): the walk only waits for the latter. */
type Maybe<T> = T | Promise<T>;

export interface SpfSource {
  spf(name: string): Maybe<SpfLookupResult>;
  addresses(name: string): Maybe<ExistsResult>;
  mx(name: string): Maybe<ExistsResult>;
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
  stack: string[];
  voids: number;
  incomplete: boolean;
  budget: number;
}

type Query = { kind: 'spf' | 'addresses' | 'mx'; name: string };
type Answer = SpfLookupResult | ExistsResult;
type Walk<T> = Generator<Query, T, Answer>;

const hasMacro = (domain: string) => domain.includes('%');

/**
 * Runs a walk, answering its questions from the source. Answers from the file are synchronous,
 * so a tree that stays inside the file is walked without waiting on the event loop.
 */
function drive<T>(walk: Walk<T>, source: SpfSource): Maybe<T> {
  let step = walk.next();
  while (!step.done) {
    const query = step.value;
    const answer = ask(source, query);
    // The first answer that must be waited for hands the rest of the walk to the async driver.
    if (answer instanceof Promise) return answer.then((value) => driveAsync(walk, source, walk.next(value)));
    step = walk.next(answer);
  }
  return step.value;
}

async function driveAsync<T>(walk: Walk<T>, source: SpfSource, first: IteratorResult<Query, T>): Promise<T> {
  let step = first;
  while (!step.done) step = walk.next(await ask(source, step.value));
  return step.value;
}

function ask(source: SpfSource, query: Query): Maybe<Answer> {
  return query.kind === 'spf' ? source.spf(query.name) : query.kind === 'mx' ? source.mx(query.name) : source.addresses(query.name);
}

/**
 * Walks one record's terms and counts look-ups (RFC 7208 section 4.6.4). Problems found anywhere
 * below a top-level term are collected in that term's list, so they are reported on it.
 */
function* walkTerms(domain: string, terms: SpfTerm[], state: WalkState, problems: (index: number) => Problem[]): Walk<SpfTreeNode[]> {
  const nodes: SpfTreeNode[] = [];
  const hasAll = terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  for (let index = 0; index < terms.length; index++) nodes.push(yield* walkTerm(domain, terms[index], hasAll, state, problems(index)));
  return nodes;
}

function* walkTerm(domain: string, term: SpfTerm, hasAll: boolean, state: WalkState, problems: Problem[]): Walk<SpfTreeNode> {
  const node: SpfTreeNode = { term: term.text, cost: 0, children: [] };
  if (term.kind === 'invalid' || term.error) return node;
  const target = term.argument ? term.argument.replace(/\.$/, '').toLowerCase() : domain;
  const isRedirect = term.kind === 'modifier' && term.name === 'redirect';
  if ((term.kind === 'mechanism' && term.name === 'include') || isRedirect) {
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
    const found = (yield { kind: 'spf', name: target }) as SpfLookupResult;
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
    node.children = yield* walkTerms(target, parsed.terms, state, () => problems);
    state.stack.pop();
    node.cost += node.children.reduce((sum, child) => sum + child.cost, 0);
    return node;
  }
  if (term.kind !== 'mechanism') return node;
  if (term.name === 'a' || term.name === 'mx' || term.name === 'ptr' || term.name === 'exists') {
    node.cost = 1;
    node.domain = target;
    if (term.name === 'ptr' || hasMacro(target)) return node;
    const outcome = (yield { kind: term.name === 'mx' ? 'mx' : 'addresses', name: target }) as ExistsResult;
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

export async function buildSpfTree(domain: string, text: string, source: SpfSource): Promise<SpfTree> {
  const state: WalkState = { stack: [domain], voids: 0, incomplete: false, budget: 60 };
  const ignored: Problem[] = [];
  const nodes = await drive(walkTerms(domain, parseSpf(text).terms, state, () => ignored), source);
  return { lookups: nodes.reduce((sum, n) => sum + n.cost, 0), voids: state.voids, incomplete: state.incomplete, nodes };
}

/**
 * Findings from the include/redirect tree of one SPF record: look-up limits, loops, missing
 * targets. Synchronous when the file answers everything.
 */
export function checkSpfTree(record: DnsRecord, source: SpfSource): Maybe<Finding[]> {
  const value = record.txt;
  if (!value || record.type !== 'TXT' || !isSpfText(value.text)) return [];
  const parsed = parseSpf(value.text);
  const state: WalkState = { stack: [record.name], voids: 0, incomplete: false, budget: 60 };
  const perTerm: Problem[][] = parsed.terms.map(() => []);
  const walked = drive(walkTerms(record.name, parsed.terms, state, (index) => perTerm[index]), source);
  return walked instanceof Promise ? walked.then((nodes) => treeToFindings(value, parsed, state, perTerm, nodes)) : treeToFindings(value, parsed, state, perTerm, walked);
}

function treeToFindings(value: TxtValue, parsed: SpfRecord, state: WalkState, perTerm: Problem[][], nodes: SpfTreeNode[]): Finding[] {
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
