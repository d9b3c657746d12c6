// The seed file: what the endpoint starts with. Objects that AWS returns use AWS's own shapes
// (PascalCase, as `aws sesv2 get-email-identity` or `aws route53 list-resource-record-sets`
// print them), so real output can be pasted in; the few things AWS has no shape for
// (credentials, the active rule set, receiving regions) are camelCase. See local-aws/README.md.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { SES_RECEIVING_REGIONS } from '../server/src/service/ses/sesRegions';
import { compareRrsets, normalizeName } from './route53Names';

export interface SeedCredential {
  accessKeyId: string;
  secretAccessKey: string;
  /** Shown in AccessDenied messages; default arn:aws:iam::<account>:user/<accessKeyId>. */
  principal?: string;
  /** Every request signed with this key fails with ExpiredToken. */
  expired?: boolean;
  /** true: every action is denied; a list: only these actions ("route53:ChangeResourceRecordSets", "ses:*"). */
  denied?: boolean | string[];
}

export interface DkimAttributes {
  SigningEnabled?: boolean;
  Status?: 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';
  Tokens?: string[];
  SigningHostedZone?: string;
  SigningAttributesOrigin?: string;
  NextSigningKeyLength?: string;
  CurrentSigningKeyLength?: string;
  LastKeyGenerationTimestamp?: string;
}

export interface MailFromAttributes {
  MailFromDomain?: string;
  MailFromDomainStatus?: 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE';
  BehaviorOnMxFailure?: 'USE_DEFAULT_VALUE' | 'REJECT_MESSAGE';
}

/** GetEmailIdentity's response plus the identity's name; every other field has a default. */
export interface SeedIdentity {
  IdentityName: string;
  IdentityType?: 'DOMAIN' | 'EMAIL_ADDRESS' | 'MANAGED_DOMAIN';
  VerificationStatus?: 'PENDING' | 'SUCCESS' | 'FAILED' | 'TEMPORARY_FAILURE' | 'NOT_STARTED';
  VerifiedForSendingStatus?: boolean;
  SendingEnabled?: boolean;
  FeedbackForwardingStatus?: boolean;
  DkimAttributes?: DkimAttributes;
  MailFromAttributes?: MailFromAttributes;
  ConfigurationSetName?: string;
  Policies?: Record<string, string>;
  Tags?: { Key: string; Value: string }[];
  VerificationInfo?: { LastCheckedTimestamp?: string; LastSuccessTimestamp?: string; ErrorType?: string; SOARecord?: { PrimaryNameServer?: string; AdminEmail?: string; SerialNumber?: number } };
}

export const RECEIPT_ACTION_TYPES = ['S3Action', 'BounceAction', 'WorkmailAction', 'LambdaAction', 'StopAction', 'AddHeaderAction', 'SNSAction', 'ConnectAction'] as const;
export type ReceiptActionType = (typeof RECEIPT_ACTION_TYPES)[number];
/** One member of ReceiptRule.Actions: exactly one action type, its fields as strings. */
export type ReceiptAction = Partial<Record<ReceiptActionType, Record<string, string>>>;

export interface ReceiptRule {
  Name: string;
  Enabled?: boolean;
  TlsPolicy?: 'Require' | 'Optional';
  Recipients?: string[];
  Actions?: ReceiptAction[];
  ScanEnabled?: boolean;
}

export interface SeedReceiptRuleSet {
  Name: string;
  CreatedTimestamp?: string;
  /** The account's one active rule set (DescribeActiveReceiptRuleSet). */
  active?: boolean;
  Rules?: ReceiptRule[];
}

export interface SesData {
  identities?: SeedIdentity[];
  receiptRuleSets?: SeedReceiptRuleSet[];
}

export interface Rrset {
  Name: string;
  Type: string;
  SetIdentifier?: string;
  Weight?: number;
  Region?: string;
  Failover?: string;
  MultiValueAnswer?: boolean;
  TTL?: number;
  ResourceRecords?: { Value: string }[];
  AliasTarget?: { HostedZoneId: string; DNSName: string; EvaluateTargetHealth: boolean };
  HealthCheckId?: string;
}

export interface SeedHostedZone {
  Id: string;
  Name: string;
  CallerReference?: string;
  Config?: { Comment?: string; PrivateZone?: boolean };
  /** Private zones only. */
  VPCs?: { VPCRegion: string; VPCId: string }[];
  /** Public zones only; four awsdns servers when left out. */
  NameServers?: string[];
  ResourceRecordSets?: Rrset[];
}

export interface LocalAwsSeed {
  accountId?: string;
  credentials: SeedCredential[];
  ses?: SesData & {
    /** Regions whose receipt APIs answer; default: the regions where SES receives mail. */
    receivingRegions?: string[];
    /** Per-region data replacing the default identities / rule sets in that region. */
    regions?: Record<string, SesData>;
  };
  route53?: { hostedZones?: SeedHostedZone[] };
}

