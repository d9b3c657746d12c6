/**
 * The language service: pure functions from text (and an injected DNS lookup) to diagnostics,
 * hovers, completions, quick fixes, symbols and folding ranges. No vscode, no LSP connection, no
 * fs, no network: the language server and the CLI are thin shells around it.
 */
import type { Diagnostic, Position } from './types';
import type { RuleSettings } from './rules';
import type { DnsLookup } from './dnsLookup';
import { analyzeDocument, textFindings, treeFindings, type AnalyzedDocument, type DocumentInput, type RuleErrorReporter } from './analysis';
import { toDiagnostics } from './diagnostics';
import { hoverAt } from './editor/hover';
import { completionsAt } from './editor/completion';
import { quickFixes, type TextEdit } from './editor/codeActions';
import { documentSymbols, foldingRanges, type FoldingRange, type SymbolNode } from './editor/symbols';
import type { CompletionEntry, HoverResult } from './editor/types';
import { analyzeJsonDocument, jsonTextFindings, jsonTreeFindings, type JsonDocument, type JsonDocumentInput } from './jsonAnalysis';
import { jsonCompletionsAt, jsonHoverAt, jsonQuickFixes } from './editor/jsonFeatures';

export type { AnalyzedDocument, DocumentInput } from './analysis';
export type { JsonDocument, JsonDocumentInput } from './jsonAnalysis';
export type { JsonFileGlobs, JsonKind } from './json/documentKind';
export { DEFAULT_JSON_FILE_GLOBS } from './json/documentKind';

/** A zone file or one of the SES / Route 53 JSON kinds; every feature takes either. */
export type ServiceDocument = AnalyzedDocument | JsonDocument;
export type { Diagnostic, Position, Range, Severity } from './types';
export type { RuleSettings } from './rules';
export { RULES, ruleInfo } from './rules';
export type { DnsLookup, LookupOutcome } from './dnsLookup';
export type { CompletionEntry, HoverResult } from './editor/types';
export type { TextEdit, QuickFix } from './editor/codeActions';
export type { SymbolNode, FoldingRange } from './editor/symbols';

export interface ValidateOptions {
  rules?: RuleSettings;
  /** The region receipt rules are checked against (`emailAuth.aws.region`). */
  aws?: { region?: string };
  /** When given, include trees and report authorizations outside the file are looked up. */
  dns?: DnsLookup;
}

export interface LanguageService {
  /** Pass the previous analysis of the same document to re-parse only from the first change on. */
  analyze(input: DocumentInput, previous?: AnalyzedDocument): AnalyzedDocument;
  /** A receipt rule, rule set, send-email request or change batch; undefined for any other JSON file. */
  analyzeJson(input: JsonDocumentInput): JsonDocument | undefined;
  /** Findings from the text and from the file's own records; never waits for the network. */
  validate(doc: ServiceDocument, options?: Omit<ValidateOptions, 'dns'>): Promise<Diagnostic[]>;
  /** Everything `validate` finds plus what needs DNS. */
  validateWithDns(doc: ServiceDocument, options: ValidateOptions & { dns: DnsLookup }): Promise<Diagnostic[]>;
  hover(doc: ServiceDocument, position: Position, dns?: DnsLookup): Promise<(HoverResult & { range: import('./types').Range }) | undefined>;
  complete(doc: ServiceDocument, position: Position): CompletionEntry[];
  quickFixes(doc: ServiceDocument, diagnostics: Diagnostic[]): Array<{ title: string; diagnostic: Diagnostic; edits: TextEdit[]; preferred: boolean }>;
  symbols(doc: ServiceDocument): SymbolNode[];
  folding(doc: ServiceDocument): FoldingRange[];
}

export function createLanguageService(options: { onRuleError?: RuleErrorReporter } = {}): LanguageService {
  const report: RuleErrorReporter = options.onRuleError ?? (() => undefined);
  /** Text findings of either kind; offline "unknown" authorizations are dropped when DNS answers instead. */
  const local = (doc: ServiceDocument, options: Omit<ValidateOptions, 'dns'>, withDns: boolean) => {
    const found = doc.kind === 'json' ? jsonTextFindings(doc, report, { aws: options.aws }) : textFindings(doc, report);
    return withDns ? found.filter((f) => !(f.code === 'dmarc-external-destination' && f.severity === 'information')) : found;
  };
  const tree = (doc: ServiceDocument, dns?: DnsLookup) => (doc.kind === 'json' ? jsonTreeFindings(doc, report, dns) : treeFindings(doc, report, dns));
  return {
    analyze: analyzeDocument,
    analyzeJson: analyzeJsonDocument,
    async validate(doc, validateOptions = {}) {
      const findings = [...local(doc, validateOptions, false), ...(await tree(doc))];
      return toDiagnostics(doc, findings, validateOptions.rules ?? {});
    },
    async validateWithDns(doc, validateOptions) {
      const findings = [...local(doc, validateOptions, true), ...(await tree(doc, validateOptions.dns))];
      return toDiagnostics(doc, findings, validateOptions.rules ?? {});
    },
    async hover(doc, position, dns) {
      const offset = doc.lines.offsetAt(position);
      const result = doc.kind === 'json' ? await jsonHoverAt(doc, offset, dns) : await hoverAt(doc, offset, dns);
      return result && { ...result, range: doc.lines.rangeOf(result.span) };
    },
    complete: (doc, position) => (doc.kind === 'json' ? jsonCompletionsAt(doc, doc.lines.offsetAt(position)) : completionsAt(doc, doc.lines.offsetAt(position))),
    quickFixes: (doc, diagnostics) => (doc.kind === 'json' ? jsonQuickFixes(doc, diagnostics) : quickFixes(doc, diagnostics)),
    // VS Code's own JSON support outlines and folds JSON; only zone files need ours.
    symbols: (doc) => (doc.kind === 'json' ? [] : documentSymbols(doc)),
    folding: (doc) => (doc.kind === 'json' ? [] : foldingRanges(doc)),
  };
}
