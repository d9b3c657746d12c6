/**
 * Identifier alignment (RFC 7489 section 3.1, kept by RFC 9989) of a DKIM d= or SPF domain
 * with the From domain, to show per result whether it could count for DMARC, and the
 * organizational domain that names a sending source. Relaxed mode compares organizational
 * domains (RFC 7489 section 3.2: the registered domain under the Public Suffix List), which
 * tldts computes from the list it ships. The receiver's verdict, which is authoritative, is the
 * report's policy_evaluated dkim and spf.
 */
import { getDomain } from 'tldts';

/** Reports repeat a few domains many times; the list look-up is done once per name. */
const MEMO_LIMIT = 10000;
const memo = new Map<string, string>();

function normalized(domain: string): string {
  const lower = domain.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * The registered domain: one label under the longest public suffix (mail.example.co.uk →
 * example.co.uk). Only the ICANN section of the list is used: its private section (e.g.
 * compute-1.amazonaws.com) would turn every cloud host into an organization of its own and split
 * reverse-DNS groups by host. A name that has no label under a suffix (co.uk, an IP address, a
 * value that is not a host name) is its own organizational domain.
 */
export function organizationalDomain(domain: string): string {
  const name = normalized(domain);
  let org = memo.get(name);
  if (org === undefined) {
    org = getDomain(name, { extractHostname: false }) ?? name;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(name, org);
  }
  return org;
}

/** `mode` is the policy's adkim or aspf: "s" strict, anything else relaxed (the default). */
export function isAligned(authDomain: string, fromDomain: string, mode: string | undefined): boolean {
  const a = normalized(authDomain);
  const f = normalized(fromDomain);
  if (!a || !f) return false;
  if (a === f) return true;
  if (mode === 's') return false;
  return organizationalDomain(a) === organizationalDomain(f);
}
