// Compiles the node:test suites with esbuild (type checking is `npm run typecheck`) and runs them.
// Usage: node scripts/run-unit-tests.mjs [test files...]   (default: every test/unit/**/*.test.ts)
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const args = process.argv.slice(2);
const entryPoints = args.length > 0 ? args : findTests('test/unit');
const outdir = 'out/unit';
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints,
  outdir,
  outbase: '.',
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
const compiled = entryPoints.map((file) => join(outdir, relative('.', file)).replace(/\.ts$/, '.js'));
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-concurrency=2', ...compiled], { stdio: 'inherit' });
process.exit(result.status ?? 1);
