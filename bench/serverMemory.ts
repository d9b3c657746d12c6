// Starts the bundled language server, opens a zone in it as VS Code would, waits for its
// diagnostics, and prints the server's peak resident memory (VmHWM) and the time to diagnostics.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';

async function main(): Promise<void> {
  const file = resolve(process.argv[2]);
  const server = spawn(process.execPath, [resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const uri = pathToFileURL(file).href;
  const done = new Promise<number>((resolveDone) => {
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: unknown[] }) => {
      if (p.uri === uri) resolveDone(p.diagnostics.length);
    });
  });
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} });
  await connection.sendNotification('initialized', {});
  const started = Date.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dns-zone', version: 1, text: readFileSync(file, 'utf8') } });
  const diagnostics = await done;
  const ms = Date.now() - started;
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  connection.dispose();
  server.kill();
  process.stdout.write(JSON.stringify({ msToDiagnostics: ms, diagnostics, serverPeakRssMb: hwmKb / 1024 }) + '\n');
}

void main();
