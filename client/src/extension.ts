import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { sanitizeSettings } from '../../shared/settings';
import { LANGUAGE_ID, SETTINGS_NOTIFICATION } from '../../shared/protocol';
import { registerAwsExplorer } from './views/awsExplorer';
import { registerRoute53Push } from './push/pushCommands';
import { registerReportPreview } from './reports/registerReportPreview';

let client: LanguageClient | undefined;

function currentSettings() {
  return sanitizeSettings(vscode.workspace.getConfiguration('emailAuth'), vscode.workspace.isTrusted);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const output = vscode.window.createOutputChannel('Email Auth Studio', { log: true });
  context.subscriptions.push(output);
  registerAwsExplorer(context);
  registerRoute53Push(context);
  registerReportPreview(context, (message) => output.error(message));
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
      // SES receipt rules, send-email requests and Route 53 change batches: the server decides per document.
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'jsonc' },
      { scheme: 'untitled', language: 'json' },
      { scheme: 'untitled', language: 'jsonc' },
      // Receipt rules opened read-only from the SES explorer ("Open as JSON").
      { scheme: 'email-auth-ses', language: 'json' },
    ],
    initializationOptions: { settings: currentSettings() },
    outputChannel: output,
  };
  client = new LanguageClient('emailAuth', 'Email Auth Studio', serverOptions, clientOptions);
  const sendSettings = () => client?.sendNotification(SETTINGS_NOTIFICATION, currentSettings());
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('emailAuth')) void sendSettings();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void sendSettings()),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
