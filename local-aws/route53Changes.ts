// ChangeResourceRecordSets as Route 53 applies it: the batch is checked as a whole, then applied
// entirely or not at all (API Reference, ChangeResourceRecordSets, "Change Batches and
// Transactional Changes").
//
// Error texts, and where each was seen (see local-aws/README.md for the full list):
// - "Tried to create resource record set [name='x.', type='TXT'] but it already exists",
//   "... but it was not found", "... but the values provided do not match the current values":
//   boto/boto#2887, aws/aws-sdk-kotlin#1435 (which also shows that several messages come back
//   together as "[a, b]" in the Message of a standard ErrorResponse).
// - CNAME conflicts, both directions: measured against AWS in 2026 (quoted by a public test
//   suite); "not permitted in zone": many user reports of InvalidChangeBatch.
// - "The request contains an invalid set of changes for a resource record set 'TXT x.'":
//   kubernetes-sigs/external-dns#4241 and others, for one rrset listed twice in a batch.
// - "Number of records limit of 1000 exceeded." (DNSControl/dnscontrol#493, #1114),
//   "RDATA character limit of 32000 exceeded." (kubernetes/kops#4495); UPSERT counts twice
//   (Developer Guide, "Quotas", maximums on ChangeResourceRecordSets requests).
// - TXT: "InvalidCharacterString (Value should be enclosed in quotation marks)" (ansible
//   issues, 2019 and 2024), "CharacterStringTooLong (Value is too long)" (boto/boto3#1462).
// - "A HostedZone must contain exactly one SOA record." / "... at least one NS record for the
//   zone itself.": quoted by several Route 53 tools; not confirmed from an AWS page.
import { AwsError } from './errors';
import { compareRrsets, isWithinZone, normalizeName } from './route53Names';
import type { HostedZone, Rrset } from './seed';

export interface ChangeInput {
  Action: string;
  ResourceRecordSet: Rrset;
}

export const RECORD_TYPES = ['SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA', 'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS'];
export const MAX_RECORDS = 1000;
export const MAX_VALUE_CHARACTERS = 32000;
const MAX_VALUE_LENGTH = 4000;

/** Checks the batch against `zone` and returns the zone's new rrsets; throws AwsError otherwise. */
export function applyChangeBatch(zone: HostedZone, changes: ChangeInput[]): Rrset[] {
  checkShape(changes);
  checkLimits(changes);
  const duplicates = duplicateMessages(changes);
  if (duplicates.length > 0) throw invalidChangeBatch(duplicates);

  const working = zone.rrsets.map((rrset) => rrset);
  const messages: string[] = [];
  for (const { Action, ResourceRecordSet: requested } of changes) {
    const rrset = { ...requested, Name: normalizeName(requested.Name) };
    const described = describe(rrset);
    if (!isWithinZone(rrset.Name, zone.name)) {
      messages.push(`RRSet with DNS name ${rrset.Name} is not permitted in zone ${zone.name}`);
      continue;
    }
    const valueProblems = Action === 'DELETE' ? [] : valueMessages(rrset);
    if (valueProblems.length > 0) {
      messages.push(...valueProblems);
      continue;
    }
    const at = working.findIndex((existing) => sameKey(existing, rrset));
    if (Action === 'CREATE') {
      if (at >= 0) messages.push(`Tried to create resource record set ${described} but it already exists`);
      else addIfNoConflict(working, rrset, zone, messages);
    } else if (Action === 'DELETE') {
      if (at < 0) messages.push(`Tried to delete resource record set ${described} but it was not found`);
      else if (!sameContent(working[at], rrset)) messages.push(`Tried to delete resource record set ${described} but the values provided do not match the current values`);
      else if (rrset.Name === zone.name && rrset.Type === 'SOA') messages.push('A HostedZone must contain exactly one SOA record.');
      else if (rrset.Name === zone.name && rrset.Type === 'NS') messages.push('A HostedZone must contain at least one NS record for the zone itself.');
      else working.splice(at, 1);
    } else {
      if (at >= 0) working.splice(at, 1, rrset);
      else addIfNoConflict(working, rrset, zone, messages);
    }
  }
  if (messages.length > 0) throw invalidChangeBatch(messages);
  return working.sort(compareRrsets);
}

