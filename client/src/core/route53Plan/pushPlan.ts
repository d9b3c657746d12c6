/**
 * The plan of a push: what the file asks for, merged with what the hosted zone holds, as a list of
 * rrsets with an action each, a diff per rrset, and the change batches that would carry it out.
 *
 * Rules (issue 7, "Push DNS records to Route 53, safely"):
 * - Only rrsets of the chosen records' names and types are touched; in `sync` mode, rrsets of the
 *   file's names whose type the file no longer has are deleted too, never the apex SOA and NS,
 *   never alias or routing-policy rrsets (a zone file cannot write those).
 * - TXT (and SPF-type) rrsets merge: values already in Route 53 stay (a site-verification value
 *   survives an SPF push), except that an SPF value in the file replaces the SPF value in Route 53
 *   and a DMARC value replaces the DMARC value. A plan that leaves two SPF or two DMARC values at
 *   one name is refused (RFC 7208 section 4.5 and RFC 7489 section 6.6.3 make both a permanent
 *   error). In `sync` mode the file's TXT rrset is taken as written.
 * - Other types: the file's rrset replaces Route 53's.
 * - Values compare by meaning (`valueKey`), so an unchanged record is `unchanged` and sends nothing;
 *   values that stay are sent exactly as Route 53 returned them.
 * - Changes are compare-and-swap: DELETE of the current rrset exactly as read, then CREATE, in one
 *   request. No UPSERT: it would overwrite a change made since the rrset was read.
 */
import type { DnsRecord } from '../../../../server/src/service/records';
import { isDmarcText, isSpfText } from '../../../../server/src/service/records';
import { packChanges, ROUTE53_BATCH_LIMITS, type BatchLimits, type ChangeBatchPlan, type ChangeUnit } from './batches';
import { joinedTxtOctets } from './characterStrings';
import { desiredRrsets, isApexManaged, rrsetKey, MAX_VALUES_PER_RRSET, type DesiredRrset } from './desiredRrsets';
import { combinedDiff, rrsetDiff, type DiffDocuments } from './diffText';
import { displayRoute53Name, normalizeRoute53Name, route53NameFromZoneName } from './names';
import { isTextType, valueKey, zoneFileString } from './rdataValues';
import type { PlanProblem, PushMode, Route53Change, Route53RecordSet } from './types';

export type PlanAction = 'create' | 'change' | 'delete' | 'unchanged';

export interface RrsetPlan {
  /** Canonical Route 53 name (`\052.example.com.`); `displayName` is the zone-file spelling. */
  name: string;
  displayName: string;
  type: string;
  action: PlanAction;
  /** As read from Route 53, verbatim (what a DELETE sends). */
  current?: Route53RecordSet;
  /** What the rrset will be; absent for a delete. */
  desired?: Route53RecordSet;
  /** Zone-file lines before and after, for a diff editor. */
  diff: DiffDocuments;
  /** Why the planned rrset differs from the file's records, in words ("keeps 1 value already in Route 53"). */
  notes: string[];
  /** The file's records behind the rrset (empty for a delete). */
  records: DnsRecord[];
}

export interface PlanSummary {
  create: number;
  change: number;
  delete: number;
  unchanged: number;
}

export interface PushPlan {
  zone: { Id: string; Name: string };
  mode: PushMode;
  /** Sorted by name, then type. */
  rrsets: RrsetPlan[];
  summary: PlanSummary;
  problems: PlanProblem[];
  /** No error among the problems: the plan may be sent. */
  ok: boolean;
  /** The ChangeResourceRecordSets requests, in order; empty when not `ok` or nothing changes. */
  batches: ChangeBatchPlan[];
}

export interface PushRequest {
  zone: { Id: string; Name: string };
  mode: PushMode;
  /** Every record of the file (the rrset of one record takes all the file's records of its name and type). */
  fileRecords: readonly DnsRecord[];
  /** The records the user chose, for `record` and `selection`; ignored by `file` and `sync`. */
  chosen?: readonly DnsRecord[];
  /** The file's origin, completing relative names in record data. */
  origin: string;
  /** The zone's rrsets as ListResourceRecordSets returned them: at least every rrset at `namesToRead`. */
  current: readonly Route53RecordSet[];
  defaultTtl?: number;
  limits?: BatchLimits;
}

