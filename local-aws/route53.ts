// Route 53 (REST-XML, API version 2013-04-01): the hosted-zone and record operations the
// extension uses. Shapes follow the API Reference pages of each operation.
import { randomBytes } from 'node:crypto';
import { AwsError, ROUTE53_NAMESPACE } from './errors';
import { type Operation, type OperationContext, type ServiceRouter, single, xmlAnswer } from './operation';
import { applyChangeBatch, type ChangeInput, RECORD_TYPES } from './route53Changes';
import { compareRrsets, compareText, normalizeName, reversedNameKey } from './route53Names';
import type { HostedZone, Rrset } from './seed';
import type { ReceivedRequest } from './sigv4';
import { parseXml, type XmlObject } from './xml';

const PREFIX = '/2013-04-01';

export const route53Router: ServiceRouter = {
  service: 'route53',
  protocol: 'rest-xml',
  iamPrefix: 'route53',
  route(request) {
    const path = request.path.replace(/\/+$/, '');
    if (!path.startsWith(`${PREFIX}/`)) return undefined;
    const segments = path.slice(PREFIX.length + 1).split('/').map(decodeURIComponent);
    const get = request.method === 'GET';
    if (get && segments.length === 1 && segments[0] === 'hostedzone') return op('ListHostedZones', (c) => listHostedZones(c, request));
    if (get && segments.length === 1 && segments[0] === 'hostedzonesbyname') return op('ListHostedZonesByName', (c) => listHostedZonesByName(c, request));
    if (get && segments.length === 2 && segments[0] === 'hostedzone') return op('GetHostedZone', (c) => getHostedZone(c, segments[1]));
    if (segments.length === 3 && segments[0] === 'hostedzone' && segments[2] === 'rrset') {
      if (get) return op('ListResourceRecordSets', (c) => listResourceRecordSets(c, segments[1], request));
      if (request.method === 'POST') return op('ChangeResourceRecordSets', (c) => changeResourceRecordSets(c, segments[1], request));
    }
    if (get && segments.length === 2 && segments[0] === 'change') return op('GetChange', (c) => getChange(c, segments[1]));
    return undefined;
  },
};

function op(name: string, run: Operation['run']): Operation {
  return { name, run };
}

function answer(context: OperationContext, root: string, body: XmlObject) {
  return xmlAnswer(root, ROUTE53_NAMESPACE, body, context.requestId);
}

function findZone(context: OperationContext, id: string): HostedZone {
  const zone = context.state.route53.zones.find((candidate) => candidate.id === id);
  if (!zone) throw new AwsError('NoSuchHostedZone', `No hosted zone found with ID: ${id}`, 404);
  return zone;
}

function maxItems(request: ReceivedRequest, fallback: number, ceiling: number): number {
  const text = single(request.query.maxitems);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new AwsError('InvalidInput', `1 validation error detected: Value '${text}' at 'maxItems' failed to satisfy constraint: Member must be a positive integer`);
  return Math.min(value, ceiling);
}

function hostedZoneXml(zone: HostedZone): XmlObject {
  return {
    Id: `/hostedzone/${zone.id}`,
    Name: zone.name,
    CallerReference: zone.callerReference,
    Config: { Comment: zone.comment, PrivateZone: zone.privateZone },
    ResourceRecordSetCount: zone.rrsets.length,
  };
}

function rrsetXml(rrset: Rrset): XmlObject {
  return {
    Name: rrset.Name,
    Type: rrset.Type,
    SetIdentifier: rrset.SetIdentifier,
    Weight: rrset.Weight,
    Region: rrset.Region,
    Failover: rrset.Failover,
    MultiValueAnswer: rrset.MultiValueAnswer,
    TTL: rrset.TTL,
    ResourceRecords: rrset.ResourceRecords ? { ResourceRecord: rrset.ResourceRecords.map((record) => ({ Value: record.Value })) } : undefined,
    AliasTarget: rrset.AliasTarget ? { HostedZoneId: rrset.AliasTarget.HostedZoneId, DNSName: rrset.AliasTarget.DNSName, EvaluateTargetHealth: rrset.AliasTarget.EvaluateTargetHealth } : undefined,
    HealthCheckId: rrset.HealthCheckId,
  };
}

