import type { KubeObject, WatchEvent } from "@loupe/protocol";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import type { WatchKey } from "../watch/watch-key.ts";
import type { ChangeWriter } from "./change-writer.ts";
import { diffObjects } from "./diff.ts";
import { changeManagers, sanitize } from "./sanitize.ts";
import type { HistoryStore, LatestState, NewChange, RecordedObject } from "./types.ts";

/** What one resource's recorder needs. */
export interface ResourceRecorderOptions {
  hub: WatchHub;
  store: HistoryStore;
  writer: ChangeWriter;
  context: string;
  cluster: string;
  group: string;
  version: string;
  resource: string;
  /** The rate limiter's flow of the recorder's watches. */
  flow: string;
  now: () => number;
  onError: (error: unknown) => void;
}

type Previous = { kind: "object"; object: KubeObject } | { kind: "recorded"; state: LatestState };

/**
 * Records one resource (all namespaces) through a hub subscription, as any other subscriber: each event becomes a
 * change with its field diff against the previous state. The previous states are the very objects the hub's
 * reflector holds (shared, never modified), so recording costs little memory beyond the hub's own.
 *
 * On each complete list (Loupe starting, or a store replaced) the list is compared with the last recorded states:
 * what differs was changed while nobody watched, and is recorded as such (`gap`), as are the changes a re-list
 * after 410 Gone finds. Events heard while the recorded states load wait, in order.
 */
export class ResourceRecorder {
  readonly #o: ResourceRecorderOptions;
  readonly #previous = new Map<string, Previous>();
  #subscription: WatchSubscription | undefined;
  /** Events heard while the last recorded states load; undefined when not loading. */
  #pending: { events: readonly WatchEvent[]; relist: boolean }[] | undefined;
  #baselined = false;
  #closed = false;
  readonly #ready = Promise.withResolvers<void>();

  constructor(options: ResourceRecorderOptions) {
    this.#o = options;
  }

