import type { KubeObject, TableColumn, TableRow, WatchEvent, WatchEventType, WatchState } from "@loupe/protocol";
import { ApiError } from "../errors.ts";
import { Backoff, type BackoffOptions, sleep } from "./backoff.ts";
import { itemKey, itemMeta, type ListerWatcher, type UpstreamEvent, type WatchItem } from "./lister-watcher.ts";
import { jsonBytes } from "./snapshot-json.ts";
import type { WatchMetrics } from "./watch-metrics.ts";

/** Options of a {@link Reflector}. */
export interface ReflectorOptions {
  /** Items per list page (`limit`; default 500). */
  pageSize?: number;
  /** Retry delays after failures (default: 0.5 s doubling to 30 s, half of each random). */
  backoff?: BackoffOptions;
  /**
   * `timeoutSeconds` of each watch request: the API server ends the stream then and the reflector re-watches at
   * once from the last resourceVersion. Default: random in [300, 600), as client-go, so watches do not all end
   * together.
   */
  watchTimeoutSeconds?: number;
  /** How long past `watchTimeoutSeconds` a silent stream is presumed dead and cut (default 30 s). */
  watchGraceSeconds?: number;
  /** Random source of the default timeout and the backoff jitter (default Math.random). */
  random?: () => number;
}

/** The whole state of a reflector's store, in the shape of the protocol's snapshot message. */
export type WatchSnapshot =
  | { resourceVersion: string; items: KubeObject[] }
  | { resourceVersion: string; columns: TableColumn[]; rows: TableRow[] };

/** Who hears a reflector (the hub). Calls are synchronous and come after the store has changed. */
export interface ReflectorListener {
  /** The store was replaced by a complete list (the first one, or one with new columns): take a snapshot. */
  onSynced(): void;
  /**
   * Changes applied to the store, in order. `relist` is true for the difference a re-list found (after 410 Gone):
   * changes made while unwatched, whose intermediate states are unknown.
   */
  onEvents(events: readonly WatchEvent[], relist?: boolean): void;
  /**
   * The state changed (see the protocol's WatchState). `statusCode`: the HTTP status of the failure behind an
   * `error` or `reconnecting` state when the API server answered one (403: forbidden, 404: no such resource).
   */
  onStatus(state: WatchState, message: string | undefined, statusCode?: number): void;
}

/** How long a serialized snapshot is kept for further subscribers of an unchanged store. */
const SNAPSHOT_BYTES_MS = 5_000;

type WatchOutcome = "ended" | "ended-early" | "expired";

/**
 * Keeps an in-memory copy of one collection (client-go's Reflector + store): lists it (paginated; an expired
 * `continue` token restarts the list unpaginated), then watches from the list's resourceVersion with bookmarks.
 * A stream the server ends is re-watched at once from the last resourceVersion seen; a broken one after a
 * backoff. When the API server answers 410 Gone (HTTP status or ERROR event) it re-lists and emits the difference
 * against the store as ADDED/MODIFIED/DELETED, so listeners converge without a new snapshot. resourceVersions
 * are opaque: only ever compared for equality.
 *
 * Listeners are told synchronously after each store change, so a snapshot taken at any moment plus every event
 * heard after it is exactly the upstream state: nothing missed, nothing twice.
 */
export class Reflector {
  readonly table: boolean;
  readonly #lw: ListerWatcher;
  readonly #listener: ReflectorListener;
  readonly #metrics: WatchMetrics;
  readonly #options: ReflectorOptions;
  readonly #random: () => number;
  readonly #abort = new AbortController();
  #store = new Map<string, WatchItem>();
  #columns: TableColumn[] = [];
  #resourceVersion = "";
  #synced = false;
  #state: WatchState = "syncing";
  #message: string | undefined;
  #statusCode: number | undefined;
  #running: Promise<void> | undefined;
  /** The snapshot serialized (UTF-8 JSON), until the store or its resourceVersion changes: shared by every subscriber. */
  #snapshotBytes: Buffer | undefined;

  constructor(
    lw: ListerWatcher,
    table: boolean,
    listener: ReflectorListener,
    metrics: WatchMetrics,
    options: ReflectorOptions = {},
  ) {
    this.#lw = lw;
    this.table = table;
    this.#listener = listener;
    this.#metrics = metrics;
    this.#options = options;
    this.#random = options.random ?? Math.random;
  }

  get state(): WatchState {
    return this.#state;
  }

