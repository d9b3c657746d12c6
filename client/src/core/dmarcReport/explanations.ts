/**
 * What the failing rows of a sending source mean and what to do about them. Each explanation has
 * a stable code, says what the report shows, why it matters (the RFC or the SES guide) and the fix,
 * and may carry an action the view offers as a button (generate the MAIL FROM records, open the
 * Easy DKIM settings).
 */
import { isAmazonSesDomain } from './amazonSes';
import type { ReportRow } from './reportModel';
import type { SendingSource } from './sendingSources';

export type ExplanationAction = { kind: 'mail-from-records'; domain: string } | { kind: 'easy-dkim'; domain: string };

export interface Explanation {
  code: string;
  severity: 'error' | 'warning' | 'information';
  title: string;
  meaning: string;
  fix: string;
  /** Messages (sum of counts) of the rows this is about. */
  messages: number;
  rows: number;
  action?: ExplanationAction;
}

export const EXPLANATION_CODES = ['ses-mail-from-not-aligned', 'ses-easy-dkim-missing', 'forwarding', 'unauthenticated-source', 'third-party-signer', 'dmarc-fails', 'policy-differs-from-zone'] as const;

/** SES delivered with its own MAIL FROM: SPF passed, for amazonses.com, which does not align. */
export function isSesMailFromUnaligned(row: ReportRow): boolean {
  return row.spf !== 'pass' && row.spfResults.some((s) => s.result === 'pass' && isAmazonSesDomain(s.domain));
}

/** The only passing DKIM signatures are SES's own (d=amazonses.com): Easy DKIM is not on for the domain. */
export function isSesDkimOnly(row: ReportRow): boolean {
  if (row.dkim === 'pass') return false;
  const passing = row.dkimResults.filter((d) => d.result === 'pass');
  return passing.length > 0 && passing.every((d) => isAmazonSesDomain(d.domain));
}

export function dmarcPasses(row: ReportRow): boolean {
  return row.dkim === 'pass' || row.spf === 'pass';
}

function domainOf(rows: readonly ReportRow[], fallback: string): string {
  const counts = new Map<string, number>();
  for (const row of rows) if (row.headerFrom) counts.set(row.headerFrom, (counts.get(row.headerFrom) ?? 0) + row.count);
  let best = fallback;
  let most = -1;
  for (const [domain, count] of counts) {
    if (count > most) {
      best = domain;
      most = count;
    }
  }
  return best || 'your domain';
}

function tally(rows: readonly ReportRow[]): { messages: number; rows: number } {
  let messages = 0;
  for (const row of rows) messages += row.count;
  return { messages, rows: rows.length };
}

