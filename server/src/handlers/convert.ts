import { CompletionItemKind, DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver/node';
import type { CompletionEntry, Diagnostic, Severity } from '../service/index';
import { ruleInfo } from '../service/index';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const DOCS_BASE = 'https://github.com/email-auth-studio/email-auth-studio/blob/main/docs/rules.md';

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: ruleInfo(d.code) ? { href: `${DOCS_BASE}#${d.code}` } : undefined,
    source: 'email-auth',
    message: d.message,
    data: d.data,
  };
}

export function fromLspDiagnostic(d: LspDiagnostic): Diagnostic | undefined {
  if (d.source !== 'email-auth' || typeof d.code !== 'string') return undefined;
  const severity = (Object.keys(SEVERITY) as Severity[]).find((s) => SEVERITY[s] === d.severity) ?? 'warning';
  return { range: d.range, severity, code: d.code, message: typeof d.message === 'string' ? d.message : d.message.value, data: d.data as Diagnostic['data'] };
}

const KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  value: CompletionItemKind.Value,
  snippet: CompletionItemKind.Snippet,
  type: CompletionItemKind.TypeParameter,
  property: CompletionItemKind.Property,
};

export const toLspCompletionKind = (kind: CompletionEntry['kind']) => KIND[kind];
