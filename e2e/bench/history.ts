import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { ChangeWriter } from "../../apps/server/src/history/change-writer.ts";
import { diffObjects } from "../../apps/server/src/history/diff.ts";
import { createHistoryMetrics } from "../../apps/server/src/history/history-metrics.ts";
import { ResourceRecorder } from "../../apps/server/src/history/resource-recorder.ts";
import { sanitize } from "../../apps/server/src/history/sanitize.ts";
import { SqliteHistoryStore } from "../../apps/server/src/history/sqlite-store.ts";
import type { HistoryStore, NewChange } from "../../apps/server/src/history/types.ts";
import { MetricsRegistry } from "../../apps/server/src/metrics.ts";
import type { ListerWatcher, ListPage, UpstreamEvent } from "../../apps/server/src/watch/lister-watcher.ts";
import { WatchHub } from "../../apps/server/src/watch/watch-hub.ts";
import { createWatchMetrics } from "../../apps/server/src/watch/watch-metrics.ts";
import type { KubeObject } from "../../packages/protocol/src/index.ts";
import { type Summary, summarize } from "./stats.ts";

/** What the history figures measured. */
export interface HistoryResults {
  throughput: {
    targetPerSecond: number;
    seconds: number;
    sent: number;
    stored: number;
    lost: number;
    achievedPerSecond: number;
    /** From the event leaving the (synthetic) API server stream to its transaction committed, ms. */
    lagMs: Summary;
  };
  store: {
    changes: number;
    objects: number;
    fillSeconds: number;
    bytesPerChange: number;
    /** One object's history (its 100 newest changes) among all of them, ms. */
    objectHistoryMs: Summary;
    /** One object rebuilt at a random past moment (one full state + bounded replay), ms. */
    objectAtMs: Summary;
    /** The last hour, first page of 100, all kinds (Activity's first view), ms. */
    lastHourChanges: number;
    lastHourFirstPageMs: Summary;
  };
}

const CLUSTER = "https://bench.invalid";

/** A typical custom resource (~1 KB of JSON, managedFields included, as the API server sends it). */
export function typicalObject(i: number, generation: number, sentAt = 0): KubeObject {
  const name = `widget-${String(i).padStart(6, "0")}`;
  return {
    apiVersion: "bench.loupe.dev/v1",
    kind: "Widget",
    metadata: {
      name,
      namespace: `ns-${i % 20}`,
      uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      resourceVersion: String(1_000_000 + generation * 100_000 + i),
      generation,
      creationTimestamp: "2026-11-01T00:00:00Z",
      labels: { "app.kubernetes.io/name": "widget", "app.kubernetes.io/instance": name, tier: "backend" },
      annotations: { "bench/sent": String(sentAt), "example.com/owner": "team-a" },
      managedFields: [
        {
          manager: "kubectl-client-side-apply",
          operation: "Update",
          apiVersion: "bench.loupe.dev/v1",
          time: "2026-11-01T00:00:00Z",
          fieldsType: "FieldsV1",
          fieldsV1: { "f:spec": { ".": {}, "f:image": {}, "f:replicas": {}, "f:ports": {} } },
        },
        {
          manager: "widget-controller",
          operation: "Update",
          apiVersion: "bench.loupe.dev/v1",
          time: new Date(1_800_000_000_000 + generation * 1000).toISOString(),
          fieldsType: "FieldsV1",
          fieldsV1: { "f:status": { ".": {}, "f:observedGeneration": {}, "f:conditions": {} } },
          subresource: "status",
        },
      ],
    },
    spec: {
      image: `registry.example.com/team-a/widget:1.${generation % 50}.0`,
      replicas: 1 + (generation % 5),
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    },
    status: {
      observedGeneration: generation,
      conditions: [{ type: "Ready", status: "True", reason: "Available", lastTransitionTime: "2026-11-01T00:00:00Z" }],
    },
  } as KubeObject;
}

/**
 * Recorder throughput: a synthetic API server stream of `rate` MODIFIED events per second over `objects` custom
 * resources (one field edit each, the status following), through the real WatchHub, ResourceRecorder, ChangeWriter
 * and SQLite store, for `seconds`. Lost = sent − stored; lag = commit time − the event's send time.
 */