/** Explanations for one sending source's rows; `policyDomain` names the domain when rows lack header_from. */
export function explainSource(source: SendingSource, rows: readonly ReportRow[], policyDomain: string): Explanation[] {
  const explanations: Explanation[] = [];
  const mailFrom = rows.filter(isSesMailFromUnaligned);
  if (mailFrom.length > 0) {
    const domain = domainOf(mailFrom, policyDomain);
    explanations.push({
      code: 'ses-mail-from-not-aligned',
      severity: mailFrom.some((r) => !dmarcPasses(r)) ? 'error' : 'warning',
      title: 'SPF passes for amazonses.com but is not aligned',
      meaning: `Amazon SES sent these messages with its own MAIL FROM (a subdomain of amazonses.com), so SPF passed for amazonses.com, not for ${domain}. DMARC only counts an SPF pass whose domain aligns with the From domain (RFC 7489 section 3.1), so SPF does not help these messages pass DMARC.`,
      fix: `Set up a custom MAIL FROM domain for the identity ${domain} in Amazon SES, e.g. mail.${domain}: publish an MX record pointing at feedback-smtp.<region>.amazonses.com and a TXT record "v=spf1 include:amazonses.com ~all" for it (Amazon SES Developer Guide, "Using a custom MAIL FROM domain"). SPF then aligns as well, and DMARC no longer rests on DKIM alone.`,
      ...tally(mailFrom),
      action: { kind: 'mail-from-records', domain },
    });
  }
  const dkimOnly = rows.filter(isSesDkimOnly);
  if (dkimOnly.length > 0) {
    const domain = domainOf(dkimOnly, policyDomain);
    explanations.push({
      code: 'ses-easy-dkim-missing',
      severity: dkimOnly.some((r) => !dmarcPasses(r)) ? 'error' : 'warning',
      title: 'DKIM passes only for amazonses.com',
      meaning: `The only valid DKIM signature on these messages is the one Amazon SES adds with its own key (d=amazonses.com). It does not align with ${domain} (RFC 7489 section 3.1), so DMARC gets no DKIM pass from it.`,
      fix: `Enable Easy DKIM for the domain identity ${domain} in Amazon SES (console: Verified identities, ${domain}, Authentication; or aws sesv2 put-email-identity-dkim-attributes --email-identity ${domain} --signing-enabled) and publish the three CNAME records SES shows (<token>._domainkey.${domain} pointing at <token>.dkim.amazonses.com) (Amazon SES Developer Guide, "Easy DKIM").`,
      ...tally(dkimOnly),
      action: { kind: 'easy-dkim', domain },
    });
  }
  const forwarded = source.kind === 'amazon-ses' ? [] : rows.filter((r) => r.dkim === 'pass' && r.spf !== 'pass' && !isSesMailFromUnaligned(r));
  if (forwarded.length > 0) {
    explanations.push({
      code: 'forwarding',
      severity: 'information',
      title: 'SPF fails but DKIM passes: typical of forwarding',
      meaning: 'Forwarders and mailing lists send your messages on from their own servers, which your SPF record does not list, while your DKIM signature survives. DMARC still passes thanks to DKIM (RFC 7489 section 4.2).',
      fix: 'Nothing to change if these are forwarders (reverse DNS helps to tell). Keep DKIM signing on every sender, because forwarded mail depends on it. If one of these sources is yours, add it to your SPF record or give it a MAIL FROM under your domain.',
      ...tally(forwarded),
    });
  }
  const failing = rows.filter((r) => !dmarcPasses(r) && !isSesMailFromUnaligned(r) && !isSesDkimOnly(r));
  if (failing.length > 0) {
    const domain = domainOf(failing, policyDomain);
    if (source.kind === 'unknown' || source.kind === 'reverse-dns') {
      explanations.push({
        code: 'unauthenticated-source',
        severity: 'error',
        title: 'DKIM and SPF both fail from unknown sources',
        meaning: `These messages carry ${domain} in From but have neither an aligned DKIM signature nor an aligned SPF pass. Either someone is spoofing ${domain}, or one of your own senders was never set up to authenticate (RFC 7489 section 4.2).`,
        fix: `Look at the source IPs. If a sender is yours (a CRM, help desk, newsletter or billing tool), set it up to sign with DKIM for ${domain} or send through Amazon SES. If it is not yours, it is spoofing: once all your real senders pass, tighten the policy to p=quarantine and then p=reject.`,
        ...tally(failing),
      });
    } else if (source.kind === 'dkim-signer') {
      explanations.push({
        code: 'third-party-signer',
        severity: 'error',
        title: `${source.label}, not by ${domain}`,
        meaning: `A third party signs these messages with its own DKIM domain, which does not align with ${domain}, and SPF does not align either, so DMARC fails (RFC 7489 section 3.1).`,
        fix: `In that service, set up DKIM for your own domain (often called "custom DKIM" or "domain authentication"), so it signs with d=${domain}, or send through Amazon SES with Easy DKIM.`,
        ...tally(failing),
      });
    } else {
      explanations.push({
        code: 'dmarc-fails',
        severity: 'error',
        title: 'DMARC fails',
        meaning: `Neither DKIM nor SPF passed aligned with ${domain} for these messages (RFC 7489 section 3.1).`,
        fix: `Make the sender sign with a DKIM key for ${domain}, or send with a MAIL FROM domain under ${domain} that its SPF record authorizes.`,
        ...tally(failing),
      });
    }
  }
  return explanations;
}
