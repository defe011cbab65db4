/** Options of a {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second (client-go's `rest.Config.QPS`; default 50). */
  qps?: number;
  /** Bucket size: requests that may go at once after a quiet spell (client-go's `Burst`; default 100). */
  burst?: number;
  /** Clock, for tests (default `Date.now`). */
  now?: () => number;
}

/**
 * A token-bucket limiter like client-go's default one: requests beyond the burst wait their turn, in arrival order,
 * so many browser tabs together can never send an API server more than `qps` requests a second.
 */
export class TokenBucket {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  /** May go negative: the debt of waiters queued behind each other. */
  #tokens: number;
  #last: number;

  constructor(options: TokenBucketOptions = {}) {
    this.#qps = options.qps ?? 50;
    this.#burst = options.burst ?? 100;
    this.#now = options.now ?? Date.now;
    this.#tokens = this.#burst;
    this.#last = this.#now();
  }

  /** Milliseconds the caller must wait before its request may go; the token is taken now. */
  reserve(): number {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) * this.#qps) / 1000);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : (-this.#tokens * 1000) / this.#qps;
  }

  /** Resolves when the caller may send its request. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, wait);
      signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
  }
}
