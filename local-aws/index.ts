// The local AWS endpoint: SES v1 receipt rules, SESv2 identities and Route 53, over HTTP on
// 127.0.0.1, for tests, the benchmark and `npm start`. See local-aws/README.md.
export { startLocalAws, type LocalAws, type LocalAwsOptions, type RequestLogEntry } from './server';
export type { FaultSpec, RateLimit } from './faults';
export type { ServiceId } from './operation';
export { normalizeName, compareRrsets } from './route53Names';
export { MAX_RECORDS, MAX_VALUE_CHARACTERS } from './route53Changes';
export { easyDkimTokens, readSeedFile, SeedError } from './seed';
export type {
  LocalAwsSeed, LocalAwsState, SeedCredential, SeedIdentity, SeedReceiptRuleSet, SeedHostedZone,
  ReceiptRule, ReceiptAction, Rrset, HostedZone, Identity, RuleSet,
} from './seed';
