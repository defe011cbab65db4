import type { HistoryMetrics } from "./history-metrics.ts";
import type { HistoryStore } from "./types.ts";

export interface RetentionOptions {
  retainMs: number;
  maxBytes: number;
  intervalMs: number;
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Enforces retention continuously: at start and every `intervalMs`, the changes older than `retainMs` go, then the
 * oldest while the store is over `maxBytes` (oldest first, always). Also refreshes the database size gauge.
 */
export class Retention {
  readonly #store: HistoryStore;
  readonly #metrics: HistoryMetrics;
  readonly #o: RetentionOptions;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | undefined;

  constructor(store: HistoryStore, metrics: HistoryMetrics, options: RetentionOptions) {
    this.#store = store;
    this.#metrics = metrics;
    this.#o = options;
  }

  start(): void {
    void this.run();
    this.#timer = setInterval(() => void this.run(), this.#o.intervalMs);
    this.#timer.unref?.();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** One pass (a pass already running is awaited instead). */
  async run(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = (async () => {
      try {
        const now = (this.#o.now ?? Date.now)();
        const { removed } = await this.#store.prune({ olderThan: now - this.#o.retainMs, maxBytes: this.#o.maxBytes });
        this.#metrics.pruned.inc(removed);
        this.#metrics.databaseBytes.set(await this.#store.size());
      } catch (error) {
        this.#o.onError?.(error);
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }
}
