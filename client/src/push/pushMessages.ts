/**
 * What a push says to the user, as plain text: the confirmation, the deletions to confirm, the
 * outcome, failures. No vscode, so the wording is tested with the plans it describes.
 */
import { displayRoute53Name, summaryText, type PushPlan, type RrsetPlan } from '../core/route53Plan';
import type { AwsConnection } from '../aws/awsConnection';
import { classifyAwsError, redactSecrets } from '../aws/awsErrors';
import { Route53CallError, type HostedZoneInfo } from '../aws/route53Gateway';
import type { PushOutcome } from './pushRun';

const LISTED = 12;

export function zoneLabel(zone: Pick<HostedZoneInfo, 'Id' | 'Name' | 'PrivateZone'>): string {
  return `${displayRoute53Name(zone.Name)} (${zone.PrivateZone ? 'private' : 'public'}, ${zone.Id.replace(/^\/hostedzone\//, '')})`;
}

function rrsetLine(p: RrsetPlan): string {
  const notes = p.notes.length > 0 ? `: ${p.notes.join('; ')}` : '';
  return `${p.action} ${p.displayName} ${p.type}${notes}`;
}

function listed(lines: string[]): string[] {
  return lines.length <= LISTED ? lines : [...lines.slice(0, LISTED), `… and ${lines.length - LISTED} more (see the preview)`];
}

/** The modal confirmation before anything is sent. */
export function confirmationText(plan: PushPlan, zone: HostedZoneInfo, connection: Pick<AwsConnection, 'profileLabel' | 'endpoint'>): { message: string; detail: string } {
  const changes = plan.rrsets.filter((p) => p.action !== 'unchanged').map(rrsetLine);
  const warnings = plan.problems.filter((p) => p.severity === 'warning').map((p) => `⚠ ${p.message}`);
  const requests = plan.batches.length;
  const detail = [
    `${summaryText(plan.summary)}.`,
    '',
    ...listed(changes),
    ...(warnings.length > 0 ? ['', ...listed(warnings)] : []),
    '',
    `${requests} ChangeResourceRecordSets request${requests === 1 ? '' : 's'}, in order; each is applied whole or not at all, and is refused if someone changed these records since this preview.`,
    `AWS profile ${connection.profileLabel}${connection.endpoint ? `, endpoint ${connection.endpoint}` : ''}.`,
  ].join('\n');
  return { message: `Push to the Route 53 hosted zone ${zoneLabel(zone)}?`, detail };
}

/** The second confirmation of a sync: what will be deleted. */
export function deletionText(plan: PushPlan, zone: HostedZoneInfo): { message: string; detail: string } | undefined {
  const deletions = plan.rrsets.filter((p) => p.action === 'delete');
  if (deletions.length === 0) return undefined;
  const lines = deletions.flatMap((p) => (p.current?.ResourceRecords ?? []).map((r) => `${p.displayName} ${p.current?.TTL ?? ''} ${p.type} ${r.Value}`));
  return {
    message: `Delete ${deletions.length} record set${deletions.length === 1 ? '' : 's'} from ${zoneLabel(zone)}?`,
    detail: [`The file no longer has these records, so the sync deletes them from Route 53 (${lines.length} value${lines.length === 1 ? '' : 's'}):`, '', ...listed(lines), '', 'The apex SOA and NS records are never deleted. Nothing is sent unless you choose Delete.'].join('\n'),
  };
}

/** One line of why the plan cannot be sent, plus how many more reasons there are. */
export function planErrorText(plan: PushPlan): string {
  const errors = plan.problems.filter((p) => p.severity === 'error');
  const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length === 2 ? '' : 's'} in the "Email Auth: Route 53 Push" output)` : '';
  return `Nothing was sent to Route 53: ${errors[0]?.message ?? 'the plan has errors.'}${more}`;
}

function batchRange(done: number): string {
  return done === 0 ? 'no earlier batch was' : done === 1 ? 'batch 1 was' : `batches 1–${done} were`;
}

/** What happened to the batches, when the push did not go through. */
export function outcomeText(outcome: Exclude<PushOutcome, { kind: 'applied' }>, total: number): string {
  const which = `batch ${outcome.batchIndex + 1} of ${total}`;
  const applied = outcome.batchIndex > 0 ? ` Before it, ${batchRange(outcome.batchIndex)} applied.` : '';
  switch (outcome.kind) {
    case 'concurrent-change':
      return `Someone changed these records in Route 53 since the preview (${outcome.error.message.replace(/^ChangeResourceRecordSets failed: InvalidChangeBatch: /, '')}). Nothing of ${which} was applied, and nothing was overwritten.${applied} Run Preview Push again to see the new difference.`;
    case 'failed':
      return outcome.mayHaveApplied
        ? `Route 53 did not confirm ${which} (${outcome.error.message}); it may or may not have been applied.${applied} Run Preview Push to see the zone as it is now.`
        : `Route 53 refused ${which}: ${outcome.error.message}. Nothing of it was applied.${applied}`;
    case 'cancelled':
      return `Push cancelled before ${which}; it and the batches after it were not sent.${applied} Push again to finish.`;
  }
}

/** A failed read or other call, in words: credentials, permissions and network as the explorer says them. */
export function callErrorText(error: unknown, connection: AwsConnection): string {
  if (error instanceof Route53CallError) {
    if (error.operation === 'GetChange') return `Route 53 accepted the change, but asking whether it is in sync failed (${error.message}). Route 53 applies it all the same; run Preview Push to see the zone.`;
    const problem = classifyAwsError(error.cause, { connection, operation: error.operation, service: 'route53' });
    if (problem.kind === 'endpoint-unreachable') {
      return `Could not reach ${connection.endpoint ?? 'Route 53'} (${error.code}). ${connection.endpoint ? 'Check that the endpoint runs and emailAuth.aws.endpoint is right' : 'Check your network connection and proxy'}, then retry.`;
    }
    if (problem.kind === 'throttled') return `Route 53 kept refusing ${error.operation} with ${error.code} after the retries. Wait a minute, then push again.`;
    if (problem.kind === 'service-error' || problem.kind === 'not-found') return `Route 53: ${error.message}`;
    return problem.message;
  }
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
