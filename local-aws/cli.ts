// node dist/local-aws.js --seed demo/aws/seed.json [--port 4566] [--insync-delay-ms 500]
//                        [--rate-limit route53=5] [--quiet]
// Prints the endpoint's URL, logs one line per request unless --quiet, stops on SIGINT/SIGTERM.
// The bundle also exports startLocalAws for scripts that want the endpoint in-process.
import { startLocalAws } from './server';
import type { RateLimit } from './faults';
import type { ServiceId } from './operation';

export { startLocalAws } from './server';

interface CliOptions {
  seed: string;
  port: number;
  insyncDelayMs?: number;
  rateLimits: Partial<Record<ServiceId, RateLimit>>;
  quiet: boolean;
}

const USAGE = 'Usage: node dist/local-aws.js --seed <file.json> [--port 4566] [--insync-delay-ms 500] [--rate-limit route53=5] [--quiet]';

export function parseArguments(args: readonly string[]): CliOptions {
  const options: CliOptions = { seed: '', port: 4566, rateLimits: {}, quiet: false };
  for (let i = 0; i < args.length; i++) {
    const value = (): string => {
      const next = args[++i];
      if (next === undefined) throw new Error(`${args[i - 1]} needs a value.\n${USAGE}`);
      return next;
    };
    switch (args[i]) {
      case '--seed': options.seed = value(); break;
      case '--port': options.port = Number(value()); break;
      case '--insync-delay-ms': options.insyncDelayMs = Number(value()); break;
      case '--rate-limit': {
        const [service, perSecond] = value().split('=');
        if (!['ses', 'sesv2', 'route53'].includes(service) || !(Number(perSecond) > 0)) throw new Error(`--rate-limit takes service=perSecond, e.g. route53=5.\n${USAGE}`);
        options.rateLimits[service as ServiceId] = { perSecond: Number(perSecond) };
        break;
      }
      case '--quiet': options.quiet = true; break;
      case '--help': case '-h': throw new Error(USAGE);
      default: throw new Error(`Unknown argument ${args[i]}.\n${USAGE}`);
    }
  }
  if (!options.seed) throw new Error(`--seed is required.\n${USAGE}`);
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error(`--port must be a port number.\n${USAGE}`);
  return options;
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const endpoint = await startLocalAws({
    seed: options.seed,
    port: options.port,
    insyncDelayMs: options.insyncDelayMs,
    rateLimits: options.rateLimits,
    onRequest: options.quiet ? undefined : (entry) => {
      process.stdout.write(`${new Date(entry.time).toISOString()} ${entry.service} ${entry.operation} ${entry.status}${entry.errorCode ? ` ${entry.errorCode}` : ''}\n`);
    },
  });
  const keys = [...endpoint.state.credentials.values()].map((c) => `${c.accessKeyId}${c.expired ? ' (expired)' : ''}${c.denied ? ' (denied)' : ''}`);
  process.stdout.write(`Local AWS endpoint listening on ${endpoint.url}\n  seed: ${options.seed}\n  access keys: ${keys.join(', ')}\n  control: ${endpoint.url}/__control/state\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    endpoint.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`local-aws: ${(error as Error).message}\n`);
    process.exit(1);
  });
}
