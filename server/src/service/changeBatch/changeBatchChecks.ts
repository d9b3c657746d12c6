import type { Finding, Span } from '../types';
import type { RuleErrorReporter } from '../analysis';
import { AUTH_RECORD_CHECKS } from '../recordChecks';
import { checkSesRecords } from '../ses/sesChecks';
import { spanOfNode } from '../json/jsonTree';
import { invalidValue } from '../json/enumValue';
import type { StringField } from '../json/jsonString';
import { CHANGE_ACTIONS, RR_TYPES, type BatchChange, type ChangeBatchModel } from './changeBatchModel';

const API = 'Route 53 API Reference, ChangeResourceRecordSets';
const written = (field: StringField) => ({ value: field.value, node: field.node, content: field.str.content });
export const MAX_BATCH_RECORDS = 1000;
export const MAX_BATCH_VALUE_CHARACTERS = 32000;

/** Every change-batch finding that needs no DNS. */
export function checkChangeBatch(batch: ChangeBatchModel, report: RuleErrorReporter): Finding[] {
  const findings: Finding[] = [];
  for (const change of batch.changes) {
    if (change.action && !CHANGE_ACTIONS.includes(change.action.value)) findings.push(invalidValue('r53-invalid-value', written(change.action), CHANGE_ACTIONS, 'change Action', API));
    if (change.type && !RR_TYPES.includes(change.type.value)) findings.push(invalidValue('r53-invalid-value', written(change.type), RR_TYPES, 'record Type', `${API}, ResourceRecordSet`));
    for (const value of change.values) if (value.txt) findings.push(...value.txt.problems);
  }
  checkDuplicates(batch.changes, findings);
  checkLimits(batch, findings);
  // SPF, DMARC and DKIM on what the batch writes: the same checks as in zone files.
  for (const record of batch.written) {
    if (!record.txt) continue;
    for (const [rule, applies, check] of AUTH_RECORD_CHECKS) {
      try {
        if (applies(record)) check(record, batch.set, findings);
      } catch (error) {
        report(rule, error);
      }
    }
  }
  try {
    // Only the region check: the others need records the batch does not touch.
    findings.push(...checkSesRecords(batch.set).filter((f) => f.code === 'ses-inbound-mx-region'));
  } catch (error) {
    report('ses', error);
  }
  return findings;
}

function changeKey(change: BatchChange): string | undefined {
  if (!change.name || !change.type) return undefined;
  const name = change.name.value.toLowerCase().replace(/\.$/, '');
  return `${name}|${change.type.value.toUpperCase()}|${change.setIdentifier ?? ''}`;
}

/**
 * Route 53 applies a batch as one transaction and refuses two changes to one record set, except
 * the documented DELETE followed by CREATE that replaces it.
 */
function checkDuplicates(changes: BatchChange[], findings: Finding[]): void {
  const seen = new Map<string, BatchChange[]>();
  for (const change of changes) {
    const key = changeKey(change);
    if (!key) continue;
    const earlier = seen.get(key) ?? [];
    if (earlier.length > 0) {
      const replacing = earlier.length === 1 && earlier[0].action?.value === 'DELETE' && change.action?.value === 'CREATE';
      if (!replacing) {
        const first = earlier[0];
        const set = change.setIdentifier ? ` (SetIdentifier "${change.setIdentifier}")` : '';
        findings.push({
          code: 'r53-duplicate-change',
          ...change.name!.str.content,
          message: `A second change (${change.action?.value ?? '?'}) for ${change.name!.value} ${change.type!.value}${set}, after the ${first.action?.value ?? '?'} above: Route 53 rejects a batch that changes one record set twice (${API}). Put every value of the record set in one change; to replace a record set, DELETE it and then CREATE it.`,
        });
      }
    }
    earlier.push(change);
    seen.set(key, earlier);
  }
}

function checkLimits(batch: ChangeBatchModel, findings: Finding[]): void {
  let records = 0;
  let characters = 0;
  for (const change of batch.changes) {
    const weight = change.action?.value === 'UPSERT' ? 2 : 1;
    records += change.values.length * weight;
    for (const value of change.values) characters += value.str.value.length * weight;
  }
  const where: Span = batch.changesKey ? spanOfNode(batch.changesKey) : { start: 0, end: 1 };
  const limits = '(Route 53 Developer Guide, "Quotas", limits on ChangeResourceRecordSets requests; UPSERT counts twice)';
  if (records > MAX_BATCH_RECORDS) {
    findings.push({ code: 'r53-batch-limits', ...where, message: `This batch counts ${records} ResourceRecord elements; Route 53 accepts at most ${MAX_BATCH_RECORDS} per request ${limits}. Split it into several batches.` });
  }
  if (characters > MAX_BATCH_VALUE_CHARACTERS) {
    findings.push({ code: 'r53-batch-limits', ...where, message: `The Value elements of this batch count ${characters} characters; Route 53 accepts at most ${MAX_BATCH_VALUE_CHARACTERS} per request ${limits}. Split it into several batches.` });
  }
}