/** The records a mode takes: whole rrsets of the chosen records' names and types, or the whole file. */
function recordsInScope(request: Pick<PushRequest, 'mode' | 'fileRecords' | 'chosen'>): DnsRecord[] {
  if (request.mode === 'file' || request.mode === 'sync') return [...request.fileRecords];
  const chosen = request.chosen ?? [];
  const keys = new Set(chosen.map((r) => rrsetKey(route53NameFromZoneName(r.name), r.type)));
  const inFile = new Set(request.fileRecords);
  return [...request.fileRecords.filter((r) => keys.has(rrsetKey(route53NameFromZoneName(r.name), r.type))), ...chosen.filter((r) => !inFile.has(r))];
}

/**
 * The names whose current rrsets the gateway must read before planning (canonical spelling): the
 * chosen rrsets' names, or every name of the file.
 */
export function namesToRead(request: Pick<PushRequest, 'mode' | 'fileRecords' | 'chosen'>): string[] {
  return [...new Set(recordsInScope(request).map((r) => route53NameFromZoneName(r.name)))].sort();
}

function isSimple(set: Route53RecordSet): boolean {
  return set.AliasTarget === undefined && set.SetIdentifier === undefined;
}

function values(set: Route53RecordSet | undefined): string[] {
  return (set?.ResourceRecords ?? []).map((r) => r.Value);
}

function sameValues(type: string, a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((v) => valueKey(type, v)));
  return keys.size === a.length && b.every((v) => keys.has(valueKey(type, v)));
}

interface Merged {
  values: string[];
  notes: string[];
}

/**
 * The values an rrset will hold. Values whose meaning is already in Route 53 keep Route 53's
 * spelling; values that stay come first in Route 53's order, new ones after in file order.
 */
function mergeValues(desired: DesiredRrset, current: Route53RecordSet | undefined, mode: PushMode): Merged {
  const existing = values(current);
  const wanted = new Map(desired.values.map((v) => [valueKey(desired.type, v), v]));
  const notes: string[] = [];
  const keep = (value: string): boolean => {
    const key = valueKey(desired.type, value);
    if (wanted.has(key)) return true;
    if (mode === 'sync' || !isTextType(desired.type)) return false;
    const text = joinedTxtOctets(value);
    if (isSpfText(text) && desired.values.some((v) => isSpfText(joinedTxtOctets(v)))) {
      notes.push('replaces the SPF value in Route 53 (one SPF record per name, RFC 7208 section 4.5)');
      return false;
    }
    if (isDmarcText(text) && desired.values.some((v) => isDmarcText(joinedTxtOctets(v)))) {
      notes.push('replaces the DMARC value in Route 53 (one DMARC record per name, RFC 7489 section 6.6.3)');
      return false;
    }
    return true;
  };
  const result: string[] = [];
  const placed = new Set<string>();
  let kept = 0;
  for (const value of existing) {
    if (!keep(value)) continue;
    const key = valueKey(desired.type, value);
    if (placed.has(key)) continue;
    placed.add(key);
    result.push(value);
    if (!wanted.has(key)) kept++;
  }
  for (const [key, value] of wanted) {
    if (placed.has(key)) continue;
    placed.add(key);
    result.push(value);
  }
  if (kept > 0) notes.push(`keeps ${kept} other value${kept === 1 ? '' : 's'} already in Route 53`);
  return { values: result, notes: [...new Set(notes)] };
}

function countProblem(name: string, type: string, texts: string[], kind: 'SPF' | 'DMARC', records: DnsRecord[]): PlanProblem {
  const shown = `${displayRoute53Name(name)} ${type}`;
  const why = kind === 'SPF'
    ? 'receivers then fail every SPF check with a permanent error (RFC 7208 section 4.5)'
    : 'receivers then ignore DMARC for the domain (RFC 7489 section 6.6.3)';
  const listed = texts.map((t) => zoneFileString(t.length > 60 ? `${t.slice(0, 57)}...` : t)).join(' and ');
  const record = records[0];
  return {
    code: kind === 'SPF' ? 'r53-two-spf' : 'r53-two-dmarc',
    severity: 'error',
    message: `The push would leave ${texts.length} ${kind} records at ${shown}: ${listed}; ${why}. Merge them into one ${kind} record in the file; the file's ${kind} record replaces the one in Route 53.`,
    name,
    type,
    span: record ? { start: record.span.start, end: record.span.end } : undefined,
  };
}

