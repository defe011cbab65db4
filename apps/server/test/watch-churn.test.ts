import { setImmediate as yieldToLoop } from "node:timers/promises";
import { type KubeObject, WATCH_MAX_SUBSCRIPTIONS, type WatchTarget } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unique } from "./support.ts";
import {
  type Kube,
  listenApp,
  metric,
  pathOf,
  type RunningApp,
  testKube,
  WatchClient,
  waitFor,
} from "./watch-support.ts";

// One socket subscribing and unsubscribing 1,000 distinct keys as fast as it can must not starve another client:
// its list GETs and its watch events stay within 2× of idle (+ a small absolute floor against ms-level noise).
// Latency is sampled open-loop — a GET and a write every INTERVAL_MS whether or not earlier ones are done — so a
// stall shows in every sample it delays, not in one sample that waited it out.
const CHURN_KEYS = 1_000;
const SAMPLES = 100;
const INTERVAL_MS = 50;
const FLOOR_MS = 50;

const cluster = inject("cluster");
/** The other client lists this namespace (a fixed content)... */
const listed = unique("churn-list");
/** ...and watches this one, where each watch sample creates an object. */
const watched = unique("churn-watch");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;

beforeAll(async () => {
  // Default limiter (50 qps, burst 300) and default linger (30 s): what a user runs.
  running = await listenApp(cluster.kubeconfigPath);
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  for (const name of [listed, watched]) await kube.request("POST", "/api/v1/namespaces", { metadata: { name } });
  for (let i = 0; i < 20; i++) {
    await kube.request("POST", `/api/v1/namespaces/${listed}/configmaps`, { metadata: { name: `cm-${i}` } });
  }
});
afterAll(async () => {
  await running?.app.close();
  await closeKube?.();
});

const configmaps: WatchTarget = {
  context: "loupe-local",
  group: "",
  version: "v1",
  resource: "configmaps",
  namespace: watched,
};

interface Latencies {
  list: number[];
  watch: number[];
}

/** A REST list GET of the other client, timed in ms. */
async function timeList(into: number[]): Promise<void> {
  const url = `${running.baseUrl}/api/v1/contexts/loupe-local/k8s/api/v1/namespaces/${listed}/configmaps`;
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  into.push(performance.now() - started);
}

/** Times from a write (straight to the API server, as kubectl) to its event on the other client's socket. */
class WriteTimer {
  readonly #waiting = new Map<string, (at: number) => void>();

  constructor(client: WatchClient) {
    client.socket.on("message", (data: Buffer) => {
      const text = data.toString();
      if (!text.startsWith('{"type":"events"')) return;
      const at = performance.now();
      for (const event of JSON.parse(text).events as { object: KubeObject }[]) {
        this.#waiting.get(event.object.metadata.name)?.(at);
      }
    });
  }

  async time(name: string, into: number[]): Promise<void> {
    const heard = new Promise<number>((resolve) => this.#waiting.set(name, resolve));
    const started = performance.now();
    await kube.request("POST", pathOf(configmaps), { metadata: { name, labels: { app: "other" } } });
    into.push((await heard) - started);
    this.#waiting.delete(name);
  }
}

async function measure(writes: WriteTimer, phase: string): Promise<Latencies> {
  const into: Latencies = { list: [], watch: [] };
  const runs: Promise<void>[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    runs.push(timeList(into.list), writes.time(`${phase}-${i}`, into.watch));
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  await Promise.all(runs);
  return into;
}

/** Sends subscribe+unsubscribe for `count` distinct label selectors, yielding to the event loop every 50 pairs. */
async function churn(client: WatchClient, prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    client.subscribe(`${prefix}-k${i}`, { ...configmaps, labelSelector: `churn=${prefix}-k${i}` });
    client.unsubscribe(`${prefix}-k${i}`);
    if (i % 50 === 49) await yieldToLoop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(latencies: Latencies) {
  const round = (n: number) => Math.round(n * 10) / 10;
  const of = (values: number[]) => ({
    p50: round(percentile(values, 50)),
    p99: round(percentile(values, 99)),
    max: round(Math.max(...values)),
    total: round(values.reduce((a, b) => a + b, 0)),
  });
  return { list: of(latencies.list), watch: of(latencies.watch) };
}

// Latencies of a few ms on a shared 2-core machine see spikes of 100+ ms from other processes (other test files
// run in parallel); a failed attempt is retried with fresh keys. Before the fix every attempt fails by seconds.
let attempt = 0;

describe("churn: one socket subscribing and unsubscribing 1,000 keys", () => {
  it("does not starve another client's list GETs or watch events", { timeout: 180_000, retry: 2 }, async () => {
    const prefix = `a${++attempt}`;
    const other = await WatchClient.connect(running.watchUrl);
    const churner = await WatchClient.connect(running.watchUrl);
    churner.keepEvents = false;
    try {
      other.subscribe("mine", { ...configmaps, labelSelector: "app=other" });
      await waitFor("the other client's snapshot", () => other.view("mine").snapshots === 1);
      const writes = new WriteTimer(other);
      // Warm the catalog and the connection pool before timing anything.
      await Promise.all([timeList([]), writes.time(`${prefix}-warm`, [])]);
      const idle = await measure(writes, `${prefix}-idle`);

      const churning = churn(churner, prefix, CHURN_KEYS);
      const busy = await measure(writes, `${prefix}-busy`);
      await churning;

      const reflectors = await metric(running.baseUrl, "loupe_watch_reflectors");
      const figures = { idle: summary(idle), churn: summary(busy), reflectorsAfter: reflectors };
      console.log(`churn figures (ms), attempt ${attempt}: ${JSON.stringify(figures)}`);
      expect(figures.churn.list.p99).toBeLessThanOrEqual(2 * figures.idle.list.p99 + FLOOR_MS);
      expect(figures.churn.watch.p99).toBeLessThanOrEqual(2 * figures.idle.watch.p99 + FLOOR_MS);
      // What the churn left behind is bounded: at most one socket's worth of lingering reflectors, plus the
      // other client's and the catalog's two.
      expect(reflectors).toBeLessThanOrEqual(3 + WATCH_MAX_SUBSCRIPTIONS);
      // The churning socket was slowed, never refused: it still subscribes like any other.
      expect(churner.errors).toEqual([]);
      churner.subscribe("after", { ...configmaps, labelSelector: `app=after-${prefix}` });
      await waitFor("the churning socket's next snapshot", () => churner.view("after").snapshots === 1);
    } finally {
      other.close();
      churner.close();
    }
  });
});
