import type { Finding } from './types';
import { LineIndex } from './txt/lineIndex';
import { indexRecords, type DnsRecord, type RecordSet } from './records';
import { parseZone, type IncludeReader, type ParsedZone } from './zone/parser';
import { originFromFileName } from './zone/names';
import { checkStringLengths, checkZoneName } from './zone/zoneChecks';
import { checkSpfTree } from './spf/spfTree';
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
  const ownRecords = parsed.records.filter((r) => r.span.start <= input.text.length);
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
  for (const [name, records] of set.byName) {
    if (records.length > 1) guarded('zone', report, () => checkZoneName(name, records, findings), undefined);
  }
  findings.push(...guarded('ses', report, () => checkSesRecords(set), []));
  // A table and a plain try/catch rather than a closure per record and family: this loop runs
  // over every TXT record on every edit.
  for (const record of doc.ownRecords) {
    if (!record.txt) continue;
    for (const [rule, applies, check] of RECORD_CHECKS) {
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
  const source = createSpfSource(doc.set, doc.origin || undefined, dns);
  const findings: Finding[] = [];
  // Walks that wait for DNS run side by side: one slow name must not delay every other record.
  const pending: Array<Promise<Finding[]>> = [];
  for (const record of doc.ownRecords) {
    if (record.type !== 'TXT' || !record.txt) continue;
    if (guarded('spf-tree', report, () => isSpfRecord(record), false)) {
      // Walks answered by the file alone finish synchronously.
      const tree = guarded('spf-tree', report, () => checkSpfTree(record, source), []);
      if (tree instanceof Promise) pending.push(guardedAsync('spf-tree', report, () => tree));
      else for (const f of tree) findings.push(f);
    }
    if (dns && guarded('dmarc-dns', report, () => isDmarcRecord(record), false)) {
      pending.push(guardedAsync('dmarc-dns', report, () => checkDmarcExternalDestinations(record, doc.set, dns)));
    }
  }
  for (const found of await Promise.all(pending)) for (const f of found) findings.push(f);
  return findings;
}

export async function guardedAsync(rule: string, report: RuleErrorReporter, run: () => Promise<Finding[]>): Promise<Finding[]> {
  try {
    return await run();
  } catch (error) {
    report(rule, error);
    return [];
  }
}