function compareRrsets(a: RrsetPlan, b: RrsetPlan): number {
  const an = a.displayName;
  const bn = b.displayName;
  if (an !== bn) return an < bn ? -1 : 1;
  return a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

export function planPush(request: PushRequest): PushPlan {
  const zoneName = normalizeRoute53Name(request.zone.Name);
  const scope = recordsInScope(request);
  const { rrsets: desired, problems } = desiredRrsets(scope, { origin: request.origin, zoneName, defaultTtl: request.defaultTtl });
  const currentByKey = new Map<string, Route53RecordSet[]>();
  const currentByName = new Map<string, Route53RecordSet[]>();
  for (const set of request.current) {
    const name = normalizeRoute53Name(set.Name);
    const key = rrsetKey(name, set.Type);
    const byKey = currentByKey.get(key);
    if (byKey) byKey.push(set);
    else currentByKey.set(key, [set]);
    const byName = currentByName.get(name);
    if (byName) byName.push(set);
    else currentByName.set(name, [set]);
  }

  const plans: RrsetPlan[] = [];
  for (const want of desired) {
    const shown = `${displayRoute53Name(want.name)} ${want.type}`;
    const sets = currentByKey.get(rrsetKey(want.name, want.type)) ?? [];
    const special = sets.find((s) => !isSimple(s));
    if (special) {
      problems.push({
        code: 'r53-alias-conflict',
        severity: 'error',
        message: `${shown} is ${special.AliasTarget ? 'an alias record' : 'a record with a routing policy'} in Route 53, which a zone file cannot write; a push would destroy it. Change it in the Route 53 console, or leave ${shown} out of the push.`,
        name: want.name,
        type: want.type,
        span: { start: want.records[0].span.start, end: want.records[0].span.end },
      });
    }
    const current = special ? undefined : sets[0];
    const merged = mergeValues(want, current, request.mode);
    const planned: Route53RecordSet = { Name: want.name, Type: want.type, TTL: want.ttl, ResourceRecords: merged.values.map((Value) => ({ Value })) };
    if (merged.values.length > MAX_VALUES_PER_RRSET) {
      problems.push({
        code: 'r53-too-many-values',
        severity: 'error',
        message: `${shown} would hold ${merged.values.length} values with those already in Route 53; Route 53 allows ${MAX_VALUES_PER_RRSET} per record set. Remove values, or spread them over several names.`,
        name: want.name,
        type: want.type,
        span: { start: want.records[0].span.start, end: want.records[0].span.end },
      });
    }
    if (isTextType(want.type)) {
      const texts = merged.values.map(joinedTxtOctets);
      const spf = texts.filter(isSpfText);
      const dmarc = texts.filter(isDmarcText);
      if (spf.length > 1) problems.push(countProblem(want.name, want.type, spf, 'SPF', want.records));
      if (dmarc.length > 1) problems.push(countProblem(want.name, want.type, dmarc, 'DMARC', want.records));
    }
    const action: PlanAction = special
      ? 'change'
      : !current
        ? 'create'
        : current.TTL === want.ttl && sameValues(want.type, values(current), merged.values)
          ? 'unchanged'
          : 'change';
    const notes = action === 'unchanged' ? [] : merged.notes;
    if (action === 'change' && current && current.TTL !== want.ttl) notes.push(`TTL ${current.TTL ?? 'none'} becomes ${want.ttl}`);
    plans.push({
      name: want.name,
      displayName: displayRoute53Name(want.name),
      type: want.type,
      action,
      current: special ?? current,
      desired: planned,
      diff: rrsetDiff(special ?? current, planned),
      notes,
      records: want.records,
    });
  }

  if (request.mode === 'sync') {
    const wantedKeys = new Set(desired.map((d) => rrsetKey(d.name, d.type)));
    const fileKeys = new Set(request.fileRecords.map((r) => rrsetKey(route53NameFromZoneName(r.name), r.type)));
    const fileNames = new Set(request.fileRecords.map((r) => route53NameFromZoneName(r.name)));
    for (const name of fileNames) {
      for (const set of currentByName.get(name) ?? []) {
        if (wantedKeys.has(rrsetKey(name, set.Type)) || isApexManaged(name, set.Type, zoneName)) continue;
        // A type the file has but could not push (an error above) is not "no longer in the file".
        if (fileKeys.has(rrsetKey(name, set.Type))) continue;
        if (!isSimple(set)) {
          problems.push({
            code: 'r53-routing-kept',
            severity: 'warning',
            message: `${displayRoute53Name(name)} ${set.Type} is ${set.AliasTarget ? 'an alias record' : 'a record with a routing policy'} in Route 53; a zone file cannot write it, so the sync keeps it.`,
            name,
            type: set.Type,
          });
          continue;
        }
        plans.push({ name, displayName: displayRoute53Name(name), type: set.Type, action: 'delete', current: set, diff: rrsetDiff(set, undefined), notes: ['the file has no such record any more'], records: [] });
      }
    }
  }

  // A CNAME shares its name with nothing (RFC 1034 section 3.6.2, RFC 2181 section 10.1), and
  // there is none at the zone apex: Route 53 refuses both, so the plan says so first.
  const plansByName = new Map<string, RrsetPlan[]>();
  for (const p of plans) {
    const list = plansByName.get(p.name);
    if (list) list.push(p);
    else plansByName.set(p.name, [p]);
  }
  for (const [name, named] of plansByName) {
    if (!named.some((p) => p.action === 'create' || p.action === 'change')) continue;
    const types = new Set((currentByName.get(name) ?? []).map((s) => s.Type));
    for (const p of named) {
      if (p.action === 'delete') types.delete(p.type);
      else types.add(p.type);
    }
    if (types.has('CNAME') && (types.size > 1 || name === zoneName)) {
      const others = [...types].filter((t) => t !== 'CNAME');
      problems.push({
        code: 'r53-cname-conflict',
        severity: 'error',
        message: name === zoneName && others.length === 0
          ? `${displayRoute53Name(name)} is the zone apex, which cannot have a CNAME (RFC 1912 section 2.4); Route 53 would refuse it. Use an A/AAAA record (or a Route 53 alias) instead.`
          : `After the push ${displayRoute53Name(name)} would have a CNAME and ${others.join(', ')} records; a CNAME shares its name with no other record (RFC 2181 section 10.1), so Route 53 would refuse it. Keep either the CNAME or the other records.`,
        name,
        type: 'CNAME',
      });
    }
  }

  plans.sort(compareRrsets);
  const limits = request.limits ?? ROUTE53_BATCH_LIMITS;
  const groups = new Map<string, ChangeUnit[]>();
  for (const p of plans) {
    let unit: Route53Change[];
    if (p.action === 'create') unit = [{ Action: 'CREATE', ResourceRecordSet: p.desired! }];
    else if (p.action === 'change') unit = [{ Action: 'DELETE', ResourceRecordSet: p.current! }, { Action: 'CREATE', ResourceRecordSet: p.desired! }];
    else if (p.action === 'delete') unit = [{ Action: 'DELETE', ResourceRecordSet: p.current! }];
    else continue;
    const group = groups.get(p.name);
    if (group) group.push(unit);
    else groups.set(p.name, [unit]);
  }
  const packed = packChanges([...groups.values()], limits);
  for (const unit of packed.oversized) {
    const set = unit[unit.length - 1].ResourceRecordSet;
    problems.push({
      code: 'r53-rrset-too-large',
      severity: 'error',
      message: `${displayRoute53Name(set.Name)} ${set.Type} is too large for one Route 53 request (at most ${limits.maxRecords} values and ${limits.maxValueChars} characters of values, its current and new values counted together when it changes). Split its values over several names.`,
      name: set.Name,
      type: set.Type,
    });
  }

  const summary: PlanSummary = { create: 0, change: 0, delete: 0, unchanged: 0 };
  for (const p of plans) summary[p.action]++;
  const ok = !problems.some((p) => p.severity === 'error');
  return { zone: request.zone, mode: request.mode, rrsets: plans, summary, problems, ok, batches: ok ? packed.batches : [] };
}

/** Both documents of the whole plan for one diff editor; unchanged rrsets only when asked. */
export function planDiff(plan: PushPlan, options: { includeUnchanged?: boolean } = {}): DiffDocuments {
  const entries = plan.rrsets
    .filter((p) => options.includeUnchanged || p.action !== 'unchanged')
    .map((p) => ({ title: `${p.displayName} ${p.type}: ${p.action}${p.notes.length > 0 ? ` (${p.notes.join('; ')})` : ''}`, current: p.current, planned: p.action === 'delete' ? undefined : p.desired }));
  return combinedDiff(entries);
}

/** "2 to create, 1 to change, 0 to delete (4 unchanged)". */
export function summaryText(summary: PlanSummary): string {
  return `${summary.create} to create, ${summary.change} to change, ${summary.delete} to delete (${summary.unchanged} unchanged)`;
}
