/** Options of a {@link Backoff}. */
export interface BackoffOptions {
  /** Delay before the first retry, in ms (default 500). */
  initialMs?: number;
  /** Cap of the delay, in ms (default 30 000). */
  maxMs?: number;
  /** Growth per consecutive failure (default 2). */
  factor?: number;
  /**
   * Fraction of each delay that is random (default 0.5): a delay d becomes uniform in [d × (1 − jitter), d], so
   * many reflectors that lost the same API server do not all come back at the same instant.
   */
  jitter?: number;
}

/**
 * Capped exponential backoff with jitter, as client-go's wait.Backoff. `next()` gives the delay before the next
 * attempt and grows it; `reset()` after a success starts over. Pure arithmetic: the caller sleeps.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  readonly #factor: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #failures = 0;

  constructor(options: BackoffOptions = {}, random: () => number = Math.random) {
    this.#initialMs = options.initialMs ?? 500;
    this.#maxMs = options.maxMs ?? 30_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = Math.min(Math.max(options.jitter ?? 0.5, 0), 1);
    this.#random = random;
  }

  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * this.#factor ** this.#failures);
    this.#failures++;
    return Math.round(base * (1 - this.#jitter * this.#random()));
  }

  reset(): void {
    this.#failures = 0;
  }
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects: callers check `signal.aborted`). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
