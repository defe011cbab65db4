import type { Catalog } from "@loupe/protocol";
import type { WatchHub } from "../watch/watch-hub.ts";
import { type FeedListener, KindFeed } from "./kind-feed.ts";
import { selectKinds } from "./kinds.ts";
import type {
  InventoryChange,
  InventoryItem,
  InventoryKind,
  InventoryListener,
  InventoryView,
  KindSelector,
  KindStatus,
} from "./types.ts";

export interface ScopeOptions {
  forbiddenRetryMs: number;
  /**
   * Kinds listed at once per scope (the rest wait their turn): hundreds of lists started together make every one
   * of them slow on a busy API server, so the first results would wait for all.
   */
  maxListing: number;
  /** Largest number of kinds one view may cover; past it the rest are left out with an error status. */
  maxKinds: number;
}

/**
 * Everything the inventory holds for one (context, identity, namespace): a {@link KindFeed} per kind that at least
 * one view selects (reference-counted), and the views. When the catalog changes, each view's kinds are chosen again.
 */
export class Scope implements FeedListener {
  readonly context: string;
  readonly identity: string;
  readonly namespace: string;
  readonly #hub: WatchHub;
  readonly #flow: string;
  readonly #options: ScopeOptions;
  readonly #feeds = new Map<string, { feed: KindFeed; refs: number }>();
  readonly #views = new Set<View>();
  readonly #onEmpty: () => void;
  /** Feeds waiting for a turn to list, in order. */
  readonly #queue: KindFeed[] = [];
  #starting = false;
  #catalog: Catalog;

  constructor(
    init: { context: string; identity: string; namespace: string; flow: string; catalog: Catalog },
    hub: WatchHub,
    options: ScopeOptions,
    onEmpty: () => void,
  ) {
    this.context = init.context;
    this.identity = init.identity;
    this.namespace = init.namespace;
    this.#flow = init.flow;
    this.#catalog = init.catalog;
    this.#hub = hub;
    this.#options = options;
    this.#onEmpty = onEmpty;
  }

  get empty(): boolean {
    return this.#views.size === 0;
  }

