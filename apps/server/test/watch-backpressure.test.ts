import { randomBytes } from "node:crypto";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { KubeObject, WatchTarget } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unique } from "./support.ts";
import {
  type Kube,
  listenApp,
  metric,
  pathOf,
  pool,
  type RunningApp,
  sameState,
  testKube,
  WatchClient,
  waitFor,
} from "./watch-support.ts";

const EVENTS = 5_000;
const OBJECTS = 500;
const MAX_PENDING = 200;
const PAYLOAD_BYTES = 8 * 1024;
/**
 * A fresh random 8 KiB string per write: the socket offers permessage-deflate, which would shrink a repeated
 * payload to almost nothing, and the stuck client's buffer would never fill.
 */
const payload = () => randomBytes((PAYLOAD_BYTES * 3) / 4).toString("base64");

// Retained memory is what matters, not garbage not yet collected: measure the heap after a full collection.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** A full collection, then a moment for native memory released by finalizers (zlib, sockets) to go, then another. */
async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 250));
  gc();
}

const cluster = inject("cluster");
const namespace = unique("backpressure");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { session: { maxPendingEvents: MAX_PENDING } } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(namespace);
});
afterAll(async () => {
  await running?.app.close();
  await closeKube?.();
});

const target: WatchTarget = { context: "loupe-local", group: "", version: "v1", resource: "configmaps", namespace };

/** Writes `count` changes spread over the objects; returns when each write's event reached `client`, in ms. */
async function writeAndMeasure(client: WatchClient, first: number, count: number): Promise<number[]> {
  const seen = new Map<string, number>();
  const onMessage = (data: Buffer) => {
    const text = data.toString();
    if (!text.startsWith('{"type":"events"')) return;
    const now = performance.now();
    for (const event of JSON.parse(text).events as { object: KubeObject }[]) {
      seen.set(`${event.object.metadata.name}@${event.object.metadata.resourceVersion}`, now);
    }
  };
  client.socket.on("message", onMessage);
  const written = new Map<string, number>();
  const ops = Array.from({ length: count }, (_, i) => first + i);
  await pool(ops, 8, async (i) => {
    const name = `o${i % OBJECTS}`;
    const body = { metadata: { name }, data: { i: String(i), payload: payload() } };
    const object =
      i < OBJECTS
        ? await kube.request("POST", pathOf(target), body)
        : await kube.request("PATCH", `${pathOf(target)}/${name}`, body, "application/merge-patch+json");
    written.set(`${name}@${object.metadata.resourceVersion}`, performance.now());
  });
  await waitFor("the fast client to hear every write", () => [...written.keys()].every((k) => seen.has(k)), 30_000);
  client.socket.off("message", onMessage);
  return [...written].map(([key, at]) => Math.max(0, (seen.get(key) as number) - at)).sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

describe("a client that stops reading", () => {
  it(`stays bounded while ${EVENTS} events flow, does not slow the others, and is resynced when it reads again`, async () => {
    const fast = await WatchClient.connect(running.watchUrl);
    const slow = await WatchClient.connect(running.watchUrl);
    fast.keepEvents = false;
    slow.keepEvents = false;
    try {
      fast.subscribe("w", target);
      slow.subscribe("w", target);
      await waitFor("both snapshots", () => fast.view("w").snapshots === 1 && slow.view("w").snapshots === 1);
      // Baseline: the first OBJECTS writes (creates) with both clients reading.
      const baseline = await writeAndMeasure(fast, 0, OBJECTS);

      slow.socket.pause();
      await settle();
      const before = process.memoryUsage();
      const peak = { rss: before.rss, pending: 0, buffered: 0 };
      const sampler = setInterval(async () => {
        peak.rss = Math.max(peak.rss, process.memoryUsage().rss);
        peak.pending = Math.max(peak.pending, await metric(running.baseUrl, "loupe_watch_pending_events"));
        peak.buffered = Math.max(peak.buffered, await metric(running.baseUrl, "loupe_watch_buffered_bytes"));
      }, 100);
      const started = performance.now();
      let stuck: number[];
      try {
        stuck = await writeAndMeasure(fast, OBJECTS, EVENTS);
      } finally {
        clearInterval(sampler);
      }
      const seconds = (performance.now() - started) / 1000;
      await settle();
      const after = process.memoryUsage();
      const retained = after.heapUsed + after.external - before.heapUsed - before.external;
      const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
      const streamed = EVENTS * (PAYLOAD_BYTES + 600);
      console.info(
        `backpressure: ${EVENTS} events of ~${(PAYLOAD_BYTES / 1024).toFixed(0)} KiB in ${seconds.toFixed(1)} s ` +
          `(${(EVENTS / seconds).toFixed(0)}/s, ~${mb(streamed)} MiB to each client). With one client stuck: ` +
          `retained heap+external +${mb(retained)} MiB after GC, peak rss +${mb(peak.rss - before.rss)} MiB, ` +
          `pending events <= ${peak.pending}, socket buffers <= ${mb(peak.buffered)} MiB. Fast client latency ` +
          `p50/p99 ${percentile(baseline, 0.5).toFixed(0)}/${percentile(baseline, 0.99).toFixed(0)} ms before, ` +
          `${percentile(stuck, 0.5).toFixed(0)}/${percentile(stuck, 0.99).toFixed(0)} ms with the stuck client`,
      );
      expect(peak.pending).toBeLessThanOrEqual(MAX_PENDING + 1);
      // The server holds a bounded backlog (socket buffer ~ the 1 MiB high-water mark plus one message), not the
      // ~42 MiB the stuck client missed. The store of 500 objects × 8 KiB (~5 MiB) is shared with the fast client.
      expect(peak.buffered).toBeLessThan(4 * 1024 * 1024);
      expect(retained).toBeLessThan(32 * 1024 * 1024);
      expect(percentile(stuck, 0.99)).toBeLessThan(Math.max(1_000, 3 * percentile(baseline, 0.99)));
      expect(await metric(running.baseUrl, "loupe_watch_resyncs_total")).toBeGreaterThanOrEqual(1);

      slow.socket.resume();
      const fresh = await kube.state(pathOf(target));
      await waitFor(
        "the slow client to catch up by a new snapshot",
        () => sameState(slow.view("w").items, fresh),
        30_000,
      );
      expect(slow.view("w").snapshots).toBeGreaterThanOrEqual(2);
      expect(sameState(fast.view("w").items, fresh)).toBe(true);
    } finally {
      fast.close();
      slow.close();
    }
  }, 120_000);
});
