import type { Finding } from './types';
import { LineIndex } from './txt/lineIndex';
import { guarded, guardedAsync, type RuleErrorReporter } from './analysis';
import { isDmarcRecord, isSpfRecord } from './recordChecks';
import { indexRecords, isSpfText, type RecordSet } from './records';
import type { DnsLookup } from './dnsLookup';
import { parseJson, type JsonNode } from './json/jsonTree';
import { DEFAULT_JSON_FILE_GLOBS, kindFromContent, kindFromFileName, mayBeRecognisedByContent, type JsonFileGlobs, type JsonKind } from './json/documentKind';
import { buildChangeBatch, type ChangeBatchModel } from './changeBatch/changeBatchModel';
import { checkChangeBatch } from './changeBatch/changeBatchChecks';
import { buildReceiptRules, type ReceiptRuleDocument } from './sesRule/receiptRuleModel';
import { checkReceiptRules } from './sesRule/receiptRuleChecks';
import { buildSendEmail, checkSendEmail, type SendEmailRequest } from './sendEmail/sendEmailChecks';
import { createSpfSource } from './spf/spfSource';
import { checkSpfTree, type SpfSource } from './spf/spfTree';
import { checkDmarcExternalDestinations } from './dmarc/dmarcChecks';

export interface JsonDocumentInput {
  text: string;
  fileName?: string;
  /** File-name globs per kind; the defaults match `*.receipt-rule.json` and the like. */
  files?: JsonFileGlobs;
}

/** A JSON document of one of the kinds Email Auth Studio checks, parsed once. */
export interface JsonDocument {
  readonly kind: 'json';
  readonly jsonKind: JsonKind;
  readonly text: string;
  readonly root: JsonNode | undefined;
  readonly syntax: Finding[];
  readonly lines: LineIndex;
  readonly rules?: ReceiptRuleDocument;
  readonly sendEmail?: SendEmailRequest;
  readonly batch?: ChangeBatchModel;
}

/** Content detection reads at most this much; a larger JSON file is ours only by its name. */
const MAX_CONTENT_DETECTION = 4 * 1024 * 1024;

/**
 * The document, when the file is one of ours by name or by its top-level keys; undefined for
 * every other JSON file (package.json, tsconfig.json), which then costs a few string searches.
 */
export function analyzeJsonDocument(input: JsonDocumentInput): JsonDocument | undefined {
  const byName = kindFromFileName(input.fileName, input.files ?? DEFAULT_JSON_FILE_GLOBS);
  if (!byName && (input.text.length > MAX_CONTENT_DETECTION || !mayBeRecognisedByContent(input.text))) return undefined;
  const { root, problems } = parseJson(input.text);
  const jsonKind = byName ?? kindFromContent(root);
  if (!jsonKind) return undefined;
  const text = input.text;
  let lines: LineIndex | undefined;
  return {
    kind: 'json',
    jsonKind,
    text,
    root,
    syntax: problems,
    get lines() {
      lines ??= new LineIndex(text);
      return lines;
    },
    rules: jsonKind === 'receipt-rule' || jsonKind === 'receipt-rule-set' ? buildReceiptRules(text, root, jsonKind === 'receipt-rule-set') : undefined,
    sendEmail: jsonKind === 'send-email' ? buildSendEmail(text, root) : undefined,
    batch: jsonKind === 'change-batch' ? buildChangeBatch(text, root) : undefined,
  };
}

export interface JsonCheckOptions {
  aws?: { region?: string };
}

export function jsonTextFindings(doc: JsonDocument, report: RuleErrorReporter, options: JsonCheckOptions = {}): Finding[] {
  const findings: Finding[] = [...doc.syntax];
  if (doc.rules) findings.push(...guarded('ses-rule', report, () => checkReceiptRules(doc.rules!, { region: options.aws?.region }), []));
  if (doc.sendEmail) findings.push(...guarded('ses-send', report, () => checkSendEmail(doc.sendEmail!), []));
  if (doc.batch) findings.push(...guarded('r53', report, () => checkChangeBatch(doc.batch!, report), []));
  return findings;
}

/**
 * A change batch replaces the TXT record sets it writes, so SPF includes of those names are
 * answered from the batch; every other name, and every address or MX look-up, from DNS.
 */
export function changeBatchSpfSource(set: RecordSet, dns?: DnsLookup): SpfSource {
  const written = createSpfSource(set, undefined, undefined, () => true);
  const outside = createSpfSource(indexRecords([]), undefined, dns, () => false);
  const writesTxt = (name: string) => (set.byName.get(name) ?? []).some((r) => r.type === 'TXT' && r.txt && isSpfText(r.txt.text));
  return {
    spf: (name) => (writesTxt(name) ? written.spf(name) : outside.spf(name)),
    addresses: (name) => outside.addresses(name),
    mx: (name) => outside.mx(name),
  };
}

/** SPF include trees and DMARC report authorizations of what a change batch writes. */
export async function jsonTreeFindings(doc: JsonDocument, report: RuleErrorReporter, dns?: DnsLookup): Promise<Finding[]> {
  if (!doc.batch) return [];
  const { set, written } = doc.batch;
  const source = changeBatchSpfSource(set, dns);
  const pending: Array<Promise<Finding[]>> = [];
  const findings: Finding[] = [];
  for (const record of written) {
    if (record.type !== 'TXT' || !record.txt) continue;
    if (guarded('spf-tree', report, () => isSpfRecord(record), false)) {
      const tree = guarded('spf-tree', report, () => checkSpfTree(record, source), []);
      if (tree instanceof Promise) pending.push(guardedAsync('spf-tree', report, () => tree));
      else findings.push(...tree);
    }
    if (dns && guarded('dmarc-dns', report, () => isDmarcRecord(record), false)) {
      pending.push(guardedAsync('dmarc-dns', report, () => checkDmarcExternalDestinations(record, set, dns)));
    }
  }
  for (const found of await Promise.all(pending)) findings.push(...found);
  return findings;
}
