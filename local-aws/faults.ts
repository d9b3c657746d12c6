// Misbehaviour on request: injected faults (POST /__control/faults) and request-rate limits
// (POST /__control/rate-limit), so tests and the benchmark meet what AWS does under load.
import { AwsError, commonError, type Protocol } from './errors';
import type { ServiceId } from './operation';

export interface FaultSpec {
  service: ServiceId;
  /** Only this operation (e.g. ChangeResourceRecordSets); every operation when left out. */
  operation?: string;
  /**
   * "Throttling", "PriorRequestNotComplete", "InternalError" (HTTP 500), "ServiceUnavailable"
   * (503), "slow" (answer normally after delayMs), or any other error code (HTTP `status`, 400).
   */
  error: string;
  /** How many matching requests get the fault; default 1, -1 for every one until cleared. */
  count?: number;
  /** Wait before answering; "slow" defaults to 3000 ms. */
  delayMs?: number;
  status?: number;
  message?: string;
}

export interface RateLimit {
  perSecond: number;
  /** Requests allowed at once after a quiet spell; default perSecond. */
  burst?: number;
}

export const SERVICES: readonly ServiceId[] = ['ses', 'sesv2', 'route53'];

export function checkFault(input: unknown): FaultSpec {
  const spec = input as Partial<FaultSpec> | null;
  if (!spec || typeof spec !== 'object') throw new Error('A fault is a JSON object.');
  if (!SERVICES.includes(spec.service as ServiceId)) throw new Error(`"service" must be one of ${SERVICES.join(', ')}.`);
  if (typeof spec.error !== 'string' || spec.error === '') throw new Error('"error" names the fault, e.g. "Throttling" or "slow".');
  if (spec.count !== undefined && (!Number.isInteger(spec.count) || spec.count === 0 || spec.count < -1)) throw new Error('"count" is a positive integer, or -1 for always.');
  if (spec.delayMs !== undefined && !(typeof spec.delayMs === 'number' && spec.delayMs >= 0)) throw new Error('"delayMs" is a number of milliseconds.');
  return { ...spec, count: spec.count ?? 1 } as FaultSpec;
}

export class FaultBook {
  private faults: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec });
  }

  clear(): void {
    this.faults = [];
  }

  list(): FaultSpec[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  /** The first pending fault for this request, counted as used. */
  take(service: ServiceId, operation: string): FaultSpec | undefined {
    const index = this.faults.findIndex((fault) => fault.service === service && (fault.operation === undefined || fault.operation === operation));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (fault.count !== -1) {
      fault.count = (fault.count ?? 1) - 1;
      if (fault.count <= 0) this.faults.splice(index, 1);
    }
    return fault;
  }
}

export function faultError(protocol: Protocol, fault: FaultSpec): AwsError {
  switch (fault.error) {
    case 'Throttling':
      return commonError(protocol, 'throttled');
    case 'InternalError':
      return commonError(protocol, 'internal');
    case 'ServiceUnavailable':
      return commonError(protocol, 'unavailable');
    case 'PriorRequestNotComplete':
      // Developer Guide, "Quotas": HTTP 400 with this code and message.
      return new AwsError('PriorRequestNotComplete', 'The request was rejected because Route 53 was still processing a prior request.', fault.status ?? 400);
    default:
      return new AwsError(fault.error, fault.message ?? `Fault injected through /__control/faults: ${fault.error}`, fault.status ?? 400);
  }
}

/** A token bucket per service, as Route 53 describes its own throttling. */
export class RateLimiter {
  private buckets = new Map<ServiceId, { limit: RateLimit; tokens: number; at: number }>();

  set(service: ServiceId, limit: RateLimit | undefined, now: number): void {
    if (limit === undefined || limit.perSecond <= 0) {
      this.buckets.delete(service);
      return;
    }
    const capacity = limit.burst ?? limit.perSecond;
    this.buckets.set(service, { limit: { ...limit }, tokens: capacity, at: now });
  }

  limits(): Partial<Record<ServiceId, RateLimit>> {
    return Object.fromEntries([...this.buckets].map(([service, bucket]) => [service, { ...bucket.limit }]));
  }

  /** False when the request is over the limit (no token is taken then). */
  allow(service: ServiceId, now: number): boolean {
    const bucket = this.buckets.get(service);
    if (!bucket) return true;
    const capacity = bucket.limit.burst ?? bucket.limit.perSecond;
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * bucket.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

export function checkRateLimit(input: unknown): { service: ServiceId; limit: RateLimit | undefined } {
  const body = input as { service?: unknown; perSecond?: unknown; burst?: unknown } | null;
  if (!body || !SERVICES.includes(body.service as ServiceId)) throw new Error(`"service" must be one of ${SERVICES.join(', ')}.`);
  if (body.perSecond === null || body.perSecond === undefined || body.perSecond === 0) return { service: body.service as ServiceId, limit: undefined };
  if (typeof body.perSecond !== 'number' || body.perSecond < 0) throw new Error('"perSecond" is a positive number (0 or null removes the limit).');
  if (body.burst !== undefined && !(typeof body.burst === 'number' && body.burst >= 1)) throw new Error('"burst" is a number of at least 1.');
  return { service: body.service as ServiceId, limit: { perSecond: body.perSecond, burst: body.burst as number | undefined } };
}