/** Identity with every default filled in: what GetEmailIdentity returns. */
export type Identity = Required<Pick<SeedIdentity, 'IdentityName' | 'IdentityType' | 'VerificationStatus' | 'VerifiedForSendingStatus' | 'SendingEnabled' | 'FeedbackForwardingStatus' | 'DkimAttributes' | 'MailFromAttributes' | 'Policies' | 'Tags'>> & Pick<SeedIdentity, 'ConfigurationSetName' | 'VerificationInfo'>;

export interface RuleSet {
  Name: string;
  CreatedTimestamp: string;
  Rules: ReceiptRule[];
}

export interface SesRegionState {
  identities: Identity[];
  ruleSets: RuleSet[];
  activeRuleSet: string | undefined;
}

export interface HostedZone {
  id: string;
  name: string;
  callerReference: string;
  comment: string | undefined;
  privateZone: boolean;
  vpcs: { VPCRegion: string; VPCId: string }[];
  nameServers: string[];
  /** Kept in Route 53's listing order. */
  rrsets: Rrset[];
}

export interface Change {
  id: string;
  submittedAt: Date;
  comment: string | undefined;
}

/** Everything the endpoint serves; mutated by ChangeResourceRecordSets only. */
export interface LocalAwsState {
  accountId: string;
  credentials: Map<string, SeedCredential>;
  ses: { byRegion: Map<string, SesRegionState>; fallback: SesRegionState; receivingRegions: Set<string> };
  route53: { zones: HostedZone[]; changes: Map<string, Change> };
}

export class SeedError extends Error {}

export function readSeedFile(path: string): LocalAwsSeed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SeedError(`Cannot read the seed file ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as LocalAwsSeed;
  } catch (error) {
    throw new SeedError(`The seed file ${path} is not JSON: ${(error as Error).message}`);
  }
}

/** Builds fresh state (deep copies: the seed object is never mutated). */
export function buildState(seed: LocalAwsSeed): LocalAwsState {
  if (!Array.isArray(seed.credentials) || seed.credentials.length === 0) throw new SeedError('The seed needs at least one entry in "credentials".');
  const accountId = seed.accountId ?? '123456789012';
  const credentials = new Map<string, SeedCredential>();
  for (const credential of seed.credentials) {
    if (!credential.accessKeyId || !credential.secretAccessKey) throw new SeedError('Every credential needs "accessKeyId" and "secretAccessKey".');
    credentials.set(credential.accessKeyId, { principal: `arn:aws:iam::${accountId}:user/${credential.accessKeyId}`, ...credential });
  }
  const ses = seed.ses ?? {};
  const byRegion = new Map<string, SesRegionState>();
  for (const [region, data] of Object.entries(ses.regions ?? {})) byRegion.set(region, sesRegionState(data));
  return {
    accountId,
    credentials,
    ses: { byRegion, fallback: sesRegionState(ses), receivingRegions: new Set(ses.receivingRegions ?? SES_RECEIVING_REGIONS) },
    route53: { zones: (seed.route53?.hostedZones ?? []).map(hostedZone), changes: new Map() },
  };
}

function sesRegionState(data: SesData): SesRegionState {
  const ruleSets = (data.receiptRuleSets ?? []).map((set): RuleSet => {
    if (!set.Name) throw new SeedError('Every receipt rule set needs a "Name".');
    for (const rule of set.Rules ?? []) checkRule(set.Name, rule);
    return { Name: set.Name, CreatedTimestamp: set.CreatedTimestamp ?? '2024-01-15T09:30:00.000Z', Rules: structuredClone(set.Rules ?? []) };
  });
  const active = (data.receiptRuleSets ?? []).filter((set) => set.active);
  if (active.length > 1) throw new SeedError(`Only one receipt rule set can be active; the seed marks ${active.map((set) => set.Name).join(', ')}.`);
  return { identities: (data.identities ?? []).map(identity), ruleSets, activeRuleSet: active[0]?.Name };
}

function checkRule(ruleSet: string, rule: ReceiptRule): void {
  if (!rule.Name) throw new SeedError(`A rule in rule set ${ruleSet} has no "Name".`);
  for (const action of rule.Actions ?? []) {
    const types = Object.keys(action);
    if (types.length !== 1 || !(RECEIPT_ACTION_TYPES as readonly string[]).includes(types[0])) {
      throw new SeedError(`Rule ${rule.Name}: each action has exactly one of ${RECEIPT_ACTION_TYPES.join(', ')}; found ${types.join(', ') || 'none'}.`);
    }
  }
}

/** Easy DKIM tokens look like 32 lower-case letters and digits; seeded ones are stable per domain. */
export function easyDkimTokens(domain: string): string[] {
  return [1, 2, 3].map((n) => createHash('sha256').update(`${domain}#${n}`).digest('hex').slice(0, 32));
}

