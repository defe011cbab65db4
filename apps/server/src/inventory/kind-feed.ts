import type { TableRow, WatchEvent } from "@loupe/protocol";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import type { WatchKey } from "../watch/watch-key.ts";
import type { InventoryChange, InventoryItem, InventoryKind, KindState, KindStatus } from "./types.ts";

/** Who hears a feed (the views of its scope). Synchronous, in order. */
export interface FeedListener {
  onReset(feed: KindFeed): void;
  onChanges(feed: KindFeed, changes: readonly InventoryChange[]): void;
  onStatus(feed: KindFeed): void;
}

export interface KindFeedOptions {
  /** How long a forbidden (403) or gone (404) kind waits before it is tried again, in ms. */
  forbiddenRetryMs: number;
}

/** HTTP statuses that mean "not this user's" (or "not there"): stop asking for a while, never show as an error. */
const NOT_YOURS = new Set([401, 403, 404, 405]);

/**
 * One kind of one scope, shared by every view of the scope that selects it: one subscription to the hub's Table
 * key for (context, identity, resource, namespace) — the very key an all-namespaces table of that kind uses, so
 * tables and cross-kind views share one upstream watch. Holds no objects itself: they stay in the reflector's
 * store (rows cut to metadata + status, see watch/slim-row.ts) and are read from its snapshot.
 */
export class KindFeed {
  readonly kind: InventoryKind;
  readonly #hub: WatchHub;
  readonly #key: WatchKey;
  readonly #flow: string;
  readonly #listener: FeedListener;
  readonly #options: KindFeedOptions;
  #subscription: WatchSubscription | undefined;
  #state: KindState = "syncing";
  #message: string | undefined;
  #synced = false;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    hub: WatchHub,
    key: WatchKey,
    kind: InventoryKind,
    flow: string,
    listener: FeedListener,
    options: KindFeedOptions,
  ) {
    this.#hub = hub;
    this.#key = key;
    this.kind = kind;
    this.#flow = flow;
    this.#listener = listener;
    this.#options = options;
  }

  /** Listed at least once since (re)started: items() is complete. Also true once it failed or was refused. */
  get settled(): boolean {
    return this.#synced || this.#state === "error" || this.#state === "forbidden";
  }

  get synced(): boolean {
    return this.#synced;
  }

  status(): KindStatus {
    const status: KindStatus = { kind: this.kind, state: this.#state, count: this.#subscription?.size() ?? 0 };
    if (this.#message !== undefined) status.message = this.#message;
    return status;
  }

  /** Subscribes to the hub. A failure to even start (no credentials) is the kind's error. */
  start(): void {
    if (this.#stopped || this.#subscription) return;
    this.#synced = false;
    this.#state = "syncing";
    let subscribing = true;
    try {
      const subscription = this.#hub.subscribe(
        this.#key,
        {
          onSynced: () => {
            this.#synced = true;
            // During subscribe() (a reflector already listed): told below, once the subscription is ours.
            if (!subscribing) this.#listener.onReset(this);
          },
          onEvents: (events) => {
            if (this.#synced)
              this.#listener.onChanges(
                this,
                events.map((e) => this.#change(e)),
              );
          },
          onStatus: (state, message, statusCode) => this.#onStatus(state, message, statusCode),
        },
        this.#flow,
      );
      subscribing = false;
      if ((this.#state as KindState) === "forbidden") {
        subscription.close();
        return;
      }
      this.#subscription = subscription;
      if (this.#synced) this.#listener.onReset(this);
    } catch (error) {
      subscribing = false;
      this.#set("error", (error as Error).message);
    }
  }

  /** The objects held now; empty until listed. */
  items(): InventoryItem[] {
    const snapshot = this.#subscription?.snapshot();
    if (!snapshot || !("rows" in snapshot)) return [];
    return snapshot.rows.map((row) => this.#item(row));
  }

  /** Unsubscribes for good (the reflector lingers in the hub, then stops, unless a table still watches it). */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#retry);
    this.#subscription?.close();
    this.#subscription = undefined;
  }

  #onStatus(state: KindState, message: string | undefined, statusCode: number | undefined): void {
    if ((state === "error" || state === "reconnecting") && statusCode !== undefined && NOT_YOURS.has(statusCode)) {
      // Not this user's kind (or gone): leave the hub key, so its reflector stops retrying, and ask again later.
      this.#subscription?.close();
      this.#subscription = undefined;
      this.#synced = false;
      this.#set("forbidden", message);
      this.#listener.onReset(this);
      clearTimeout(this.#retry);
      this.#retry = setTimeout(() => this.start(), this.#options.forbiddenRetryMs);
      this.#retry.unref?.();
      return;
    }
    this.#set(state, message);
  }

  #set(state: KindState, message: string | undefined): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#listener.onStatus(this);
  }

  #change(event: WatchEvent): InventoryChange {
    return { type: event.type, item: this.#item((event as { row: TableRow }).row) };
  }

  #item(row: TableRow): InventoryItem {
    return { kind: this.kind, object: row.object, health: row.health, cells: row.cells };
  }
}
