/**
 * From records of a zone file to the rrsets they ask for in one hosted zone: grouped by name and
 * type (Route 53 keeps one rrset, with one TTL, per name and type), names in Route 53's canonical
 * spelling, values as Route 53 takes them. The apex SOA and NS belong to Route 53 (it writes them
 * when it creates the zone; a zone file's copies name other servers) and are never pushed.
 */
import type { DnsRecord } from '../../../../server/src/service/records';
import { displayRoute53Name, isAtOrBelow, normalizeRoute53Name, route53NameFromZoneName } from './names';
import { ROUTE53_TYPES, valueFromRecord, valueKey } from './rdataValues';
import type { PlanProblem } from './types';

/** Route 53 quotas: a Value holds at most 4,000 characters, an rrset at most 400 values. */
export const MAX_VALUE_CHARS = 4000;
export const MAX_VALUES_PER_RRSET = 400;
/** Used when a record has no TTL and the file no $TTL (BIND would refuse the file; Route 53 needs one). */
export const DEFAULT_TTL = 300;

export interface DesiredRrset {
  /** Route 53's canonical spelling (`\052.example.com.`). */
  name: string;
  type: string;
  ttl: number;
  /** Route 53 Values, one per distinct record, in file order. */
  values: string[];
  /** The file's records behind the rrset (their spans place CodeLenses and problems). */
  records: DnsRecord[];
}

export interface DesiredOptions {
  /** The file's origin, completing relative names in record data (`MX 10 mail`) of records that do not carry their own. */
  origin: string;
  /** The hosted zone's name, any spelling (`example.com.`). */
  zoneName: string;
  defaultTtl?: number;
}

export function rrsetKey(name: string, type: string): string {
  return `${name} ${type}`;
}

/** Whether Route 53 manages this rrset itself: the zone apex's SOA and NS. */
export function isApexManaged(name: string, type: string, zoneName: string): boolean {
  return (type === 'SOA' || type === 'NS') && normalizeRoute53Name(name) === normalizeRoute53Name(zoneName);
}

function problem(code: PlanProblem['code'], severity: PlanProblem['severity'], message: string, record?: DnsRecord, name?: string, type?: string): PlanProblem {
  return { code, severity, message, name, type, span: record ? { start: record.span.start, end: record.span.end } : undefined };
}

export function desiredRrsets(records: readonly DnsRecord[], options: DesiredOptions): { rrsets: DesiredRrset[]; problems: PlanProblem[] } {
  const zoneName = normalizeRoute53Name(options.zoneName);
  const defaultTtl = options.defaultTtl ?? DEFAULT_TTL;
  const problems: PlanProblem[] = [];
  const groups = new Map<string, { name: string; type: string; records: DnsRecord[] }>();
  const skipped = new Set<string>();
  for (const record of records) {
    const name = route53NameFromZoneName(record.name);
    const shown = `${displayRoute53Name(name)} ${record.type}`;
    if (!isAtOrBelow(name, zoneName)) {
      problems.push(problem('r53-outside-zone', 'error', `${shown} is not in the hosted zone ${displayRoute53Name(zoneName)}, so Route 53 would refuse it. Push it to the zone of its own domain, or fix the name (check $ORIGIN and the trailing dot).`, record, name, record.type));
      continue;
    }
    if (record.type === 'SOA' || (record.type === 'NS' && name === zoneName)) {
      // One warning per rrset, not per record: the file's two apex NS records are one thing left out.
      if (skipped.has(rrsetKey(name, record.type))) continue;
      skipped.add(rrsetKey(name, record.type));
      problems.push(problem('r53-apex-managed', 'warning', `${shown} is not pushed: Route 53 writes the apex SOA and NS records of a hosted zone itself, and replacing them with the file's would point the zone at other name servers.`, record, name, record.type));
      continue;
    }
    if (!ROUTE53_TYPES.has(record.type)) {
      problems.push(problem('r53-unsupported-type', 'error', `${shown}: Route 53 does not support ${record.type} records ("Supported DNS record types", Route 53 Developer Guide). Remove it from the push or publish it elsewhere.`, record, name, record.type));
      continue;
    }
    const key = rrsetKey(name, record.type);
    const group = groups.get(key);
    if (group) group.records.push(record);
    else groups.set(key, { name, type: record.type, records: [record] });
  }

  const rrsets: DesiredRrset[] = [];
  for (const { name, type, records: members } of groups.values()) {
    const shown = `${displayRoute53Name(name)} ${type}`;
    const values: string[] = [];
    const keys = new Set<string>();
    let broken = false;
    for (const record of members) {
      // The $ORIGIN in effect where the record was written completes its relative names (a file
      // may change $ORIGIN); records that do not say fall back to the file's origin.
      const result = valueFromRecord(record, record.origin || options.origin);
      if (!result.ok) {
        problems.push(problem('r53-bad-rdata', 'error', `${shown} cannot be pushed: ${result.message}. Fix the record (the editor's diagnostics say how).`, record, name, type));
        broken = true;
        continue;
      }
      if (result.value.length > MAX_VALUE_CHARS) {
        problems.push(problem('r53-value-too-long', 'error', `${shown}: the value is ${result.value.length} characters as Route 53 writes it, over its limit of ${MAX_VALUE_CHARS} per value. Shorten it (a DKIM key over 2048 bits, for example, rarely fits).`, record, name, type));
        broken = true;
        continue;
      }
      const key = valueKey(type, result.value);
      if (keys.has(key)) {
        problems.push(problem('r53-duplicate-value', 'warning', `${shown} is written twice with the same value; it is pushed once (Route 53 refuses duplicate values).`, record, name, type));
        continue;
      }
      keys.add(key);
      values.push(result.value);
    }
    if (broken) continue;
    if (values.length > MAX_VALUES_PER_RRSET) {
      problems.push(problem('r53-too-many-values', 'error', `${shown} has ${values.length} values; Route 53 allows ${MAX_VALUES_PER_RRSET} per record set. Spread them over several names.`, members[0], name, type));
      continue;
    }
    if (type === 'CNAME' && values.length > 1) {
      problems.push(problem('r53-bad-rdata', 'error', `${shown} has ${values.length} values; a name has at most one CNAME (RFC 2181 section 10.1). Keep one.`, members[1], name, type));
      continue;
    }
    const ttls = members.map((r) => r.ttl).filter((t): t is number => t !== undefined);
    let ttl: number;
    if (ttls.length === 0) {
      ttl = defaultTtl;
      problems.push(problem('r53-no-ttl', 'warning', `${shown} has no TTL and the file no $TTL; it is pushed with ${defaultTtl} seconds. Add a $TTL line to say what you mean.`, members[0], name, type));
    } else {
      ttl = Math.min(...ttls);
      if (ttls.some((t) => t !== ttl) || ttls.length < members.length) {
        const distinct = [...new Set(ttls)].sort((a, b) => a - b);
        problems.push(problem('r53-ttl-differs', 'warning', `The records of ${shown} have different TTLs (${distinct.join(', ')}); Route 53 keeps one TTL per record set, so ${ttl} (the lowest) is pushed. Give them one TTL (RFC 2181 section 5.2).`, members[0], name, type));
      }
    }
    rrsets.push({ name, type, ttl, values, records: members });
  }
  return { rrsets, problems };
}
