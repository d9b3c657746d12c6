// Renders docs/rules.md and the emailAuth.rules setting schema from the rule table, so the docs can never drift from the code.
// `node scripts/rules-doc.mjs --write` rewrites it; test/unit/docs.test.ts fails when it is stale.
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

async function loadRules() {
  const out = await esbuild.build({ entryPoints: ['server/src/service/rules.ts'], bundle: true, format: 'cjs', platform: 'node', write: false });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports.RULES;
}

/** package.json with one entry per rule under emailAuth.rules, so the settings editor completes codes. */
async function renderPackageJson() {
  const RULES = await loadRules();
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
  const setting = pkg.contributes.configuration.properties['emailAuth.rules'];
  setting.properties = Object.fromEntries(
    RULES.map((r) => [r.code, { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'], default: r.severity, markdownDescription: `${r.summary} (${r.reference})` }]),
  );
  return JSON.stringify(pkg, null, 2) + '\n';
}

export async function renderRulesDoc() {
  const RULES = await loadRules();
  const lines = [
    '# Rules',
    '',
    'Every finding has a stable code. Use it in `emailAuth.rules` (VS Code settings) to change its severity or turn it off, e.g. `"emailAuth.rules": { "spf-ptr": "error", "dmarc-policy-none": "off" }`. The CLI prints the same codes.',
    '',
    'This file is generated from `server/src/service/rules.ts` by `node scripts/rules-doc.mjs --write`.',
    '',
    '| code | default severity | what it means | reference |',
    '| --- | --- | --- | --- |',
    ...RULES.map((r) => `| [\`${r.code}\`](#${r.code}) | ${r.severity} | ${r.summary} | ${r.reference} |`),
    '',
  ];
  for (const rule of RULES) lines.push(`## ${rule.code}`, '', `**Default severity:** ${rule.severity}. **Reference:** ${rule.reference}.`, '', rule.summary, '');
  return lines.join('\n');
}

if (process.argv.includes('--write')) {
  writeFileSync('docs/rules.md', await renderRulesDoc());
  writeFileSync('package.json', await renderPackageJson());
} else if (process.argv.includes('--check')) {
  const stale = [];
  if (readFileSync('docs/rules.md', 'utf8') !== (await renderRulesDoc())) stale.push('docs/rules.md');
  if (readFileSync('package.json', 'utf8') !== (await renderPackageJson())) stale.push('package.json (emailAuth.rules)');
  if (stale.length > 0) {
    console.error(`${stale.join(' and ')} out of date: run node scripts/rules-doc.mjs --write`);
    process.exit(1);
  }
}
