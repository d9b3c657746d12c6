// npm run test:vscode: downloads VS Code with @vscode/test-electron and runs test/vscode/suite.ts
// in its extension host. Needs access to update.code.visualstudio.com, which the project's own
// machines do not have; there test/e2e runs the same behaviours in code-server instead.
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

await esbuild.build({ entryPoints: ['test/vscode/suite.ts'], outfile: 'out/vscode/suite.js', bundle: true, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'warning' });
const workspace = mkdtempSync(join(tmpdir(), 'email-auth-vscode-'));
cpSync('demo', workspace, { recursive: true });
await runTests({
  version: process.env.VSCODE_VERSION ?? '1.91.0',
  extensionDevelopmentPath: resolve('.'),
  extensionTestsPath: resolve('out/vscode/suite.js'),
  launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
});
