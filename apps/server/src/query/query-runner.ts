import type {
  CatalogResource,
  FailedKind,
  Health,
  HitInfo,
  KubeObject,
  QueryHit,
  QueryProgressMessage,
  WatchEvent,
} from "@loupe/protocol";
import type { LabelSelector } from "./label-selector.ts";
import type { KindListener, ObjectSource, SourceEvent, SourceObject } from "./object-source.ts";

/**
 * Decides whether an object of a kind is a hit: what the hit says about it, or undefined. May throw (CEL).
 * `health` is the source's verdict when it has one.
 */
export type HitMatcher = (
  kind: CatalogResource,
  object: KubeObject,
  health: Health | undefined,
) => Omit<HitInfo, keyof KindRef> | undefined;
type KindRef = Pick<HitInfo, "group" | "version" | "resource" | "namespaced">;

/** Shapes the object a hit carries (slim: what the UI shows and links with). */
export type HitShaper = (kind: CatalogResource, object: KubeObject) => KubeObject;

export interface QueryRunnerOptions {
  context: string;
  identity: string;
  /** The kinds to read (already filtered to those the query covers). */
  kinds: readonly CatalogResource[];
  source: ObjectSource;
  match: HitMatcher;
  shape: HitShaper;
  /** Only objects of this namespace ("" every namespace). */
  namespace: string;
  selector: LabelSelector;
  /** Hits at most; more are left out and `truncated` is set. */
  limit: number;
  /** A kind not read within this is reported failed (it joins later if it does answer). Default 10 s. */
  kindTimeoutMs?: number;
  /** Evaluation errors (CEL) are counted; after this many slow evaluations the query stops (default 20). */
  maxSlowEvaluations?: number;
  /** An evaluation slower than this, in ms, counts as slow (default 50). */
  slowEvaluationMs?: number;
}

/** What a runner's subscribers hear, synchronously. */
export interface QueryListener {
  onEvents(events: readonly WatchEvent[]): void;
  onProgress(progress: Omit<QueryProgressMessage, "type" | "id">): void;
  /** The query stopped for good (too expensive); the message says why. */
  onFailed(code: string, message: string): void;
}

interface KindState {
  kind: CatalogResource;
  /** Hits of this kind by object key. */
  hits: Map<string, QueryHit>;
  done: boolean;
  failed: string | undefined;
  forbidden: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Runs one cross-kind query over an {@link ObjectSource}: listens to every kind at once, keeps the hits of each
 * (bounded by `limit`), and tells its listeners the hits as events (ADDED as kinds are read and objects start
 * matching, MODIFIED, DELETED when they stop matching or go) and its progress. One kind that fails or never
 * answers never holds the others: it is reported failed after `kindTimeoutMs`. Live until {@link stop}.
 */
export class QueryRunner {
  readonly #options: QueryRunnerOptions;
  readonly #kinds: KindState[];
  readonly #listeners = new Set<QueryListener>();
  #hitCount = 0;
  #truncated = false;
  #evaluationErrors = 0;
  #evaluationError: string | undefined;
  #slow = 0;
  #stopped = false;
  #failure: { code: string; message: string } | undefined;
  #snapshot: Buffer | undefined;
  #stopSource: (() => void) | undefined;

