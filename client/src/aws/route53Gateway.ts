/**
 * Route 53 for a push: every page of hosted zones, the current rrsets of the names a plan
 * touches, change batches applied in order as compare-and-swap transactions, and GetChange until
 * INSYNC. SDK shapes are mapped to the planner's plain ones (core/route53Plan/types.ts) here and
 * nowhere else.
 *
 * Retries follow the planner's policy (`retryDelayMs`: exponential backoff with jitter on
 * Throttling, PriorRequestNotComplete and server errors); the SDK client retries nothing itself
 * (route53Connection.ts). A change batch is re-sent only after an answer that says it was not
 * applied (throttled, zone busy): after a server error or a lost connection it may have been,
 * and sending it again would fail as if someone else had changed the rrsets.
 */
import {
  ChangeResourceRecordSetsCommand,
  GetChangeCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  type Change,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import {
  isConcurrentChange,
  normalizeRoute53Name,
  retryDelayMs,
  ROUTE53_RETRY_POLICY,
  type ChangeBatchPlan,
  type ErrorFacts,
  type HostedZoneSummary,
  type RetryPolicy,
  type Route53Change,
  type Route53RecordSet,
} from '../core/route53Plan';
import { redactSecrets } from './awsErrors';

/** A hosted zone with what the gateway needs beyond the planner's summary. */
export interface HostedZoneInfo extends HostedZoneSummary {
  /** ResourceRecordSetCount from ListHostedZones: decides how the rrsets are read. */
  recordSetCount?: number;
  comment?: string;
}

export interface GatewayEvents {
  /** One line per request sent (operation and attempt; never parameters or credentials). */
  request?(operation: string, attempt: number): void;
  retry?(operation: string, attempt: number, code: string, delayMs: number): void;
}

export interface GatewayOptions {
  policy?: RetryPolicy;
  random?: () => number;
  /** Waits before a request (Route 53 allows five a second per account). */
  pacer?: { turn(): Promise<void> };
  /** MaxItems of ListResourceRecordSets (Route 53 returns at most 300). */
  pageSize?: number;
  /** Between the first two GetChange requests while a change is PENDING; later gaps grow to five times this. */
  pollIntervalMs?: number;
  events?: GatewayEvents;
}

/** A Route 53 call that failed for good (after the retries the policy allows). */
export class Route53CallError extends Error {
  override readonly name = 'Route53CallError';
  constructor(
    readonly operation: string,
    readonly code: string,
    readonly httpStatus: number | undefined,
    message: string,
    /** The batch was refused because the rrsets differ from what was read (see isConcurrentChange). */
    readonly concurrentChange: boolean,
    cause: unknown,
  ) {
    super(message, { cause });
  }
}

/** The user cancelled; what was sent before stays sent. */
export class Route53Cancelled extends Error {
  override readonly name = 'Route53Cancelled';
  constructor() {
    super('Cancelled.');
  }
}

export type ApplyResult =
  | { kind: 'applied'; changeIds: string[] }
  /** Batch `batchIndex` was refused as a whole because the zone changed since it was read; later batches were not sent. */
  | { kind: 'concurrent-change'; batchIndex: number; changeIds: string[]; error: Route53CallError }
  /** Batch `batchIndex` failed; `mayHaveApplied` when the answer does not say whether Route 53 applied it. */
  | { kind: 'failed'; batchIndex: number; changeIds: string[]; error: Route53CallError; mayHaveApplied: boolean }
  /** Cancelled before batch `batchIndex` was sent. */
  | { kind: 'cancelled'; batchIndex: number; changeIds: string[] };

/** Codes with which Route 53 says it did not apply a change batch, so it may be sent again. */
const NOT_APPLIED = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'RequestLimitExceeded', 'TooManyRequestsException']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  messages?: string[];
  $metadata?: { httpStatusCode?: number };
}

export function errorFacts(error: unknown): ErrorFacts {
  const e = (error && typeof error === 'object' ? error : { message: String(error) }) as SdkErrorShape;
  const messages = Array.isArray(e.messages) && e.messages.length > 0 ? e.messages.join('; ') : undefined;
  const message = [e.message, messages && messages !== e.message ? messages : undefined].filter(Boolean).join(' ');
  const name = e.name && e.name !== 'Error' ? e.name : e.Code;
  return { name, code: e.code ?? e.Code, httpStatus: e.$metadata?.httpStatusCode, message };
}

function abortError(): Route53Cancelled {
  return new Route53Cancelled();
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function fromSdk(set: ResourceRecordSet): Route53RecordSet {
  const { Name, Type, TTL, ResourceRecords, SetIdentifier, AliasTarget, ...rest } = set;
  const out: Route53RecordSet = { Name: Name ?? '', Type: Type ?? '' };
  if (TTL !== undefined) out.TTL = TTL;
  if (ResourceRecords) out.ResourceRecords = ResourceRecords.map((r) => ({ Value: r.Value ?? '' }));
  if (SetIdentifier !== undefined) out.SetIdentifier = SetIdentifier;
  if (AliasTarget) out.AliasTarget = { HostedZoneId: AliasTarget.HostedZoneId ?? '', DNSName: AliasTarget.DNSName ?? '', EvaluateTargetHealth: AliasTarget.EvaluateTargetHealth ?? false };
  const routing = Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined));
  if (Object.keys(routing).length > 0) out.routing = routing;
  return out;
}

