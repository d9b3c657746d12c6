/**
 * Cutting changes into ChangeResourceRecordSets requests. Route 53 refuses a request with more
 * than 1,000 ResourceRecord elements or more than 32,000 characters in all its Value elements,
 * and counts each record and character of an UPSERT twice ("Quotas: Number of elements and
 * characters in ChangeResourceRecordSets requests", Route 53 Developer Guide). The counting lives
 * in `changeCost` only.
 *
 * A request is a transaction, so the DELETE of an rrset's current values and the CREATE of its
 * new ones must travel in the same request (compare-and-swap: if someone changed the rrset
 * meanwhile, the DELETE does not match and the whole request fails instead of overwriting).
 */
import type { Route53Change } from './types';

export interface BatchLimits {
  maxRecords: number;
  maxValueChars: number;
}

export const ROUTE53_BATCH_LIMITS: BatchLimits = { maxRecords: 1000, maxValueChars: 32000 };

export interface BatchCost {
  records: number;
  valueChars: number;
}

/** What one change counts against the limits: an UPSERT counts twice. */
export function changeCost(change: Route53Change): BatchCost {
  const values = change.ResourceRecordSet.ResourceRecords ?? [];
  const factor = change.Action === 'UPSERT' ? 2 : 1;
  let chars = 0;
  for (const record of values) chars += record.Value.length;
  return { records: values.length * factor, valueChars: chars * factor };
}

function costOf(changes: readonly Route53Change[]): BatchCost {
  const total = { records: 0, valueChars: 0 };
  for (const change of changes) {
    const cost = changeCost(change);
    total.records += cost.records;
    total.valueChars += cost.valueChars;
  }
  return total;
}

function fits(cost: BatchCost, limits: BatchLimits): boolean {
  return cost.records <= limits.maxRecords && cost.valueChars <= limits.maxValueChars;
}

export interface ChangeBatchPlan {
  changes: Route53Change[];
  /** Counted as Route 53 counts them (UPSERT twice). */
  records: number;
  valueChars: number;
}

/** Changes that must travel together: one rrset's DELETE and CREATE. */
export type ChangeUnit = readonly Route53Change[];

/**
 * Packs groups of units into requests in order. A group (the units of one name) stays in one
 * request when it fits, with its DELETEs first, so replacing a CNAME by an A record never reaches
 * Route 53 as "create A next to a CNAME"; a group too large for one request is split between its
 * units, DELETE-only units first. A unit is never split; a unit over the limits on its own is
 * returned in `oversized` and placed in no request.
 */
export function packChanges(groups: readonly (readonly ChangeUnit[])[], limits: BatchLimits = ROUTE53_BATCH_LIMITS): { batches: ChangeBatchPlan[]; oversized: ChangeUnit[] } {
  const batches: ChangeBatchPlan[] = [];
  const oversized: ChangeUnit[] = [];
  let current: ChangeBatchPlan = { changes: [], records: 0, valueChars: 0 };
  const add = (changes: readonly Route53Change[], cost: BatchCost) => {
    const together = { records: current.records + cost.records, valueChars: current.valueChars + cost.valueChars };
    if (current.changes.length > 0 && !fits(together, limits)) {
      batches.push(current);
      current = { changes: [], records: 0, valueChars: 0 };
    }
    current.changes.push(...changes);
    current.records += cost.records;
    current.valueChars += cost.valueChars;
  };
  for (const group of groups) {
    const all = group.flat();
    const cost = costOf(all);
    if (fits(cost, limits)) {
      add([...all.filter((c) => c.Action === 'DELETE'), ...all.filter((c) => c.Action !== 'DELETE')], cost);
      continue;
    }
    const deletesFirst = [...group.filter((u) => u.every((c) => c.Action === 'DELETE')), ...group.filter((u) => !u.every((c) => c.Action === 'DELETE'))];
    for (const unit of deletesFirst) {
      const unitCost = costOf(unit);
      if (fits(unitCost, limits)) add(unit, unitCost);
      else oversized.push(unit);
    }
  }
  if (current.changes.length > 0) batches.push(current);
  return { batches, oversized };
}
