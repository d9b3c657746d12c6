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

export type { AnalyzedDocument, DocumentInput } from './analysis';
export type { Diagnostic, Position, Range, Severity } from './types';
export type { RuleSettings } from './rules';
export { RULES, ruleInfo } from './rules';
export type { DnsLookup, LookupOutcome } from './dnsLookup';
export type { CompletionEntry, HoverResult } from './editor/types';
export type { TextEdit, QuickFix } from './editor/codeActions';
export type { SymbolNode, FoldingRange } from './editor/symbols';

export interface ValidateOptions {
  rules?: RuleSettings;
  /** When given, include trees and report authorizations outside the file are looked up. */
  dns?: DnsLookup;
}

export interface LanguageService {
  /** Pass the previous analysis of the same document to re-parse only from the first change on. */
  analyze(input: DocumentInput, previous?: AnalyzedDocument): AnalyzedDocument;
  /** Findings from the text and from the file's own records; never waits for the network. */
  validate(doc: AnalyzedDocument, options?: { rules?: RuleSettings }): Promise<Diagnostic[]>;
  /** Everything `validate` finds plus what needs DNS. */
  validateWithDns(doc: AnalyzedDocument, options: ValidateOptions & { dns: DnsLookup }): Promise<Diagnostic[]>;
  hover(doc: AnalyzedDocument, position: Position, dns?: DnsLookup): Promise<(HoverResult & { range: import('./types').Range }) | undefined>;
  complete(doc: AnalyzedDocument, position: Position): CompletionEntry[];
  quickFixes(doc: AnalyzedDocument, diagnostics: Diagnostic[]): Array<{ title: string; diagnostic: Diagnostic; edits: TextEdit[]; preferred: boolean }>;
  symbols(doc: AnalyzedDocument): SymbolNode[];
  folding(doc: AnalyzedDocument): FoldingRange[];
}

export function createLanguageService(options: { onRuleError?: RuleErrorReporter } = {}): LanguageService {
  const report: RuleErrorReporter = options.onRuleError ?? (() => undefined);
  return {
    analyze: analyzeDocument,
    async validate(doc, validateOptions = {}) {
      const findings = [...textFindings(doc, report), ...(await treeFindings(doc, report))];
      return toDiagnostics(doc, findings, validateOptions.rules ?? {});
    },
    async validateWithDns(doc, validateOptions) {
      // Authorizations not in the file were reported as "unknown offline"; DNS now answers for them.
      const text = textFindings(doc, report).filter((f) => !(f.code === 'dmarc-external-destination' && f.severity === 'information'));
      const findings = [...text, ...(await treeFindings(doc, report, validateOptions.dns))];
      return toDiagnostics(doc, findings, validateOptions.rules ?? {});
    },
    async hover(doc, position, dns) {
      const result = await hoverAt(doc, doc.lines.offsetAt(position), dns);
      return result && { ...result, range: doc.lines.rangeOf(result.span) };
    },
    complete: (doc, position) => completionsAt(doc, doc.lines.offsetAt(position)),
    quickFixes,
    symbols: documentSymbols,
    folding: foldingRanges,
  };
}
