import type { HistoryMetrics } from "./history-metrics.ts";
import type { HistoryStore, NewChange } from "./types.ts";

/** Options of a {@link ChangeWriter}. */
export interface ChangeWriterOptions {
  /** How long changes wait to be written together, in ms (default 200). */
  flushMs?: number;
  /** Changes per transaction at most (default 500). */
  maxBatch?: number;
  /** Changes waiting at most (default 100,000); past it the oldest are dropped and counted. */
  maxQueue?: number;
  /** Told of a failed write (the batch is kept and retried). */
  onError?: (error: unknown) => void;
}

/**
 * Writes changes to the store in batches, one transaction each, in the order they came: a burst of a thousand
 * changes is a couple of transactions, not a thousand, and the event loop is never held by more than one batch.
 * A failed write is retried (the store skips what was already stored) after a growing pause; the queue is bounded,
 * and what falls off it is counted as dropped — the next change kept of that object then carries its full state,
 * so the history stays rebuildable.
 */
export class ChangeWriter {
  readonly #store: HistoryStore;
  readonly #metrics: HistoryMetrics;
  readonly #flushMs: number;
  readonly #maxBatch: number;
  readonly #maxQueue: number;
  readonly #onError: (error: unknown) => void;
  #queue: NewChange[] = [];
  /** Objects whose last change was dropped: their next change is kept in full. */
  readonly #lost = new Set<string>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writing: Promise<void> | undefined;
  #failures = 0;
  #closed = false;
  #maxWindow = { started: Date.now(), max: 0 };

  constructor(store: HistoryStore, metrics: HistoryMetrics, options: ChangeWriterOptions = {}) {
    this.#store = store;
    this.#metrics = metrics;
    this.#flushMs = options.flushMs ?? 200;
    this.#maxBatch = options.maxBatch ?? 500;
    this.#maxQueue = options.maxQueue ?? 100_000;
    this.#onError = options.onError ?? (() => {});
  }

  /** Changes waiting to be written. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues one change; it is written within about `flushMs`. */
  add(change: NewChange): void {
    if (this.#closed) return;
    const key = `${change.cluster}\u0000${change.uid}`;
    if (this.#lost.delete(key)) change.full = true;
    this.#queue.push(change);
    if (this.#queue.length > this.#maxQueue) this.#drop(this.#queue.length - this.#maxQueue);
    this.#metrics.queued.set(this.#queue.length);
    this.#schedule(this.#queue.length >= this.#maxBatch ? 0 : this.#flushMs);
  }

  /** Writes everything queued now; resolves when the queue is empty or a write failed. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#writing) await this.#writing;
    this.#writing = this.#writeAll().finally(() => {
      this.#writing = undefined;
    });
    await this.#writing;
  }

  /** Writes what is queued (one try), then accepts nothing more. */
  async close(): Promise<void> {
    await this.flush().catch(() => {});
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #schedule(delay: number): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.flush();
    }, delay);
    this.#timer.unref?.();
  }

  async #writeAll(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, this.#maxBatch);
      const started = performance.now();
      try {
        const added = await this.#store.append(batch);
        this.#metrics.recorded.inc(added);
        this.#failures = 0;
        this.#metrics.failing.set(0);
      } catch (error) {
        this.#failures++;
        this.#metrics.failing.set(1);
        this.#onError(error);
        // Retry later: 0.5 s doubling to 30 s.
        this.#schedule(Math.min(30_000, 500 * 2 ** Math.min(this.#failures - 1, 6)));
        return;
      } finally {
        this.#observe((performance.now() - started) / 1000);
      }
      // What was appended leaves the queue (drops meanwhile only ever remove from the front).
      const sent = new Set(batch);
      this.#queue = this.#queue.filter((c) => !sent.has(c));
      this.#metrics.queued.set(this.#queue.length);
      if (this.#queue.length > 0) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Drops the oldest (at least 1% of the bound at once, so an overload costs one pass per many changes). */
  #drop(count: number): void {
    const dropped = this.#queue.splice(0, Math.max(count, Math.ceil(this.#maxQueue / 100)));
    this.#metrics.dropped.inc(dropped.length);
    const keys = new Set(dropped.map((c) => `${c.cluster}\u0000${c.uid}`));
    for (const change of this.#queue) {
      const key = `${change.cluster}\u0000${change.uid}`;
      if (keys.delete(key)) change.full = true;
      if (keys.size === 0) break;
    }
    for (const key of keys) this.#lost.add(key);
  }

  #observe(seconds: number): void {
    this.#metrics.writes.inc();
    this.#metrics.writeSeconds.inc(seconds);
    const now = Date.now();
    if (now - this.#maxWindow.started > 60_000) this.#maxWindow = { started: now, max: 0 };
    this.#maxWindow.max = Math.max(this.#maxWindow.max, seconds);
    this.#metrics.writeMaxSeconds.set(this.#maxWindow.max);
  }
}
