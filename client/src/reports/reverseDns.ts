/**
 * PTR names for source IPs, to name sending sources (RFC 1035 section 3.5). Only used when
 * emailAuth.reports.reverseDns is on and the workspace is trusted: a look-up tells the DNS server
 * which addresses mailed you. Bounded: the busiest addresses first, a few at a time, each with a
 * time limit; an address without a name is simply left out.
 */
import { Resolver } from 'node:dns/promises';
import type { ReportSettings } from '../core/dmarcReport/reportLimits';
import type { AggregateReport } from '../core/dmarcReport/reportModel';
import { sourceIpsByMessages } from '../core/dmarcReport/reportSummary';

/** Addresses looked up at most, the busiest first: a folder of reports can name 100,000 of them. */
const MAX_LOOKUPS = 300;

export interface ReverseDnsOptions {
  /** `203.0.113.53` or `[2001:db8::53]:5353`; empty uses the system's servers. */
  servers: string[];
  timeoutMs: number;
  /** At most this many addresses are looked up. */
  limit?: number;
  concurrency?: number;
}

export async function reverseNames(ips: readonly string[], options: ReverseDnsOptions, isCancelled: () => boolean = () => false): Promise<Map<string, string>> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers.length > 0) resolver.setServers(options.servers);
  const queue = ips.slice(0, options.limit ?? MAX_LOOKUPS);
  const names = new Map<string, string>();
  const worker = async () => {
    for (let ip = queue.shift(); ip !== undefined && !isCancelled(); ip = queue.shift()) {
      try {
        const [name] = await resolver.reverse(ip);
        if (name) names.set(ip, name.toLowerCase().replace(/\.$/, ''));
      } catch {
        // No PTR record, or no answer in time: the address keeps its other grouping.
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  if (isCancelled()) resolver.cancel();
  return names;
}

/**
 * The PTR names the preview names sources by, or undefined when reverse DNS is off: `settings`
 * come from sanitizeReportSettings, which turns it off in an untrusted workspace, and then not a
 * single query is sent.
 */
export async function sourceNames(reports: readonly AggregateReport[], settings: Pick<ReportSettings, 'reverseDns'> & { dnsServers: string[]; dnsTimeoutMs: number }, isCancelled?: () => boolean): Promise<Map<string, string> | undefined> {
  if (!settings.reverseDns) return undefined;
  return reverseNames(sourceIpsByMessages(reports, MAX_LOOKUPS), { servers: settings.dnsServers, timeoutMs: settings.dnsTimeoutMs }, isCancelled);
}
