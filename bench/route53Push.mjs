// node bench/route53Push.mjs [--records 5000] [--json]
// Pushes a generated zone file of 5,000 mail-domain records to the local AWS endpoint with
// Route 53's quota of five requests a second enforced by the endpoint, through the same code
// as the extension's "Push Zone File to Route 53" (zone parser, planner, gateway on the real
// @aws-sdk/client-route-53 over HTTP). Two runs: paced like the extension (a request every
// 200 ms), and unpaced, where the endpoint throttles and the retry policy has to get through.
// Prints the requests by operation and the time of each step; the last line is JSON for run.mjs.
import * as esbuild from 'esbuild';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const RECORDS = Number(args[args.indexOf('--records') + 1] ?? 5000) || 5000;
const JSON_ONLY = args.includes('--json');

const entry = `
export { startLocalAws } from './local-aws/index';
export { Route53Gateway } from './client/src/aws/route53Gateway';
export { openRoute53Connection } from './client/src/aws/route53Connection';
export { RequestPacer } from './client/src/aws/requestPacer';
export { readZoneFile } from './client/src/push/zoneFileRecords';
export { applyPushPlan, findHostedZone, matchesFile, planAgainstRoute53 } from './client/src/push/pushRun';
`;
async function loadLib() {
  await esbuild.build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'route53PushBench.ts' }, outfile: 'out/bench/route53Push.cjs', bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'warning' });
  return createRequire(import.meta.url)('../out/bench/route53Push.cjs');
}

