import type { Finding } from './types';
import { LineIndex } from './txt/lineIndex';
import { indexRecords, NameIndex, type DnsRecord, type RecordSet } from './records';
import { parseZone, type IncludeReader, type ParsedZone } from './zone/parser';
import { originFromFileName } from './zone/names';
import { checkStringLengths, checkZoneName } from './zone/zoneChecks';
import { checkSpfTree, createIncludeMemo } from './spf/spfTree';
import { createSpfSource } from './spf/spfSource';
import { checkDmarcExternalDestinations } from './dmarc/dmarcChecks';
import { AUTH_RECORD_CHECKS, isDmarcRecord, isSpfRecord, type RecordCheck } from './recordChecks';
import { checkSesRecords } from './ses/sesChecks';
import type { DnsLookup } from './dnsLookup';

export interface DocumentInput {
  text: string;
  /** Used to guess the origin (`example.com.zone`, `db.example.com`) when the file has no $ORIGIN. */
  fileName?: string;
  origin?: string;
  readInclude?: IncludeReader;
}

/** A parsed document: parse once, then every feature reads this. */
export interface AnalyzedDocument {
  readonly kind: 'zone';
  text: string;
  origin: string;
  parsed: ParsedZone;
  set: RecordSet;
  /** Records written in this document (not $INCLUDEd), in document order. */
  ownRecords: DnsRecord[];
  readonly lines: LineIndex;
}

export type RuleErrorReporter = (rule: string, error: unknown) => void;

/**
 * `previous`: the analysis of an earlier version of the same document; the parse then resumes
 * where the texts start to differ instead of reading the whole file again.
 */
export function analyzeDocument(input: DocumentInput, previous?: AnalyzedDocument): AnalyzedDocument {
  const origin = (input.origin ?? (input.fileName ? originFromFileName(input.fileName) : undefined) ?? '').replace(/\.$/, '').toLowerCase();
  const parsed = parseZone(input.text, { origin, readInclude: input.readInclude }, previous && { text: previous.text, parsed: previous.parsed });
  // Records of $INCLUDEd files have offsets past the document; without $INCLUDE there are none.
  const ownRecords = parsed.includes.length === 0 ? parsed.records : parsed.records.filter((r) => r.span.start <= input.text.length);
  let lines: LineIndex | undefined;
  return {
    kind: 'zone',
    text: input.text,
    origin: parsed.origin,
    parsed,
    set: indexRecords(parsed.records),
    ownRecords,
    // Built on first use: a clean 100,000-record zone never needs line numbers.
    get lines() {
      lines ??= new LineIndex(input.text);
      return lines;
    },
  };
}

export { isDmarcRecord, isDkimRecord } from './recordChecks';

/** The checks of one TXT record, each guarded on its own. */
const RECORD_CHECKS: readonly RecordCheck[] = [
  ['zone', () => true, (record, _set, into) => checkStringLengths(record, into)],
  ...AUTH_RECORD_CHECKS,
];

/** Runs one rule, so that a bug in it costs its findings and nothing else. */
export function guarded<T>(rule: string, report: RuleErrorReporter, run: () => T, fallback: T): T {
  try {
    return run();
  } catch (error) {
    report(rule, error);
    return fallback;
  }
}

/**
 * Everything decidable from the text alone: no DNS, no waiting. Each check runs guarded per name
 * or per record, so a bug costs the findings of that one record, not of the file.
 */
export function textFindings(doc: AnalyzedDocument, report: RuleErrorReporter): Finding[] {
  const findings: Finding[] = [...doc.parsed.problems];
  const { set } = doc;
  const shared = set.byName instanceof NameIndex ? set.byName.shared() : set.byName;
  for (const [name, records] of shared) {
    if (records.length > 1) guarded('zone', report, () => checkZoneName(name, records, findings), undefined);
  }
  findings.push(...guarded('ses', report, () => checkSesRecords(set), []));
  // A table and a plain try/catch rather than a closure per record and family, and indexed
  // loops (for-of makes an object per step until V8 optimises the loop): this runs over every
  // record on every edit.
  const records = doc.ownRecords;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (!record.txt) continue;
    for (let k = 0; k < RECORD_CHECKS.length; k++) {
      const [rule, applies, check] = RECORD_CHECKS[k];
      try {
        if (applies(record)) check(record, set, findings);
      } catch (error) {
        report(rule, error);
      }
    }
  }
  return findings;
}

/**
 * Findings that follow SPF include trees and report authorizations. Without `dns` only the file
 * answers, so this settles in microtasks; with it, names outside the file are looked up.
 */
export async function treeFindings(doc: AnalyzedDocument, report: RuleErrorReporter, dns?: DnsLookup): Promise<Finding[]> {
  const findings: Finding[] = [];
  // Walks that wait for DNS run side by side: one slow name must not delay every other record.
  const pending: Array<Promise<Finding[]>> = [];
  walkTrees(doc, report, dns, findings, pending);
  for (const found of await Promise.all(pending)) for (const f of found) findings.push(f);
  return findings;
}

/**
 * The loop over the records, outside the async function: V8 does not optimise a loop inside a
 * resumable function while it runs, and this one runs over every record of the file.
 */
function walkTrees(doc: AnalyzedDocument, report: RuleErrorReporter, dns: DnsLookup | undefined, findings: Finding[], pending: Array<Promise<Finding[]>>): void {
  const source = createSpfSource(doc.set, doc.origin || undefined, dns);
  // Without DNS every answer comes from the file, so include walks can be shared between records.
  const memo = dns ? undefined : createIncludeMemo();
  const records = doc.ownRecords;
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    if (record.type !== 'TXT' || !record.txt) continue;
    // A plain try/catch rather than guarded(): no closures per record on every edit.
    let tree: Finding[] | Promise<Finding[]> | undefined;
    try {
      // Walks answered by the file alone finish synchronously.
      if (isSpfRecord(record)) tree = checkSpfTree(record, source, memo);
    } catch (error) {
      report('spf-tree', error);
    }
    if (tree instanceof Promise) {
      const walking = tree;
      pending.push(guardedAsync('spf-tree', report, () => walking));
    } else if (tree) for (let k = 0; k < tree.length; k++) findings.push(tree[k]);
    if (dns && guarded('dmarc-dns', report, () => isDmarcRecord(record), false)) {
      pending.push(guardedAsync('dmarc-dns', report, () => checkDmarcExternalDestinations(record, doc.set, dns)));
    }
  }
}

export async function guardedAsync(rule: string, report: RuleErrorReporter, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (error) {
    report(rule, error);
    return [];
  }
}