function toSdk(set: Route53RecordSet): ResourceRecordSet {
  const out = { ...(set.routing ?? {}), Name: set.Name, Type: set.Type } as ResourceRecordSet;
  if (set.TTL !== undefined) out.TTL = set.TTL;
  if (set.ResourceRecords) out.ResourceRecords = set.ResourceRecords.map((r) => ({ Value: r.Value }));
  if (set.SetIdentifier !== undefined) out.SetIdentifier = set.SetIdentifier;
  if (set.AliasTarget) out.AliasTarget = { ...set.AliasTarget };
  return out;
}

function changeToSdk(change: Route53Change): Change {
  return { Action: change.Action, ResourceRecordSet: toSdk(change.ResourceRecordSet) };
}

function rrsetIdentity(set: Route53RecordSet): string {
  return `${normalizeRoute53Name(set.Name)} ${set.Type} ${set.SetIdentifier ?? ''}`;
}

export class Route53Gateway {
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly client: Route53Client,
    private readonly options: GatewayOptions = {},
  ) {
    this.policy = options.policy ?? ROUTE53_RETRY_POLICY;
    this.random = options.random ?? Math.random;
    this.pageSize = options.pageSize ?? 300;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
  }

  /** Every hosted zone of the account: ListHostedZones, page after page. */
  async listHostedZones(signal?: AbortSignal): Promise<HostedZoneInfo[]> {
    const zones: HostedZoneInfo[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call('ListHostedZones', (o) => this.client.send(new ListHostedZonesCommand({ Marker: marker }), o), signal);
      for (const zone of page.HostedZones ?? []) {
        zones.push({
          Id: zone.Id ?? '',
          Name: zone.Name ?? '',
          PrivateZone: zone.Config?.PrivateZone ?? false,
          recordSetCount: zone.ResourceRecordSetCount,
          comment: zone.Config?.Comment,
        });
      }
      marker = page.IsTruncated ? page.NextMarker : undefined;
    } while (marker);
    return zones;
  }

  /**
   * The zone's current rrsets at `names` (Route 53's canonical spelling), exactly as Route 53
   * returns them. Reads the whole zone when that takes no more requests than one per name (its
   * ResourceRecordSetCount tells); otherwise starts a listing at each name not yet seen and stops
   * as soon as the listing is past it. A name's rrsets are consecutive in Route 53's order, so a
   * name followed by another one within a page is complete, whatever the order's details.
   */
  async readRrsets(zone: HostedZoneInfo, names: readonly string[], signal?: AbortSignal): Promise<Route53RecordSet[]> {
    const wanted = new Set(names.map(normalizeRoute53Name));
    if (wanted.size === 0) return [];
    const found = new Map<string, Route53RecordSet>();
    const keep = (sets: readonly Route53RecordSet[]) => {
      for (const set of sets) if (wanted.has(normalizeRoute53Name(set.Name))) found.set(rrsetIdentity(set), set);
    };
    const wholeZoneRequests = zone.recordSetCount === undefined ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(zone.recordSetCount / this.pageSize));
    if (wholeZoneRequests <= wanted.size) {
      let start: Partial<ListResourceRecordSetsCommandInput> = {};
      for (;;) {
        const page = await this.listPage(zone.Id, start, signal);
        keep(page.sets);
        if (!page.next) break;
        start = page.next;
      }
      return [...found.values()];
    }
    const complete = new Set<string>();
    for (const name of [...wanted].sort()) {
      let start: Partial<ListResourceRecordSetsCommandInput> = { StartRecordName: name };
      while (!complete.has(name)) {
        const page = await this.listPage(zone.Id, start, signal);
        keep(page.sets);
        const seen = page.sets.map((s) => normalizeRoute53Name(s.Name));
        const last = seen[seen.length - 1];
        // A name is complete when the page goes on past it; the page's last name may continue on the next page.
        for (const n of seen) if (n !== last || !page.next) complete.add(n);
        // The listing starts at the first rrset at or after `name`: another name first means `name` has none.
        if (seen[0] !== name) complete.add(name);
        if (!page.next) complete.add(name);
        // A listing that does not move on would never end.
        if (page.next && JSON.stringify(page.next) === JSON.stringify(start)) throw new Route53CallError('ListResourceRecordSets', 'InvalidPaging', undefined, `ListResourceRecordSets returned the page it was asked for as the next one (${name}).`, false, undefined);
        start = page.next ?? {};
      }
    }
    return [...found.values()];
  }

  private async listPage(zoneId: string, start: Partial<ListResourceRecordSetsCommandInput>, signal?: AbortSignal) {
    const page = await this.call('ListResourceRecordSets', (o) => this.client.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: this.pageSize, ...start }), o), signal);
    const sets = (page.ResourceRecordSets ?? []).map(fromSdk);
    const next = page.IsTruncated && page.NextRecordName
      ? { StartRecordName: page.NextRecordName, StartRecordType: page.NextRecordType, StartRecordIdentifier: page.NextRecordIdentifier }
      : undefined;
    return { sets, next };
  }

  /** One ChangeResourceRecordSets request; returns the change id ("/change/C123" without its prefix). */
  async changeRrsets(zoneId: string, changes: readonly Route53Change[], comment?: string, signal?: AbortSignal): Promise<string> {
    const answer = await this.call(
      'ChangeResourceRecordSets',
      (o) => this.client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Comment: comment, Changes: changes.map(changeToSdk) } }), o),
      signal,
      (facts) => NOT_APPLIED.has(facts.name ?? '') || NOT_APPLIED.has(facts.code ?? ''),
    );
    return (answer.ChangeInfo?.Id ?? '').replace(/^\/change\//, '');
  }

  /**
   * Sends the batches in order, each one whole or not at all. Stops at the first batch Route 53
   * refuses or that fails, and before the next batch when `signal` is aborted; what was applied
   * before stays applied and is listed in `changeIds`.
   */
  async applyBatches(zoneId: string, batches: readonly ChangeBatchPlan[], options: { comment?: string; signal?: AbortSignal; onBatch?: (index: number, total: number) => void } = {}): Promise<ApplyResult> {
    const changeIds: string[] = [];
    for (let index = 0; index < batches.length; index++) {
      if (options.signal?.aborted) return { kind: 'cancelled', batchIndex: index, changeIds };
      options.onBatch?.(index, batches.length);
      try {
        changeIds.push(await this.changeRrsets(zoneId, batches[index].changes, options.comment, options.signal));
      } catch (error) {
        if (error instanceof Route53Cancelled) return { kind: 'cancelled', batchIndex: index, changeIds };
        const failure = error instanceof Route53CallError ? error : new Route53CallError('ChangeResourceRecordSets', 'Error', undefined, redactSecrets(String(error)), false, error);
        if (failure.concurrentChange) return { kind: 'concurrent-change', batchIndex: index, changeIds, error: failure };
        // A 4xx answer says the batch was refused; anything else (5xx, no answer) leaves it open.
        const refused = failure.httpStatus !== undefined && failure.httpStatus >= 400 && failure.httpStatus < 500;
        return { kind: 'failed', batchIndex: index, changeIds, error: failure, mayHaveApplied: !refused };
      }
    }
    return { kind: 'applied', changeIds };
  }

  /** GetChange once: 'PENDING' or 'INSYNC'. */
  async changeStatus(changeId: string, signal?: AbortSignal): Promise<string> {
    const answer = await this.call('GetChange', (o) => this.client.send(new GetChangeCommand({ Id: changeId }), o), signal);
    return answer.ChangeInfo?.Status ?? 'PENDING';
  }

  /**
   * Polls GetChange for each change, in order, until Route 53 reports INSYNC (its DNS servers all
   * answer with the change). Cancelling stops the waiting only: the changes stay applied.
   */
  async waitInsync(changeIds: readonly string[], options: { signal?: AbortSignal; onPoll?: (changeId: string, status: string, polls: number) => void } = {}): Promise<void> {
    for (const id of changeIds) {
      for (let polls = 1; ; polls++) {
        const status = await this.changeStatus(id, options.signal);
        options.onPoll?.(id, status, polls);
        if (status === 'INSYNC') break;
        // Route 53 usually needs under a minute; longer waits poll less, so the account's five requests a second stay for others.
        await sleep(this.pollIntervalMs * Math.min(polls, 5), options.signal);
      }
    }
  }

  /**
   * Sends a request with the retry policy. `mayRetry` narrows which failures are retried (the
   * policy decides whether and when).
   */
  private async call<T>(operation: string, send: (options: { abortSignal?: never }) => Promise<T>, signal: AbortSignal | undefined, mayRetry: (facts: ErrorFacts) => boolean = () => true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw abortError();
      await this.options.pacer?.turn();
      if (signal?.aborted) throw abortError();
      this.options.events?.request?.(operation, attempt);
      try {
        // The SDK types its own AbortSignal; Node's is the same at run time.
        return await send(signal ? { abortSignal: signal as never } : {});
      } catch (error) {
        if (signal?.aborted) throw abortError();
        const facts = errorFacts(error);
        const delay = mayRetry(facts) ? retryDelayMs(facts, attempt, this.random, this.policy) : undefined;
        const code = facts.name ?? facts.code ?? 'Error';
        if (delay === undefined) {
          throw new Route53CallError(operation, code, facts.httpStatus, redactSecrets(`${operation} failed: ${code}${facts.message ? `: ${facts.message}` : ''}`), isConcurrentChange(facts), error);
        }
        this.options.events?.retry?.(operation, attempt, code, delay);
        await sleep(delay, signal);
      }
    }
  }
}
