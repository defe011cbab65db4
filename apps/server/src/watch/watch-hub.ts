import { WATCH_MAX_SUBSCRIPTIONS, type WatchEvent, type WatchState } from "@loupe/protocol";
import { Lingering } from "./lingering.ts";
import type { ListerWatcher } from "./lister-watcher.ts";
import { Reflector, type ReflectorListener, type ReflectorOptions, type WatchSnapshot } from "./reflector.ts";
import { keyString, type WatchKey } from "./watch-key.ts";
import type { WatchMetrics } from "./watch-metrics.ts";

/** Options of a {@link WatchHub}. */
export interface WatchHubOptions {
  /**
   * How long a reflector keeps watching after its last subscriber left, in ms (default 30 000), so a reload or a
   * quick back-and-forth between pages reuses it instead of listing again. 0 stops it at once.
   */
  lingerMs?: number;
  /**
   * Reflectors one flow (a socket) may leave lingering (default 100, a socket's WATCH_MAX_SUBSCRIPTIONS: a tab's
   * reload finds all of its watches); past it the oldest of them stops at once.
   */
  maxLingeringPerFlow?: number;
  /** Reflectors lingering at most, all flows together (default 500); past it the oldest stops at once. */
  maxLingering?: number;
  /** Options of every reflector (page size, backoff, watch timeout). */
  reflector?: ReflectorOptions;
}

/**
 * Makes the ListerWatcher of a key, its upstream requests queued as `flow` (the rate limit's, see
 * KubeRequest.flow); throws (an ApiError) when the key's context does not exist.
 */
export type ListerWatcherFactory = (key: WatchKey, flow: string) => ListerWatcher;

/**
 * What a subscriber hears, synchronously, in order. On subscribe it hears the current status at once and, if
 * the store is ready, `onSynced`; `onSynced` again whenever the store was replaced. After `onSynced` it takes
 * {@link WatchSubscription.snapshot} whenever it likes (at once, or later when it can send it): the snapshot plus
 * every `onEvents` heard after taking it is the current state.
 */
export interface WatchSubscriber {
  onSynced(): void;
  /** `relist`: the difference a re-list found (see ReflectorListener.onEvents). */
  onEvents(events: readonly WatchEvent[], relist?: boolean): void;
  /** `statusCode`: see {@link ReflectorListener.onStatus}. */
  onStatus(state: WatchState, message: string | undefined, statusCode?: number): void;
}

/** A subscriber's handle. */
export interface WatchSubscription {
  /** The store now; undefined until the first list is done. */
  snapshot(): WatchSnapshot | undefined;
  /** Items in the store now (0 until the first list is done), without copying them. */
  size(): number;
  /** The same as UTF-8 JSON, serialized once for all subscribers of the key; undefined like {@link snapshot}. */
  snapshotBytes(): Buffer | undefined;
  /** Leaves the key; idempotent. The subscriber hears nothing more. */
  close(): void;
}

interface Entry {
  id: string;
  reflector: Reflector;
  subscribers: Set<WatchSubscriber>;
  linger: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Shares one reflector (one upstream list+watch) among all subscribers of a key, reference-counted: the first
 * subscriber starts it, the last one leaving starts the linger, after which it stops (TanStack Query's removable
 * queries work the same way). Subscribers must not block: each socket queues what it hears (see ws/outbox.ts).
 *
 * One socket cannot make the hub hold many reflectors for nothing: a reflector whose last subscriber leaves
 * before its first list is done stops at once (its list, queued or in flight, is aborted), and the lingering ones
 * are bounded per flow and in total (see {@link Lingering}).
 */
export class WatchHub {
  readonly #factory: ListerWatcherFactory;
  readonly #metrics: WatchMetrics;
  readonly #lingerMs: number;
  readonly #reflectorOptions: ReflectorOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #lingering: Lingering<Entry>;
  #closed = false;