export async function measureRecorderThroughput(options: {
  rate: number;
  seconds: number;
  objects: number;
  log: (line: string) => void;
}): Promise<HistoryResults["throughput"]> {
  const dir = await mkdtemp(join(os.tmpdir(), "loupe-bench-history-"));
  const store = new SqliteHistoryStore({ path: join(dir, "history.db") });
  await store.migrate();
  const lags: number[] = [];
  const timed: HistoryStore = Object.create(store);
  timed.append = async (changes) => {
    const added = await store.append(changes);
    const now = performance.now();
    for (const c of changes) {
      const sent = Number((c.object.metadata as { annotations?: Record<string, string> }).annotations?.["bench/sent"]);
      if (sent > 0) lags.push(now - sent);
    }
    return added;
  };
  const stream = new PushStream();
  const lw: ListerWatcher = {
    async list(): Promise<ListPage> {
      const items = Array.from({ length: options.objects }, (_, i) => typicalObject(i, 1));
      return { resourceVersion: "1", continue: undefined, items, columns: undefined };
    },
    async watch() {
      return stream;
    },
  };
  const hub = new WatchHub(
    () => lw,
    createWatchMetrics(new MetricsRegistry(), { pendingEvents: () => 0, bufferedBytes: () => 0 }),
    {
      lingerMs: 0,
      reflector: { watchTimeoutSeconds: 3_600 },
    },
  );
  const writer = new ChangeWriter(timed, createHistoryMetrics(new MetricsRegistry()));
  const recorder = new ResourceRecorder({
    hub,
    store,
    writer,
    context: "bench",
    cluster: CLUSTER,
    group: "bench.loupe.dev",
    version: "v1",
    resource: "widgets",
    flow: "history",
    now: Date.now,
    onError: (error) => options.log(`bench: history write failed: ${(error as Error).message}`),
  });
  recorder.start();
  await recorder.ready;
  await writer.flush();
  lags.length = 0;
  const { n: baseline } = (await store.query({ cluster: CLUSTER, limit: 1 })).length
    ? { n: options.objects }
    : { n: 0 };
  // Send in 10 ms ticks, catching up when a tick came late, for `seconds`.
  const total = options.rate * options.seconds;
  const generations = new Array<number>(options.objects).fill(1);
  const started = performance.now();
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * options.rate));
    for (; sent < due; sent++) {
      const i = sent % options.objects;
      generations[i] = (generations[i] ?? 1) + 1;
      const object = typicalObject(i, generations[i] as number, performance.now());
      stream.push({ type: "MODIFIED", item: object, resourceVersion: object.metadata.resourceVersion ?? "" });
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const sendSeconds = (performance.now() - started) / 1000;
  for (let i = 0; i < 600 && lags.length < total; i++) {
    await writer.flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const stored = (await countRows(store)) - baseline;
  recorder.close();
  await hub.close();
  await writer.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
  const lagMs = summarize(lags);
  options.log(
    `bench: history throughput ${total} sent at ${(total / sendSeconds).toFixed(0)}/s, ${stored} stored, lag p50 ${lagMs.p50.toFixed(0)} ms p99 ${lagMs.p99.toFixed(0)} ms`,
  );
  return {
    targetPerSecond: options.rate,
    seconds: options.seconds,
    sent: total,
    stored,
    lost: total - stored,
    achievedPerSecond: total / sendSeconds,
    lagMs,
  };
}

async function countRows(store: SqliteHistoryStore): Promise<number> {
  let count = 0;
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.query({ cluster: CLUSTER, limit: 500, beforeId });
    count += page.length;
    if (page.length < 500) return count;
    beforeId = page[page.length - 1]?.id;
  }
}

/** An upstream watch stream the benchmark pushes into. */
class PushStream implements AsyncIterable<UpstreamEvent> {
  readonly #queue: UpstreamEvent[] = [];
  #wake: (() => void) | undefined;

