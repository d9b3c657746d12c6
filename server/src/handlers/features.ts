import { CodeActionKind, InsertTextFormat, MarkupKind, SymbolKind, type CodeAction, type DocumentSymbol } from 'vscode-languageserver/node';
import type { SymbolNode } from '../service/index';
import type { ServerContext } from './context';
import { fromLspDiagnostic, toLspCompletionKind } from './convert';

/** Hover, completion, quick fixes, outline and folding: each a translation of the service's answer. */
export function registerFeatures(context: ServerContext): void {
  const { connection, documents, service } = context;
  const doc = (uri: string) => {
    const document = documents.get(uri);
    return document && context.analyzed(document);
  };

  connection.onHover(async (params) => {
    const analyzed = doc(params.textDocument.uri);
    if (!analyzed) return null;
    const hover = await service.hover(analyzed, params.position, context.dns());
    return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: hover.range } : null;
  });

  connection.onCompletion((params) => {
    const analyzed = doc(params.textDocument.uri);
    if (!analyzed) return [];
    return service.complete(analyzed, params.position).map((entry, index) => ({
      label: entry.label,
      kind: toLspCompletionKind(entry.kind),
      detail: entry.detail,
      documentation: entry.documentation ? { kind: MarkupKind.Markdown, value: entry.documentation } : undefined,
      insertText: entry.insertText,
      insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      sortText: String(index).padStart(4, '0'),
    }));
  });

  connection.onCodeAction((params) => {
    const analyzed = doc(params.textDocument.uri);
    if (!analyzed) return [];
    const diagnostics = params.context.diagnostics.map(fromLspDiagnostic).filter((d) => d !== undefined);
    return service.quickFixes(analyzed, diagnostics).map(
      (fix): CodeAction => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: params.context.diagnostics.filter((d) => d.code === fix.diagnostic.code && d.message === fix.diagnostic.message),
        isPreferred: fix.preferred,
        edit: { changes: { [params.textDocument.uri]: fix.edits } },
      }),
    );
  });

  const toSymbol = (node: SymbolNode): DocumentSymbol => ({
    name: node.name,
    detail: node.detail,
    kind: node.kind === 'owner' ? SymbolKind.Namespace : SymbolKind.Field,
    range: node.range,
    selectionRange: node.selectionRange,
    children: node.children.map(toSymbol),
  });
  connection.onDocumentSymbol((params) => {
    const analyzed = doc(params.textDocument.uri);
    // JSON documents are outlined by VS Code's JSON support.
    return analyzed?.kind === 'zone' ? service.symbols(analyzed).map(toSymbol) : null;
  });
  connection.onFoldingRanges((params) => {
    const analyzed = doc(params.textDocument.uri);
    return analyzed?.kind === 'zone' ? service.folding(analyzed) : null;
  });
}
