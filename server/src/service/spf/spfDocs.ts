import type { CompletionEntry } from '../editor/types';

const LINK = (section: string) => `[RFC 7208 section ${section}](https://www.rfc-editor.org/rfc/rfc7208#section-${section})`;

interface TermDoc {
  syntax: string;
  text: string;
  section: string;
  lookups: string;
  snippet: string;
}

export const SPF_TERM_DOCS: Record<string, TermDoc> = {
  all: { syntax: 'all', text: 'Always matches. Put it last, as "-all" (fail) or "~all" (softfail), to say what happens to mail from hosts the record does not list.', section: '5.1', lookups: 'none', snippet: '${1|-,~|}all' },
  include: { syntax: 'include:<domain>', text: "Evaluates the SPF record of another domain (for example your mail provider's) and matches when it passes. The target must have exactly one SPF record.", section: '5.2', lookups: '1, plus the look-ups of the included record', snippet: 'include:${1:amazonses.com}' },
  a: { syntax: 'a[:<domain>][/<ip4-cidr>][//<ip6-cidr>]', text: "Matches when the sender's IP is one of the A/AAAA addresses of the domain (the current domain when omitted).", section: '5.3', lookups: '1', snippet: 'a' },
  mx: { syntax: 'mx[:<domain>][/<ip4-cidr>][//<ip6-cidr>]', text: "Matches when the sender's IP is an address of one of the domain's MX hosts. At most 10 MX hosts are looked at.", section: '5.4', lookups: '1 (and up to 10 address look-ups)', snippet: 'mx' },
  ptr: { syntax: 'ptr[:<domain>]', text: 'Matches by reverse DNS of the sender. **Do not use**: it is slow, unreliable and puts load on the .arpa servers; many receivers skip it.', section: '5.5', lookups: '1 (and up to 10 more)', snippet: 'ptr' },
  ip4: { syntax: 'ip4:<address>[/<prefix>]', text: "Matches when the sender's IPv4 address is in the network. Costs no DNS look-up: the best way to list your own hosts.", section: '5.6', lookups: 'none', snippet: 'ip4:${1:192.0.2.0/24}' },
  ip6: { syntax: 'ip6:<address>[/<prefix>]', text: "Matches when the sender's IPv6 address is in the network. Costs no DNS look-up.", section: '5.6', lookups: 'none', snippet: 'ip6:${1:2001:db8::/32}' },
  exists: { syntax: 'exists:<domain>', text: 'Matches when the domain (usually built with macros such as %{i}) has an A record. Used for per-sender policies.', section: '5.7', lookups: '1', snippet: 'exists:${1:%{i\\}._spf.example.com}' },
  redirect: { syntax: 'redirect=<domain>', text: "Replaces this record with the other domain's record when no mechanism matched. Ignored when the record has `all`. The target must have an SPF record.", section: '6.1', lookups: '1, plus the look-ups of the target record', snippet: 'redirect=${1:_spf.example.com}' },
  exp: { syntax: 'exp=<domain>', text: 'Names a TXT record whose text (with macros) explains a fail to the sender. Rarely useful today.', section: '6.2', lookups: 'only on fail, not counted', snippet: 'exp=${1:explain._spf.example.com}' },
};

export const QUALIFIER_DOCS: Record<string, string> = {
  '+': '`+` pass (the default when no qualifier is written): the host is authorised.',
  '-': '`-` fail: the host is not authorised; receivers may reject the mail.',
  '~': '`~` softfail: probably not authorised; receivers usually accept but mark the mail.',
  '?': '`?` neutral: no statement about the host, as if it were not listed.',
};

export function spfTermMarkdown(name: string, qualifier?: string): string | undefined {
  const doc = SPF_TERM_DOCS[name];
  if (!doc) return undefined;
  const lines = [`**SPF \`${doc.syntax}\`**`, '', doc.text, '', `DNS look-ups: ${doc.lookups}. ${LINK(doc.section)}`];
  if (qualifier) lines.push('', `Qualifier ${QUALIFIER_DOCS[qualifier]} ${LINK('4.6.2')}`);
  return lines.join('\n');
}

export function spfVersionMarkdown(): string {
  return [`**SPF record** \`v=spf1\``, '', 'Lists the hosts allowed to send mail with this domain in the envelope sender (MAIL FROM) or HELO. Receivers evaluate the terms left to right; the first match decides. A name may have only one SPF record, with at most 10 DNS-querying terms counted through includes.', '', LINK('4')].join('\n');
}

/** Mechanisms and modifiers to offer where a new term starts. */
export function spfCompletions(): CompletionEntry[] {
  const entries: CompletionEntry[] = Object.entries(SPF_TERM_DOCS).map(([name, doc]) => ({
    label: name === 'redirect' || name === 'exp' ? `${name}=` : name,
    kind: name === 'redirect' || name === 'exp' ? 'property' : 'keyword',
    insertText: doc.snippet,
    snippet: true,
    detail: doc.syntax,
    documentation: `${doc.text}\n\nDNS look-ups: ${doc.lookups}.`,
  }));
  entries.push(
    { label: 'include:amazonses.com', kind: 'value', insertText: 'include:amazonses.com', detail: 'Amazon SES (custom MAIL FROM domains)', documentation: 'Authorises Amazon SES to send with this domain as the MAIL FROM domain.' },
    { label: '-all', kind: 'keyword', insertText: '-all', detail: 'fail everything else', documentation: QUALIFIER_DOCS['-'] },
    { label: '~all', kind: 'keyword', insertText: '~all', detail: 'softfail everything else', documentation: QUALIFIER_DOCS['~'] },
  );
  return entries;
}
