import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'node:url';
import { createLanguageService, type DnsLookup, type ServiceDocument } from './service/index';
import { createNodeDnsLookup } from './dns/nodeDnsLookup';
import { createIncludeReader } from './files/includeReader';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerFeatures } from './handlers/features';
import type { ServerContext } from './handlers/context';
import { DEFAULT_SETTINGS, type ServerSettings } from '../../shared/settings';
import { SETTINGS_NOTIFICATION, type SettingsParams } from '../../shared/protocol';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let settings: ServerSettings = DEFAULT_SETTINGS;
let workspaceRoots: string[] = [];
let dnsLookup: DnsLookup | undefined;
const cache = new Map<string, { version: number; doc: ServiceDocument | undefined }>();

const service = createLanguageService({
  onRuleError: (rule, error) => connection.console.error(`A ${rule} check failed and was skipped: ${error instanceof Error ? error.stack : String(error)}`),
});

/** JSON documents are ours only when they are a receipt rule, rule set, send-email request or change batch. */
const isJson = (document: TextDocument) => document.languageId === 'json' || document.languageId === 'jsonc';

function analyzed(document: TextDocument): ServiceDocument | undefined {
  const cached = cache.get(document.uri);
  if (cached && cached.version === document.version) return cached.doc;
  const path = document.uri.startsWith('file:') ? fileURLToPath(document.uri) : undefined;
  let doc: ServiceDocument | undefined;
  if (isJson(document)) {
    doc = service.analyzeJson({ text: document.getText(), fileName: path ?? document.uri, files: settings.files ?? DEFAULT_SETTINGS.files });
  } else {
    const root = path && workspaceRoots.find((r) => path.startsWith(r));
    const previous = cached?.doc?.kind === 'zone' ? cached.doc : undefined;
    doc = service.analyze({ text: document.getText(), fileName: path ?? document.uri, readInclude: path && root ? createIncludeReader(path, root) : undefined }, previous);
  }
  cache.set(document.uri, { version: document.version, doc });
  return doc;
}

const context: ServerContext = {
  connection,
  documents,
  service,
  settings: () => settings,
  dns: () => dnsLookup,
  analyzed,
};

connection.onInitialize((params) => {
  workspaceRoots = (params.workspaceFolders ?? []).filter((f) => f.uri.startsWith('file:')).map((f) => fileURLToPath(f.uri));
  applySettings((params.initializationOptions as { settings?: ServerSettings } | undefined)?.settings ?? DEFAULT_SETTINGS);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: [' ', '=', ';', ':', '"'] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: true,
      foldingRangeProvider: true,
    },
  };
});

function applySettings(next: ServerSettings): void {
  settings = next;
  dnsLookup = next.trusted && next.dns.enabled ? createNodeDnsLookup({ servers: next.dns.servers.length > 0 ? next.dns.servers : undefined, timeoutMs: next.dns.timeoutMs }) : undefined;
}

const diagnostics = registerDiagnostics(context);
registerFeatures(context);
connection.onNotification(SETTINGS_NOTIFICATION, (params: SettingsParams) => {
  try {
    applySettings(params);
  } catch (error) {
    connection.console.error(`Settings rejected: ${String(error)}`);
    applySettings({ ...params, dns: { ...params.dns, servers: [] } });
  }
  // The file globs may have changed which JSON documents are ours.
  for (const document of documents.all()) if (isJson(document)) cache.delete(document.uri);
  diagnostics.revalidateAll();
});
documents.onDidClose((event) => cache.delete(event.document.uri));
documents.listen(connection);
connection.listen();
