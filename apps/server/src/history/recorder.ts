import type { CatalogResource } from "@loupe/protocol";
import { backgroundFlow } from "../cluster/flow.ts";
import type { ResourceCatalog } from "../discovery/catalog.ts";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import type { ChangeWriter } from "./change-writer.ts";
import type { KindMatcher } from "./kinds.ts";
import { ResourceRecorder } from "./resource-recorder.ts";
import type { HistoryStore } from "./types.ts";

/** What a {@link ContextRecorder} needs. */
export interface ContextRecorderOptions {
  hub: WatchHub;
  store: HistoryStore;
  writer: ChangeWriter;
  catalog: ResourceCatalog;
  kinds: KindMatcher;
  context: string;
  /** The API server's identity (its URL): what the history is keyed by. */
  cluster: string;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** How long after a CRD change the recorded set is recomputed, in ms (default 1,000). */
  settleMs?: number;
}

/**
 * Resources whose first list runs at once; the others wait their turn (a turn ends when the list is recorded, or
 * after {@link LIST_TURN_MS}). Three hundred lists of whole objects sent together at start-up would make the API
 * server slow for everyone else, users first.
 */
const MAX_LISTING = 8;
const LIST_TURN_MS = 15_000;

/** The rate limiter's flow of the recorder's requests: apart from every user's, and yielding to them (background). */
export const RECORDER_FLOW = backgroundFlow("loupe-history");

/**
 * Records one context: one {@link ResourceRecorder} per recorded resource (its preferred version, all namespaces),
 * following the catalog — a CRD created later is recorded from then on, one removed stops being recorded (its
 * history stays). It watches CRDs through the hub too, sharing the catalog's own watch.
 */
export class ContextRecorder {
  readonly #o: ContextRecorderOptions;
  readonly #recorders = new Map<string, ResourceRecorder>();
  #crds: WatchSubscription | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reconciling: Promise<void> | undefined;
  #closed = false;
  /** Recorders not started yet, by key, in order. */
  readonly #waiting: [string, ResourceRecorder][] = [];
  #listing = 0;

  constructor(options: ContextRecorderOptions) {
    this.#o = options;
  }

  /** Resources recorded now, as `group/version/resource`. */
  get recorded(): string[] {
    return [...this.#recorders.keys()].sort();
  }

  /** Resolves once every resource recorded now has its first list compared (tests, the bench). */
  async synced(): Promise<void> {
    await this.#reconciling;
    await Promise.all([...this.#recorders.values()].map((r) => r.ready));
  }

  /** Starts recording; resolves once the first recorded set is subscribed. */
  async start(): Promise<void> {
    this.#crds = this.#o.hub.subscribe(
      {
        context: this.#o.context,
        identity: "",
        group: "apiextensions.k8s.io",
        version: "v1",
        resource: "customresourcedefinitions",
        namespace: "",
        labelSelector: "",
        fieldSelector: "",
        table: true,
      },
      { onSynced: () => this.#soon(), onEvents: () => this.#soon(), onStatus: () => {} },
      RECORDER_FLOW,
    );
    await this.reconcile();
  }

  /** Recomputes the recorded set from the catalog now. */
  async reconcile(): Promise<void> {
    while (this.#reconciling) await this.#reconciling;
    this.#reconciling = this.#reconcile().finally(() => {
      this.#reconciling = undefined;
    });
    await this.#reconciling;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#crds?.close();
    this.#waiting.length = 0;
    for (const recorder of this.#recorders.values()) recorder.close();
    this.#recorders.clear();
  }

  #soon(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.reconcile().catch(this.#o.onError), this.#o.settleMs ?? 1_000);
    this.#timer.unref?.();
  }

  async #reconcile(): Promise<void> {
    if (this.#closed) return;
    // The catalog may not know of a CRD the watch just reported.
    this.#o.catalog.invalidate();
    const catalog = await this.#o.catalog.get();
    if (this.#closed) return;
    const wanted = new Map<string, CatalogResource>();
    for (const entry of catalog.resources) {
      if (entry.version !== entry.preferredVersion) continue;
      if (!entry.verbs.includes("list") || !entry.verbs.includes("watch")) continue;
      if (!this.#o.kinds.matches(entry)) continue;
      wanted.set(`${entry.group}/${entry.version}/${entry.resource}`, entry);
    }
    for (const [key, recorder] of this.#recorders) {
      if (!wanted.has(key)) {
        recorder.close();
        this.#recorders.delete(key);
      }
    }
    for (const [key, entry] of wanted) {
      if (this.#recorders.has(key)) continue;
      const recorder = new ResourceRecorder({
        hub: this.#o.hub,
        store: this.#o.store,
        writer: this.#o.writer,
        context: this.#o.context,
        cluster: this.#o.cluster,
        group: entry.group,
        version: entry.version,
        resource: entry.resource,
        flow: RECORDER_FLOW,
        now: this.#o.now ?? Date.now,
        onError: this.#o.onError ?? (() => {}),
      });
      this.#recorders.set(key, recorder);
      this.#waiting.push([key, recorder]);
    }
    this.#startSome();
  }

  /** Starts waiting recorders while fewer than {@link MAX_LISTING} are on their first list. */
  #startSome(): void {
    while (!this.#closed && this.#listing < MAX_LISTING && this.#waiting.length > 0) {
      const [key, recorder] = this.#waiting.shift() as [string, ResourceRecorder];
      // Removed (its CRD deleted) before its turn.
      if (this.#recorders.get(key) !== recorder) continue;
      this.#listing++;
      recorder.start();
      let done = false;
      const free = () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.#listing--;
        this.#startSome();
      };
      const timer = setTimeout(free, LIST_TURN_MS);
      timer.unref?.();
      recorder.ready.then(free, free);
    }
  }
}
