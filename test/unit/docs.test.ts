import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { RULES } from '../../server/src/service/rules';

test('docs/rules.md is generated from the rule table and documents every code', () => {
  const check = spawnSync(process.execPath, ['scripts/rules-doc.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  const doc = readFileSync('docs/rules.md', 'utf8');
  for (const rule of RULES) assert.ok(doc.includes(`## ${rule.code}\n`), `${rule.code} documented`);
});

test('rule codes are unique kebab-case with a known prefix', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  for (const code of codes) assert.match(code, /^(zone|spf|dmarc|dkim|ses|r53|json|internal)-[a-z0-9]+(-[a-z0-9]+)*$/);
});

test('package.json offers every rule code in the emailAuth.rules setting', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const setting = pkg.contributes.configuration.properties['emailAuth.rules'];
  assert.deepEqual(Object.keys(setting.properties).sort(), RULES.map((r) => r.code).sort());
});
