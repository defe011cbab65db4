import type { InventoryView } from "../inventory/index.ts";

interface Held {
  view: Promise<InventoryView>;
  users: number;
  /** A walk waited for its first lists once already: later walks answer with what the view has at once. */
  settledOnce: boolean;
  timer?: NodeJS.Timeout;
  lastUsed: number;
}

/**
 * Inventory views kept open between walks, one per context, user and namespace, for `holdMs` after their last use
 * (at most `max`, the least recently used closed first). A view holds its kinds' reflectors as subscriptions; closed
 * after every walk they would only linger, and the hub keeps at most 100 lingering reflectors per flow: a namespace
 * with 300 kinds was listed again, whole, by every Related panel (8 s each at 100,000 objects).
 */
export class HeldViews {
  readonly #held = new Map<string, Held>();
  readonly #holdMs: number;
  readonly #max: number;

  constructor(options: { holdMs?: number; max?: number } = {}) {
    this.#holdMs = options.holdMs ?? 60_000;
    this.#max = options.max ?? 16;
  }

  /** The view of `key`, opened by `open` unless held; `release()` when the walk is done with it. */
  acquire(key: string, open: () => Promise<InventoryView>): { view: Promise<InventoryView>; held: Held } {
    let held = this.#held.get(key);
    if (!held) {
      held = { view: open(), users: 0, settledOnce: false, lastUsed: Date.now() };
      const entry = held;
      // A view that failed to open is not kept.
      entry.view.catch(() => {
        if (this.#held.get(key) === entry) this.#held.delete(key);
      });
      this.#held.set(key, held);
      this.#evict();
    }
    clearTimeout(held.timer);
    held.users += 1;
    held.lastUsed = Date.now();
    return { view: held.view, held };
  }

  release(key: string, held: Held): void {
    held.users -= 1;
    held.lastUsed = Date.now();
    if (held.users > 0) return;
    clearTimeout(held.timer);
    held.timer = setTimeout(() => this.#drop(key, held), this.#holdMs);
    held.timer.unref?.();
  }

  /** Closes every held view (the server stops). */
  async close(): Promise<void> {
    for (const [key, held] of [...this.#held]) this.#drop(key, held);
  }

  get size(): number {
    return this.#held.size;
  }

  #drop(key: string, held: Held): void {
    if (this.#held.get(key) !== held) return;
    clearTimeout(held.timer);
    this.#held.delete(key);
    void held.view.then(
      (view) => view.close(),
      () => {},
    );
  }

  #evict(): void {
    if (this.#held.size <= this.#max) return;
    const idle = [...this.#held].filter(([, h]) => h.users === 0).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, held] of idle) {
      if (this.#held.size <= this.#max) break;
      this.#drop(key, held);
    }
  }
}

export type { Held };
