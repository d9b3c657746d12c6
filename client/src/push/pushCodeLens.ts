/**
 * "Push to Route 53" above each record of a zone file (emailAuth.push.codeLens), in trusted
 * workspaces only. The lens names the record by its line; the command finds it again there.
 */
import * as vscode from 'vscode';
import { readZoneFile } from './zoneFileRecords';

export const PUSH_COMMANDS = {
  record: 'emailAuth.push.record',
  selection: 'emailAuth.push.selection',
  file: 'emailAuth.push.file',
  preview: 'emailAuth.push.preview',
  sync: 'emailAuth.push.sync',
} as const;

/** A zone of 100,000 records would draw 100,000 lenses; past this many (or four times as many lines) only the commands remain. */
export const MAX_LENSES = 2000;

export function codeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration('emailAuth.push').get<boolean>('codeLens', true) !== false;
}

export class PushCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [
    this.changed,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('emailAuth.push.codeLens')) this.changed.fire();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
  ];

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.isTrusted || !codeLensEnabled()) return [];
    // VS Code asks again after every edit: a long file is not parsed for lenses at all.
    if (document.lineCount > MAX_LENSES * 4) return [];
    const file = readZoneFile(document.getText(), document.fileName);
    if (file.records.length > MAX_LENSES) return [];
    const lenses: vscode.CodeLens[] = [];
    let lastLine = -1;
    for (const record of file.records) {
      // Route 53 keeps the apex SOA and NS itself; a push never sends them.
      if ((record.type === 'SOA' || record.type === 'NS') && record.name === file.origin) continue;
      const line = document.positionAt(record.span.start).line;
      if (line === lastLine) continue;
      lastLine = line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: 'Push to Route 53',
        tooltip: `Preview, then push ${record.name || '.'} ${record.type} (the whole record set of this name and type) to Route 53`,
        command: PUSH_COMMANDS.record,
        arguments: [document.uri.toString(), line],
      }));
    }
    return lenses;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
