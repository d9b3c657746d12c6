/**
 * Planning a push of zone-file records to Route 53, without Route 53: pure functions from the
 * file's records and the zone's current rrsets to a plan (per-rrset actions, diff documents,
 * compare-and-swap change batches), plus the retry policy and the hosted-zone choice the gateway
 * uses. No vscode, no AWS SDK: the gateway maps SDK shapes to the plain ones in `types.ts`.
 */
export type { HostedZoneSummary, PlanProblem, PlanProblemCode, PushMode, Route53AliasTarget, Route53Change, Route53ChangeAction, Route53RecordSet, Route53ResourceRecord } from './types';
export { planPush, planDiff, namesToRead, summaryText, type PlanAction, type PlanSummary, type PushPlan, type PushRequest, type RrsetPlan } from './pushPlan';
export { desiredRrsets, isApexManaged, rrsetKey, DEFAULT_TTL, MAX_VALUE_CHARS, MAX_VALUES_PER_RRSET, type DesiredOptions, type DesiredRrset } from './desiredRrsets';
export { changeCost, packChanges, ROUTE53_BATCH_LIMITS, type BatchCost, type BatchLimits, type ChangeBatchPlan, type ChangeUnit } from './batches';
export { encodeTxtValue, joinedTxtOctets, parseRoute53CharacterStrings, quoteRoute53String, splitIntoStrings, tokenizeRoute53Value, MAX_STRING_OCTETS, type ValueToken } from './characterStrings';
export { displayValue, isTextType, valueFromRecord, valueKey, zoneFileString, ROUTE53_TYPES, type ValueResult } from './rdataValues';
export { displayRoute53Name, isAtOrBelow, normalizeRoute53Name, route53NameFromLabels, route53NameFromZoneName, route53NameLabels } from './names';
export { combinedDiff, rrsetDiff, rrsetLines, type DiffDocuments, type DiffEntry } from './diffText';
export { isConcurrentChange, isRetryable, retryDelayMs, ROUTE53_RETRY_POLICY, type ErrorFacts, type RetryPolicy } from './retryPolicy';
export { chooseHostedZone, type ZoneChoice } from './zoneChooser';
