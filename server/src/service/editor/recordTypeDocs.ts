/** Short hovers for the record types mail administrators meet; the rest get none. */
export const RECORD_TYPE_DOCS: Record<string, string> = {
  TXT: '**TXT** — text strings, each at most 255 octets, joined with no space by SPF, DMARC and DKIM readers (RFC 1035 section 3.3.14, RFC 7208 section 3.3).',
  SPF: '**SPF** (type 99) — obsolete: receivers look only at TXT. Publish SPF as TXT (RFC 7208 section 3.1, 14.1).',
  MX: '**MX** `<preference> <host>` — where mail for the name is delivered; lower preference is tried first (RFC 1035 section 3.3.9, RFC 5321 section 5.1). For SES receiving: `10 inbound-smtp.<region>.amazonaws.com.`; for a custom MAIL FROM domain: `10 feedback-smtp.<region>.amazonses.com.`',
  CNAME: '**CNAME** `<target>` — makes the name an alias; the name can then have no other records (RFC 1034 section 3.6.2, RFC 2181 section 10.1). SES Easy DKIM publishes three: `<token>._domainkey.<domain>` → `<token>.dkim.amazonses.com`.',
  A: '**A** `<IPv4 address>` (RFC 1035 section 3.4.1).',
  AAAA: '**AAAA** `<IPv6 address>` (RFC 3596 section 2.2).',
  NS: '**NS** `<name server>` — delegates the name to a name server (RFC 1035 section 3.3.11).',
  SOA: '**SOA** `<primary> <mailbox> <serial> <refresh> <retry> <expire> <minimum>` — start of authority, once at the zone apex (RFC 1035 section 3.3.13, RFC 2308).',
  CAA: '**CAA** `<flags> <tag> <value>` — which certificate authorities may issue for the name (RFC 8659).',
  PTR: '**PTR** `<name>` — reverse mapping from an address (RFC 1035 section 3.3.12).',
  SRV: '**SRV** `<priority> <weight> <port> <target>` (RFC 2782).',
};