  get message(): string | undefined {
    return this.#message;
  }

  /** The HTTP status of the failure behind the current `error` / `reconnecting` state, if the API server sent one. */
  get statusCode(): number | undefined {
    return this.#statusCode;
  }

  /** True once the first list is in the store. */
  get synced(): boolean {
    return this.#synced;
  }

  /** Items in the store (0 before the first list). */
  get size(): number {
    return this.#synced ? this.#store.size : 0;
  }

  get resourceVersion(): string {
    return this.#resourceVersion;
  }

  /** The store as of now; undefined before the first list completed. */
  snapshot(): WatchSnapshot | undefined {
    if (!this.#synced) return undefined;
    const items = [...this.#store.values()];
    const resourceVersion = this.#resourceVersion;
    return this.table
      ? { resourceVersion, columns: this.#columns, rows: items as TableRow[] }
      : { resourceVersion, items: items as KubeObject[] };
  }

  /**
   * {@link snapshot} as UTF-8 JSON, serialized once per state of the store however many subscribers send it, so a
   * burst of subscriptions to one key (many tabs, a reconnect) costs one serialization and one buffer, which every
   * socket writes as it is (see ws/outbox.ts). Read-only: callers must not write into it.
   */
  snapshotBytes(): Buffer | undefined {
    if (!this.#synced) return undefined;
    if (!this.#snapshotBytes) {
      const bytes = jsonBytes(this.snapshot() as object, this.table ? "rows" : "items");
      this.#snapshotBytes = bytes;
      // Kept for a burst of subscribers, not for ever: a big store would be held twice (objects and text).
      setTimeout(() => {
        if (this.#snapshotBytes === bytes) this.#snapshotBytes = undefined;
      }, SNAPSHOT_BYTES_MS).unref();
    }
    return this.#snapshotBytes;
  }

  /** Starts listing and watching in the background; idempotent. */
  start(): void {
    this.#running ??= this.#run();
  }

  /** Ends the watch and every retry; resolves when the loop has exited. The listener hears nothing more. */
  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#abort.signal;
    const backoff = new Backoff(this.#options.backoff, this.#random);
    let needsList = true;
    while (!signal.aborted) {
      try {
        if (needsList) {
          await this.#list(signal);
          // Stopped while listing: the list is dropped, and no watch follows it.
          if (signal.aborted) break;
          needsList = false;
          backoff.reset();
        }
        const outcome = await this.#watch(signal, backoff);
        if (outcome === "expired") {
          needsList = true;
          this.#metrics.relists.inc();
          this.#setState("syncing", "the resourceVersion expired (410 Gone): re-listing");
        } else if (outcome === "ended-early") {
          await sleep(backoff.next(), signal);
        }
      } catch (error) {
        if (signal.aborted) break;
        this.#setState(needsList ? "error" : "reconnecting", describe(error), statusOf(error));
        await sleep(backoff.next(), signal);
      }
    }
  }

  async #list(signal: AbortSignal): Promise<void> {
    const pageSize = this.#options.pageSize ?? 500;
    let limit: number | undefined = pageSize;
    let page: Awaited<ReturnType<ListerWatcher["list"]>> | undefined;
    let first: typeof page;
    let items: WatchItem[] = [];
    let token: string | undefined;
    for (;;) {
      try {
        page = await this.#lw.list({ limit, continue: token, signal });
      } catch (error) {
        if (!(token && error instanceof ApiError && error.statusCode === 410)) throw error;
        // The continue token expired mid-list: start over in one piece, as client-go does.
        [limit, token, first, items] = [undefined, undefined, undefined, []];
        continue;
      }
      first ??= page;
      for (const item of page.items) items.push(item);
      token = page.continue;
      if (!token) break;
    }
    if (signal.aborted) return;
    this.#replace(items, first.resourceVersion, first.columns ?? []);
  }

  /** Swaps in a complete list: the first one announces a snapshot; later ones emit the difference. */
  #replace(items: WatchItem[], resourceVersion: string, columns: TableColumn[]): void {
    const next = new Map<string, WatchItem>();
    for (const item of items) next.set(itemKey(item), item);
    const previous = this.#store;
    const wasSynced = this.#synced;
    const columnsChanged = JSON.stringify(columns) !== JSON.stringify(this.#columns);
    this.#store = next;
    this.#snapshotBytes = undefined;
    this.#columns = columns;
    this.#resourceVersion = resourceVersion;
    this.#synced = true;
    if (!wasSynced || columnsChanged) {
      this.#listener.onSynced();
    } else {
      const diff = difference(previous, next, this.table);
      if (diff.length > 0) this.#listener.onEvents(diff, true);
    }
    this.#setState("live", undefined);
  }

  async #watch(signal: AbortSignal, backoff: Backoff): Promise<WatchOutcome> {
    const timeoutSeconds = this.#options.watchTimeoutSeconds ?? Math.floor(300 * (1 + this.#random()));
    const graceSeconds = this.#options.watchGraceSeconds ?? 30;
    const silent = new AbortController();
    const watchdog = setTimeout(
      () => silent.abort(new Error(`the watch stream was silent past its ${timeoutSeconds} s timeout`)),
      (timeoutSeconds + graceSeconds) * 1000,
    );
    const started = Date.now();
    let received = 0;
    try {
      let stream: AsyncIterable<UpstreamEvent>;
      try {
        stream = await this.#lw.watch({
          resourceVersion: this.#resourceVersion,
          timeoutSeconds,
          signal: AbortSignal.any([signal, silent.signal]),
        });
      } catch (error) {
        if (error instanceof ApiError && error.statusCode === 410) return "expired";
        throw error;
      }
      this.#metrics.upstreamWatches.inc();
      try {
        this.#setState("live", undefined);
        for await (const event of stream) {
          if (received++ === 0) backoff.reset();
          if (event.type === "BOOKMARK") {
            this.#resourceVersion = event.resourceVersion || this.#resourceVersion;
            this.#snapshotBytes = undefined;
          } else if (event.type === "ERROR") {
            if (event.status.code === 410) return "expired";
            throw ApiError.fromStatus(event.status.code ?? 500, event.status);
          } else {
            this.#apply(event.type, event.item, event.resourceVersion);
          }
        }
      } finally {
        this.#metrics.upstreamWatches.dec();
      }
    } finally {
      clearTimeout(watchdog);
      silent.abort();
    }
    return received === 0 && Date.now() - started < 1000 ? "ended-early" : "ended";
  }

  #apply(type: WatchEventType, item: WatchItem, resourceVersion: string): void {
    const key = itemKey(item);
    if (type === "DELETED") this.#store.delete(key);
    else this.#store.set(key, item);
    this.#snapshotBytes = undefined;
    this.#resourceVersion = resourceVersion || itemMeta(item).resourceVersion || this.#resourceVersion;
    this.#metrics.eventsIn.inc();
    this.#listener.onEvents([toWatchEvent(type, item, this.table)]);
  }

