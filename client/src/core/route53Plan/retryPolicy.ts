/**
 * When the gateway retries a Route 53 call, and how long it waits. Route 53 allows five requests
 * a second per account and answers `Throttling` past that, and `PriorRequestNotComplete` while it
 * still applies an earlier change to the same zone; AWS recommends exponential backoff for both
 * ("Quotas: Frequency of Amazon Route 53 API requests", Route 53 Developer Guide). The random
 * source is injected so the policy is a pure function and tests can pin it.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const ROUTE53_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 20_000 };

/** What the gateway knows about a failed call (SDK error name or code, HTTP status, message). */
export interface ErrorFacts {
  name?: string;
  code?: string;
  httpStatus?: number;
  message?: string;
}

const RETRYABLE_CODES = new Set(['Throttling', 'ThrottlingException', 'PriorRequestNotComplete', 'RequestLimitExceeded', 'TooManyRequestsException', 'ServiceUnavailable', 'InternalFailure', 'InternalError']);

/** Whether trying the same request again can succeed: throttling, a zone still busy, a server error. */
export function isRetryable(error: ErrorFacts): boolean {
  if ((error.name && RETRYABLE_CODES.has(error.name)) || (error.code && RETRYABLE_CODES.has(error.code))) return true;
  return error.httpStatus !== undefined && (error.httpStatus >= 500 || error.httpStatus === 429);
}

/**
 * The wait before the next attempt after `attempts` failed ones, or undefined when the error is
 * not worth retrying or the attempts are used up. Exponential with "equal jitter": between half
 * and all of min(maxDelay, base * 2^(attempts-1)), so callers spread out but never retry at once.
 * `random` returns a number in [0, 1), like Math.random.
 */
export function retryDelayMs(error: ErrorFacts, attempts: number, random: () => number, policy: RetryPolicy = ROUTE53_RETRY_POLICY): number | undefined {
  if (!isRetryable(error) || attempts >= policy.maxAttempts) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (ceiling / 2) * r);
}

/**
 * Whether a refused change batch means the rrsets changed since they were read: the DELETE of the
 * values read did not match, or the rrset to create exists already. The push then stops, re-reads
 * and shows the new difference instead of overwriting someone else's change.
 */
export function isConcurrentChange(error: ErrorFacts): boolean {
  if (error.name !== 'InvalidChangeBatch' && error.code !== 'InvalidChangeBatch') return false;
  return /but it was not found|values provided do not match|but it already exists/i.test(error.message ?? '');
}
