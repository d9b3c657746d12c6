import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from './context';
import { toLspDiagnostic } from './convert';

const DEBOUNCE_MS = 150;

/**
 * Validates each document after typing pauses: text findings first (never waiting for DNS),
 * then, when DNS is on, the findings that need it. Results for an outdated version are dropped.
 */
export function registerDiagnostics(context: ServerContext): { revalidateAll(): void } {
  const timers = new Map<string, NodeJS.Timeout>();
  const { connection, documents } = context;

  /** Documents with diagnostics published, so a JSON file that stops being ours is cleared once. */
  const published = new Set<string>();
  const publish = async (uri: string, version: number, diagnostics: ReturnType<typeof toLspDiagnostic>[]) => {
    if (diagnostics.length > 0) published.add(uri);
    else published.delete(uri);
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const validate = async (document: TextDocument) => {
    const version = document.version;
    const current = () => documents.get(document.uri)?.version === version;
    const doc = context.analyzed(document);
    if (!doc) {
      // Not one of ours (package.json, tsconfig.json …): say nothing, unless it was ours before.
      if (published.has(document.uri)) await publish(document.uri, version, []);
      return;
    }
    const { rules, aws } = context.settings();
    const local = await context.service.validate(doc, { rules, aws });
    if (!current()) return;
    await publish(document.uri, version, local.map(toLspDiagnostic));
    const dns = context.dns();
    if (!dns) return;
    const withDns = await context.service.validateWithDns(doc, { rules, aws, dns });
    if (!current()) return;
    await publish(document.uri, version, withDns.map(toLspDiagnostic));
  };

  const schedule = (document: TextDocument, delay = DEBOUNCE_MS) => {
    clearTimeout(timers.get(document.uri));
    timers.set(
      document.uri,
      setTimeout(() => {
        timers.delete(document.uri);
        validate(document).catch((error) => connection.console.error(`Validation of ${document.uri} failed: ${error instanceof Error ? error.stack : String(error)}`));
      }, delay),
    );
  };

  documents.onDidOpen((event) => schedule(event.document, 0));
  documents.onDidChangeContent((event) => schedule(event.document));
  documents.onDidClose((event) => {
    clearTimeout(timers.get(event.document.uri));
    timers.delete(event.document.uri);
    const had = published.delete(event.document.uri);
    if (!had && (event.document.languageId === 'json' || event.document.languageId === 'jsonc')) return;
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
  return { revalidateAll: () => documents.all().forEach((d) => schedule(d, 0)) };
}
