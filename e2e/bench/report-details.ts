import { breakdownText } from "./big-table.ts";
import { renderChart, type Series } from "./chart.ts";
import { timelineText } from "./list.ts";
import type { BenchResults } from "./report.ts";
import { mb, ms, ratioText } from "./stats.ts";
import type { WatchLatencyResult } from "./watch-latency.ts";

const signed = (value: number) => `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))}`;
const range = (s: { p50: number; min: number; max: number }) => `${ms(s.p50)} (${ms(s.min)}–${ms(s.max)})`;

/** The watch chart: p50 and p99 per event rate, Loupe per subscriber count against the raw stream. */
export function watchChart(results: readonly WatchLatencyResult[]): string {
  const colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"];
  const counts = [...new Set(results.map((r) => r.subscribers))];
  const rates = [...new Set(results.map((r) => r.rate))];
  const panel = (title: string, pick: (r: WatchLatencyResult, raw: boolean) => number) => ({
    title,
    series: counts.flatMap((count, i): Series[] => {
      const rows = results.filter((r) => r.subscribers === count);
      const color = colors[i % colors.length] as string;
      const label = `${count} subscriber${count === 1 ? "" : "s"}`;
      return [
        { label: `Loupe, ${label}`, color, points: rows.map((r) => ({ x: r.achievedPerSecond, y: pick(r, false) })) },
        {
          label: `raw API stream, same run`,
          color,
          dashed: true,
          points: rows.map((r) => ({ x: r.achievedPerSecond, y: pick(r, true) })),
        },
      ];
    }),
  });
  return renderChart({
    title: "Watch relay latency (write → event) vs event rate",
    xLabel: "achieved event rate (writes/s; ticks at the targets)",
    yLabel: "latency (ms, log scale)",
    xTicks: rates,
    panels: [
      panel("p50", (r, raw) => (raw ? r.raw.p50 : r.loupe.p50)),
      panel("p99", (r, raw) => (raw ? r.raw.p99 : r.loupe.p99)),
    ],
  });
}