  open(select: KindSelector): InventoryView {
    const view = new View(this, select);
    this.#views.add(view);
    view.setKinds(this.#choose(select));
    return view;
  }

  /** A new catalog: every view's kinds are chosen again; feeds no view needs stop, new ones start. */
  catalogChanged(catalog: Catalog): void {
    if (catalog === this.#catalog) return;
    this.#catalog = catalog;
    for (const view of this.#views) view.setKinds(this.#choose(view.select));
  }

  feed(id: string): KindFeed | undefined {
    return this.#feeds.get(id)?.feed;
  }

  acquire(kind: InventoryKind): KindFeed {
    let entry = this.#feeds.get(kind.id);
    if (!entry) {
      const key = {
        context: this.context,
        identity: this.identity,
        group: kind.group,
        version: kind.version,
        resource: kind.resource,
        namespace: kind.namespaced ? this.namespace : "",
        labelSelector: "",
        fieldSelector: "",
        table: true,
      };
      const feed = new KindFeed(this.#hub, key, kind, this.#flow, this, {
        forbiddenRetryMs: this.#options.forbiddenRetryMs,
      });
      entry = { feed, refs: 0 };
      this.#feeds.set(kind.id, entry);
      // Held by the hub already (a table, another scope's view, a lingering one): it costs no upstream request,
      // so it does not wait its turn behind kinds that must be listed — its objects are there at once.
      if (this.#hub.has(key)) feed.start();
      else {
        this.#queue.push(feed);
        this.#startQueued();
      }
    }
    entry.refs++;
    return entry.feed;
  }

  release(id: string): void {
    const entry = this.#feeds.get(id);
    if (!entry || --entry.refs > 0) return;
    this.#feeds.delete(id);
    const queued = this.#queue.indexOf(entry.feed);
    if (queued >= 0) this.#queue.splice(queued, 1);
    entry.feed.stop();
    this.#startQueued();
  }

  /** Starts queued feeds while fewer than `maxListing` started ones have not settled yet. */
  #startQueued(): void {
    // Starting a feed may call back here (a reflector already listed reports at once): one loop at a time.
    if (this.#starting) return;
    this.#starting = true;
    try {
      this.#startSome();
    } finally {
      this.#starting = false;
    }
  }

  #startSome(): void {
    let listing = 0;
    for (const { feed } of this.#feeds.values()) if (feed.started && !feed.settled) listing++;
    while (listing < this.#options.maxListing && this.#queue.length > 0) {
      const feed = this.#queue.shift() as KindFeed;
      feed.start();
      if (!feed.settled) listing++;
    }
  }

  closeView(view: View): void {
    if (!this.#views.delete(view)) return;
    if (this.#views.size === 0) this.#onEmpty();
  }

  /** Stops every feed (the inventory closes). */
  stop(): void {
    for (const { feed } of this.#feeds.values()) feed.stop();
    this.#feeds.clear();
    this.#views.clear();
  }

  onReset(feed: KindFeed): void {
    this.#startQueued();
    for (const view of this.#views) view.reset(feed);
  }

  onChanges(feed: KindFeed, changes: readonly InventoryChange[]): void {
    for (const view of this.#views) view.changes(feed, changes);
  }

  onStatus(feed: KindFeed): void {
    this.#startQueued();
    for (const view of this.#views) view.kindStatus(feed);
  }

  #choose(select: KindSelector): InventoryKind[] {
    return selectKinds(this.#catalog, select, this.namespace).slice(0, this.#options.maxKinds);
  }
}

/** One consumer's view: its kinds (a subset of the scope's feeds) and its listeners. */
class View implements InventoryView {
  readonly select: KindSelector;
  readonly #scope: Scope;
  /** The kinds covered, by id; each holds one reference to its feed. */
  #kinds = new Map<string, InventoryKind>();
  readonly #listeners = new Set<InventoryListener>();
  readonly #settledWaiters = new Set<() => void>();
  #closed = false;

  constructor(scope: Scope, select: KindSelector) {
    this.#scope = scope;
    this.select = select;
  }

  setKinds(kinds: readonly InventoryKind[]): void {
    if (this.#closed) return;
    const next = new Map(kinds.map((k) => [k.id, k]));
    let changed = false;
    for (const id of this.#kinds.keys()) {
      if (!next.has(id)) {
        this.#scope.release(id);
        changed = true;
      }
    }
    const previous = this.#kinds;
    this.#kinds = next;
    for (const [id, kind] of next) {
      if (!previous.has(id)) {
        this.#scope.acquire(kind);
        changed = true;
      }
    }
    if (changed && previous.size > 0) for (const l of this.#listeners) l.onKindsChanged?.(this.kinds());
    this.#checkSettled();
  }

  kinds(): readonly InventoryKind[] {
    return [...this.#kinds.values()];
  }

  status(): KindStatus[] {
    const statuses: KindStatus[] = [];
    for (const id of this.#kinds.keys()) {
      const feed = this.#scope.feed(id);
      if (feed) statuses.push(feed.status());
    }
    return statuses;
  }

  *items(kindId?: string): Iterable<InventoryItem> {
    const ids = kindId === undefined ? [...this.#kinds.keys()] : this.#kinds.has(kindId) ? [kindId] : [];
    for (const id of ids) {
      const feed = this.#scope.feed(id);
      if (feed) yield* feed.items();
    }
  }

  settled(): Promise<void> {
    if (this.#allSettled()) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.add(resolve));
  }

  listen(listener: InventoryListener): () => void {
    this.#listeners.add(listener);
    // Kinds listed already: as if their list had just arrived, so a consumer builds its state from resets alone.
    for (const id of this.#kinds.keys()) {
      const feed = this.#scope.feed(id);
      if (feed?.synced) listener.onReset?.(feed.kind);
    }
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const id of this.#kinds.keys()) this.#scope.release(id);
    this.#kinds.clear();
    this.#listeners.clear();
    for (const resolve of this.#settledWaiters) resolve();
    this.#settledWaiters.clear();
    this.#scope.closeView(this);
  }

  reset(feed: KindFeed): void {
    if (!this.#kinds.has(feed.kind.id)) return;
    for (const l of this.#listeners) l.onReset?.(feed.kind);
    this.#checkSettled();
  }

  changes(feed: KindFeed, changes: readonly InventoryChange[]): void {
    if (!this.#kinds.has(feed.kind.id)) return;
    for (const l of this.#listeners) l.onChanges?.(changes);
  }

  kindStatus(feed: KindFeed): void {
    if (!this.#kinds.has(feed.kind.id)) return;
    const status = feed.status();
    for (const l of this.#listeners) l.onKindStatus?.(status);
    this.#checkSettled();
  }

  #allSettled(): boolean {
    for (const id of this.#kinds.keys()) if (!this.#scope.feed(id)?.settled) return false;
    return true;
  }

  #checkSettled(): void {
    if (this.#settledWaiters.size === 0 || !this.#allSettled()) return;
    for (const resolve of this.#settledWaiters) resolve();
    this.#settledWaiters.clear();
  }
}