function invalidChangeBatch(messages: string[]): AwsError {
  return new AwsError('InvalidChangeBatch', `[${messages.join(', ')}]`);
}

function describe(rrset: Rrset): string {
  const identifier = rrset.SetIdentifier === undefined ? '' : `, set-identifier='${rrset.SetIdentifier}'`;
  return `[name='${rrset.Name}', type='${rrset.Type}'${identifier}]`;
}

function sameKey(a: Rrset, b: Rrset): boolean {
  return a.Name === b.Name && a.Type === b.Type && (a.SetIdentifier ?? '') === (b.SetIdentifier ?? '');
}

function checkShape(changes: ChangeInput[]): void {
  if (changes.length === 0) throw new AwsError('InvalidInput', 'Invalid request: the change batch has no Change elements.');
  changes.forEach((change, index) => {
    const where = `changeBatch.changes.${index + 1}.member`;
    if (!['CREATE', 'DELETE', 'UPSERT'].includes(change.Action)) {
      throw new AwsError('InvalidInput', `1 validation error detected: Value '${change.Action}' at '${where}.action' failed to satisfy constraint: Member must satisfy enum value set: [CREATE, DELETE, UPSERT]`);
    }
    const rrset = change.ResourceRecordSet;
    if (!RECORD_TYPES.includes(rrset.Type)) {
      throw new AwsError('InvalidInput', `1 validation error detected: Value '${rrset.Type}' at '${where}.resourceRecordSet.type' failed to satisfy constraint: Member must satisfy enum value set: [${RECORD_TYPES.join(', ')}]`);
    }
    const hasRecords = rrset.TTL !== undefined && (rrset.ResourceRecords?.length ?? 0) > 0;
    if (hasRecords === (rrset.AliasTarget !== undefined)) {
      // Wording from a 2025 report (crossplane-contrib/provider-upjet-aws#1806), completed by us.
      throw new AwsError('InvalidInput', `Invalid request: Expected exactly one of [AliasTarget, all of [TTL, and ResourceRecords]], but found ${hasRecords ? 'both' : 'none'} in Change with [Action=${change.Action}, Name=${rrset.Name}, Type=${rrset.Type}, SetIdentifier=${rrset.SetIdentifier ?? 'null'}]`);
    }
    rrset.ResourceRecords?.forEach((record, recordIndex) => {
      if (record.Value.length > MAX_VALUE_LENGTH) {
        throw new AwsError('InvalidInput', `1 validation error detected: Value at '${where}.resourceRecordSet.resourceRecords.${recordIndex + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to ${MAX_VALUE_LENGTH}`);
      }
    });
  });
}

function checkLimits(changes: ChangeInput[]): void {
  let records = 0;
  let characters = 0;
  for (const change of changes) {
    const weight = change.Action === 'UPSERT' ? 2 : 1;
    for (const record of change.ResourceRecordSet.ResourceRecords ?? []) {
      records += weight;
      characters += weight * [...record.Value].length;
    }
  }
  if (records > MAX_RECORDS) throw invalidChangeBatch([`Number of records limit of ${MAX_RECORDS} exceeded.`]);
  if (characters > MAX_VALUE_CHARACTERS) throw invalidChangeBatch([`RDATA character limit of ${MAX_VALUE_CHARACTERS} exceeded.`]);
}

/**
 * One rrset may appear twice only as DELETE followed by CREATE: the documented way to replace
 * it in one transaction (and how a compare-and-swap is written). Any other repetition is refused.
 */
function duplicateMessages(changes: ChangeInput[]): string[] {
  const byKey = new Map<string, ChangeInput[]>();
  for (const change of changes) {
    const rrset = change.ResourceRecordSet;
    const key = `${normalizeName(rrset.Name)} ${rrset.Type} ${rrset.SetIdentifier ?? ''}`;
    byKey.set(key, [...(byKey.get(key) ?? []), change]);
  }
  const messages: string[] = [];
  for (const group of byKey.values()) {
    if (group.length === 1 || (group.length === 2 && group[0].Action === 'DELETE' && group[1].Action === 'CREATE')) continue;
    const { Name, Type } = group[0].ResourceRecordSet;
    for (let i = 1; i < group.length; i++) messages.push(`The request contains an invalid set of changes for a resource record set '${Type} ${normalizeName(Name)}'`);
  }
  return messages;
}