  constructor(factory: ListerWatcherFactory, metrics: WatchMetrics, options: WatchHubOptions = {}) {
    this.#factory = factory;
    this.#metrics = metrics;
    this.#lingerMs = options.lingerMs ?? 30_000;
    this.#reflectorOptions = options.reflector ?? {};
    this.#lingering = new Lingering({
      total: options.maxLingering ?? 500,
      perFlow: options.maxLingeringPerFlow ?? WATCH_MAX_SUBSCRIPTIONS,
    });
  }

  /** Reflectors running or lingering. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether a reflector of `key` runs or lingers: subscribing to it starts nothing upstream. */
  has(key: WatchKey): boolean {
    return this.#entries.has(keyString(key));
  }

  /**
   * Subscribes to `key`, starting its reflector when none runs, its requests queued as `flow` (default: Loupe's
   * own). Throws what the factory throws (unknown context) before anything is started. The subscriber hears the
   * current status (and `onSynced`) before this returns.
   */
  subscribe(key: WatchKey, subscriber: WatchSubscriber, flow = ""): WatchSubscription {
    if (this.#closed) throw new Error("the watch hub is closed");
    const entry = this.#entries.get(keyString(key)) ?? this.#start(key, flow);
    clearTimeout(entry.linger);
    entry.linger = undefined;
    this.#lingering.delete(entry);
    // A wrapper per subscription, so one subscriber object may hold the same key twice.
    const member: WatchSubscriber = {
      onSynced: () => subscriber.onSynced(),
      onEvents: (events, relist) => subscriber.onEvents(events, relist),
      onStatus: (state, message, statusCode) => subscriber.onStatus(state, message, statusCode),
    };
    entry.subscribers.add(member);
    this.#metrics.subscriptions.inc();
    subscriber.onStatus(entry.reflector.state, entry.reflector.message, entry.reflector.statusCode);
    if (entry.reflector.synced) subscriber.onSynced();
    let open = true;
    return {
      snapshot: () => (open ? entry.reflector.snapshot() : undefined),
      snapshotBytes: () => (open ? entry.reflector.snapshotBytes() : undefined),
      size: () => (open ? entry.reflector.size : 0),
      close: () => {
        if (!open) return;
        open = false;
        this.#leave(entry, member, flow);
      },
    };
  }

  /** Stops every reflector at once (app shutdown). Subscribers hear nothing more. */
  async close(): Promise<void> {
    this.#closed = true;
    const entries = [...this.#entries.values()];
    for (const entry of entries) this.#metrics.subscriptions.dec(entry.subscribers.size);
    await Promise.all(entries.map((entry) => this.#stop(entry)));
  }

  #start(key: WatchKey, flow: string): Entry {
    const lw = this.#factory(key, flow);
    const subscribers = new Set<WatchSubscriber>();
    const reflector = new Reflector(
      lw,
      key.table,
      {
        onSynced: () => {
          for (const s of subscribers) s.onSynced();
        },
        onEvents: (events, relist) => {
          for (const s of subscribers) s.onEvents(events, relist);
        },
        onStatus: (state, message, statusCode) => {
          for (const s of subscribers) s.onStatus(state, message, statusCode);
        },
      },
      this.#metrics,
      this.#reflectorOptions,
    );
    const entry: Entry = { id: keyString(key), reflector, subscribers, linger: undefined };
    this.#entries.set(entry.id, entry);
    this.#metrics.reflectors.inc();
    reflector.start();
    return entry;
  }

  #leave(entry: Entry, member: WatchSubscriber, flow: string): void {
    if (!entry.subscribers.delete(member)) return;
    this.#metrics.subscriptions.dec();
    if (entry.subscribers.size > 0 || this.#entries.get(entry.id) !== entry) return;
    // Not listed yet: nobody is waiting for that list; abort it rather than complete it for nothing.
    if (this.#lingerMs <= 0 || !entry.reflector.synced) {
      void this.#stop(entry);
      return;
    }
    entry.linger = setTimeout(() => void this.#stop(entry), this.#lingerMs);
    entry.linger.unref?.();
    for (const oldest of this.#lingering.add(entry, flow)) void this.#stop(oldest);
  }

  async #stop(entry: Entry): Promise<void> {
    clearTimeout(entry.linger);
    this.#lingering.delete(entry);
    entry.subscribers.clear();
    if (this.#entries.get(entry.id) !== entry) return;
    this.#entries.delete(entry.id);
    this.#metrics.reflectors.dec();
    await entry.reflector.stop();
  }
}
