/**
 * Registers the DMARC report preview: the custom editor for report files, the "DMARC Report
 * Preview" command (also in the explorer's context menu, for files and folders).
 */
import * as vscode from 'vscode';
import { sanitizeSettings } from '../../../shared/settings';
import { sanitizeReportSettings } from '../core/dmarcReport/reportLimits';
import { REPORT_FILE_NAME } from './reportFiles';
import { ReportPreviewPanel, type ReportPreviewEnvironment } from './reportPreviewPanel';

/** Offered for every .xml, .gz, .zip and .eml ("Reopen Editor With…", the command). */
export const REPORT_PREVIEW_VIEW_TYPE = 'emailAuth.dmarcReportPreview';
/** The default editor for files named as RFC 7489 section 7.2.1.1 names reports (receiver!domain!begin!end). */
const REPORT_FILE_VIEW_TYPE = 'emailAuth.dmarcReportPreview.reportFile';
export const OPEN_REPORT_PREVIEW_COMMAND = 'emailAuth.openReportPreview';
const FOLDER_VIEW_TYPE = 'emailAuth.dmarcReportFolder';

function environment(context: vscode.ExtensionContext, log: (message: string) => void): ReportPreviewEnvironment {
  return {
    extensionUri: context.extensionUri,
    workerScript: context.asAbsolutePath('dist/reportWorker.js'),
    settings: () => {
      const trusted = vscode.workspace.isTrusted;
      const reports = vscode.workspace.getConfiguration('emailAuth.reports');
      const raw = { maxCompressedBytes: reports.get('maxCompressedBytes'), maxUncompressedBytes: reports.get('maxUncompressedBytes'), reverseDns: reports.get('reverseDns') };
      const dns = sanitizeSettings(vscode.workspace.getConfiguration('emailAuth'), trusted).dns;
      return { ...sanitizeReportSettings(raw, trusted), dnsServers: dns.servers, dnsTimeoutMs: dns.timeoutMs, trusted };
    },
    log,
  };
}

class ReportEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly env: ReportPreviewEnvironment) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    // The panel disposes the preview with itself.
    new ReportPreviewPanel(panel, [document.uri], document.uri.path.split('/').pop() ?? document.uri.toString(), this.env);
  }
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** The file of the active editor, text or custom (the preview itself included). */
function activeFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return vscode.window.activeTextEditor?.document.uri;
}

export function registerReportPreview(context: vscode.ExtensionContext, log: (message: string) => void = () => undefined): void {
  const env = environment(context, log);
  const openFolderPanel = (uris: vscode.Uri[], title: string) => {
    const panel = vscode.window.createWebviewPanel(FOLDER_VIEW_TYPE, title, vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')] });
    new ReportPreviewPanel(panel, uris, title, env);
  };
  context.subscriptions.push(
    ...[REPORT_PREVIEW_VIEW_TYPE, REPORT_FILE_VIEW_TYPE].map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, new ReportEditorProvider(env), { supportsMultipleEditorsPerDocument: true, webviewOptions: { retainContextWhenHidden: false } }),
    ),
    vscode.commands.registerCommand(OPEN_REPORT_PREVIEW_COMMAND, async (clicked?: vscode.Uri, selected?: vscode.Uri[]) => {
      let uris = selected && selected.length > 1 ? selected : clicked instanceof vscode.Uri ? [clicked] : [];
      if (uris.length === 0) {
        const active = activeFile();
        if (active && REPORT_FILE_NAME.test(active.path)) uris = [active];
      }
      if (uris.length === 0) {
        const picked = await vscode.window.showOpenDialog({ canSelectFiles: true, canSelectFolders: true, canSelectMany: true, title: 'DMARC reports to preview', openLabel: 'Preview', filters: { 'DMARC reports': ['xml', 'gz', 'zip', 'eml'], 'All files': ['*'] } });
        if (!picked || picked.length === 0) return;
        uris = picked;
      }
      if (uris.length === 1 && !(await isFolder(uris[0]))) {
        await vscode.commands.executeCommand('vscode.openWith', uris[0], REPORT_PREVIEW_VIEW_TYPE);
        return;
      }
      const name = uris.length === 1 ? (uris[0].path.split('/').pop() ?? 'folder') : `${uris.length} selected`;
      openFolderPanel(uris, `DMARC reports: ${name}`);
    }),
  );
}
