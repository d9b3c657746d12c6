// Runs the unit suites. Usage: node scripts/run-unit-tests.mjs [test files...]
// (default: every test/unit/**/*.test.ts)
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileAndRunTests } from './node-tests.mjs';

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
process.exit(await compileAndRunTests({ entryPoints: args.length > 0 ? args : findTests('test/unit'), outdir: 'out/unit', concurrency: 2 }));
