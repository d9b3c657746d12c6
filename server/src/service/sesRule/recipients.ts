/**
 * Receipt-rule recipients (Amazon SES Developer Guide, "Recipient conditions"): an address
 * (`user@example.com`) matches that address, a domain (`example.com`) every address of the
 * domain but not of its subdomains, and `.example.com` every address of every subdomain.
 */
export type Recipient =
  | { kind: 'address'; address: string; domain: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'subdomains'; domain: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function domainProblem(domain: string): string | undefined {
  if (/[^\x21-\x7e]/.test(domain)) return 'non-ASCII domains must be written in their xn-- (punycode) form';
  if (domain.length > 253) return 'the domain is longer than 253 characters';
  const labels = domain.split('.');
  if (labels.length < 2) return `"${domain}" has no dot, so it is not a domain SES can receive for`;
  const bad = labels.find((l) => !LABEL.test(l));
  if (bad !== undefined) return bad === '' ? 'the domain has an empty label (two dots in a row, or a final dot)' : `"${bad}" is not a valid domain label (letters, digits and inner hyphens, at most 63)`;
  return undefined;
}

export function parseRecipient(raw: string): { recipient?: Recipient; problem?: string } {
  const text = raw.trim().toLowerCase();
  if (text === '') return { problem: 'the recipient is empty' };
  const at = text.lastIndexOf('@');
  if (at >= 0) {
    const local = text.slice(0, at);
    const domain = text.slice(at + 1);
    if (local === '') return { problem: 'the part before "@" is empty' };
    if (domain === '') return { problem: 'the part after "@" is empty' };
    if (local.length > 64) return { problem: 'the part before "@" is longer than 64 characters (RFC 5321 section 4.5.3.1.1)' };
    if (/[\s"(),:;<>@[\\\]]/.test(local) || /^\.|\.$|\.\./.test(local)) return { problem: `"${local}" is not a valid local part (RFC 5322 section 3.4.1)` };
    const problem = domainProblem(domain);
    return problem ? { problem } : { recipient: { kind: 'address', address: text, domain } };
  }
  if (text.startsWith('.')) {
    const problem = domainProblem(text.slice(1));
    return problem ? { problem } : { recipient: { kind: 'subdomains', domain: text.slice(1) } };
  }
  const problem = domainProblem(text);
  return problem ? { problem } : { recipient: { kind: 'domain', domain: text } };
}

const isStrictSubdomain = (name: string, of: string) => name.endsWith(`.${of}`);

/** Whether every message `later` matches is also matched by `earlier`. */
export function covers(earlier: Recipient, later: Recipient): boolean {
  switch (later.kind) {
    case 'address':
      return (earlier.kind === 'address' && earlier.address === later.address) || (earlier.kind === 'domain' && earlier.domain === later.domain) || (earlier.kind === 'subdomains' && isStrictSubdomain(later.domain, earlier.domain));
    case 'domain':
      return (earlier.kind === 'domain' && earlier.domain === later.domain) || (earlier.kind === 'subdomains' && isStrictSubdomain(later.domain, earlier.domain));
    case 'subdomains':
      return earlier.kind === 'subdomains' && (later.domain === earlier.domain || isStrictSubdomain(later.domain, earlier.domain));
  }
}

export function describeRecipient(r: Recipient): string {
  return r.kind === 'address' ? r.address : r.kind === 'domain' ? r.domain : `.${r.domain}`;
}