/** Zones in the order they were created (the seed's order); Marker is the ID to start at. */
function listHostedZones(context: OperationContext, request: ReceivedRequest) {
  const marker = single(request.query.marker);
  const type = single(request.query.hostedzonetype);
  const limit = maxItems(request, 100, 100);
  const zones = context.state.route53.zones.filter((zone) => type === undefined || (type === 'PrivateHostedZone') === zone.privateZone);
  const start = marker === undefined ? 0 : zones.findIndex((zone) => zone.id === marker);
  if (start < 0) throw new AwsError('InvalidInput', `The marker ${marker} does not name a hosted zone.`);
  const page = zones.slice(start, start + limit);
  const next = zones[start + limit];
  return answer(context, 'ListHostedZonesResponse', {
    HostedZones: { HostedZone: page.map(hostedZoneXml) },
    Marker: marker ?? '',
    IsTruncated: next !== undefined,
    NextMarker: next?.id,
    MaxItems: limit,
  });
}

/** Sorted by name with the labels reversed, then by ID (API Reference, ListHostedZonesByName). */
function listHostedZonesByName(context: OperationContext, request: ReceivedRequest) {
  const dnsName = single(request.query.dnsname);
  const zoneId = single(request.query.hostedzoneid);
  if (zoneId !== undefined && dnsName === undefined) throw new AwsError('InvalidInput', 'If you specify hostedzoneid, you must also specify dnsname.');
  const limit = maxItems(request, 100, 100);
  const key = (zone: HostedZone): string => reversedNameKey(zone.name);
  const zones = [...context.state.route53.zones].sort((a, b) => compareText(key(a), key(b)) || compareText(a.id, b.id));
  const startKey = dnsName === undefined ? undefined : reversedNameKey(normalizeName(dnsName));
  const start = startKey === undefined ? 0 : zones.findIndex((zone) => key(zone) > startKey || (key(zone) === startKey && (zoneId === undefined || zone.id >= zoneId)));
  const from = start < 0 ? zones.length : start;
  const page = zones.slice(from, from + limit);
  const next = zones[from + limit];
  return answer(context, 'ListHostedZonesByNameResponse', {
    HostedZones: { HostedZone: page.map(hostedZoneXml) },
    DNSName: dnsName,
    HostedZoneId: zoneId,
    IsTruncated: next !== undefined,
    NextDNSName: next?.name,
    NextHostedZoneId: next?.id,
    MaxItems: limit,
  });
}

function getHostedZone(context: OperationContext, id: string) {
  const zone = findZone(context, id);
  return answer(context, 'GetHostedZoneResponse', {
    HostedZone: hostedZoneXml(zone),
    DelegationSet: zone.privateZone ? undefined : { NameServers: { NameServer: zone.nameServers } },
    VPCs: zone.privateZone ? { VPC: zone.vpcs.map((vpc) => ({ VPCRegion: vpc.VPCRegion, VPCId: vpc.VPCId })) } : undefined,
  });
}

/**
 * Pages in Route 53's order (see route53Names.ts). The list starts at the first rrset at or
 * after (name, type, identifier); a type without a name is InvalidInput, as documented.
 */
function listResourceRecordSets(context: OperationContext, id: string, request: ReceivedRequest) {
  const zone = findZone(context, id);
  const name = single(request.query.name);
  const type = single(request.query.type);
  const identifier = single(request.query.identifier);
  if (type !== undefined && name === undefined) throw new AwsError('InvalidInput', 'The input is not valid: you specified a type but not a name.');
  if (type !== undefined && !RECORD_TYPES.includes(type)) throw new AwsError('InvalidInput', `1 validation error detected: Value '${type}' at 'startRecordType' failed to satisfy constraint: Member must satisfy enum value set: [${RECORD_TYPES.join(', ')}]`);
  const limit = maxItems(request, 300, 300);
  let start = 0;
  if (name !== undefined) {
    const probe = { Name: normalizeName(name), Type: type ?? '', SetIdentifier: identifier ?? '' };
    start = zone.rrsets.findIndex((rrset) => compareRrsets(rrset, probe) >= 0);
    if (start < 0) start = zone.rrsets.length;
  }
  const page = zone.rrsets.slice(start, start + limit);
  const next = zone.rrsets[start + limit];
  return answer(context, 'ListResourceRecordSetsResponse', {
    ResourceRecordSets: { ResourceRecordSet: page.map(rrsetXml) },
    IsTruncated: next !== undefined,
    NextRecordName: next?.Name,
    NextRecordType: next?.Type,
    NextRecordIdentifier: next?.SetIdentifier,
    MaxItems: limit,
  });
}

