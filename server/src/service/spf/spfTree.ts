import type { Finding } from '../types';
import { isSpfText, sourceSpan, type DnsRecord, type TxtValue } from '../records';
import { DNS_MECHANISMS, parseSpf, type SpfRecord, type SpfTerm } from './spfRecord';

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
  memo?: IncludeMemo;
  /** While an include is recorded for the memo: the targets compared with the stack below it. */
  visited?: Set<string>;
  /** While recording: the walk met something that depends on where it started (a loop, a limit). */
  tainted?: boolean;
}

/** What walking one include from the top level of a record did, to be done again without walking. */
interface IncludeWalk {
  cost: number;
  note: string | undefined;
  children: SpfTreeNode[];
  problems: Problem[];
  voids: number;
  incomplete: boolean;
  /** Includes and redirects followed, from the budget. */
  includes: number;
  visited: Set<string>;
}

/**
 * Include walks by target, for one validation whose source is the file alone (every answer is
 * then the same each time): a zone's SPF records mostly include the same few targets, and each
 * walk would otherwise be repeated for each of them. Only walks started from a record's top level
 * are kept, and only when nothing in them depended on that record (no loop, no limit reached);
 * one is reused when the record's name is none of the names the walk compared and the budget
 * covers it, which is exactly when walking again would do the same.
 */
export type IncludeMemo = Map<string, IncludeWalk>;

export function createIncludeMemo(): IncludeMemo {
  return new Map();
}

type Answer = SpfLookupResult | ExistsResult;
/** A walk's question to the source; throws `Pending` while a DNS answer is on its way. */
type Ask = (kind: 'spf' | 'addresses' | 'mx', name: string) => Answer;

const hasMacro = (domain: string) => domain.includes('%');

/** Thrown out of a walk whose answer must be waited for; the walk runs again once it is there. */
class Pending {
  constructor(readonly arrival: Promise<void>) {}
}

/**
 * Runs a walk, answering its questions from the source. Answers from the file are synchronous,
 * so a tree that stays inside the file is walked at once, as plain calls. An answer that must be
 * waited for (DNS) stops the walk; once it has arrived the walk runs again from the start, now
 * finding that answer (and those before it) at once, until it gets through. Every question is
 * asked of the source in the same order as one walk would, each DNS question once.
 */
function runWalk<T>(source: SpfSource, walk: (ask: Ask) => T): Maybe<T> {
  let arrived: Map<string, Answer> | undefined;
  const ask: Ask = (kind, name) => {
    if (arrived !== undefined) {
      const known = arrived.get(`${kind} ${name}`);
      if (known !== undefined) return known;
    }
    const answer = kind === 'spf' ? source.spf(name) : kind === 'mx' ? source.mx(name) : source.addresses(name);
    if (!(answer instanceof Promise)) return answer;
    const answers = (arrived ??= new Map());
    throw new Pending(answer.then((value: Answer) => void answers.set(`${kind} ${name}`, value)));
  };
  try {
    return walk(ask);
  } catch (error) {
    if (!(error instanceof Pending)) throw error;
    return walkAgain(error.arrival, ask, walk);
  }
}

async function walkAgain<T>(first: Promise<void>, ask: Ask, walk: (ask: Ask) => T): Promise<T> {
  let arrival = first;
  for (;;) {
    await arrival;
    try {
      return walk(ask);
    } catch (error) {
      if (!(error instanceof Pending)) throw error;
      arrival = error.arrival;
    }
  }
}

/**
 * Walks one record's terms and counts look-ups (RFC 7208 section 4.6.4). Problems found anywhere
 * below a top-level term are collected in that term's list, so they are reported on it.
 */
function walkTerms(domain: string, terms: SpfTerm[], state: WalkState, problems: (index: number) => Problem[], ask: Ask): SpfTreeNode[] {
  const nodes: SpfTreeNode[] = [];
  let hasAll = false;
  for (const t of terms) if (t.kind === 'mechanism' && t.name === 'all') hasAll = true;
  for (let index = 0; index < terms.length; index++) {
    const term = terms[index];
    // Terms that cost no look-up (ip4, ip6, all, exp …) are a plain node.
    const walks = term.kind === 'modifier' ? term.name === 'redirect' : term.kind === 'mechanism' && DNS_MECHANISMS.has(term.name);
    nodes.push(walks ? walkTerm(domain, term, hasAll, state, problems(index), ask) : { term: term.text, cost: 0, children: [] });
  }
  return nodes;
}

