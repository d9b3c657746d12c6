// Installs what `npm test`, `npm run bench` and `npm start` need and a fresh machine lacks:
// npm packages (npm ci when node_modules is missing or older than package-lock.json) and the
// Debian packages the tests drive (named-checkzone from bind9-utils for the conformance test).
// Safe to run repeatedly: it does nothing when everything is there.
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DEBIAN_PACKAGES = [
  { command: 'named-checkzone', pkg: 'bind9-utils', why: 'zone syntax conformance tests and benchmarks compare with BIND' },
  { command: '/usr/bin/time', pkg: 'time', why: 'benchmarks measure the peak memory of named-checkzone' },
  { command: 'xmllint', pkg: 'libxml2-utils', why: 'the DMARC report benchmark compares with xmllint --stream' },
  { command: '/usr/bin/chromium', pkg: 'chromium', why: 'end-to-end tests drive real VS Code in Chromium' },
  { command: 'krb5-config', pkg: 'libkrb5-dev', why: "code-server's install builds a native module against gssapi headers" },
];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`ensure-installed: "${command} ${args.join(' ')}" failed with status ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

const lock = 'package-lock.json';
const installed = 'node_modules/.package-lock.json';
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log('ensure-installed: installing npm packages (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

const missing = DEBIAN_PACKAGES.filter((p) => !has(p.command));
if (missing.length > 0) {
  const names = [...new Set(missing.map((p) => p.pkg))];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !has('apt-get')) {
    console.error(`ensure-installed: missing ${missing.map((p) => `${p.command} (${p.why})`).join('; ')}.\nInstall them with: sudo apt-get install -y ${names.join(' ')}`);
    process.exit(1);
  }
  console.log(`ensure-installed: installing Debian packages ${names.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}
