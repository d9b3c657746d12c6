// Packages the extension the tests install, then runs the end-to-end suites one at a time (each
// starts its own code-server and Chromium).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsCodeTools } from './vscode-tools.mjs';
import { packageExtension } from './code-server.mjs';
import { compileAndRunTests } from './node-tests.mjs';

ensureVsCodeTools();
packageExtension();
const args = process.argv.slice(2);
const entryPoints = args.length > 0 ? args : readdirSync('test/e2e').filter((f) => f.endsWith('.e2e.test.ts')).map((f) => join('test/e2e', f));
process.exit(await compileAndRunTests({ entryPoints, outdir: 'out/e2e', concurrency: 1 }));
