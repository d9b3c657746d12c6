/**
 * Extension-host suite for @vscode/test-electron (`npm run test:vscode`): runs inside a real VS
 * Code window with this folder as the extension under development. The same behaviours are
 * covered in code-server by test/e2e (which runs here, where VS Code cannot be downloaded).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

function waitForDiagnostics(uri: vscode.Uri, accept: (d: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no diagnostics within 30 s')), 30000);
    const check = () => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      clearTimeout(timer);
      subscription.dispose();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => check());
    check();
  });
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the suite opens demo/ as the workspace');
  const uri = vscode.Uri.file(path.join(folder, 'broken.example.com.zone'));
  const document = await vscode.workspace.openTextDocument(uri);
  assert.equal(document.languageId, 'dns-zone');
  await vscode.window.showTextDocument(document);

  const diagnostics = await waitForDiagnostics(uri, (d) => d.some((x) => x.code === 'spf-ptr'));
  const codes = new Set(diagnostics.map((d) => String(d.code)));
  for (const code of ['spf-ptr', 'spf-multiple-records', 'dmarc-version', 'zone-cname-conflict']) assert.ok(codes.has(code), `${code} reported`);

  const ptr = diagnostics.find((d) => d.code === 'spf-ptr')!;
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, ptr.range.start);
  const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(hoverText, /Do not use/);

  const dmarcLine = document.getText().split('\n').findIndex((l) => l.startsWith('_dmarc'));
  const afterP = document.lineAt(dmarcLine).text.indexOf('p=') + 2;
  const completions = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(dmarcLine, afterP));
  const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  assert.ok(labels.includes('reject'), 'DMARC policy values are completed');

  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
  assert.ok(symbols.some((s) => s.name === '_dmarc.broken.example.com'));
}
