/**
 * What the explorer knows about SES, in the shapes AWS documents (PascalCase where the data is
 * shown back to the user as JSON), free of the SDK's types so the view models stay pure.
 */

export type IdentityType = 'DOMAIN' | 'EMAIL_ADDRESS' | 'MANAGED_DOMAIN' | string;

/** One row of SESv2 ListEmailIdentities. */
export interface IdentitySummary {
  name: string;
  type: IdentityType;
  /** PENDING | SUCCESS | FAILED | TEMPORARY_FAILURE | NOT_STARTED */
  verificationStatus?: string;
  sendingEnabled?: boolean;
}

/** SESv2 GetEmailIdentity, reduced to what the explorer shows and the DNS records need. */
export interface IdentityDetails {
  name: string;
  type: IdentityType;
  verificationStatus?: string;
  verifiedForSending?: boolean;
  feedbackForwarding?: boolean;
  configurationSet?: string;
  dkim?: {
    signingEnabled?: boolean;
    status?: string;
    tokens: string[];
    /** AWS_SES (Easy DKIM, also AWS_SES_<REGION> for replicated identities) or EXTERNAL (BYODKIM). */
    origin?: string;
    currentKeyLength?: string;
  };
  mailFrom?: {
    domain: string;
    status?: string;
    behaviorOnMxFailure?: string;
  };
}

/** A receipt rule exactly as SES describes it (and as `aws ses create-receipt-rule --rule` takes it). */
export interface ReceiptRuleData {
  Name: string;
  Enabled?: boolean;
  TlsPolicy?: string;
  Recipients?: string[];
  Actions?: ReceiptActionData[];
  ScanEnabled?: boolean;
}

/** One action: a single key such as S3Action naming an object of that action's fields. */
export type ReceiptActionData = Record<string, Record<string, unknown> | undefined>;

export interface RuleSetSummary {
  name: string;
  createdTimestamp?: string;
}

export interface RuleSetDetails {
  name: string;
  rules: ReceiptRuleData[];
}

/** A page of a paged listing: what is loaded so far and the token for the next page. */
export interface Paged<T> {
  items: T[];
  nextToken?: string;
}
