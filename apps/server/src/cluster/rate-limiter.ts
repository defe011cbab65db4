/** Options of a {@link FairLimiter}. */
export interface FairLimiterOptions {
  /** Tokens added per second (client-go's `rest.Config.QPS`; default 50). */
  qps?: number;
  /** Bucket size: requests that may go at once after a quiet spell (client-go's `Burst`; default 100). */
  burst?: number;
  /** Clock, for tests (default `Date.now`); timers are the global `setTimeout`. */
  now?: () => number;
  /** How long a low-priority waiter yields to the others before it is served as any other, in ms (default 2,000). */
  lowPriorityMaxWaitMs?: number;
}

/**
 * `normal`: the default. `low`: requests that can wait a little without harm — a watch following its list (it
 * resumes from the list's resourceVersion, so nothing is missed while it waits), background work (the history
 * recorder): they go only when no normal request waits, or once they waited `lowPriorityMaxWaitMs`.
 */
export type RequestPriority = "normal" | "low";

interface Waiter {
  flow: string;
  low: boolean;
  /** When it started to wait (the limiter's clock). */
  since: number;
  resolve: () => void;
}

/**
 * A token bucket like client-go's default limiter (so all of Loupe together never sends an API server more than
 * `qps` requests a second, `burst` at once), with fair queuing in front of it, as the API server's own Priority
 * and Fairness does: callers that must wait queue in one FIFO per **flow** (a user, a WebSocket), and each token
 * that comes goes to the next flow in turn, round-robin. A flow with a thousand requests queued delays another
 * flow's one request by at most one turn, never by its whole queue.
 *
 * Within that, {@link RequestPriority} `low` requests yield: a token goes to the next flow in turn that has a
 * normal request waiting (its oldest normal one), and to low ones only when no normal one waits anywhere or they
 * waited `lowPriorityMaxWaitMs` (then they count as normal: nothing starves). So three hundred kinds listed at
 * once are all listed before their watches start, as fast as the limit allows.
 *
 * A token is taken only when a waiter is let through: one that gives up (its signal aborts) leaves its queue and
 * costs nothing.
 */
export class FairLimiter {
  readonly #qps: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #lowMaxWait: number;
  #tokens: number;
  #last: number;
  /** Waiting flows in round-robin order (the next to serve first), each with its FIFO. Never holds an empty FIFO. */
  readonly #flows = new Map<string, Set<Waiter>>();
  #queued = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: FairLimiterOptions = {}) {
    this.#qps = options.qps ?? 50;
    this.#burst = options.burst ?? 100;
    this.#now = options.now ?? Date.now;
    this.#lowMaxWait = options.lowPriorityMaxWaitMs ?? 2_000;
    this.#tokens = this.#burst;
    this.#last = this.#now();
  }

  /** Requests waiting for a token, all flows together. */
  get queued(): number {
    return this.#queued;
  }

  /** Takes a token at once when nobody waits and one is there; false (and nothing taken) otherwise. */
  tryAcquire(): boolean {
    this.#refill();
    if (this.#queued > 0 || this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Resolves when the caller may send its request, a token taken. Rejects with the signal's reason when it aborts
   * first; the caller then leaves the queue and takes no token.
   */
  acquire(flow = "", signal?: AbortSignal, priority: RequestPriority = "normal"): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let queue = this.#flows.get(flow);
      if (!queue) {
        queue = new Set();
        this.#flows.set(flow, queue);
      }
      const onAbort = () => {
        this.#remove(waiter);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        flow,
        low: priority === "low",
        since: this.#now(),
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      queue.add(waiter);
      this.#queued++;
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#schedule();
    });
  }

  #refill(): void {
    const now = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + (Math.max(0, now - this.#last) * this.#qps) / 1000);
    this.#last = now;
  }

  /** Lets waiters through, a flow at a time in turn, while there are tokens; then waits for the next token. */
  #dispatch(): void {
    this.#timer = undefined;
    this.#refill();
    while (this.#tokens >= 1 && this.#queued > 0) {
      const [flow, queue, waiter] = this.#next();
      this.#tokens -= 1;
      this.#remove(waiter);
      // Served: the flow goes to the back of the round.
      if (queue.size > 0) {
        this.#flows.delete(flow);
        this.#flows.set(flow, queue);
      }
      waiter.resolve();
    }
    this.#schedule();
  }

  /** The waiter served next: the first flow in turn with a normal (or long-waiting low) waiter, its oldest such. */
  #next(): [string, Set<Waiter>, Waiter] {
    const aged = this.#now() - this.#lowMaxWait;
    for (const [flow, queue] of this.#flows) {
      for (const waiter of queue) if (!waiter.low || waiter.since <= aged) return [flow, queue, waiter];
    }
    const [flow, queue] = this.#flows.entries().next().value as [string, Set<Waiter>];
    return [flow, queue, queue.values().next().value as Waiter];
  }

  #schedule(): void {
    if (this.#queued === 0) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
      return;
    }
    if (this.#timer) return;
    const wait = Math.max(0, ((1 - this.#tokens) * 1000) / this.#qps);
    this.#timer = setTimeout(() => this.#dispatch(), Math.ceil(wait));
  }

  #remove(waiter: Waiter): void {
    const queue = this.#flows.get(waiter.flow);
    if (!queue?.delete(waiter)) return;
    this.#queued--;
    if (queue.size === 0) this.#flows.delete(waiter.flow);
    if (this.#queued === 0) this.#schedule();
  }
}
