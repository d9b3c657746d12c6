/**
 * Zone-file records for an Amazon SES custom MAIL FROM domain (Amazon SES Developer Guide, "Using
 * a custom MAIL FROM domain"): an MX record at the MAIL FROM name pointing at SES's feedback
 * endpoint of the sending region, and an SPF record authorizing SES. Offered when a report shows
 * SPF passing for amazonses.com without alignment and no record generator is installed.
 */
import { AWS_REGION_PATTERN } from '../../../../server/src/service/ses/sesRegions';

export function isAwsRegion(region: string): boolean {
  return AWS_REGION_PATTERN.test(region);
}

/** `subdomain` is the label put under the domain ("mail" gives mail.example.com). */
export function mailFromZoneSnippet(domain: string, region: string, subdomain = 'mail'): string {
  const name = `${subdomain}.${domain.replace(/\.$/, '')}.`;
  return [
    `; Custom MAIL FROM domain ${name} for the SES identity ${domain} in ${region}.`,
    '; Then set it in SES: aws sesv2 put-email-identity-mail-from-attributes \\',
    `;   --email-identity ${domain} --mail-from-domain ${name.slice(0, -1)} --behavior-on-mx-failure USE_DEFAULT_VALUE`,
    `${name} 300 IN MX 10 feedback-smtp.${region}.amazonses.com.`,
    `${name} 300 IN TXT "v=spf1 include:amazonses.com ~all"`,
    '',
  ].join('\n');
}
