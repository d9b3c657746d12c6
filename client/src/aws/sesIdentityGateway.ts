/** SESv2 email identities: the paged list and one identity's details. */
import { GetEmailIdentityCommand, ListEmailIdentitiesCommand, type GetEmailIdentityResponse, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { IdentityDetails, IdentitySummary, Paged } from '../core/sesModel/sesData';

export const DEFAULT_IDENTITY_PAGE_SIZE = 100;

export class SesIdentityGateway {
  constructor(private readonly client: SESv2Client) {}

  async listPage(nextToken?: string, pageSize = DEFAULT_IDENTITY_PAGE_SIZE): Promise<Paged<IdentitySummary>> {
    const out = await this.client.send(new ListEmailIdentitiesCommand({ NextToken: nextToken, PageSize: pageSize }));
    const items = (out.EmailIdentities ?? [])
      .filter((i) => typeof i.IdentityName === 'string' && i.IdentityName !== '')
      .map((i): IdentitySummary => ({ name: i.IdentityName!, type: i.IdentityType ?? 'UNKNOWN', verificationStatus: i.VerificationStatus, sendingEnabled: i.SendingEnabled }));
    return { items, nextToken: out.NextToken || undefined };
  }

  async get(name: string): Promise<IdentityDetails> {
    const out = await this.client.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
    return identityDetails(name, out);
  }
}

export function identityDetails(name: string, out: GetEmailIdentityResponse): IdentityDetails {
  const dkim = out.DkimAttributes;
  const mailFrom = out.MailFromAttributes;
  return {
    name,
    type: out.IdentityType ?? 'UNKNOWN',
    verificationStatus: out.VerificationStatus,
    verifiedForSending: out.VerifiedForSendingStatus,
    feedbackForwarding: out.FeedbackForwardingStatus,
    configurationSet: out.ConfigurationSetName || undefined,
    dkim: dkim
      ? {
          signingEnabled: dkim.SigningEnabled,
          status: dkim.Status,
          tokens: (dkim.Tokens ?? []).filter((t): t is string => typeof t === 'string'),
          origin: dkim.SigningAttributesOrigin,
          currentKeyLength: dkim.CurrentSigningKeyLength,
        }
      : undefined,
    mailFrom: mailFrom?.MailFromDomain ? { domain: mailFrom.MailFromDomain, status: mailFrom.MailFromDomainStatus, behaviorOnMxFailure: mailFrom.BehaviorOnMxFailure } : undefined,
  };
}
