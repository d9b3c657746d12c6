/**
 * The invariants of docs/architecture.md, enforced: the language service (and the client's core)
 * stay pure, so they run the same in the server, the CLI and tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)|require\(\s*'([^']+)'\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

const FORBIDDEN_IN_PURE = [/^vscode($|-)/, /^@aws-sdk\//, /^(node:)?(fs|fs\/promises|net|dns|dgram|http|https|http2|tls|child_process|worker_threads)$/];

function violations(root: string, allowedRoots: string[]): string[] {
  const found: string[] = [];
  for (const file of sources(root)) {
    for (const specifier of imports(file)) {
      if (FORBIDDEN_IN_PURE.some((re) => re.test(specifier))) found.push(`${file} imports ${specifier}`);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!allowedRoots.some((r) => !relative(resolve(r), target).startsWith('..'))) found.push(`${file} reaches outside its layer: ${specifier}`);
      }
    }
  }
  return found;
}

test('the language service imports no vscode, LSP, AWS SDK, fs or network module', () => {
  assert.ok(sources('server/src/service').length > 20, 'service sources found');
  assert.deepEqual(violations('server/src/service', ['server/src/service']), []);
});

test("the client's core is pure too", () => {
  assert.deepEqual(violations('client/src/core', ['client/src/core', 'shared', 'server/src/service']), []);
});

test('the check itself catches forbidden imports and escapes from the layer', () => {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  mkdirSync(join(root, 'pure'));
  writeFileSync(join(root, 'pure', 'bad.ts'), "import { readFileSync } from 'node:fs';\nimport type { X } from 'vscode-languageserver/node';\nimport { y } from '../elsewhere';\nimport { z } from './fine';\n");
  assert.equal(violations(join(root, 'pure'), [join(root, 'pure')]).length, 3);
});
