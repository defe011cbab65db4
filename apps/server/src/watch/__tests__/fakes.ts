import type { KubeObject, WatchEvent, WatchState } from "@loupe/protocol";
import { MetricsRegistry } from "../../metrics.ts";
import type {
  ListerWatcher,
  ListOptions,
  ListPage,
  UpstreamEvent,
  WatchItem,
  WatchOptions,
} from "../lister-watcher.ts";
import type { ReflectorListener } from "../reflector.ts";
import { createWatchMetrics, type WatchMetrics } from "../watch-metrics.ts";

type Next = { event: UpstreamEvent } | { end: true } | { error: unknown };

/** A watch stream the test drives: push events, end it, or break it. Aborting its signal breaks it too. */
export class FakeStream implements AsyncIterable<UpstreamEvent> {
  readonly options: WatchOptions;
  readonly #queue: Next[] = [];
  #wake: (() => void) | undefined;

  constructor(options: WatchOptions) {
    this.options = options;
    options.signal.addEventListener("abort", () => this.#wake?.());
  }

  push(...events: UpstreamEvent[]): void {
    for (const event of events) this.#queue.push({ event });
    this.#wake?.();
  }

  end(): void {
    this.#queue.push({ end: true });
    this.#wake?.();
  }

  fail(error: unknown): void {
    this.#queue.push({ error });
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<UpstreamEvent> {
    for (;;) {
      while (this.#queue.length === 0) {
        if (this.options.signal.aborted) throw this.options.signal.reason;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
      }
      const next = this.#queue.shift() as Next;
      if ("end" in next) return;
      if ("error" in next) throw next.error;
      yield next.event;
    }
  }
}

type ListAnswer = ListPage | Error | ((options: ListOptions) => ListPage | Error);

/** A ListerWatcher whose answers the test sets; it records every request. */
export class FakeListerWatcher implements ListerWatcher {
  readonly lists: ListOptions[] = [];
  readonly streams: FakeStream[] = [];
  /** Answers of list(), in order; the last one repeats. */
  listAnswers: ListAnswer[] = [page("1", [])];
  /** Errors the next watch() calls throw, in order; once empty, watch() opens a stream. */
  watchErrors: Error[] = [];
  /** list() answers only when this settles (as a request queued or in flight), or rejects when its signal aborts. */
  listGate: Promise<void> | undefined;

  async list(options: ListOptions): Promise<ListPage> {
    this.lists.push(options);
    if (this.listGate) {
      const { signal } = options;
      await Promise.race([
        this.listGate,
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true })),
      ]);
    }
    const next = this.listAnswers.length > 1 ? this.listAnswers.shift() : this.listAnswers[0];
    const answer = typeof next === "function" ? next(options) : next;
    if (answer instanceof Error || answer === undefined) throw answer ?? new Error("no list answer");
    return answer;
  }

  async watch(options: WatchOptions): Promise<AsyncIterable<UpstreamEvent>> {
    const error = this.watchErrors.shift();
    if (error) throw error;
    const stream = new FakeStream(options);
    this.streams.push(stream);
    return stream;
  }

  get stream(): FakeStream {
    const last = this.streams.at(-1);
    if (!last) throw new Error("no watch yet");
    return last;
  }
}

export function page(resourceVersion: string, items: WatchItem[], next?: string): ListPage {
  return { resourceVersion, continue: next, items, columns: undefined };
}

/** A ConfigMap-like object; resourceVersions in tests are deliberately not numbers. */
export function obj(name: string, resourceVersion: string, uid = `uid-${name}`): KubeObject {
  return { kind: "ConfigMap", apiVersion: "v1", metadata: { name, namespace: "ns", uid, resourceVersion } };
}

export function ev(type: "ADDED" | "MODIFIED" | "DELETED", item: KubeObject): UpstreamEvent {
  return { type, item, resourceVersion: item.metadata.resourceVersion ?? "" };
}

/** A listener that records what it hears. */
export class Recorder implements ReflectorListener {
  synced = 0;
  events: WatchEvent[] = [];
  /** Per batch heard: whether it was a re-list's difference. */
  relists: boolean[] = [];
  statuses: [WatchState, string | undefined][] = [];

  onSynced(): void {
    this.synced++;
  }

  onEvents(events: readonly WatchEvent[], relist?: boolean): void {
    this.events.push(...events);
    this.relists.push(relist === true);
  }

  onStatus(state: WatchState, message: string | undefined): void {
    this.statuses.push([state, message]);
  }

  /** Events as "TYPE name@rv". */
  get changes(): string[] {
    return this.events.map((e) => {
      const meta = "row" in e ? e.row.object.metadata : e.object.metadata;
      return `${e.type} ${meta.name}@${meta.resourceVersion}`;
    });
  }

  get states(): WatchState[] {
    return this.statuses.map(([state]) => state);
  }
}

export function metrics(): WatchMetrics {
  return createWatchMetrics(new MetricsRegistry());
}