function changeResourceRecordSets(context: OperationContext, id: string, request: ReceivedRequest) {
  const zone = findZone(context, id);
  const document = parseXml(request.body.toString('utf8'));
  const batch = field(field(document, 'ChangeResourceRecordSetsRequest'), 'ChangeBatch');
  if (batch === undefined) throw new AwsError('InvalidInput', 'Invalid XML ; the request is not a ChangeResourceRecordSetsRequest with a ChangeBatch.');
  const changes = list(field(field(batch, 'Changes'), 'Change')).map(changeInput);
  zone.rrsets = applyChangeBatch(zone, changes);
  const comment = text(field(batch, 'Comment'));
  const change = { id: `C${randomBytes(10).toString('hex').toUpperCase().slice(0, 13)}`, submittedAt: context.now, comment };
  context.state.route53.changes.set(change.id, change);
  return answer(context, 'ChangeResourceRecordSetsResponse', { ChangeInfo: changeInfo(context, change) });
}

/** PENDING until insyncDelayMs after submission, then INSYNC, as Route 53 reports propagation. */
function getChange(context: OperationContext, id: string) {
  const change = context.state.route53.changes.get(id);
  if (!change) throw new AwsError('NoSuchChange', `A change with the specified change ID does not exist: ${id}`, 404);
  return answer(context, 'GetChangeResponse', { ChangeInfo: changeInfo(context, change) });
}

function changeInfo(context: OperationContext, change: { id: string; submittedAt: Date; comment: string | undefined }): XmlObject {
  const insync = context.now.getTime() - change.submittedAt.getTime() >= context.insyncDelayMs;
  return { Id: `/change/${change.id}`, Status: insync ? 'INSYNC' : 'PENDING', SubmittedAt: change.submittedAt.toISOString(), Comment: change.comment };
}

// --- reading the parsed request document --------------------------------------------------

function field(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' && !Array.isArray(node) ? (node as Record<string, unknown>)[name] : undefined;
}

function list(node: unknown): unknown[] {
  return Array.isArray(node) ? node : node === undefined ? [] : [node];
}

function text(node: unknown): string | undefined {
  return typeof node === 'string' ? node : undefined;
}

function numberField(node: unknown, name: string): number | undefined {
  const value = text(field(node, name));
  if (value === undefined) return undefined;
  const parsed = Number(value.trim());
  if (!Number.isFinite(parsed)) throw new AwsError('InvalidInput', `Invalid XML ; '${value}' is not a valid value for ${name}.`);
  return parsed;
}

function changeInput(node: unknown): ChangeInput {
  const set = field(node, 'ResourceRecordSet');
  const name = text(field(set, 'Name'));
  const type = text(field(set, 'Type'));
  if (set === undefined || name === undefined || type === undefined) throw new AwsError('InvalidInput', 'Invalid XML ; every Change needs a ResourceRecordSet with a Name and a Type.');
  const records = field(set, 'ResourceRecords');
  const alias = field(set, 'AliasTarget');
  const rrset: Rrset = {
    Name: name,
    Type: type.trim(),
    SetIdentifier: text(field(set, 'SetIdentifier')),
    Weight: numberField(set, 'Weight'),
    Region: text(field(set, 'Region')),
    Failover: text(field(set, 'Failover')),
    MultiValueAnswer: text(field(set, 'MultiValueAnswer')) === undefined ? undefined : text(field(set, 'MultiValueAnswer')) === 'true',
    TTL: numberField(set, 'TTL'),
    ResourceRecords: records === undefined ? undefined : list(field(records, 'ResourceRecord')).map((record) => ({ Value: text(field(record, 'Value')) ?? '' })),
    AliasTarget: alias === undefined ? undefined : {
      HostedZoneId: text(field(alias, 'HostedZoneId')) ?? '',
      DNSName: text(field(alias, 'DNSName')) ?? '',
      EvaluateTargetHealth: text(field(alias, 'EvaluateTargetHealth')) === 'true',
    },
    HealthCheckId: text(field(set, 'HealthCheckId')),
  };
  for (const key of Object.keys(rrset) as (keyof Rrset)[]) if (rrset[key] === undefined) delete rrset[key];
  return { Action: (text(field(node, 'Action')) ?? '').trim(), ResourceRecordSet: rrset };
}