function walkTerm(domain: string, term: SpfTerm, hasAll: boolean, state: WalkState, problems: Problem[], ask: Ask): SpfTreeNode {
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
    const memo = state.memo;
    if (memo !== undefined && state.stack.length === 1) {
      // By the term as written: messages quote it. The target follows from it.
      const known = memo.get(term.text);
      if (known !== undefined && !known.visited.has(state.stack[0]) && state.budget >= known.includes) {
        node.cost = known.cost;
        node.note = known.note;
        node.children = known.children;
        for (const problem of known.problems) problems.push(problem);
        state.voids += known.voids;
        if (known.incomplete) state.incomplete = true;
        state.budget -= known.includes;
        return node;
      }
      const before = { budget: state.budget, voids: state.voids, incomplete: state.incomplete, problems: problems.length };
      state.visited = new Set();
      state.tainted = false;
      state.incomplete = false;
      walkInclude(target, term, node, state, problems, ask);
      if (!state.tainted) {
        memo.set(term.text, {
          cost: node.cost,
          note: node.note,
          children: node.children,
          problems: problems.slice(before.problems),
          voids: state.voids - before.voids,
          incomplete: state.incomplete,
          includes: before.budget - state.budget,
          visited: state.visited,
        });
      }
      state.incomplete ||= before.incomplete;
      state.visited = undefined;
      state.tainted = undefined;
      return node;
    }
    walkInclude(target, term, node, state, problems, ask);
    return node;
  }
  if (term.kind !== 'mechanism') return node;
  if (term.name === 'a' || term.name === 'mx' || term.name === 'ptr' || term.name === 'exists') {
    node.cost = 1;
    node.domain = target;
    if (term.name === 'ptr' || hasMacro(target)) return node;
    const outcome = ask(term.name === 'mx' ? 'mx' : 'addresses', target) as ExistsResult;
    if (outcome === 'too-many') {
      problems.push({ code: 'spf-lookup-limit', message: `${target} has more than 10 MX hosts; receivers return permerror for "${term.text}" (RFC 7208 section 4.6.4). Use ip4/ip6 for the hosts instead.` });
    } else if (outcome === 'void') {
      state.voids++;
      node.note = term.name === 'mx' ? 'no MX records (void look-up)' : 'no address records (void look-up)';
    } else if (outcome === 'unknown') state.incomplete = true;
  }
  return node;
}

/** An include or redirect past its macro check: loop and limit checks, then the target's record. */
function walkInclude(target: string, term: SpfTerm, node: SpfTreeNode, state: WalkState, problems: Problem[], ask: Ask): void {
  state.visited?.add(target);
  if (state.stack.includes(target)) {
    state.tainted = true;
    problems.push({ code: 'spf-include-loop', message: `${[...state.stack, target].join(' → ')} loops back to ${target}; receivers stop with permerror (RFC 7208 section 5.2, 4.6.4). Remove the include that closes the loop.` });
    node.note = 'loop';
    return;
  }
  if (state.stack.length >= MAX_DEPTH || state.budget <= 0) {
    state.tainted = true;
    node.note = 'not followed: too deep';
    state.incomplete = true;
    return;
  }
  state.budget--;
  const found = ask('spf', target) as SpfLookupResult;
  if (found.status === 'unknown') {
    state.incomplete = true;
    node.note = found.reason;
    return;
  }
  if (found.status !== 'found') {
    state.voids++;
    const why = found.status === 'nxdomain' ? 'does not exist' : 'has no SPF record';
    const where = found.where === 'file' ? 'in this file' : 'in DNS';
    problems.push({ code: 'spf-include-missing', message: `${target} ${why} ${where}, so "${term.text}" makes receivers return permerror (RFC 7208 section 5.2, 6.1). Fix the domain or publish an SPF record there.` });
    node.note = why;
    return;
  }
  const parsed = parseSpf(found.texts[0]);
  const broken = found.texts.length > 1 ? `it has ${found.texts.length} SPF records` : targetSyntaxError(parsed);
  if (broken) {
    problems.push({ code: 'spf-include-permerror', message: `The SPF record of ${target} returns permerror (${broken}), and so does "${term.text}" (RFC 7208 section 5.2). Fix that record or stop including it.` });
    node.note = 'permerror';
    return;
  }
  state.stack.push(target);
  node.children = walkTerms(target, parsed.terms, state, () => problems, ask);
  state.stack.pop();
  node.cost += node.children.reduce((sum, child) => sum + child.cost, 0);
}

