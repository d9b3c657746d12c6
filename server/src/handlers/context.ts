import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DnsLookup, LanguageService, ServiceDocument } from '../service/index';
import type { ServerSettings } from '../../../shared/settings';

/** What every handler needs: the connection, the open documents, the service and current settings. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: LanguageService;
  settings(): ServerSettings;
  /** DNS lookup for the current settings, or undefined when DNS is off or the workspace untrusted. */
  dns(): DnsLookup | undefined;
  /** Parsed document, cached by uri and version; undefined for a JSON file that is none of ours. */
  analyzed(document: TextDocument): ServiceDocument | undefined;
}
