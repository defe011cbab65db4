import { PROBES } from "./data.ts";
import type { LoupeProcess } from "./loupe.ts";
import { median } from "./stats.ts";
import { Subscribers } from "./subscribers.ts";
import type { WatchTarget } from "./watch-clients.ts";

/** The server's memory at one moment: medians of five readings. Bytes. */
export interface MemorySample {
  /** VmRSS from /proc/<pid>/status. */
  rss: number;
  /** From /metrics: V8 heap in use, its young generation's committed size, memory of buffers. */
  heapUsed: number;
  newSpace: number;
  external: number;
}

/** Idle subscriptions: what they cost the server in upstream watches and memory. */
export interface IdleResult {
  keys: number;
  sockets: number;
  subscriptions: number;
  /** Read from /metrics once every subscription had its snapshot. */
  upstreamWatches: number;
  reflectors: number;
  subscriptionsMetric: number;
  /** Before any subscription, with one per key, with all of them, and with twice as many (2 × sockets - 1). */
  baseline: MemorySample;
  onePerKey: MemorySample;
  all: MemorySample;
  double: MemorySample;
  /** Subscriptions at `double`. */
  doubleSubscriptions: number;
  /** (all - baseline) RSS scaled to 1,000 subscriptions: everything they cost, reflectors and sockets included. */
  perThousand: number;
  /** (all - onePerKey) RSS scaled to 1,000: the subscriptions beyond the first per key. */
  perThousandMarginal: number;
  /** (double - all) RSS scaled to 1,000: the next subscriptions, once the process has grown its pools. */
  perThousandNext: number;
}

/**
 * Figure: `subscriptions` idle subscriptions spread evenly over `namespaces.length` keys, held by `sockets`
 * WebSockets (a tab holds at most 100), then as many again on more sockets. Memory is the median of five
 * readings a second apart, after a settle.
 */
export async function measureIdle(options: {
  loupe: LoupeProcess;
  namespaces: readonly string[];
  sockets: number;
  subscriptions: number;
  log: (line: string) => void;
}): Promise<IdleResult> {
  const { loupe, namespaces, sockets, subscriptions } = options;
  const target = (namespace: string): WatchTarget => ({
    context: "loupe-local",
    group: PROBES.group,
    version: "v1",
    resource: PROBES.plural,
    namespace,
  });
  const sample = async (): Promise<MemorySample> => {
    await sleep(3_000);
    const readings: MemorySample[] = [];
    for (let i = 0; i < 5; i++) {
      const metrics = await loupe.metrics();
      readings.push({
        rss: await loupe.rss(),
        heapUsed: metrics.get("nodejs_heap_used_bytes") ?? Number.NaN,
        newSpace: metrics.get("nodejs_heap_new_space_bytes") ?? Number.NaN,
        external: metrics.get("nodejs_external_memory_bytes") ?? Number.NaN,
      });
      await sleep(1_000);
    }
    return {
      rss: median(readings.map((r) => r.rss)),
      heapUsed: median(readings.map((r) => r.heapUsed)),
      newSpace: median(readings.map((r) => r.newSpace)),
      external: median(readings.map((r) => r.external)),
    };
  };
  const baseline = await sample();
  // One socket with one subscription per key: the reflectors and their stores.
  const first = new Subscribers();
  const rest = new Subscribers();
  try {
    await first.open(loupe.url, namespaces.map(target), 1);
    const onePerKey = await sample();
    // The rest: each socket subscribes to every key, several times over (distinct ids), up to the total.
    const perSocket = (subscriptions - namespaces.length) / (sockets - 1);
    const targets = Array.from({ length: perSocket }, (_, i) => target(namespaces[i % namespaces.length] as string));
    if (!Number.isInteger(perSocket) || perSocket > 100) throw new Error(`${perSocket} subscriptions per socket`);
    await rest.open(loupe.url, targets, sockets - 1);
    const metrics = await loupe.metrics();
    const all = await sample();
    // As many again: does the cost grow with the subscriptions, or was it the process growing its pools once?
    await rest.open(loupe.url, targets, 2 * (sockets - 1));
    const doubleSubscriptions = subscriptions + (sockets - 1) * perSocket;
    const double = await sample();
    const result: IdleResult = {
      keys: namespaces.length,
      sockets,
      subscriptions,
      upstreamWatches: metrics.get("loupe_watch_upstream_watches") ?? Number.NaN,
      reflectors: metrics.get("loupe_watch_reflectors") ?? Number.NaN,
      subscriptionsMetric: metrics.get("loupe_watch_subscriptions") ?? Number.NaN,
      baseline,
      onePerKey,
      all,
      double,
      doubleSubscriptions,
      perThousand: ((all.rss - baseline.rss) * 1000) / subscriptions,
      perThousandMarginal: ((all.rss - onePerKey.rss) * 1000) / (subscriptions - namespaces.length),
      perThousandNext: ((double.rss - all.rss) * 1000) / (doubleSubscriptions - subscriptions),
    };
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    options.log(
      `bench: idle ${subscriptions} subscriptions on ${namespaces.length} keys: ${result.upstreamWatches} upstream watches, ` +
        `RSS ${mb(baseline.rss)} → ${mb(all.rss)} MB (${mb(result.perThousand)} MB per 1,000; young generation ` +
        `${mb(baseline.newSpace)} → ${mb(all.newSpace)} MB); ${doubleSubscriptions}: ${mb(double.rss)} MB ` +
        `(${mb(result.perThousandNext)} MB per 1,000 more)`,
    );
    return result;
  } finally {
    await rest.close();
    await first.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
