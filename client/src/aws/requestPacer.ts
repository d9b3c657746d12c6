/**
 * SES's receipt-rule APIs allow about one request a second per account and region. A pacer
 * spaces the starts of requests (retries included) at least `intervalMs` apart, in arrival order.
 */

export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: PacerClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class RequestPacer {
  private earliest = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly intervalMs = 1000,
    private readonly clock: PacerClock = systemClock,
  ) {}

  /** Resolves when the caller may send its request. */
  turn(): Promise<void> {
    const mine = this.queue.then(async () => {
      const wait = this.earliest - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      this.earliest = this.clock.now() + this.intervalMs;
    });
    this.queue = mine;
    return mine;
  }
}

const shared = new Map<string, RequestPacer>();

/** One pacer per account-and-region key, kept across refreshes so a refresh cannot hammer either. */
export function sharedPacer(key: string, intervalMs = 1000): RequestPacer {
  let pacer = shared.get(key);
  if (!pacer) {
    pacer = new RequestPacer(intervalMs);
    shared.set(key, pacer);
  }
  return pacer;
}
