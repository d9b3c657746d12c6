// Starts real VS Code (code-server) on loopback with the packaged extension in a throw-away
// profile. Used by the end-to-end tests and by `npm start`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CODE_SERVER_ENTRY, NODE24, ensureVsCodeTools } from './vscode-tools.mjs';

export const VSIX = resolve('dist/email-auth-studio.vsix');

/** Packages dist/ (built beforehand) into the .vsix that code-server installs. */
export function packageExtension() {
  const result = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--out', VSIX], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`vsce package failed with status ${result.status}`);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForHttp(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: 'manual' });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer at ${url} within ${timeoutMs} ms`);
}

/**
 * @param {{ folder: string, settings?: object, machineSettings?: object, env?: Record<string, string>, password?: string, port?: number, profileDir?: string }} options
 * `settings` go to the user settings.json; `machineSettings` to the Machine settings only (where
 * machine-scoped settings such as emailAuth.aws.* are read); `env` is added to code-server's
 * environment, which its extension host inherits; `password` turns on code-server's password login.
 */
export async function startCodeServer(options) {
  const env = ensureVsCodeTools();
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'email-auth-vscode-'));
  const userDataDir = join(profile, 'user-data');
  const extensionsDir = join(profile, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(join(userDataDir, 'Machine'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    ...options.settings,
  };
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  // The extension host of code-server is a "remote" one: settings of machine scope (such as
  // emailAuth.dns.servers) are read from the Machine settings, not the User ones.
  writeFileSync(join(userDataDir, 'Machine', 'settings.json'), JSON.stringify({ ...settings, ...options.machineSettings }, null, 2));
  const common = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const install = spawnSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', VSIX], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing ${VSIX} failed: ${install.stdout}${install.stderr}`);
  const port = options.port ?? (await freePort());
  const auth = options.password ? ['--auth', 'password'] : ['--auth', 'none'];
  const childEnv = {
    ...env,
    // Point the extension gallery at a closed loopback port: nothing leaves the machine, and
    // code-server does not wait on a marketplace it cannot reach.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/item', resourceUrlTemplate: 'http://127.0.0.1:9/{publisher}/{name}/{version}/{path}' }),
    ...(options.password ? { PASSWORD: options.password } : {}),
    ...options.env,
  };
  const args = [CODE_SERVER_ENTRY, ...auth, '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', ...common, resolve(options.folder)];
  const child = spawn(NODE24, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: false });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(url, child, 60000);
  return {
    url,
    port,
    profile,
    userDataDir,
    folder: resolve(options.folder),
    logs: () => log,
    stop: () =>
      new Promise((resolveStop) => {
        if (child.exitCode !== null) return resolveStop();
        child.once('exit', () => resolveStop());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}
