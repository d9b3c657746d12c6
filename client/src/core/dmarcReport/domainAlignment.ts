/**
 * Identifier alignment (RFC 7489 section 3.1, kept by RFC 9989) of a DKIM d= or SPF domain
 * with the From domain, to show per result whether it could count for DMARC. Relaxed mode compares
 * organizational domains; without the Public Suffix List this is approximated (the last two labels,
 * or three under a well-known two-label suffix such as co.uk). The receiver's verdict, which is
 * authoritative, is the report's policy_evaluated dkim and spf.
 */
const TWO_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'me.uk', 'ltd.uk', 'plc.uk',
  'com.au', 'net.au', 'org.au', 'edu.au', 'gov.au', 'id.au',
  'co.nz', 'org.nz', 'govt.nz',
  'co.jp', 'ne.jp', 'or.jp', 'ac.jp', 'go.jp',
  'com.br', 'net.br', 'org.br', 'gov.br',
  'com.mx', 'gob.mx', 'org.mx',
  'com.cn', 'net.cn', 'org.cn', 'gov.cn',
  'com.tw', 'org.tw', 'com.hk', 'com.sg', 'com.my',
  'co.in', 'net.in', 'org.in', 'gov.in',
  'co.za', 'org.za', 'co.kr', 'or.kr', 'co.il', 'org.il',
  'com.ar', 'com.co', 'com.tr', 'com.ua', 'co.id', 'or.id', 'co.th', 'in.th', 'com.ph', 'com.vn', 'com.pl',
]);

export function organizationalDomain(domain: string): string {
  const labels = domain.toLowerCase().replace(/\.$/, '').split('.').filter((l) => l !== '');
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  return TWO_LABEL_SUFFIXES.has(lastTwo) ? labels.slice(-3).join('.') : lastTwo;
}

/** `mode` is the policy's adkim or aspf: "s" strict, anything else relaxed (the default). */
export function isAligned(authDomain: string, fromDomain: string, mode: string | undefined): boolean {
  const a = authDomain.toLowerCase().replace(/\.$/, '');
  const f = fromDomain.toLowerCase().replace(/\.$/, '');
  if (!a || !f) return false;
  if (a === f) return true;
  if (mode === 's') return false;
  return organizationalDomain(a) === organizationalDomain(f);
}
