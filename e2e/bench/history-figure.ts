import { benchCrd, crdName, ITEMS, loadNamespaces } from "./data.ts";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import {
  type HistoryMemory,
  type HistoryResults,
  measureHistoryStore,
  measureRecorderMemory,
  measureRecorderThroughput,
} from "./history.ts";

interface HistoryFigureResult extends HistoryResults {
  memory: HistoryMemory;
}

const NS = "history-memory";

/**
 * The history's figures (issue: "History that lasts"): the recorder at 1,000 changes/s, one object's history and
 * Activity's last hour among 1,000,000 recorded changes, disk per change, and the server's RSS with the recorder
 * on vs off over 10,000 recorded objects. There is no reference tool (no dashboard keeps a history): targets only.
 */
export const historyFigure: BenchFigure<HistoryFigureResult> = {
  name: "history",
  description: "recorder at 1,000 changes/s, queries among 1M recorded changes, disk per change, RSS on vs off",
  async measure(context: FigureContext): Promise<HistoryFigureResult> {
    const quick = context.quick;
    const throughput = await measureRecorderThroughput({
      rate: 1_000,
      seconds: quick ? 5 : 30,
      objects: 1_000,
      log: context.log,
    });
    const store = await measureHistoryStore({
      changes: quick ? 100_000 : 1_000_000,
      objects: 10_000,
      lastHour: quick ? 10_000 : 100_000,
      samples: 50,
      log: context.log,
    });
    const objects = quick ? 1_000 : 10_000;
    await context.kube.createCrd(benchCrd(ITEMS));
    await context.kube.waitEstablished([crdName(ITEMS)]);
    await loadNamespaces(context.kube, [{ namespace: NS, kind: ITEMS, count: objects }], context.log);
    const memory = await measureRecorderMemory({
      objects,
      group: ITEMS.group,
      start: (args) => context.startLoupe({ args }),
      log: context.log,
    });
    if (throughput.achievedPerSecond < 0.9 * throughput.targetPerSecond) {
      context.problem(`the synthetic stream reached ${throughput.achievedPerSecond.toFixed(0)}/s, not 1,000/s`);
    }
    return { throughput, store, memory };
  },
  summary(r): SummaryRow[] {
    const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
    const n = r.store.changes.toLocaleString("en");
    const delta = (r.memory.rssOnBytes - r.memory.rssOffBytes) / 1e6;
    return [
      {
        figure: `recorder at ${r.throughput.targetPerSecond.toLocaleString("en")} changes/s for ${r.throughput.seconds} s (SQLite): lost; lag p99`,
        reference: "—",
        loupe: `${r.throughput.lost} lost; p99 ${ms(r.throughput.lagMs.p99)}`,
        ratio: "—",
        target: "0 lost, p99 ≤ 1 s",
        met: r.throughput.lost === 0 && r.throughput.lagMs.p99 <= 1_000,
      },
      {
        figure: `one object's history among ${n} recorded changes (p95)`,
        reference: "—",
        loupe: ms(r.store.objectHistoryMs.p95),
        ratio: "—",
        target: "≤ 50 ms",
        met: r.store.objectHistoryMs.p95 <= 50,
      },
      {
        figure: `Activity's last hour (${r.store.lastHourChanges.toLocaleString("en")} changes in it), first page (p95)`,
        reference: "—",
        loupe: ms(r.store.lastHourFirstPageMs.p95),
        ratio: "—",
        target: "≤ 200 ms",
        met: r.store.lastHourFirstPageMs.p95 <= 200,
      },
      {
        figure: "disk per recorded change (typical CR edit)",
        reference: "—",
        loupe: `${(r.store.bytesPerChange / 1024).toFixed(2)} KB`,
        ratio: "—",
        target: "≤ 2 KB",
        met: r.store.bytesPerChange <= 2048,
      },
      {
        figure: `server RSS, recorder on vs off (${r.memory.objects.toLocaleString("en")} objects recorded)`,
        reference: `${(r.memory.rssOffBytes / 1e6).toFixed(0)} MB off`,
        loupe: `${(r.memory.rssOnBytes / 1e6).toFixed(0)} MB on`,
        ratio: `${delta >= 0 ? "+" : ""}${delta.toFixed(0)} MB`,
        target: "≤ +40 MB",
        met: delta <= 40,
      },
    ];
  },
  details(r): string[] {
    const s = (x: { p50: number; p95: number; p99: number; max: number }) =>
      `p50 ${x.p50.toFixed(1)} / p95 ${x.p95.toFixed(1)} / p99 ${x.p99.toFixed(1)} / max ${x.max.toFixed(1)} ms`;
    return [
      "**Recorder throughput.** A synthetic API server stream (the local API server cannot take 1,000 writes/s next",
      "to Loupe on 2 cores) of MODIFIED events over 1,000 custom resources of ~1 KB (one field edit each, managedFields",
      "moving), through the real WatchHub, ResourceRecorder, ChangeWriter and SQLite store, in this process.",
      `Sent ${r.throughput.sent.toLocaleString("en")} at ${r.throughput.achievedPerSecond.toFixed(0)}/s; stored ${r.throughput.stored.toLocaleString("en")}; lost ${r.throughput.lost}.`,
      `Lag from the event leaving the stream to its transaction committed: ${s(r.throughput.lagMs)}.`,
      "",
      `**Store.** ${r.store.changes.toLocaleString("en")} changes of ${r.store.objects.toLocaleString("en")} objects appended as the recorder`,
      `does (5,000 per transaction; filled in ${r.store.fillSeconds.toFixed(0)} s), the newest ${r.store.lastHourChanges.toLocaleString("en")} in the last hour,`,
      "the rest over 30 days; 50 samples each, through the HistoryStore (the REST route adds the access check, cached).",
      `One object's history (100 newest changes): ${s(r.store.objectHistoryMs)}.`,
      `One object at a random past moment (full state + ≤ 19 diffs): ${s(r.store.objectAtMs)}.`,
      `Activity's last hour, first page of 100: ${s(r.store.lastHourFirstPageMs)}.`,
      `Disk: ${r.store.bytesPerChange.toFixed(0)} bytes per change (database pages in use / changes; full state every 20 changes).`,
      "",
      `**Memory.** Loupe started twice on ${r.memory.objects.toLocaleString("en")} Items: with \`--no-history\`, then recording their group`,
      `(${r.memory.recorded.toLocaleString("en")} recorded in ${r.memory.recordSeconds.toFixed(0)} s, a first start records every object once);`,
      `RSS the median of 5 samples after settling: off ${(r.memory.rssOffBytes / 1e6).toFixed(0)} MB, on ${(r.memory.rssOnBytes / 1e6).toFixed(0)} MB.`,
      "The difference includes the watch of the recorded kind (its reflector's store), which a browser watching that",
      "kind would share.",
    ];
  },
};