function identity(seed: SeedIdentity): Identity {
  if (!seed.IdentityName) throw new SeedError('Every identity needs an "IdentityName".');
  const type = seed.IdentityType ?? (seed.IdentityName.includes('@') ? 'EMAIL_ADDRESS' : 'DOMAIN');
  const status = seed.VerificationStatus ?? 'SUCCESS';
  const verified = seed.VerifiedForSendingStatus ?? status === 'SUCCESS';
  // Defaults follow what SES answers for a new identity (getmoto/moto#9771 quotes a real
  // get-email-identity for an address: DKIM NOT_STARTED, BehaviorOnMxFailure USE_DEFAULT_VALUE).
  const dkim: DkimAttributes = type === 'EMAIL_ADDRESS'
    ? { SigningEnabled: false, Status: 'NOT_STARTED', SigningAttributesOrigin: 'AWS_SES', NextSigningKeyLength: 'RSA_1024_BIT' }
    : { SigningEnabled: true, Status: status === 'SUCCESS' ? 'SUCCESS' : 'PENDING', Tokens: easyDkimTokens(seed.IdentityName), SigningAttributesOrigin: 'AWS_SES', NextSigningKeyLength: 'RSA_2048_BIT', CurrentSigningKeyLength: 'RSA_2048_BIT' };
  return {
    IdentityName: seed.IdentityName,
    IdentityType: type,
    VerificationStatus: status,
    VerifiedForSendingStatus: verified,
    SendingEnabled: seed.SendingEnabled ?? verified,
    FeedbackForwardingStatus: seed.FeedbackForwardingStatus ?? true,
    DkimAttributes: { ...dkim, ...structuredClone(seed.DkimAttributes ?? {}) },
    MailFromAttributes: { BehaviorOnMxFailure: 'USE_DEFAULT_VALUE', ...structuredClone(seed.MailFromAttributes ?? {}) },
    Policies: structuredClone(seed.Policies ?? {}),
    Tags: structuredClone(seed.Tags ?? []),
    ConfigurationSetName: seed.ConfigurationSetName,
    VerificationInfo: structuredClone(seed.VerificationInfo),
  };
}

function hostedZone(seed: SeedHostedZone): HostedZone {
  if (!seed.Id || !seed.Name) throw new SeedError('Every hosted zone needs "Id" and "Name".');
  const id = seed.Id.replace(/^\/hostedzone\//, '');
  const name = normalizeName(seed.Name);
  const privateZone = seed.Config?.PrivateZone ?? false;
  const nameServers = seed.NameServers ?? (privateZone ? [] : defaultNameServers(id));
  const rrsets = (seed.ResourceRecordSets ?? []).map((rrset) => ({ ...structuredClone(rrset), Name: normalizeName(rrset.Name) }));
  // Every zone has its SOA and apex NS from the start, as Route 53 creates them with the zone.
  const apexNs = privateZone ? ['ns-0.awsdns-00.com.', 'ns-512.awsdns-00.net.', 'ns-1024.awsdns-00.org.', 'ns-1536.awsdns-00.co.uk.'] : nameServers;
  if (!rrsets.some((r) => r.Name === name && r.Type === 'NS')) rrsets.push({ Name: name, Type: 'NS', TTL: 172800, ResourceRecords: apexNs.map((ns) => ({ Value: ns })) });
  if (!rrsets.some((r) => r.Name === name && r.Type === 'SOA')) {
    rrsets.push({ Name: name, Type: 'SOA', TTL: 900, ResourceRecords: [{ Value: `${apexNs[0]} awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400` }] });
  }
  rrsets.sort(compareRrsets);
  return {
    id,
    name,
    callerReference: seed.CallerReference ?? `seed-${id}`,
    comment: seed.Config?.Comment,
    privateZone,
    vpcs: structuredClone(seed.VPCs ?? []),
    nameServers,
    rrsets,
  };
}

function defaultNameServers(id: string): string[] {
  const n = parseInt(createHash('sha256').update(id).digest('hex').slice(0, 4), 16) % 500;
  return [`ns-${n}.awsdns-${n % 64}.com.`, `ns-${n + 512}.awsdns-${n % 64}.net.`, `ns-${n + 1024}.awsdns-${n % 64}.org.`, `ns-${n + 1536}.awsdns-${n % 64}.co.uk.`];
}

/** The current state written back in seed format (no secrets): GET /__control/state. */
export function dumpState(state: LocalAwsState): unknown {
  const ses = (data: SesRegionState): unknown => ({
    identities: data.identities,
    receiptRuleSets: data.ruleSets.map((set) => ({ ...set, active: set.Name === data.activeRuleSet })),
  });
  return {
    accountId: state.accountId,
    credentials: [...state.credentials.values()].map(({ accessKeyId, principal, expired, denied }) => ({ accessKeyId, principal, expired, denied })),
    ses: { ...(ses(state.ses.fallback) as object), receivingRegions: [...state.ses.receivingRegions], regions: Object.fromEntries([...state.ses.byRegion].map(([region, data]) => [region, ses(data)])) },
    route53: {
      hostedZones: state.route53.zones.map((zone) => ({
        Id: zone.id, Name: zone.name, CallerReference: zone.callerReference, Config: { Comment: zone.comment, PrivateZone: zone.privateZone },
        VPCs: zone.vpcs, NameServers: zone.nameServers, ResourceRecordSets: zone.rrsets,
      })),
      changes: [...state.route53.changes.values()],
    },
  };
}