  #setState(state: WatchState, message: string | undefined, statusCode?: number): void {
    if (state === this.#state && message === this.#message) return;
    this.#state = state;
    this.#message = message;
    this.#statusCode = statusCode;
    this.#listener.onStatus(state, message, statusCode);
  }
}

/** The protocol's event for an item: `{type, row}` in table mode, `{type, object}` otherwise. */
export function toWatchEvent(type: WatchEventType, item: WatchItem, table: boolean): WatchEvent {
  return table ? { type, row: item as TableRow } : { type, object: item as KubeObject };
}

/**
 * What turns `before` into `after`: ADDED for new keys, MODIFIED for a changed resourceVersion (DELETED then
 * ADDED when the uid changed: the object was deleted and re-created while unwatched), DELETED for keys gone.
 */
export function difference(
  before: ReadonlyMap<string, WatchItem>,
  after: ReadonlyMap<string, WatchItem>,
  table: boolean,
): WatchEvent[] {
  const events: WatchEvent[] = [];
  for (const [key, item] of before) {
    const now = after.get(key);
    if (!now || itemMeta(now).uid !== itemMeta(item).uid) events.push(toWatchEvent("DELETED", item, table));
  }
  for (const [key, item] of after) {
    const old = before.get(key);
    if (!old || itemMeta(old).uid !== itemMeta(item).uid) events.push(toWatchEvent("ADDED", item, table));
    else if (itemMeta(old).resourceVersion !== itemMeta(item).resourceVersion)
      events.push(toWatchEvent("MODIFIED", item, table));
  }
  return events;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.statusCode : undefined;
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  const e = error as { name?: string; message?: string; cause?: { message?: string } };
  const cause = e.cause?.message ? ` (${e.cause.message})` : "";
  return `${e.message ?? String(error)}${cause}`;
}
