/**
 * What the failing rows of a sending source mean and what to do about them. Each explanation has
 * a stable code, says what the report shows, why it matters (the RFC or the SES guide) and the fix,
 * and may carry an action the view offers as a button (generate the MAIL FROM records, open the
 * Easy DKIM settings).
 */
import { DKIM_ALIGNED_PASS, DMARC_PASS, SES_DKIM_ONLY, SES_MAIL_FROM_UNALIGNED, SPF_ALIGNED_PASS } from './rowTraits';
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

/** What one explanation needs from its rows: how many, whether any fails DMARC, and the usual From domain. */
class RowTally {
  messages = 0;
  rows = 0;
  someFail = false;
  private readonly fromDomains = new Map<string, number>();

  add(count: number, traits: number, headerFrom: string | undefined): void {
    this.messages += count;
    this.rows++;
    if (!(traits & DMARC_PASS)) this.someFail = true;
    if (headerFrom) this.fromDomains.set(headerFrom, (this.fromDomains.get(headerFrom) ?? 0) + count);
  }

  /** The header_from with the most messages (the first seen on a tie), else `fallback`. */
  domain(fallback: string): string {
    let best = fallback;
    let most = -1;
    for (const [domain, count] of this.fromDomains) {
      if (count > most) {
        best = domain;
        most = count;
      }
    }
    return best || 'your domain';
  }

  counts(): { messages: number; rows: number } {
    return { messages: this.messages, rows: this.rows };
  }
}

/**
 * The rows of one sending source, sorted into what each explanation is about as they are read
 * (rowTraits.ts gives each row's traits), so no list of rows is kept.
 */
export class SourceTally {
  readonly mailFrom = new RowTally();
  readonly dkimOnly = new RowTally();
  readonly forwarded = new RowTally();
  readonly failing = new RowTally();

  constructor(readonly source: SendingSource) {}

  add(traits: number, count: number, headerFrom: string): void {
    const mailFrom = (traits & SES_MAIL_FROM_UNALIGNED) !== 0;
    const dkimOnly = (traits & SES_DKIM_ONLY) !== 0;
    if (mailFrom) this.mailFrom.add(count, traits, headerFrom);
    if (dkimOnly) this.dkimOnly.add(count, traits, headerFrom);
    // SPF fails but DKIM passes: forwarding, unless SES's own MAIL FROM explains the SPF result.
    if (this.source.kind !== 'amazon-ses' && traits & DKIM_ALIGNED_PASS && !(traits & SPF_ALIGNED_PASS) && !mailFrom) this.forwarded.add(count, traits, undefined);
    if (!(traits & DMARC_PASS) && !mailFrom && !dkimOnly) this.failing.add(count, traits, headerFrom);
  }
}

/** Explanations for one sending source's rows; `policyDomain` names the domain when rows lack header_from. */
export function explainSource(tally: SourceTally, policyDomain: string): Explanation[] {
  const { source, mailFrom, dkimOnly, forwarded, failing } = tally;
  const explanations: Explanation[] = [];
  if (mailFrom.rows > 0) {
    const domain = mailFrom.domain(policyDomain);
    explanations.push({
      code: 'ses-mail-from-not-aligned',
      severity: mailFrom.someFail ? 'error' : 'warning',
      title: 'SPF passes for amazonses.com but is not aligned',
      meaning: `Amazon SES sent these messages with its own MAIL FROM (a subdomain of amazonses.com), so SPF passed for amazonses.com, not for ${domain}. DMARC only counts an SPF pass whose domain aligns with the From domain (RFC 7489 section 3.1), so SPF does not help these messages pass DMARC.`,
      fix: `Set up a custom MAIL FROM domain for the identity ${domain} in Amazon SES, e.g. mail.${domain}: publish an MX record pointing at feedback-smtp.<region>.amazonses.com and a TXT record "v=spf1 include:amazonses.com ~all" for it (Amazon SES Developer Guide, "Using a custom MAIL FROM domain"). SPF then aligns as well, and DMARC no longer rests on DKIM alone.`,
      ...mailFrom.counts(),
      action: { kind: 'mail-from-records', domain },
    });
  }
  if (dkimOnly.rows > 0) {
    const domain = dkimOnly.domain(policyDomain);
    explanations.push({
      code: 'ses-easy-dkim-missing',
      severity: dkimOnly.someFail ? 'error' : 'warning',
      title: 'DKIM passes only for amazonses.com',
      meaning: `The only valid DKIM signature on these messages is the one Amazon SES adds with its own key (d=amazonses.com). It does not align with ${domain} (RFC 7489 section 3.1), so DMARC gets no DKIM pass from it.`,
      fix: `Enable Easy DKIM for the domain identity ${domain} in Amazon SES (console: Verified identities, ${domain}, Authentication; or aws sesv2 put-email-identity-dkim-attributes --email-identity ${domain} --signing-enabled) and publish the three CNAME records SES shows (<token>._domainkey.${domain} pointing at <token>.dkim.amazonses.com) (Amazon SES Developer Guide, "Easy DKIM").`,
      ...dkimOnly.counts(),
      action: { kind: 'easy-dkim', domain },
    });
  }
  if (forwarded.rows > 0) {
    explanations.push({
      code: 'forwarding',
      severity: 'information',
      title: 'SPF fails but DKIM passes: typical of forwarding',
      meaning: 'Forwarders and mailing lists send your messages on from their own servers, which your SPF record does not list, while your DKIM signature survives. DMARC still passes thanks to DKIM (RFC 7489 section 4.2).',
      fix: 'Nothing to change if these are forwarders (reverse DNS helps to tell). Keep DKIM signing on every sender, because forwarded mail depends on it. If one of these sources is yours, add it to your SPF record or give it a MAIL FROM under your domain.',
      ...forwarded.counts(),
    });
  }
  if (failing.rows > 0) {
    const domain = failing.domain(policyDomain);
    if (source.kind === 'unknown' || source.kind === 'reverse-dns') {
      explanations.push({
        code: 'unauthenticated-source',
        severity: 'error',
        title: 'DKIM and SPF both fail from unknown sources',
        meaning: `These messages carry ${domain} in From but have neither an aligned DKIM signature nor an aligned SPF pass. Either someone is spoofing ${domain}, or one of your own senders was never set up to authenticate (RFC 7489 section 4.2).`,
        fix: `Look at the source IPs. If a sender is yours (a CRM, help desk, newsletter or billing tool), set it up to sign with DKIM for ${domain} or send through Amazon SES. If it is not yours, it is spoofing: once all your real senders pass, tighten the policy to p=quarantine and then p=reject.`,
        ...failing.counts(),
      });
    } else if (source.kind === 'dkim-signer') {
      explanations.push({
        code: 'third-party-signer',
        severity: 'error',
        title: `${source.label}, not by ${domain}`,
        meaning: `A third party signs these messages with its own DKIM domain, which does not align with ${domain}, and SPF does not align either, so DMARC fails (RFC 7489 section 3.1).`,
        fix: `In that service, set up DKIM for your own domain (often called "custom DKIM" or "domain authentication"), so it signs with d=${domain}, or send through Amazon SES with Easy DKIM.`,
        ...failing.counts(),
      });
    } else {
      explanations.push({
        code: 'dmarc-fails',
        severity: 'error',
        title: 'DMARC fails',
        meaning: `Neither DKIM nor SPF passed aligned with ${domain} for these messages (RFC 7489 section 3.1).`,
        fix: `Make the sender sign with a DKIM key for ${domain}, or send with a MAIL FROM domain under ${domain} that its SPF record authorizes.`,
        ...failing.counts(),
      });
    }
  }
  return explanations;
}
