/**
 * Plain mirrors of the Route 53 API shapes the planner reads and writes, independent of the AWS
 * SDK: the gateway maps SDK objects to these and back, field for field (same names, same
 * meaning), so nothing here changes when the SDK does.
 */

/** One value of a record set, in Route 53's presentation format (TXT quoted, names absolute). */
export interface Route53ResourceRecord {
  Value: string;
}

export interface Route53AliasTarget {
  HostedZoneId: string;
  DNSName: string;
  EvaluateTargetHealth: boolean;
}

/**
 * A resource record set as ListResourceRecordSets returns it and ChangeResourceRecordSets takes
 * it. The planner only ever creates simple (non-alias, no routing policy) record sets; alias and
 * routing-policy record sets are read so they are never overwritten or deleted by accident, and
 * `routing` carries their other fields (Weight, Region, GeoLocation, Failover, MultiValueAnswer,
 * HealthCheckId, ...) verbatim for the gateway.
 */
export interface Route53RecordSet {
  Name: string;
  Type: string;
  TTL?: number;
  ResourceRecords?: Route53ResourceRecord[];
  SetIdentifier?: string;
  AliasTarget?: Route53AliasTarget;
  routing?: Readonly<Record<string, unknown>>;
}

export type Route53ChangeAction = 'CREATE' | 'DELETE' | 'UPSERT';

export interface Route53Change {
  Action: Route53ChangeAction;
  ResourceRecordSet: Route53RecordSet;
}

/** A hosted zone as ListHostedZones returns it (Id like "/hostedzone/Z123", Name with its dot). */
export interface HostedZoneSummary {
  Id: string;
  Name: string;
  PrivateZone: boolean;
}

/** Which records of the file a push takes, and whether it may delete. */
export type PushMode =
  /** The rrset (name and type) of the record under the cursor. */
  | 'record'
  /** The rrsets of the selected records. */
  | 'selection'
  /** Every rrset of the file; names and types the file does not have are not touched. */
  | 'file'
  /** Every rrset of the file, and rrsets of the file's names whose type the file no longer has are deleted. */
  | 'sync';

/**
 * Something the planner found. Errors make the plan unsendable (no batches); warnings are shown
 * with the preview. `span` points at the zone-file text that caused it, when there is one.
 */
export interface PlanProblem {
  code: PlanProblemCode;
  severity: 'error' | 'warning';
  message: string;
  /** Canonical Route 53 name of the rrset concerned. */
  name?: string;
  type?: string;
  span?: { start: number; end: number };
}

export type PlanProblemCode =
  | 'r53-two-spf'
  | 'r53-two-dmarc'
  | 'r53-ttl-differs'
  | 'r53-no-ttl'
  | 'r53-outside-zone'
  | 'r53-unsupported-type'
  | 'r53-apex-managed'
  | 'r53-alias-conflict'
  | 'r53-routing-kept'
  | 'r53-cname-conflict'
  | 'r53-duplicate-value'
  | 'r53-bad-rdata'
  | 'r53-value-too-long'
  | 'r53-too-many-values'
  | 'r53-rrset-too-large';
