// Compiles node:test suites with esbuild (type checking is `npm run typecheck`) and runs them.
// Shared by the unit and end-to-end runners.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Returns the exit status of node --test over the compiled suites. */
export async function compileAndRunTests({ entryPoints, outdir: base, concurrency }) {
  // One folder per run: two runs at once (an editor's test task and a terminal) must not delete
  // each other's compiled suites.
  const outdir = join(base, `run-${process.pid}`);
  rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({ entryPoints, outdir, outbase: '.', bundle: true, packages: 'external', platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning' });
  const compiled = entryPoints.map((file) => join(outdir, relative('.', file)).replace(/\.ts$/, '.js'));
  const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, ...compiled], { stdio: 'inherit' });
  rmSync(outdir, { recursive: true, force: true });
  return result.status ?? 1;
}
