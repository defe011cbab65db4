import type { BigTableResult } from "./big-table.ts";
import type { CatalogResult } from "./catalog.ts";
import { renderChart, type Series } from "./chart.ts";
import type { IdleResult } from "./idle.ts";
import type { ListResult } from "./list.ts";
import { mb, ms, ratioText } from "./stats.ts";
import type { WatchLatencyResult } from "./watch-latency.ts";

/** Where and on what the run happened. */
export interface BenchEnvironment {
  date: string;
  commit: string;
  cpus: number;
  cpuModel: string;
  totalMemoryBytes: number;
  kernel: string;
  /** os.loadavg() when the run started and ended: the machine is shared, so this says how noisy it was. */
  loadStart: number[];
  loadEnd: number[];
  node: string;
  chromium: string;
  kubernetes: string;
  kubectl: string;
}

/** Everything a run measured (report.json). */
export interface BenchResults {
  environment: BenchEnvironment;
  quick: boolean;
  figures: string[];
  totalSeconds: number;
  phases: { name: string; seconds: number }[];
  load?: { objects: number; seconds: number; perSecond: number };
  list?: ListResult[];
  bigTable?: BigTableResult;
  watch?: { results: WatchLatencyResult[]; rawReopened: number; seconds: number };
  idle?: IdleResult;
  catalog?: CatalogResult;
  /** Sizes that could not be measured, and why. */
  problems: string[];
}

const TARGET_FIRST_ROW_MS = 300;
const TARGET_LIST_RATIO = 1.0;
const TARGET_ADDED_P50 = 10;
const TARGET_ADDED_P99 = 50;
const TARGET_PER_THOUSAND = 20 * 2 ** 20;
const TARGET_CATALOG_RATIO = 0.5;
const TARGET_HEAP = 400 * 2 ** 20;
const TARGET_FRAME_P95 = 16;

const met = (ok: boolean) => (ok ? "met" : "**missed**");
const signed = (value: number) => `${value >= 0 ? "+" : "−"}${ms(Math.abs(value))}`;

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
      return [
        {
          label: `Loupe, ${count} subscriber${count === 1 ? "" : "s"}`,
          color,
          points: rows.map((r) => ({ x: r.rate, y: pick(r, false) })),
        },
        {
          label: `raw API stream (same run)`,
          color,
          dashed: true,
          points: rows.map((r) => ({ x: r.rate, y: pick(r, true) })),
        },
      ];
    }),
  });
  return renderChart({
    title: "Watch relay latency (write → event) vs event rate",
    xLabel: "target event rate (writes/s)",
    yLabel: "latency (ms, log scale)",
    xTicks: rates,
    panels: [
      panel("p50", (r, raw) => (raw ? r.raw.p50 : r.loupe.p50)),
      panel("p99", (r, raw) => (raw ? r.raw.p99 : r.loupe.p99)),
    ],
  });
}

