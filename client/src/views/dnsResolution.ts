/**
 * Asks DNS for the records "Check DNS" compares, through Node's resolver and the servers of
 * emailAuth.dns.servers (the system's when empty). No vscode here, so tests use a loopback server.
 */
import { Resolver } from 'node:dns/promises';
import { lookupKey, type DnsAnswer } from '../core/sesModel/dnsCheck';
import type { ExpectedRecord } from '../core/sesModel/sesDnsRecords';

export interface DnsResolutionOptions {
  servers: readonly string[];
  timeoutMs: number;
}

export function resolverLabel(options: DnsResolutionOptions): string {
  return options.servers.length > 0 ? options.servers.join(', ') : 'the system resolver';
}

export async function resolveLookups(lookups: ReadonlyArray<Pick<ExpectedRecord, 'name' | 'type'>>, options: DnsResolutionOptions): Promise<Map<string, DnsAnswer>> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 2 });
  if (options.servers.length > 0) resolver.setServers([...options.servers]);
  const answers = new Map<string, DnsAnswer>();
  try {
    await Promise.all(lookups.map(async (lookup) => answers.set(lookupKey(lookup), await resolveOne(resolver, lookup))));
  } finally {
    resolver.cancel();
  }
  return answers;
}

async function resolveOne(resolver: Resolver, lookup: Pick<ExpectedRecord, 'name' | 'type'>): Promise<DnsAnswer> {
  try {
    switch (lookup.type) {
      case 'CNAME':
        return { kind: 'cname', targets: await resolver.resolveCname(lookup.name) };
      case 'MX':
        return { kind: 'mx', exchanges: await resolver.resolveMx(lookup.name) };
      case 'TXT':
        return { kind: 'txt', texts: (await resolver.resolveTxt(lookup.name)).map((strings) => strings.join('')) };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND') return { kind: 'none', reason: 'nxdomain' };
    if (code === 'ENODATA') return { kind: 'none', reason: 'nodata' };
    const why: Record<string, string> = { ETIMEOUT: 'no answer in time', ESERVFAIL: 'the server failed (SERVFAIL)', EREFUSED: 'the server refused the query', ECONNREFUSED: 'the server could not be reached' };
    return { kind: 'error', message: why[code ?? ''] ?? `look-up failed (${code ?? String(error)})` };
  }
}