function addIfNoConflict(working: Rrset[], rrset: Rrset, zone: HostedZone, messages: string[]): void {
  const others = working.filter((existing) => existing.Name === rrset.Name && existing.Type !== rrset.Type);
  if (rrset.Type === 'CNAME' && rrset.Name === zone.name) {
    messages.push(`RRSet of type CNAME with DNS name ${rrset.Name} is not permitted at apex in zone ${zone.name}`);
  } else if (rrset.Type === 'CNAME' && others.length > 0) {
    messages.push(`RRSet of type CNAME with DNS name ${rrset.Name} is not permitted as it conflicts with other records with the same DNS name in zone ${zone.name}`);
  } else if (others.some((existing) => existing.Type === 'CNAME')) {
    messages.push(`RRSet of type ${rrset.Type} with DNS name ${rrset.Name} is not permitted because a conflicting RRSet of type CNAME with the same DNS name already exists in zone ${zone.name}`);
  } else {
    working.push(rrset);
  }
}

/** DELETE must name the rrset exactly: TTL, routing fields and every value (in any order). */
function sameContent(current: Rrset, requested: Rrset): boolean {
  const values = (rrset: Rrset): string[] => (rrset.ResourceRecords ?? []).map((record) => record.Value).sort();
  const alias = (rrset: Rrset): string => (rrset.AliasTarget ? `${rrset.AliasTarget.HostedZoneId} ${normalizeName(rrset.AliasTarget.DNSName)} ${rrset.AliasTarget.EvaluateTargetHealth}` : '');
  return current.TTL === requested.TTL
    && current.Weight === requested.Weight
    && current.Region === requested.Region
    && current.Failover === requested.Failover
    && (current.MultiValueAnswer ?? false) === (requested.MultiValueAnswer ?? false)
    && current.HealthCheckId === requested.HealthCheckId
    && alias(current) === alias(requested)
    && JSON.stringify(values(current)) === JSON.stringify(values(requested));
}

function valueMessages(rrset: Rrset): string[] {
  const messages: string[] = [];
  for (const { Value: value } of rrset.ResourceRecords ?? []) {
    const problem = rrset.Type === 'TXT' || rrset.Type === 'SPF' ? characterStringsProblem(value) : rrset.Type === 'A' ? ipv4Problem(value) : undefined;
    if (problem) messages.push(`Invalid Resource Record: FATAL problem: ${problem} encountered with '${value}'`);
  }
  return messages;
}

function ipv4Problem(value: string): string | undefined {
  const octets = value.split('.');
  const valid = octets.length === 4 && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
  return valid ? undefined : 'ARRDATAIllegalIPv4Address (Value is not a valid IPv4 address)';
}

/**
 * A TXT value is one or more quoted strings separated by spaces; inside, \" and \\ and
 * three-digit escapes stand for one octet each. Each string holds at most 255 octets.
 */
export function characterStringsProblem(value: string): string | undefined {
  const unquoted = 'InvalidCharacterString (Value should be enclosed in quotation marks)';
  let i = 0;
  let strings = 0;
  let tooLong = false;
  while (i < value.length) {
    if (value[i] === ' ' || value[i] === '\t') {
      i++;
      continue;
    }
    if (value[i] !== '"') return unquoted;
    i++;
    let octets = 0;
    let closed = false;
    while (i < value.length) {
      const char = value[i];
      if (char === '"') {
        closed = true;
        i++;
        break;
      }
      if (char === '\\') {
        i += /^\d{3}$/.test(value.slice(i + 1, i + 4)) ? 4 : 2;
        octets++;
        continue;
      }
      const codePoint = value.codePointAt(i) ?? 0;
      const text = String.fromCodePoint(codePoint);
      octets += Buffer.byteLength(text, 'utf8');
      i += text.length;
    }
    if (!closed) return unquoted;
    strings++;
    if (octets > 255) tooLong = true;
    if (i < value.length && value[i] !== ' ' && value[i] !== '\t' && value[i] !== '"') return unquoted;
  }
  if (strings === 0) return unquoted;
  return tooLong ? 'CharacterStringTooLong (Value is too long)' : undefined;
}
