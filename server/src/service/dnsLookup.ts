/**
 * The service's only window on live DNS. It is injected (the language server passes a Node
 * resolver, tests a loopback one), so the service itself stays free of network code.
 */
export type LookupOutcome<T> =
  | { status: 'ok'; records: T[] }
  | { status: 'nxdomain' }
  | { status: 'nodata' }
  /** Timeout, SERVFAIL, refused, DNS turned off: nothing can be concluded, so nothing is reported. */
  | { status: 'unknown'; reason: string };

export interface MxRecord {
  exchange: string;
  priority: number;
}

export interface DnsLookup {
  /** TXT records, each with its strings joined without separator (RFC 7208 3.3). */
  txt(name: string): Promise<LookupOutcome<string>>;
  a(name: string): Promise<LookupOutcome<string>>;
  aaaa(name: string): Promise<LookupOutcome<string>>;
  mx(name: string): Promise<LookupOutcome<MxRecord>>;
}
