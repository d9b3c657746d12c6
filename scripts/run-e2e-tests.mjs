// Builds the package the tests install, compiles the end-to-end suites and runs them one at a
// time (each starts its own code-server and Chromium).
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureVsCodeTools } from './vscode-tools.mjs';

ensureVsCodeTools();
const pack = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', 'dist/email-auth-studio.vsix'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (pack.status !== 0) process.exit(pack.status ?? 1);
const args = process.argv.slice(2);
const entryPoints = args.length > 0 ? args : readdirSync('test/e2e').filter((f) => f.endsWith('.e2e.test.ts')).map((f) => join('test/e2e', f));
const outdir = 'out/e2e';
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({ entryPoints, outdir, outbase: '.', bundle: true, packages: 'external', platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' });
const compiled = entryPoints.map((f) => join(outdir, f).replace(/\.ts$/, '.js'));
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=1', ...compiled], { stdio: 'inherit' });
process.exit(result.status ?? 1);