/** The Markdown report. `notes` (hand-written: the profile and the fix) is appended as it is. */
export function renderReport(results: BenchResults, notes: string | undefined): string {
  const env = results.environment;
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add(
    "# Loupe benchmark report",
    "",
    `Measured ${env.date} at commit \`${env.commit}\`${results.quick ? " — **quick run (small sizes; not the published figures)**" : ""}.`,
    "",
    `Machine: **${env.cpus} cores** (${env.cpuModel}), **${(env.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB** memory, ` +
      `Linux ${env.kernel}. This machine is shared with other engineers' test runs: load average ` +
      `${env.loadStart.map((l) => l.toFixed(2)).join(" / ")} at the start, ${env.loadEnd.map((l) => l.toFixed(2)).join(" / ")} at the end (1 / 5 / 15 min).`,
    "",
    `Versions: Node ${env.node}, Chromium ${env.chromium}, Kubernetes ${env.kubernetes} (kube-apiserver + etcd, local), kubectl ${env.kubectl}.`,
    "",
    `Everything in one \`pnpm bench\` run of ${(results.totalSeconds / 60).toFixed(1)} min: the harness starts its own local cluster and a ` +
      "Loupe server as a child process (`node apps/server/src/main.ts`), loads the data, and measures each figure next to its reference in the same run.",
    "",
  );
  if (results.load) {
    add(
      `Data: ${results.load.objects.toLocaleString("en")} objects created in ${results.load.seconds.toFixed(0)} s ` +
        `(${results.load.perSecond.toFixed(0)}/s, 48 concurrent creates).`,
      "",
    );
  }
  add(
    "## Summary",
    "",
    "| figure | reference (same run) | Loupe | ratio / difference | target | |",
    "|---|---|---|---|---|---|",
  );
  for (const l of results.list ?? []) {
    const size = l.size.toLocaleString("en");
    add(
      `| list ${size}: first row | — | ${ms(l.firstRow.p50)} | — | ≤ ${TARGET_FIRST_ROW_MS} ms | ${met(l.firstRow.p50 <= TARGET_FIRST_ROW_MS)} |`,
      `| list ${size}: usable table | kubectl get -o json ${ms(l.kubectl.p50)} | ${ms(l.usable.p50)} | ${ratioText(l.ratio)} | ${l.size === 10_000 ? `≤ ${TARGET_LIST_RATIO.toFixed(1)}×` : "(≤ 1.0× at 10k)"} | ${l.size === 10_000 ? met(l.ratio <= TARGET_LIST_RATIO) : ""} |`,
    );
  }
  for (const w of results.watch?.results ?? []) {
    const d50 = w.loupe.p50 - w.raw.p50;
    const d99 = w.loupe.p99 - w.raw.p99;
    add(
      `| watch ${w.rate}/s (achieved ${w.achievedPerSecond.toFixed(0)}/s) × ${w.subscribers} | raw stream p50 ${ms(w.raw.p50)}, p99 ${ms(w.raw.p99)} | ` +
        `p50 ${ms(w.loupe.p50)}, p99 ${ms(w.loupe.p99)} | p50 ${signed(d50)}, p99 ${signed(d99)} | ≤ +${TARGET_ADDED_P50} ms p50, ≤ +${TARGET_ADDED_P99} ms p99 | ` +
        `${met(d50 <= TARGET_ADDED_P50 && d99 <= TARGET_ADDED_P99)} |`,
    );
  }
  if (results.idle) {
    const i = results.idle;
    add(
      `| ${i.subscriptions.toLocaleString("en")} idle subscriptions on ${i.keys} keys: upstream watches | — | ${i.upstreamWatches} | — | ${i.keys} | ${met(i.upstreamWatches === i.keys)} |`,
      `| … server RSS per 1,000 subscriptions | — | ${mb(i.perThousand)} | — | ≤ 20 MB | ${met(i.perThousand <= TARGET_PER_THOUSAND)} |`,
    );
  }
  if (results.catalog) {
    const c = results.catalog;
    add(
      `| catalog, ${c.crds} CRDs, cold | kubectl api-resources (empty cache) ${ms(c.kubectl.p50)} | ${ms(c.loupe.p50)} | ${ratioText(c.ratio)} | ≤ ${TARGET_CATALOG_RATIO}× | ${met(c.ratio <= TARGET_CATALOG_RATIO)} |`,
    );
  }
  if (results.bigTable) {
    const b = results.bigTable;
    const rows = b.rows.toLocaleString("en");
    add(
      `| ${rows} rows: JS heap | — | ${mb(b.heapUsed)} (${mb(b.heapUsedAfterGc)} after GC) | — | ≤ 400 MB | ${met(b.heapUsed <= TARGET_HEAP)} |`,
      `| ${rows} rows: scroll frame time p95 | — | ${ms(b.frameWork.p95)} (interval ${ms(b.frameInterval.p95)}) | — | ≤ ${TARGET_FRAME_P95} ms | ${met(b.frameWork.p95 <= TARGET_FRAME_P95)} |`,
    );
  }
  add("");
  if (results.problems.length > 0) add("**Not measured as asked:**", "", ...results.problems.map((p) => `- ${p}`), "");
  add(...details(results));
  if (notes) add(notes.trim(), "");
  add(
    "## Run",
    "",
    "| phase | seconds |",
    "|---|---|",
    ...results.phases.map((p) => `| ${p.name} | ${p.seconds.toFixed(0)} |`),
    `| **total** | **${results.totalSeconds.toFixed(0)}** |`,
    "",
  );
  return `${lines.join("\n")}\n`;
}

