import { monitorEventLoopDelay } from "node:perf_hooks";
import { PROBES } from "./data.ts";
import type { BenchCluster, Kube } from "./kube.ts";
import type { LoupeProcess } from "./loupe.ts";
import { type Summary, summarize } from "./stats.ts";
import { Subscribers } from "./subscribers.ts";
import { openRawWatch, type WatchTarget } from "./watch-clients.ts";
import { PacedWriter } from "./writer.ts";

/** Latency of one rate × subscriber count: the raw stream's and Loupe's clients', from the write's send time. */
export interface WatchLatencyResult {
  rate: number;
  subscribers: number;
  writes: number;
  achievedPerSecond: number;
  failedWrites: number;
  /** Write → event at the raw API server stream (ms). */
  raw: Summary;
  /** Write → event at each Loupe WebSocket client, all clients' events together (ms). */
  loupe: Summary;
  /** Per event and client: Loupe's arrival minus the raw stream's (ms). */
  added: Summary;
  /** Events never seen at the raw stream, and at the clients together (of writes × subscribers). */
  missingRaw: number;
  missingLoupe: number;
  /** How late the writer sent against its schedule (ms). */
  writerLateP50: number;
  writerLateMax: number;
  /** The benchmark main thread's event-loop delay p99 meanwhile (ms): how much it may have blurred the figures. */
  benchLoopDelayP99: number;
}

export interface WatchLatencyOptions {
  cluster: BenchCluster;
  kube: Kube;
  loupe: LoupeProcess;
  namespace: string;
  /** Names of the objects written in turn. */
  names: readonly string[];
  rates: readonly number[];
  subscriberCounts: readonly number[];
  seconds: number;
  log: (line: string) => void;
}

/**
 * Figure: watch relay latency. For each subscriber count (clients are added, never reopened) and each rate: a
 * one-second warm-up at the rate, then `seconds` of paced writes. Each write stamps an annotation; the raw stream
 * (main thread) and every Loupe client (a worker thread) record when the stamp arrived.
 */
export async function measureWatchLatency(options: WatchLatencyOptions): Promise<{
  results: WatchLatencyResult[];
  rawReopened: number;
}> {
  const { kube, loupe, namespace, names, log } = options;
  const collectionPath = `/apis/${PROBES.group}/v1/namespaces/${namespace}/${PROBES.plural}`;
  const target: WatchTarget = {
    context: "loupe-local",
    group: PROBES.group,
    version: "v1",
    resource: PROBES.plural,
    namespace,
  };
  const writer = new PacedWriter(options.cluster);
  const subscribers = new Subscribers();
  const raw = await openRawWatch(kube, collectionPath);
  const results: WatchLatencyResult[] = [];
  try {
    for (const count of options.subscriberCounts) {
      await subscribers.open(loupe.url, [target], count);
      for (const rate of options.rates) {
        const tag = `r${rate}s${count}`;
        await writer.run({ collectionPath, names, tag: `${tag}w`, rate, seconds: 1 });
        const loop = monitorEventLoopDelay({ resolution: 5 });
        loop.enable();
        const run = await writer.run({ collectionPath, names, tag, rate, seconds: options.seconds });
        const writes = run.sent.length;
        // Stragglers: up to 5 s for every reader to see every write.
        for (let waited = 0; waited < 5_000; waited += 200) {
          const rawDone = raw.arrivals.collect(tag, writes).every((t) => !Number.isNaN(t));
          if (rawDone && (await subscribers.missing(tag, writes)) === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        loop.disable();
        const rawAt = raw.arrivals.collect(tag, writes);
        const clientAt = await subscribers.collect(tag, writes);
        const result = evaluate(rate, count, run, rawAt, clientAt);
        result.benchLoopDelayP99 = loop.percentile(99) / 1e6;
        results.push(result);
        log(
          `bench: watch ${rate}/s × ${count}: achieved ${result.achievedPerSecond.toFixed(0)}/s, raw p50 ` +
            `${result.raw.p50.toFixed(1)} p99 ${result.raw.p99.toFixed(1)} ms, Loupe p50 ${result.loupe.p50.toFixed(1)} ` +
            `p99 ${result.loupe.p99.toFixed(1)} ms, added p50 ${result.added.p50.toFixed(1)} p99 ` +
            `${result.added.p99.toFixed(1)} ms, missing ${result.missingRaw}/${result.missingLoupe}`,
        );
        raw.arrivals.times.clear();
        await subscribers.clear();
      }
    }
  } finally {
    raw.close();
    await subscribers.close();
    await writer.close();
  }
  return { results, rawReopened: raw.reopened };
}

function evaluate(
  rate: number,
  subscribers: number,
  run: Awaited<ReturnType<PacedWriter["run"]>>,
  rawAt: Float64Array,
  clientAt: Float64Array[],
): WatchLatencyResult {
  const rawLatency: number[] = [];
  const loupeLatency: number[] = [];
  const added: number[] = [];
  let missingRaw = 0;
  let missingLoupe = 0;
  for (let k = 0; k < run.sent.length; k++) {
    const sentAt = run.sent[k] as number;
    const atRaw = rawAt[k] as number;
    if (Number.isNaN(atRaw)) missingRaw++;
    else rawLatency.push(atRaw - sentAt);
    for (const arrivals of clientAt) {
      const at = arrivals[k] as number;
      if (Number.isNaN(at)) {
        missingLoupe++;
        continue;
      }
      loupeLatency.push(at - sentAt);
      if (!Number.isNaN(atRaw)) added.push(at - atRaw);
    }
  }
  return {
    rate,
    subscribers,
    writes: run.sent.length,
    achievedPerSecond: run.achievedPerSecond,
    failedWrites: run.failed,
    raw: summarize(rawLatency),
    loupe: summarize(loupeLatency),
    added: summarize(added),
    missingRaw,
    missingLoupe,
    writerLateP50: run.lateP50,
    writerLateMax: run.lateMax,
    benchLoopDelayP99: 0,
  };
}