function targetSyntaxError(parsed: ReturnType<typeof parseSpf>): string | undefined {
  if (parsed.problems.length > 0) return parsed.problems[0].message.replace(/\.$/, '');
  const bad = parsed.terms.find((t) => t.kind === 'invalid' || t.error);
  return bad ? `"${bad.text}" is invalid` : undefined;
}

export async function buildSpfTree(domain: string, text: string, source: SpfSource): Promise<SpfTree> {
  const terms = parseSpf(text).terms;
  return runWalk(source, (ask) => {
    const state: WalkState = { stack: [domain], voids: 0, incomplete: false, budget: 60 };
    const ignored: Problem[] = [];
    const nodes = walkTerms(domain, terms, state, () => ignored, ask);
    return { lookups: nodes.reduce((sum, n) => sum + n.cost, 0), voids: state.voids, incomplete: state.incomplete, nodes };
  });
}

/**
 * Findings from the include/redirect tree of one SPF record: look-up limits, loops, missing
 * targets. Synchronous when the file answers everything. `memo`: only for a source that is the
 * file alone, shared by the records of one validation.
 */
export function checkSpfTree(record: DnsRecord, source: SpfSource, memo?: IncludeMemo): Maybe<Finding[]> {
  const value = record.txt;
  if (!value || record.type !== 'TXT' || !isSpfText(value.text)) return [];
  const parsed = parseSpf(value.text);
  return runWalk(source, (ask) => {
    const state: WalkState = { stack: [record.name], voids: 0, incomplete: false, budget: 60, memo };
    // A term's list is made when the walk reaches a term that can have problems.
    const perTerm: Problem[][] = [];
    const nodes = walkTerms(record.name, parsed.terms, state, (index) => (perTerm[index] ??= []), ask);
    return treeToFindings(value, parsed, state, perTerm, nodes);
  });
}

function treeToFindings(value: TxtValue, parsed: SpfRecord, state: WalkState, perTerm: Problem[][], nodes: SpfTreeNode[]): Finding[] {
  const findings: Finding[] = [];
  let running = 0;
  let reported = false;
  for (let index = 0; index < parsed.terms.length; index++) {
    const term = parsed.terms[index];
    // Mapped only for a finding: most terms of most records have none.
    const problems = perTerm[index];
    if (problems !== undefined && problems.length > 0) {
      const span = sourceSpan(value, term.start, term.end);
      const seen = new Set<string>();
      for (const problem of problems) {
        if (seen.has(problem.message)) continue;
        seen.add(problem.message);
        findings.push({ code: problem.code, ...span, message: problem.message });
      }
    }
    running += nodes[index].cost;
    if (!reported && running > LOOKUP_LIMIT) {
      reported = true;
      const total = nodes.reduce((sum, n) => sum + n.cost, 0);
      findings.push({
        code: 'spf-lookup-limit',
        ...sourceSpan(value, term.start, term.end),
        message: `This record needs ${total}${state.incomplete ? ' or more' : ''} DNS look-ups (include, a, mx, ptr, exists, redirect, counted through includes); receivers stop at ${LOOKUP_LIMIT} with permerror (RFC 7208 section 4.6.4). The limit is passed at "${term.text}". Replace includes with ip4/ip6 ranges or drop unused ones.`,
      });
    }
  }
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