const KEY = { id: 'AKIABENCHROUTE530001', secret: 'bench-secret-key-only-for-the-local-endpoint' };
let lib;
let dkimKeys = [];
const newDkimKeys = () => Array.from({ length: 4 }, () => generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64'));

/** What mail domains hold: SPF and DMARC TXT, 2048-bit DKIM keys, MX, A, CNAME. */
function zoneText(count) {
  const lines = ['$ORIGIN bench.example.', '$TTL 300'];
  for (let i = 0; i < count; i++) {
    const n = `s${String(i).padStart(5, '0')}`;
    switch (i % 10) {
      case 0: case 1: case 2: case 3:
        lines.push(`${n} IN TXT "v=spf1 ip4:198.51.${i % 250}.0/24 include:amazonses.com -all"`);
        break;
      case 4:
        lines.push(`_dmarc.${n} IN TXT "v=DMARC1; p=reject; rua=mailto:dmarc@bench.example"`);
        break;
      case 5: {
        const text = `v=DKIM1; k=rsa; p=${dkimKeys[i % dkimKeys.length]}`;
        lines.push(`k${i}._domainkey.${n} IN TXT ( "${text.slice(0, 250)}" "${text.slice(250)}" )`);
        break;
      }
      case 6:
        lines.push(`${n} IN MX 10 feedback-smtp.us-east-1.amazonses.com.`);
        break;
      case 7: case 8:
        lines.push(`${n} IN A 192.0.2.${i % 250}`);
        break;
      default:
        lines.push(`${n} IN CNAME ${n}.dkim.amazonses.com.`);
    }
  }
  return `${lines.join('\n')}\n`;
}

async function run(text, paced) {
  lib ??= await loadLib();
  const endpoint = await lib.startLocalAws({
    seed: { credentials: [{ accessKeyId: KEY.id, secretAccessKey: KEY.secret }], route53: { hostedZones: [{ Id: 'ZBENCH', Name: 'bench.example.' }] } },
    insyncDelayMs: 500,
    rateLimits: { route53: { perSecond: 5 } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'email-auth-bench-aws-'));
  writeFileSync(join(dir, 'config'), '[profile bench]\nregion = us-east-1\n');
  writeFileSync(join(dir, 'credentials'), `[bench]\naws_access_key_id = ${KEY.id}\naws_secret_access_key = ${KEY.secret}\n`);
  const route53 = await lib.openRoute53Connection({ profile: 'bench', endpoint: endpoint.url }, { files: { config: join(dir, 'config'), credentials: join(dir, 'credentials') }, env: {} });
  let retries = 0;
  const gateway = new lib.Route53Gateway(route53.client, { pacer: paced ? new lib.RequestPacer(200) : undefined, pollIntervalMs: 1000, events: { retry: () => retries++ } });
  const times = {};
  const step = async (name, work) => {
    const started = performance.now();
    const result = await work();
    times[name] = Math.round(performance.now() - started);
    return result;
  };
  try {
    const input = { mode: 'file', file: await step('parse', async () => lib.readZoneFile(text, 'bench.example.zone')) };
    const lookup = await step('zone', () => lib.findHostedZone(gateway, input));
    if (lookup.kind !== 'found') throw new Error(`no zone: ${lookup.kind}`);
    const plan = await step('readAndPlan', () => lib.planAgainstRoute53(gateway, lookup.zone, input));
    if (!plan.ok) throw new Error(plan.problems.map((p) => p.message).join('\n'));
    const outcome = await step('applyAndInsync', () => lib.applyPushPlan(gateway, plan));
    if (outcome.kind !== 'applied') throw new Error(`push ${outcome.kind}`);
    const again = await step('verify', () => lib.planAgainstRoute53(gateway, lookup.zone, input));
    if (!lib.matchesFile(again)) throw new Error(`Route 53 differs after the push: ${JSON.stringify(again.summary)}`);
    const byOperation = {};
    for (const r of endpoint.requests) {
      const key = r.operation;
      byOperation[key] ??= { ok: 0, throttled: 0 };
      if (r.status === 200) byOperation[key].ok++;
      else byOperation[key].throttled++;
    }
    const total = Object.values(times).reduce((a, b) => a + b, 0) - times.parse;
    return {
      paced,
      records: input.file.records.length,
      rrsets: plan.rrsets.length,
      batches: plan.batches.length,
      requests: endpoint.requests.length,
      throttled: endpoint.requests.filter((r) => r.errorCode === 'Throttling').length,
      retries,
      byOperation,
      ms: { ...times, total },
    };
  } finally {
    route53.dispose();
    await endpoint.close();
  }
}

/** The section of docs/benchmarks.md (bench/run.mjs) for the results printed as JSON. */
export function route53PushMarkdown(results) {
  const rows = results.map((r) => {
    const ops = Object.entries(r.byOperation).map(([op, c]) => `${op} ${c.ok}${c.throttled ? ` (+${c.throttled} throttled)` : ''}`).join(', ');
    return `| ${r.paced ? 'paced like the extension (1 request / 200 ms)' : 'unpaced (retry policy only)'} | ${r.records.toLocaleString('en')} | ${r.batches} | ${r.requests} (${r.throttled} throttled) | ${(r.ms.total / 1000).toFixed(1)} s | ${ops} |`;
  });
  const paced = results.find((r) => r.paced) ?? results[0];
  return `## Pushing 5,000 records to Route 53

\`bench/route53Push.mjs\`: a generated zone file of ${paced.records.toLocaleString('en')} records (SPF and DMARC TXT, 2048-bit DKIM keys, MX, A,
CNAME) pushed with "Push Zone File to Route 53"'s code (parser, planner, gateway on the real
\`@aws-sdk/client-route-53\` over HTTP) to the local AWS endpoint, which enforces Route 53's five
requests a second per account and reports a change INSYNC 500 ms after it was accepted. The time
covers finding the zone, reading the current rrsets, applying every batch, waiting for INSYNC
and reading the zone again to confirm it matches the file (parsing the file: ${paced.ms.parse} ms).

| run | records | batches | requests | time | requests by operation |
| --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

At five requests a second the time is the number of requests over five: one ChangeResourceRecordSets
and one GetChange per batch (a batch is at most 1,000 records and 32,000 characters of values, so
the 2048-bit DKIM keys decide the count), plus one ListResourceRecordSets per 300 rrsets to
read the zone back.
`;
}

async function main() {
  dkimKeys = newDkimKeys();
  const text = zoneText(RECORDS);
  const results = [];
  for (const paced of [true, false]) results.push(await run(text, paced));
  if (!JSON_ONLY) {
    for (const r of results) {
      console.log(`${r.paced ? 'paced (as the extension, 1 request / 200 ms)' : 'unpaced (retry policy only)'}: ${r.records} records, ${r.rrsets} rrsets, ${r.batches} ChangeResourceRecordSets batches`);
      console.log(`  ${r.requests} requests (${r.throttled} throttled by the endpoint, ${r.retries} retries): ${Object.entries(r.byOperation).map(([op, c]) => `${op} ${c.ok}${c.throttled ? ` (+${c.throttled} refused)` : ''}`).join(', ')}`);
      console.log(`  ${(r.ms.total / 1000).toFixed(1)} s with Route 53: find zone ${r.ms.zone} ms, read + plan ${r.ms.readAndPlan} ms, apply + INSYNC ${r.ms.applyAndInsync} ms, re-read ${r.ms.verify} ms (parse ${r.ms.parse} ms)`);
    }
  }
  console.log(JSON.stringify({ route53Push: results }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