  push(event: UpstreamEvent): void {
    this.#queue.push(event);
    this.#wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<UpstreamEvent> {
    for (;;) {
      while (this.#queue.length === 0) await new Promise<void>((resolve) => (this.#wake = resolve));
      yield this.#queue.shift() as UpstreamEvent;
    }
  }
}

/**
 * Store figures: `changes` recorded changes of `objects` typical custom resources (each a one-field edit, as the
 * recorder stores it), the newest `lastHour` of them within the last hour and the rest over the 30 days before;
 * then the time of one object's history, of one object at a past moment, and of Activity's first page of the last
 * hour; and the bytes on disk per change.
 */
export async function measureHistoryStore(options: {
  changes: number;
  objects: number;
  lastHour: number;
  samples: number;
  log: (line: string) => void;
}): Promise<HistoryResults["store"]> {
  const dir = await mkdtemp(join(os.tmpdir(), "loupe-bench-history-"));
  const store = new SqliteHistoryStore({ path: join(dir, "history.db") });
  await store.migrate();
  const now = Date.now();
  const old = options.changes - options.lastHour;
  const timeOf = (k: number) =>
    k < old
      ? now - 30 * 86_400_000 + Math.floor((k / old) * (30 * 86_400_000 - 3_600_000))
      : now - 3_600_000 + Math.floor(((k - old) / options.lastHour) * 3_590_000);
  const previous = new Array<Record<string, unknown> | undefined>(options.objects);
  const fillStart = performance.now();
  const batch: NewChange[] = [];
  for (let k = 0; k < options.changes; k++) {
    const i = k % options.objects;
    const generation = Math.floor(k / options.objects) + 1;
    const raw = typicalObject(i, generation);
    const object = sanitize(raw as unknown as Record<string, unknown>, "bench.loupe.dev", "widgets");
    const before = previous[i];
    previous[i] = object;
    batch.push({
      cluster: CLUSTER,
      group: "bench.loupe.dev",
      version: "v1",
      resource: "widgets",
      namespace: raw.metadata.namespace ?? "",
      name: raw.metadata.name,
      uid: raw.metadata.uid ?? "",
      time: timeOf(k),
      type: before ? "MODIFIED" : "ADDED",
      gap: false,
      resourceVersion: raw.metadata.resourceVersion ?? "",
      managers: [{ manager: "widget-controller", operation: "Update", subresource: "status" }],
      changes: before ? diffObjects(before, object) : [],
      object,
    });
    if (batch.length === 5_000) {
      await store.append(batch.splice(0));
      if (k % 100_000 === 99_999) options.log(`bench: history store ${(k + 1).toLocaleString("en")} changes`);
    }
  }
  await store.append(batch.splice(0));
  const fillSeconds = (performance.now() - fillStart) / 1000;
  const bytes = await store.size();
  const time = async (run: () => Promise<unknown>) => {
    const t0 = performance.now();
    await run();
    return performance.now() - t0;
  };
  const pick = (s: number) => `widget-${String((s * 7919) % options.objects).padStart(6, "0")}`;
  const ref = (s: number) => ({
    cluster: CLUSTER,
    group: "bench.loupe.dev",
    resource: "widgets",
    namespace: `ns-${((s * 7919) % options.objects) % 20}`,
    name: pick(s),
  });
  const objectHistory: number[] = [];
  const objectAt: number[] = [];
  const lastHour: number[] = [];
  let lastHourChanges = 0;
  for (let s = 0; s < options.samples; s++) {
    objectHistory.push(await time(() => store.query({ ...ref(s), limit: 100 })));
    const at = now - Math.floor((((s * 104_729) % 1_000) / 1_000) * 20 * 86_400_000);
    objectAt.push(await time(() => store.objectAt(ref(s), at)));
    lastHour.push(await time(() => store.query({ cluster: CLUSTER, since: now - 3_600_000, limit: 100 })));
  }
  lastHourChanges = options.lastHour;
  await store.close();
  await rm(dir, { recursive: true, force: true });
  const result = {
    changes: options.changes,
    objects: options.objects,
    fillSeconds,
    bytesPerChange: bytes / options.changes,
    objectHistoryMs: summarize(objectHistory),
    objectAtMs: summarize(objectAt),
    lastHourChanges,
    lastHourFirstPageMs: summarize(lastHour),
  };
  options.log(
    `bench: history store ${options.changes} changes in ${fillSeconds.toFixed(0)} s, ${result.bytesPerChange.toFixed(0)} B/change; object history p95 ${result.objectHistoryMs.p95.toFixed(1)} ms, object at p95 ${result.objectAtMs.p95.toFixed(1)} ms, last hour p95 ${result.lastHourFirstPageMs.p95.toFixed(1)} ms`,
  );
  return result;
}

/** Loupe's RSS with the recorder off and on, over the same objects. */
export interface HistoryMemory {
  objects: number;
  rssOffBytes: number;
  rssOnBytes: number;
  recorded: number;
  recordSeconds: number;
}

/**
 * Server RSS with the recorder on vs off: the same Loupe started twice against a cluster holding `objects` custom
 * resources of `group`, once with `--no-history`, once recording that group into a temporary SQLite history, each
 * measured (median of 5 samples a second apart) after start-up settled — the second once every object is recorded.
 */
export async function measureRecorderMemory(options: {
  objects: number;
  group: string;
  start: (args: string[]) => Promise<{
    rss(): Promise<number>;
    metrics(): Promise<Map<string, number>>;
    stop(): Promise<void>;
  }>;
  log: (line: string) => void;
}): Promise<HistoryMemory> {
  const settle = async (loupe: { rss(): Promise<number> }) => {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(await loupe.rss());
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    return samples.sort((a, b) => a - b)[2] as number;
  };
  const off = await options.start(["--no-history"]);
  let rssOffBytes: number;
  try {
    rssOffBytes = await settle(off);
  } finally {
    await off.stop();
  }
  const dir = await mkdtemp(join(os.tmpdir(), "loupe-bench-history-"));
  const on = await options.start(["--history-dir", dir, "--history-kinds", `${options.group}/*`]);
  let rssOnBytes: number;
  let recorded = 0;
  const t0 = performance.now();
  try {
    for (let i = 0; i < 600; i++) {
      const metrics = await on.metrics();
      recorded = metrics.get("loupe_history_changes_recorded_total") ?? 0;
      if (recorded >= options.objects && (metrics.get("loupe_history_queued_changes") ?? 1) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const recordSeconds = (performance.now() - t0) / 1000;
    rssOnBytes = await settle(on);
    options.log(
      `bench: history memory ${options.objects} objects: RSS off ${(rssOffBytes / 1e6).toFixed(0)} MB, on ${(rssOnBytes / 1e6).toFixed(0)} MB (${recorded} recorded in ${recordSeconds.toFixed(0)} s)`,
    );
    return { objects: options.objects, rssOffBytes, rssOnBytes, recorded, recordSeconds };
  } finally {
    await on.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
