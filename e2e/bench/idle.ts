import { PROBES } from "./data.ts";
import type { LoupeProcess } from "./loupe.ts";
import { median } from "./stats.ts";
import { Subscribers } from "./subscribers.ts";
import type { WatchTarget } from "./watch-clients.ts";

/** Idle subscriptions: what they cost the server in upstream watches and memory. */
export interface IdleResult {
  keys: number;
  sockets: number;
  subscriptions: number;
  /** Read from /metrics once every subscription had its snapshot. */
  upstreamWatches: number;
  reflectors: number;
  subscriptionsMetric: number;
  /** Server RSS (bytes): before any subscription, with one per key, with all of them. */
  rssBaseline: number;
  rssOnePerKey: number;
  rssAll: number;
  /** (rssAll - rssBaseline) scaled to 1,000 subscriptions: everything they cost, reflectors and sockets included. */
  perThousand: number;
  /** (rssAll - rssOnePerKey) scaled to 1,000: the subscriptions beyond the first per key. */
  perThousandMarginal: number;
}

/**
 * Figure: `subscriptions` idle subscriptions spread evenly over `namespaces.length` keys, held by `sockets`
 * WebSockets (a tab holds at most 100). RSS is the median of five readings a second apart, after a settle.
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
  const rss = async () => {
    await sleep(3_000);
    const readings: number[] = [];
    for (let i = 0; i < 5; i++) {
      readings.push(await loupe.rss());
      await sleep(1_000);
    }
    return median(readings);
  };
  const rssBaseline = await rss();
  // One socket with one subscription per key: the reflectors and their stores.
  const first = new Subscribers();
  const rest = new Subscribers();
  try {
    await first.open(loupe.url, namespaces.map(target), 1);
    const rssOnePerKey = await rss();
    // The rest: each socket subscribes to every key, several times over (distinct ids), up to the total.
    const perSocket = (subscriptions - namespaces.length) / (sockets - 1);
    const targets = Array.from({ length: perSocket }, (_, i) => target(namespaces[i % namespaces.length] as string));
    if (!Number.isInteger(perSocket) || perSocket > 100) throw new Error(`${perSocket} subscriptions per socket`);
    await rest.open(loupe.url, targets, sockets - 1);
    const metrics = await loupe.metrics();
    const rssAll = await rss();
    const result: IdleResult = {
      keys: namespaces.length,
      sockets,
      subscriptions,
      upstreamWatches: metrics.get("loupe_watch_upstream_watches") ?? Number.NaN,
      reflectors: metrics.get("loupe_watch_reflectors") ?? Number.NaN,
      subscriptionsMetric: metrics.get("loupe_watch_subscriptions") ?? Number.NaN,
      rssBaseline,
      rssOnePerKey,
      rssAll,
      perThousand: ((rssAll - rssBaseline) * 1000) / subscriptions,
      perThousandMarginal: ((rssAll - rssOnePerKey) * 1000) / (subscriptions - namespaces.length),
    };
    options.log(
      `bench: idle ${subscriptions} subscriptions on ${namespaces.length} keys: ${result.upstreamWatches} upstream watches, ` +
        `RSS ${(rssBaseline / 2 ** 20).toFixed(0)} → ${(rssAll / 2 ** 20).toFixed(0)} MB ` +
        `(${(result.perThousand / 2 ** 20).toFixed(1)} MB per 1,000)`,
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