  constructor(options: QueryRunnerOptions) {
    this.#options = options;
    this.#kinds = options.kinds.map((kind) => ({
      kind,
      hits: new Map(),
      done: false,
      failed: undefined,
      forbidden: false,
      timer: undefined,
    }));
  }

  /** Starts listening to every kind. */
  start(): void {
    const timeout = this.#options.kindTimeoutMs ?? 10_000;
    const byKind = new Map<CatalogResource, KindState>();
    for (const state of this.#kinds) {
      byKind.set(state.kind, state);
      state.timer = setTimeout(() => {
        if (state.done) return;
        state.failed = `no answer within ${Math.round(timeout / 1000)} s (still trying: it joins when it answers)`;
        state.done = true;
        this.#progress();
      }, timeout);
      state.timer.unref?.();
    }
    const { context, identity, namespace } = this.#options;
    this.#stopSource = this.#options.source.watch({
      context,
      identity,
      namespace,
      kinds: this.#kinds.map((s) => s.kind),
      listener: (kind) => this.#listener(byKind.get(kind) as KindState),
    });
    this.#progress();
  }

  #listener(state: KindState): KindListener {
    return {
      onSynced: (objects) => this.#replace(state, objects),
      onEvents: (events) => this.#apply(state, events),
      onError: (message) => {
        if (this.#stopped || (state.done && state.failed === undefined && state.hits.size > 0)) return;
        state.failed = message;
        state.done = true;
        clearTimeout(state.timer);
        this.#progress();
      },
      onForbidden: () => {
        if (this.#stopped) return;
        clearTimeout(state.timer);
        state.done = true;
        state.failed = undefined;
        state.forbidden = true;
        const events: WatchEvent[] = [];
        for (const [key, hit] of state.hits) this.#remove(state, key, hit, events);
        this.#emit(events);
      },
    };
  }

  /** Stops listening to every kind; listeners hear nothing more. */
  stop(): void {
    this.#stopped = true;
    for (const state of this.#kinds) clearTimeout(state.timer);
    this.#stopSource?.();
    this.#listeners.clear();
  }

  /** The failure that stopped the query, if one did. */
  get failure(): { code: string; message: string } | undefined {
    return this.#failure;
  }

  listen(listener: QueryListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every hit now, kind by kind (callers sort them for display). */
  hits(): QueryHit[] {
    return this.#kinds.flatMap((s) => [...s.hits.values()]);
  }

  /** The hits as a snapshot message's body (UTF-8 JSON), serialized once per state for every subscriber. */
  snapshotBytes(): Buffer {
    this.#snapshot ??= Buffer.from(JSON.stringify({ resourceVersion: "", items: this.hits() }));
    return this.#snapshot;
  }

  progress(): Omit<QueryProgressMessage, "type" | "id"> {
    const failed: FailedKind[] = [];
    let done = 0;
    let forbidden = 0;
    for (const s of this.#kinds) {
      if (s.done) done++;
      if (s.forbidden) forbidden++;
      if (s.failed !== undefined) {
        failed.push({ group: s.kind.group, version: s.kind.version, resource: s.kind.resource, message: s.failed });
      }
    }
    return {
      kinds: this.#kinds.length,
      done,
      failed: failed.slice(0, 50),
      failedCount: failed.length,
      ...(forbidden > 0 ? { forbidden } : {}),
      hits: this.#hitCount,
      truncated: this.#truncated,
      complete: done === this.#kinds.length,
      ...(this.#evaluationErrors > 0
        ? { evaluationErrors: this.#evaluationErrors, evaluationError: this.#evaluationError }
        : {}),
    };
  }

  #replace(state: KindState, objects: readonly SourceObject[]): void {
    if (this.#stopped) return;
    clearTimeout(state.timer);
    state.done = true;
    state.failed = undefined;
    state.forbidden = false;
    const events: WatchEvent[] = [];
    const seen = new Set<string>();
    for (const { object, health } of objects) {
      const key = objectKey(object);
      seen.add(key);
      this.#update(state, key, object, health, events);
      if (this.#stopped) return;
    }
    for (const [key, hit] of state.hits) {
      if (!seen.has(key)) this.#remove(state, key, hit, events);
    }
    this.#emit(events);
  }

  #apply(state: KindState, changes: readonly SourceEvent[]): void {
    if (this.#stopped || !state.done) return;
    const events: WatchEvent[] = [];
    for (const change of changes) {
      const key = objectKey(change.object);
      if (change.type === "DELETED") {
        const hit = state.hits.get(key);
        if (hit) this.#remove(state, key, hit, events);
      } else {
        this.#update(state, key, change.object, change.health, events);
        if (this.#stopped) return;
      }
    }
    this.#emit(events);
  }

  /** Re-decides one object: it becomes, stays or stops being a hit. */
  #update(state: KindState, key: string, object: KubeObject, health: Health | undefined, events: WatchEvent[]): void {
    const previous = state.hits.get(key);
    const info = this.#decide(state.kind, object, health);
    if (info === undefined) {
      if (previous) this.#remove(state, key, previous, events);
      return;
    }
    if (!previous && this.#hitCount >= this.#options.limit) {
      this.#truncated = true;
      return;
    }
    const { kind } = state;
    const hit: QueryHit = {
      ...this.#options.shape(kind, object),
      hit: { group: kind.group, version: kind.version, resource: kind.resource, namespaced: kind.namespaced, ...info },
    };
    state.hits.set(key, hit);
    if (!previous) this.#hitCount++;
    events.push({ type: previous ? "MODIFIED" : "ADDED", object: hit });
  }

  #remove(state: KindState, key: string, hit: QueryHit, events: WatchEvent[]): void {
    state.hits.delete(key);
    this.#hitCount--;
    events.push({ type: "DELETED", object: hit });
  }

  #decide(kind: CatalogResource, object: KubeObject, health: Health | undefined): ReturnType<HitMatcher> {
    const { namespace, selector } = this.#options;
    if (namespace !== "" && object.metadata.namespace !== namespace) return undefined;
    if (!selector.empty && !selector.matches(object.metadata.labels)) return undefined;
    const started = performance.now();
    try {
      return this.#options.match(kind, object, health);
    } catch (error) {
      this.#evaluationErrors++;
      this.#evaluationError ??= `${kind.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ""}${object.metadata.name}: ${summary(error)}`;
      return undefined;
    } finally {
      if (performance.now() - started > (this.#options.slowEvaluationMs ?? 50)) this.#tooSlow();
    }
  }

  #tooSlow(): void {
    if (++this.#slow < (this.#options.maxSlowEvaluations ?? 20)) return;
    this.#failure = {
      code: "LOUPE_QUERY_TOO_EXPENSIVE",
      message: `the query stopped: ${this.#slow} objects took longer than ${this.#options.slowEvaluationMs ?? 50} ms each to evaluate`,
    };
    const listeners = [...this.#listeners];
    this.stop();
    for (const l of listeners) l.onFailed(this.#failure.code, this.#failure.message);
  }

  #emit(events: WatchEvent[]): void {
    if (events.length > 0) {
      this.#snapshot = undefined;
      for (const l of this.#listeners) l.onEvents(events);
    }
    this.#progress();
  }

  #progress(): void {
    if (this.#stopped || this.#listeners.size === 0) return;
    const progress = this.progress();
    for (const l of this.#listeners) l.onProgress(progress);
  }
}

function objectKey(object: KubeObject): string {
  return `${object.metadata.namespace ?? ""}/${object.metadata.name}`;
}

function summary(error: unknown): string {
  const e = error as { summary?: string; message?: string };
  return (e.summary ?? e.message ?? String(error)).split("\n")[0] ?? "";
}