  start(): void {
    const key: WatchKey = {
      context: this.#o.context,
      identity: "",
      group: this.#o.group,
      version: this.#o.version,
      resource: this.#o.resource,
      namespace: "",
      labelSelector: "",
      fieldSelector: "",
      table: false,
    };
    this.#subscription = this.#o.hub.subscribe(
      key,
      {
        onSynced: () => this.#synced(),
        onEvents: (events, relist) => this.#events(events, relist === true),
        onStatus: () => {},
      },
      this.#o.flow,
    );
  }

  /** Resolves once the first list was compared with the recorded states: every change after it is heard live. */
  get ready(): Promise<void> {
    return this.#ready.promise;
  }

  close(): void {
    this.#closed = true;
    this.#subscription?.close();
    this.#ready.resolve();
  }

  #synced(): void {
    const snapshot = this.#subscription?.snapshot();
    if (!snapshot || !("items" in snapshot)) return;
    const items = snapshot.items;
    if (this.#baselined) {
      this.#compare(items, false);
      return;
    }
    // First list: compare with what the store last recorded (Loupe was down, or never recorded this resource).
    this.#pending = [];
    this.#o.store.latest(this.#o.cluster, this.#o.group, this.#o.resource).then(
      (latest) => {
        if (this.#closed) return;
        for (const state of latest) if (!state.deleted) this.#previous.set(state.uid, { kind: "recorded", state });
        this.#baselined = true;
        this.#compare(items, true);
        const pending = this.#pending ?? [];
        this.#pending = undefined;
        for (const { events, relist } of pending) this.#events(events, relist);
        this.#ready.resolve();
      },
      (error) => {
        this.#o.onError(error);
        // Without the recorded states every object counts as seen after a gap, which is true, if coarse.
        this.#baselined = true;
        this.#compare(items, true);
        const pending = this.#pending ?? [];
        this.#pending = undefined;
        for (const { events, relist } of pending) this.#events(events, relist);
        this.#ready.resolve();
      },
    );
  }

  /** A complete list against the previous states: every difference is a change seen after a gap. */
  #compare(items: readonly KubeObject[], _first: boolean): void {
    const seen = new Set<string>();
    for (const object of items) {
      const uid = object.metadata.uid ?? "";
      seen.add(uid);
      const previous = this.#previous.get(uid);
      if (previous && resourceVersionOf(previous) === object.metadata.resourceVersion) {
        this.#previous.set(uid, { kind: "object", object });
        continue;
      }
      this.#record(previous ? "MODIFIED" : "ADDED", object, previous, true);
    }
    for (const [uid, previous] of this.#previous) {
      if (!seen.has(uid)) this.#record("DELETED", undefined, previous, true);
    }
  }

  #events(events: readonly WatchEvent[], relist: boolean): void {
    if (this.#closed) return;
    if (this.#pending) {
      this.#pending.push({ events, relist });
      return;
    }
    if (!this.#baselined) return;
    for (const event of events) {
      if (!("object" in event)) continue;
      const object = event.object;
      const previous = this.#previous.get(object.metadata.uid ?? "");
      if (event.type === "DELETED") {
        this.#record("DELETED", undefined, previous ?? { kind: "object", object }, relist, object);
      } else if (!previous || resourceVersionOf(previous) !== object.metadata.resourceVersion) {
        this.#record(previous ? "MODIFIED" : "ADDED", object, previous, relist);
      }
    }
  }

  /**
   * Queues one change. `after` is the object now (undefined when deleted); `previous` what was recorded before;
   * `last` the object's final state as the DELETED event carried it.
   */
  #record(
    type: NewChange["type"],
    after: KubeObject | undefined,
    previous: Previous | undefined,
    gap: boolean,
    last?: KubeObject,
  ): void {
    const { group, resource } = this.#o;
    const before = previous ? recordedOf(previous, group, resource) : undefined;
    const beforeRaw = previous?.kind === "object" ? previous.object : undefined;
    const source = after ?? last;
    const object = source ? sanitize(source, group, resource) : (before as RecordedObject);
    const meta = (source?.metadata ??
      (before?.metadata as KubeObject["metadata"] | undefined)) as KubeObject["metadata"];
    const uid = meta.uid ?? "";
    let changes: NewChange["changes"] = [];
    if (type === "MODIFIED" && before) {
      changes = diffObjects(before, object);
      // Only the resourceVersion or managedFields moved: nothing a user would call a change.
      if (changes.length === 0 && !gap) {
        if (after) this.#previous.set(uid, { kind: "object", object: after });
        return;
      }
    }
    if (type === "DELETED") this.#previous.delete(uid);
    else if (after) this.#previous.set(uid, { kind: "object", object: after });
    this.#o.writer.add({
      cluster: this.#o.cluster,
      group,
      version: this.#o.version,
      resource,
      namespace: meta.namespace ?? "",
      name: meta.name,
      uid,
      time: this.#o.now(),
      type,
      gap,
      // A deletion found by a list carries the last resourceVersion recorded: mark it apart from that change.
      resourceVersion:
        type === "DELETED" && previous && resourceVersionOf(previous) === meta.resourceVersion
          ? `${meta.resourceVersion ?? ""}+deleted`
          : (meta.resourceVersion ?? ""),
      managers: type === "DELETED" ? [] : changeManagers(beforeRaw, after),
      changes,
      object,
      ...(type === "MODIFIED" && !before ? { full: true } : {}),
    });
  }
}

function resourceVersionOf(previous: Previous): string | undefined {
  return previous.kind === "object" ? previous.object.metadata.resourceVersion : previous.state.resourceVersion;
}

function recordedOf(previous: Previous, group: string, resource: string): RecordedObject {
  return previous.kind === "object"
    ? sanitize(previous.object as unknown as Record<string, unknown>, group, resource)
    : previous.state.object;
}
