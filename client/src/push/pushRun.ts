/**
 * The steps of a push between the planner and the gateway, without vscode, so the commands, the
 * tests and the benchmark run the same sequence: find the hosted zone, read what Route 53 holds
 * for the names involved, plan, apply the batches in order, wait for INSYNC, read again.
 * Asking the user (which zone, confirm) is the caller's part, between these steps.
 */
import type { DnsRecord } from '../../../server/src/service/records';
import { chooseHostedZone, namesToRead, planPush, type PushMode, type PushPlan, type ZoneChoice } from '../core/route53Plan';
import { Route53Cancelled, type ApplyResult, type HostedZoneInfo, type Route53Gateway } from '../aws/route53Gateway';
import type { ZoneFileRecords } from './zoneFileRecords';

export interface PushInput {
  mode: PushMode;
  file: ZoneFileRecords;
  /** For `record` and `selection`. */
  chosen?: readonly DnsRecord[];
}

export type ZoneLookup =
  | { kind: 'found'; zone: HostedZoneInfo }
  | { kind: 'ask'; candidates: HostedZoneInfo[]; message: string; zoneName: string }
  | { kind: 'none' | 'mixed'; message: string };

/** The names whose rrsets the push reads (and may change), canonical Route 53 spelling. */
export function pushNames(input: PushInput): string[] {
  return namesToRead({ mode: input.mode, fileRecords: input.file.records, chosen: input.chosen });
}

/** Which hosted zone the records go to, from every page of ListHostedZones. */
export async function findHostedZone(gateway: Route53Gateway, input: PushInput, signal?: AbortSignal): Promise<ZoneLookup> {
  const zones = await gateway.listHostedZones(signal);
  const choice: ZoneChoice = chooseHostedZone(zones, pushNames(input));
  const byId = new Map(zones.map((z) => [z.Id, z]));
  switch (choice.kind) {
    case 'found':
      return { kind: 'found', zone: byId.get(choice.zone.Id) ?? choice.zone };
    case 'ask':
      return { kind: 'ask', candidates: choice.candidates.map((c) => byId.get(c.Id) ?? c), message: choice.message, zoneName: choice.zoneName };
    default:
      return { kind: choice.kind, message: choice.message };
  }
}

/** Reads the zone's current rrsets at the push's names and plans against them. */
export async function planAgainstRoute53(gateway: Route53Gateway, zone: HostedZoneInfo, input: PushInput, signal?: AbortSignal): Promise<PushPlan> {
  const current = await gateway.readRrsets(zone, pushNames(input), signal);
  return planPush({ zone: { Id: zone.Id, Name: zone.Name }, mode: input.mode, fileRecords: input.file.records, chosen: input.chosen, origin: input.file.origin, current });
}

export type PushOutcome =
  | { kind: 'applied'; changeIds: string[]; insync: boolean }
  | Exclude<ApplyResult, { kind: 'applied' }>;

export interface ApplyProgress {
  batch?(index: number, total: number): void;
  waiting?(changeId: string, status: string, polls: number): void;
}

/**
 * Sends the plan's batches in order and waits until Route 53 reports every change INSYNC.
 * Aborting `signal` stops before the next batch, or stops the waiting (`insync: false`); a plan
 * with errors or without changes sends nothing.
 */
export async function applyPushPlan(gateway: Route53Gateway, plan: PushPlan, options: { signal?: AbortSignal; progress?: ApplyProgress; comment?: string } = {}): Promise<PushOutcome> {
  if (!plan.ok || plan.batches.length === 0) return { kind: 'applied', changeIds: [], insync: true };
  const result = await gateway.applyBatches(plan.zone.Id, plan.batches, { signal: options.signal, comment: options.comment, onBatch: options.progress?.batch });
  if (result.kind !== 'applied') return result;
  try {
    await gateway.waitInsync(result.changeIds, { signal: options.signal, onPoll: options.progress?.waiting });
    return { kind: 'applied', changeIds: result.changeIds, insync: true };
  } catch (error) {
    if (error instanceof Route53Cancelled) return { kind: 'applied', changeIds: result.changeIds, insync: false };
    throw error;
  }
}

/** True when Route 53 holds exactly what the plan's records ask for (everything `unchanged`). */
export function matchesFile(plan: PushPlan): boolean {
  return plan.ok && plan.rrsets.every((r) => r.action === 'unchanged');
}