function details(results: BenchResults): string[] {
  const out: string[] = [];
  if (results.list) {
    out.push(
      "## List: Loupe's table in Chromium vs `kubectl get <crd> -n <ns> -o json`",
      "",
      "Each sample opens the list URL in a fresh browser context (empty cache: the SPA loads too). *First row*: navigation " +
        "start → the end of the frame that shows the first data row. *Usable*: all rows loaded (the status line reads " +
        '"N rows"), then one more frame rendered and a task run. kubectl: spawn → exit, stdout read and discarded, ' +
        "discovery cache warm. One unrecorded warm-up each; p50 (min–max) of the samples.",
      "",
      "| objects | samples | kubectl | kubectl output | first row | all rows | usable | usable / kubectl |",
      "|---|---|---|---|---|---|---|---|",
      ...results.list.map(
        (l) =>
          `| ${l.size.toLocaleString("en")} | ${l.samples} | ${ms(l.kubectl.p50)} (${ms(l.kubectl.min)}–${ms(l.kubectl.max)}) | ` +
          `${mb(l.kubectlBytes)} | ${ms(l.firstRow.p50)} (${ms(l.firstRow.min)}–${ms(l.firstRow.max)}) | ${ms(l.complete.p50)} | ` +
          `${ms(l.usable.p50)} (${ms(l.usable.min)}–${ms(l.usable.max)}) | ${ratioText(l.ratio)} |`,
      ),
      "",
    );
  }
  if (results.bigTable) {
    const b = results.bigTable;
    out.push(
      `## ${b.rows.toLocaleString("en")} rows in the browser`,
      "",
      "All objects of the kind across namespaces in one table. Heap over CDP once loaded (`Performance.getMetrics` " +
        "JSHeapUsedSize) and after `HeapProfiler.collectGarbage` (`Runtime.getHeapUsage`). Then the grid scrolls " +
        `programmatically in each of ${b.frames} animation frames; *frame work* is main-thread time from the scroll event ` +
        "to the end of that frame's rendering, *interval* the time between frames.",
      "",
      `- load: first row ${ms(b.load.firstRow)}, all rows ${ms(b.load.complete)}, usable ${ms(b.load.usable)}`,
      `- JS heap: ${mb(b.heapUsed)} as loaded, ${mb(b.heapUsedAfterGc)} after a full GC`,
      `- frame work: p50 ${ms(b.frameWork.p50)}, p95 ${ms(b.frameWork.p95)}, max ${ms(b.frameWork.max)}`,
      `- frame interval: p50 ${ms(b.frameInterval.p50)}, p95 ${ms(b.frameInterval.p95)}, max ${ms(b.frameInterval.max)}`,
      "",
    );
  }
  if (results.watch) {
    const seconds = results.watch.seconds;
    out.push(
      "## Watch relay latency",
      "",
      `Writes are merge patches stamping an annotation with a sequence number, sent on a fixed schedule (${seconds} s per ` +
        "row after a 1 s warm-up, 32 connections) to 200 objects in turn. Latency is from sending the write to the " +
        "event's arrival, at the raw `?watch=1` stream (Table format with metadata, as Loupe's reflector asks for it) " +
        "read directly from the API server, and at each of N WebSocket clients subscribed to the same collection " +
        "through Loupe (table mode). Clients run in a worker thread, the writer and the raw reader on the main thread; " +
        "times are one monotonic clock. *Added* is, per event and client, Loupe's arrival minus the raw stream's.",
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
      `The API server ended the raw stream ${results.watch.rawReopened} time(s) during the figure; it was re-opened from the last resourceVersion seen.`,
      "",
    );
  }
  if (results.idle) {
    const i = results.idle;
    out.push(
      "## Idle subscriptions",
      "",
      `${i.subscriptions.toLocaleString("en")} subscriptions over ${i.keys} keys (namespaces of ${i.keys} × a few objects), held by ` +
        `${i.sockets} WebSockets; a fresh server process. RSS from /proc/<pid>/status (median of 5 readings after a 3 s settle).`,
      "",
      `- /metrics: ${i.upstreamWatches} upstream watches, ${i.reflectors} reflectors, ${i.subscriptionsMetric} subscriptions`,
      `- RSS: ${mb(i.rssBaseline)} idle → ${mb(i.rssOnePerKey)} with one subscription per key → ${mb(i.rssAll)} with all`,
      `- per 1,000 subscriptions: ${mb(i.perThousand)} (all costs from idle), ${mb(i.perThousandMarginal)} (beyond the first per key)`,
      "",
    );
  }
  if (results.catalog) {
    const c = results.catalog;
    out.push(
      "## Catalog, cold",
      "",
      `${c.crds} CRDs installed (30-odd groups of ten kinds), ${c.resources} resources in the catalog (${c.customResources} custom). ` +
        "Loupe: `GET /api/v1/contexts/<ctx>/catalog` for a context the server never used (the kubeconfig has many contexts " +
        "naming the same cluster), so no cached discovery and a new connection; answered in full. kubectl: `kubectl " +
        "api-resources --cache-dir <new empty dir>`, spawn → exit.",
      "",
      `- kubectl: p50 ${ms(c.kubectl.p50)} (${ms(c.kubectl.min)}–${ms(c.kubectl.max)}), ${c.samples} samples`,
      `- Loupe cold: p50 ${ms(c.loupe.p50)} (${ms(c.loupe.min)}–${ms(c.loupe.max)}); the server's very first catalog (cold process): ${ms(c.loupeFirstInProcess)}; cached: ${ms(c.loupeWarm)}`,
      "",
    );
  }
  return out;
}