/** The per-figure sections of the report: method and every number behind the summary. */
export function details(results: BenchResults): string[] {
  const out: string[] = [];
  if (results.list) {
    out.push(
      "## List: Loupe's table in Chromium vs `kubectl get <crd> -n <ns> -o json`",
      "",
      "Per sample: kubectl (spawn → exit, stdout read and discarded, discovery cache warm); then a fresh Loupe server, " +
        "warmed with a catalog and an unrelated list so that only this list is new to it; then two visits, each in a " +
        "fresh browser context (empty cache: the SPA loads too). *Cold* is the first visit (the server lists from the " +
        "API server), *warm* the second a moment later (the server still watches the list). *First row*: navigation " +
        "start → the end of the frame that shows the first data row. *Usable*: all rows loaded (the status line reads " +
        '"N rows"), then one more frame rendered and a task run. *In-app*: a third visit, the everyday case — the ' +
        "app open at another list of the same namespace, the user clicks the kind in the sidebar (server still " +
        "watching the list); times from the click. One unrecorded round first; p50 (min–max).",
      "",
      "| objects | samples | kubectl | output | cold: first row | cold: usable | cold / kubectl | warm: first row | warm: usable | warm / kubectl | in-app: first row | in-app: usable |",
      "|---|---|---|---|---|---|---|---|---|---|---|---|",
      ...results.list.map(
        (l) =>
          `| ${l.size.toLocaleString("en")} | ${l.samples} | ${range(l.kubectl)} | ${mb(l.kubectlBytes)} | ` +
          `${range(l.cold.firstRow)} | ${range(l.cold.usable)} | ${ratioText(l.ratio)} | ${range(l.warm.firstRow)} | ` +
          `${range(l.warm.usable)} | ${ratioText(l.warmRatio)} | ${range(l.inApp.firstRow)} | ${range(l.inApp.usable)} |`,
      ),
      "",
      "Where a cold visit's time goes (medians, ms from navigation start; *shell*: React first rendered into the " +
        "page, i.e. the main bundle was evaluated):",
      "",
      ...results.list.map((l) => `- ${l.size.toLocaleString("en")}: ${timelineText(l.cold.timeline)}`),
      "",
    );
  }
  if (results.bigTable) {
    const b = results.bigTable;
    out.push(
      `## ${b.rows.toLocaleString("en")} rows in the browser`,
      "",
      "All objects of the kind across namespaces in one table (fresh server and browser context). Heap over CDP once " +
        "loaded (`Performance.getMetrics` JSHeapUsedSize) and after `HeapProfiler.collectGarbage` " +
        `(\`Runtime.getHeapUsage\`). Then the grid scrolls by 960 px (30 rows) in each of ${b.frames} animation ` +
        "frames: *frame work* is wall time from the frame's scroll event to the end of its rendering, *interval* the " +
        "time between frames. A second, traced pass gives the renderer main thread's *CPU time* per frame (thread " +
        "time of its tasks), which other processes on the machine hardly change.",
      "",
      `- load: first row ${ms(b.load.firstRow)}, all rows ${ms(b.load.complete)}, usable ${ms(b.load.usable)}`,
      `- JS heap: ${mb(b.heapUsed)} as loaded, ${mb(b.heapUsedAfterGc)} after a full GC`,
      `- frame work (wall): p50 ${ms(b.frameWork.p50)}, p95 ${ms(b.frameWork.p95)}, max ${ms(b.frameWork.max)}`,
      `- frame interval: p50 ${ms(b.frameInterval.p50)}, p95 ${ms(b.frameInterval.p95)}, max ${ms(b.frameInterval.max)}`,
      `- main-thread CPU per frame: p50 ${ms(b.frameCpu.p50)}, p95 ${ms(b.frameCpu.p95)}, mean ${ms(b.frameCpu.mean)} ` +
        `(mean by kind: ${breakdownText(b.frameCpuBreakdown)})`,
      "",
    );
  }
  if (results.watch) {
    out.push(
      "## Watch relay latency",
      "",
      `Writes are merge patches stamping an annotation with a sequence number, sent on a fixed schedule ` +
        `(${results.watch.seconds} s per row after a 1 s warm-up, from 32 connections, at most 128 in flight) to ` +
        "200 objects in turn. Latency runs from sending the write to the event's arrival: at the raw `?watch=1` " +
        "stream read directly from the API server (Table format with metadata, as Loupe's reflector asks for it), " +
        "and at each of N WebSocket clients subscribed to the same collection through Loupe (table mode). The " +
        "clients run in a worker thread, the writer and the raw reader on the main thread, all timed on one " +
        "monotonic clock. *Added* is, per event and client, Loupe's arrival minus the raw stream's. When the API " +
        "server cannot keep up with the target rate the achieved rate is lower and both sides queue alike.",
      "",
      "![watch relay latency vs event rate](watch-latency.svg)",
      "",
      "| rate (achieved) | subscribers | raw p50 / p95 / p99 | Loupe p50 / p95 / p99 | added p50 / p99 | missing raw / Loupe | writer late p50 / max | bench loop delay p99 |",
      "|---|---|---|---|---|---|---|---|",
      ...results.watch.results.map(
        (w) =>
          `| ${w.rate}/s (${w.achievedPerSecond.toFixed(0)}/s) | ${w.subscribers} | ${ms(w.raw.p50)} / ${ms(w.raw.p95)} / ${ms(w.raw.p99)} | ` +
          `${ms(w.loupe.p50)} / ${ms(w.loupe.p95)} / ${ms(w.loupe.p99)} | ${signed(w.added.p50)} / ${signed(w.added.p99)} | ` +
          `${w.missingRaw} / ${w.missingLoupe} | ${ms(w.writerLateP50)} / ${ms(w.writerLateMax)} | ${ms(w.benchLoopDelayP99)} |`,
      ),
      "",
      `The API server ended the raw stream ${results.watch.rawReopened} time(s) during the figure (it cuts watchers ` +
        "that fall behind); the reader re-opened it from the last resourceVersion seen, as a reflector does.",
      "",
    );
  }
  if (results.idle) {
    const i = results.idle;
    out.push(
      "## Idle subscriptions",
      "",
      `${i.subscriptions.toLocaleString("en")} subscriptions over ${i.keys} keys (${i.keys} namespaces of a few ` +
        `objects), held by ${i.sockets} WebSockets, on a fresh server process. RSS from /proc/<pid>/status (median ` +
        "of 5 readings after a 3 s settle).",
      "",
      `- /metrics: ${i.upstreamWatches} upstream watches, ${i.reflectors} reflectors, ${i.subscriptionsMetric} subscriptions`,
      `- per 1,000 subscriptions: ${mb(i.perThousand)} RSS (everything from idle), ${mb(i.perThousandMarginal)} (beyond ` +
        `the first per key); the next ${(i.doubleSubscriptions - i.subscriptions).toLocaleString("en")} (to ` +
        `${i.doubleSubscriptions.toLocaleString("en")}) added ${mb(i.perThousandNext)} per 1,000`,
      "",
      "| | RSS | V8 heap used | V8 young generation | buffers (external) |",
      "|---|---|---|---|---|",
      ...(
        [
          ["idle", i.baseline],
          ["one subscription per key", i.onePerKey],
          [`${i.subscriptions.toLocaleString("en")} subscriptions`, i.all],
          [`${i.doubleSubscriptions.toLocaleString("en")} subscriptions`, i.double],
        ] as const
      ).map(([label, m]) => `| ${label} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${mb(m.newSpace)} | ${mb(m.external)} |`),
      "",
    );
  }
  if (results.catalog) {
    const c = results.catalog;
    out.push(
      "## Catalog, cold",
      "",
      `${c.crds} CRDs installed (groups of ten kinds), ${c.resources} resources in the catalog (${c.customResources} ` +
        "custom). Loupe: `GET /api/v1/contexts/<ctx>/catalog` for a context the server never used (its kubeconfig has " +
        "many contexts naming the same cluster), so no cached discovery and a new connection; read in full. kubectl: " +
        "`kubectl api-resources --cache-dir <new empty dir>`, spawn → exit.",
      "",
      `- kubectl: ${range(c.kubectl)}, ${c.samples} samples`,
      `- Loupe cold: ${range(c.loupe)}; the server's very first catalog (cold process too): ${ms(c.loupeFirstInProcess)}; cached: ${ms(c.loupeWarm)}`,
      "",
    );
  }
  return out;
}
