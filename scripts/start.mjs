// npm start: installs what is missing, builds and packages the extension, and opens real VS Code
// (code-server) on 127.0.0.1 with the extension in a throw-away profile and demo/ as the
// workspace. Prints the URL and a generated password. Ctrl-C stops everything it started.
// The SES explorer talks to the local AWS endpoint (local-aws/) with demo/aws/seed.json, through a
// throw-away AWS config whose profiles hold the seed's made-up keys.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
const aws = await startDemoAws();
// The demo folder is ours and the profile is thrown away on exit: trust it, so the AWS views and
// DNS look-ups work from the first minute (Restricted Mode would hold them back).
const server = await startCodeServer({ folder: 'demo', password, port, env: aws.env, machineSettings: aws.settings, settings: { 'security.workspace.trust.enabled': false } });

const url = `${server.url}?folder=${encodeURIComponent(resolve('demo'))}`;
console.log(`
Email Auth Studio is running in VS Code (code-server ${'4.139.1'}):

  URL:      ${url}
  Password: ${password}

Open the URL in a browser on this machine and sign in. In demo/: zone files (Problems, hovers,
quick fixes, the "Push to Route 53" CodeLens), SES and Route 53 JSON in ses/ and route53/, and
DMARC aggregate reports in reports/ (they open in the DMARC Report Preview).
The Email Auth view (activity bar) lists SES identities and receipt rule sets from a local AWS
endpoint at ${aws.url} (demo/aws/seed.json); the status bar item "AWS: demo (us-east-1)"
switches to the profiles demo-expired and demo-denied to show how failures look.
Press Ctrl-C to stop.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await aws.close();
  rmSync(server.profile, { recursive: true, force: true });
  rmSync(aws.dir, { recursive: true, force: true });
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

/**
 * The local AWS endpoint on a free loopback port, and AWS config and credentials files naming its
 * keys: profile demo (works), demo-expired and demo-denied. code-server gets the files through
 * AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, and the endpoint and profile as Machine settings.
 */
async function startDemoAws() {
  const seedPath = resolve('demo/aws/seed.json');
  const seed = JSON.parse(readFileSync(seedPath, 'utf8'));
  const { startLocalAws } = createRequire(import.meta.url)(resolve('dist/local-aws.js'));
  const endpoint = await startLocalAws({ seed: seedPath });
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-aws-'));
  const pick = (test) => seed.credentials.find(test);
  const profiles = [
    ['demo', pick((c) => !c.expired && !c.denied)],
    ['demo-expired', pick((c) => c.expired)],
    ['demo-denied', pick((c) => c.denied && !c.expired)],
  ].filter(([, credential]) => credential);
  const config = profiles.map(([name]) => `[profile ${name}]\nregion = us-east-1\n`).join('\n');
  const credentials = profiles
    .map(([name, c]) => `[${name}]\naws_access_key_id = ${c.accessKeyId}\naws_secret_access_key = ${c.secretAccessKey}\naws_account_id = ${seed.accountId ?? '123456789012'}\n`)
    .join('\n');
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials, { mode: 0o600 });
  return {
    url: endpoint.url,
    dir,
    close: () => endpoint.close(),
    env: {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      // Nothing in the chain may fall back to the instance metadata service (169.254.169.254).
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    settings: { 'emailAuth.aws.profile': 'demo', 'emailAuth.aws.region': 'us-east-1', 'emailAuth.aws.endpoint': endpoint.url },
  };
}
