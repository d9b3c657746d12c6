// npm start: installs what is missing, builds and packages the extension, and opens real VS Code
// (code-server) on 127.0.0.1 with the extension in a throw-away profile and demo/ as the
// workspace. Prints the URL and a generated password. Ctrl-C stops everything it started.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, packageExtension, startCodeServer } from './code-server.mjs';

function step(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

step(process.execPath, ['scripts/ensure-installed.mjs']);
step('npm', ['run', '--silent', 'build']);
packageExtension();

const password = randomBytes(12).toString('base64url');
const preferred = Number(process.env.PORT ?? 8080);
const port = await portOrFree(preferred);
const server = await startCodeServer({ folder: 'demo', password, port });

const url = `${server.url}?folder=${encodeURIComponent(resolve('demo'))}`;
console.log(`
Email Auth Studio is running in VS Code (code-server ${'4.139.1'}):

  URL:      ${url}
  Password: ${password}

Open the URL in a browser on this machine, sign in, and open a .zone file in demo/.
Press Ctrl-C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  rmSync(server.profile, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

async function portOrFree(port) {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(freePort()));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(port)));
  });
}
