import { promises as dnsPromises } from 'node:dns';
import type { DnsLookup, LookupOutcome, MxRecord } from '../service/dnsLookup';

export interface NodeDnsLookupOptions {
  /** "1.2.3.4", "1.2.3.4:5353", "::1" or "[::1]:5353"; the system resolvers when absent or empty. */
  servers?: string[];
  /**
   * The first attempt's timeout, not a deadline: c-ares doubles it on each retry, and Node only
   * checks for expiry every min(timeoutMs, 1000) ms, so one look-up can take up to about
   * timeoutMs × 2^tries per server.
   */
  timeoutMs: number;
  /** Attempts per server; defaults to 2 (Node's own default of 4 means up to 15 × timeoutMs). */
  tries?: number;
  /** How long answers are reused; defaults to 5 minutes, 0 disables caching. */
  cacheTtlMs?: number;
  /** Defaults to 5000; the least recently used entries go first. */
  maxCacheEntries?: number;
}

export type NodeDnsLookup = DnsLookup & { clearCache(): void };

type QueryType = 'TXT' | 'A' | 'AAAA' | 'MX';

const DEFAULT_TRIES = 2;
const DEFAULT_CACHE_TTL_MS = 5 * 60_000;
const DEFAULT_MAX_CACHE_ENTRIES = 5000;
// Long enough to absorb the burst of identical look-ups one edit triggers across an SPF tree,
// short enough that a flaky network heals without a reload.
const UNKNOWN_CACHE_TTL_MS = 3000;

const ERROR_DESCRIPTIONS: Partial<Record<string, string>> = {
  ETIMEOUT: 'timed out',
  ESERVFAIL: 'the server reported a failure (SERVFAIL)',
  EREFUSED: 'the server refused the query',
  ECONNREFUSED: 'could not reach the DNS server (connection refused)',
  EBADRESP: 'the reply was malformed',
  EBADNAME: 'the name is not a valid domain name',
  EFORMERR: 'the server could not parse the query',
  ENOTIMP: 'the server does not implement this query',
  ECANCELLED: 'the query was cancelled',
  EDESTRUCTION: 'the resolver was shut down',
};

interface CacheEntry {
  outcome: LookupOutcome<unknown>;
  expiresAt: number;
}

/**
 * A DnsLookup over Node's c-ares resolver (never getaddrinfo: /etc/hosts and the system's
 * search domains have no place in SPF evaluation). Throws if a server address is malformed.
 */
export function createNodeDnsLookup(options: NodeDnsLookupOptions): NodeDnsLookup {
  const resolver = new dnsPromises.Resolver({
    // Node rejects non-integers here; a fractional timeout from settings should not be fatal.
    timeout: Math.max(1, Math.round(options.timeoutMs)),
    tries: Math.max(1, Math.round(options.tries ?? DEFAULT_TRIES)),
  });
  if (options.servers !== undefined && options.servers.length > 0) resolver.setServers(options.servers);

  const cacheTtlMs = Math.max(0, options.cacheTtlMs ?? DEFAULT_CACHE_TTL_MS);
  const unknownTtlMs = Math.min(cacheTtlMs, UNKNOWN_CACHE_TTL_MS);
  const maxEntries = Math.max(1, options.maxCacheEntries ?? DEFAULT_MAX_CACHE_ENTRIES);
  const cache = new Map<string, CacheEntry>();
  const inFlight = new Map<string, Promise<LookupOutcome<unknown>>>();
  // Bumped by clearCache so an answer already on its way cannot repopulate a cleared cache.
  let generation = 0;

  function remember(key: string, outcome: LookupOutcome<unknown>): void {
    const ttl = outcome.status === 'unknown' ? unknownTtlMs : cacheTtlMs;
    if (ttl <= 0) return;
    cache.delete(key);
    cache.set(key, { outcome, expiresAt: performance.now() + ttl });
    // Map iteration order is insertion order, and hits re-insert, so the first key is the LRU.
    while (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      cache.delete(oldest);
    }
  }

  function lookup<T>(type: QueryType, rawName: string, query: (name: string) => Promise<T[]>): Promise<LookupOutcome<T>> {
    const name = rawName.replace(/\.$/, '').toLowerCase();
    // c-ares would send an empty name as a query for the root zone, whose answer means nothing here.
    if (name === '') return Promise.resolve({ status: 'unknown', reason: `DNS ${type} look-up skipped: the name is empty` });
    const key = `${type} ${name}`;
    const hit = cache.get(key);
    if (hit !== undefined) {
      if (hit.expiresAt > performance.now()) {
        cache.delete(key);
        cache.set(key, hit);
        return Promise.resolve(copyOutcome(hit.outcome as LookupOutcome<T>));
      }
      cache.delete(key);
    }
    let pending = inFlight.get(key) as Promise<LookupOutcome<T>> | undefined;
    if (pending === undefined) {
      const startedIn = generation;
      // The Promise constructor turns a synchronous throw from Node's argument checks into an outcome too.
      pending = new Promise<T[]>((resolve) => resolve(query(name))).then(
        (records): LookupOutcome<T> => ({ status: 'ok', records }),
        (error: unknown) => outcomeForError<T>(error, type, name),
      );
      void pending.then((outcome) => {
        if (startedIn !== generation) return;
        inFlight.delete(key);
        remember(key, outcome);
      });
      inFlight.set(key, pending);
    }
    // Each caller gets its own copy: callers sort and filter records, and the cached one must survive that.
    return pending.then(copyOutcome);
  }

  return {
    txt: (name) => lookup('TXT', name, async (n) => (await resolver.resolveTxt(n)).map((chunks) => chunks.join(''))),
    a: (name) => lookup('A', name, (n) => resolver.resolve4(n)),
    aaaa: (name) => lookup('AAAA', name, (n) => resolver.resolve6(n)),
    mx: (name) =>
      lookup('MX', name, async (n): Promise<MxRecord[]> =>
        (await resolver.resolveMx(n)).map((mx) => ({ exchange: mx.exchange, priority: mx.priority })),
      ),
    clearCache(): void {
      generation++;
      cache.clear();
      inFlight.clear();
    },
  };
}

function outcomeForError<T>(error: unknown, type: QueryType, name: string): LookupOutcome<T> {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (code === 'ENOTFOUND') return { status: 'nxdomain' };
  if (code === 'ENODATA') return { status: 'nodata' };
  const description =
    (code !== undefined ? ERROR_DESCRIPTIONS[code] : undefined) ?? (error instanceof Error ? error.message : String(error));
  return { status: 'unknown', reason: `DNS ${type} look-up for ${name} failed: ${description}${code !== undefined ? ` (${code})` : ''}` };
}

function copyOutcome<T>(outcome: LookupOutcome<T>): LookupOutcome<T> {
  if (outcome.status !== 'ok') return { ...outcome };
  return { status: 'ok', records: outcome.records.map((r) => (typeof r === 'object' && r !== null ? { ...r } : r)) };
}

/** For when DNS is switched off or the workspace is untrusted: nothing is ever concluded. */
export const disabledDnsLookup: DnsLookup = {
  txt: async () => ({ status: 'unknown', reason: 'DNS look-ups are turned off' }),
  a: async () => ({ status: 'unknown', reason: 'DNS look-ups are turned off' }),
  aaaa: async () => ({ status: 'unknown', reason: 'DNS look-ups are turned off' }),
  mx: async () => ({ status: 'unknown', reason: 'DNS look-ups are turned off' }),
};
