import type { BigTableResult } from "./big-table.ts";
import type { CatalogResult } from "./catalog.ts";
import type { PluginResult } from "./figure.ts";
import type { IdleResult } from "./idle.ts";
import type { ListResult } from "./list.ts";
import type { RunInfo } from "./publish.ts";
import { details } from "./report-details.ts";
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
  /** The plug-in figures (figures.ts), by name. */
  plugins?: Record<string, PluginResult>;
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

const loadText = (l: number[]) => l.map((v) => v.toFixed(2)).join(" / ");

/**
 * The Markdown report. `runs`: the runs the figures came from (one for a full run; several when figures were
 * published by separate `--only` runs). `notes` (hand-written: the profile and the fix) is appended as it is.
 */
export function renderReport(results: BenchResults, notes: string | undefined, runs?: readonly RunInfo[]): string {
  const env = results.environment;
  const lines: string[] = [];
  const add = (...more: string[]) => lines.push(...more);
  add("# Loupe benchmark report", "");
  if (!runs || runs.length <= 1) {
    add(
      `Measured ${env.date} at commit \`${env.commit}\`${results.quick ? " — **quick run (small sizes; not the published figures)**" : ""}.`,
      "",
      `Machine: **${env.cpus} cores** (${env.cpuModel}), **${(env.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB** memory, ` +
        `Linux ${env.kernel}. This machine is shared with other engineers' test runs: load average ` +
        `${loadText(env.loadStart)} at the start, ${loadText(env.loadEnd)} at the end (1 / 5 / 15 min).`,
      "",
      `Versions: Node ${env.node}, Chromium ${env.chromium}, Kubernetes ${env.kubernetes} (kube-apiserver + kube-controller-manager + etcd, local), kubectl ${env.kubectl}.`,
      "",
      `Everything in one \`pnpm bench\` run of ${(results.totalSeconds / 60).toFixed(1)} min: the harness starts its own local cluster and a ` +
        "Loupe server as a child process (`node apps/server/src/main.ts`), loads the data, and measures each figure next to its reference in the same run.",
      "",
    );
  } else {
    add(
      `Machine: **${env.cpus} cores** (${env.cpuModel}), **${(env.totalMemoryBytes / 2 ** 30).toFixed(1)} GiB** memory, ` +
        `Linux ${env.kernel}, shared with other engineers' test runs. Versions: Node ${env.node}, Kubernetes ` +
        `${env.kubernetes} (kube-apiserver + kube-controller-manager + etcd, local), kubectl ${env.kubectl}.`,
      "",
      "The figures come from several `pnpm bench -- --only <figures>` runs. In each run the harness starts its own " +
        "local cluster and Loupe server (a child process), loads the data, and measures each figure next to its " +
        "reference in that same run:",
      "",
      "| figures | measured | commit | minutes | load average at start / end (1 min) | Chromium |",
      "|---|---|---|---|---|---|",
      ...runs.map(
        (r) =>
          `| ${r.figures.join(", ")} | ${r.environment.date} | \`${r.environment.commit}\` | ${(r.totalSeconds / 60).toFixed(1)} | ` +
          `${r.environment.loadStart[0]?.toFixed(2)} / ${r.environment.loadEnd[0]?.toFixed(2)} | ${r.environment.chromium} |`,
      ),
      "",
    );
  }
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
    const at10k = l.size === 10_000;
    add(
      `| list ${size}: first row (cold; warm; in-app click) | — | ${ms(l.cold.firstRow.p50)}; ${ms(l.warm.firstRow.p50)}; ${ms(l.inApp.firstRow.p50)} | — | ≤ ${TARGET_FIRST_ROW_MS} ms | ${met(l.cold.firstRow.p50 <= TARGET_FIRST_ROW_MS)}${l.inApp.firstRow.p50 <= TARGET_FIRST_ROW_MS && l.cold.firstRow.p50 > TARGET_FIRST_ROW_MS ? " (met in-app)" : ""} |`,
      `| list ${size}: usable table, in-app click | — | ${ms(l.inApp.usable.p50)} | ${ratioText(l.inApp.usable.p50 / l.kubectl.p50)} of kubectl | — |  |`,
      `| list ${size}: usable table (cold; warm) | kubectl get -o json ${ms(l.kubectl.p50)} | ${ms(l.cold.usable.p50)}; ${ms(l.warm.usable.p50)} | ${ratioText(l.ratio)}; ${ratioText(l.warmRatio)} | ${at10k ? `≤ ${TARGET_LIST_RATIO.toFixed(1)}×` : "(≤ 1.0× at 10k)"} | ${at10k ? met(l.ratio <= TARGET_LIST_RATIO) : ""} |`,
    );
  }
  for (const w of results.watch?.results ?? []) {
    const d50 = w.loupe.p50 - w.raw.p50;
    const d99 = w.loupe.p99 - w.raw.p99;
    add(
      `| watch ${w.rate}/s (achieved ${w.achievedPerSecond.toFixed(0)}/s) × ${w.subscribers} | raw stream p50 ${ms(w.raw.p50)}, p99 ${ms(w.raw.p99)} | ` +
        `p50 ${ms(w.loupe.p50)}, p99 ${ms(w.loupe.p99)} | p50 ${signed(d50)}, p99 ${signed(d99)} | ≤ +${TARGET_ADDED_P50} ms p50, ≤ +${TARGET_ADDED_P99} ms p99 | ` +
        // A figure that saw none of Loupe's events (null in the published JSON) is not met.
        `${met(Number.isFinite(w.loupe.p50) && w.loupe.p50 !== null && d50 <= TARGET_ADDED_P50 && d99 <= TARGET_ADDED_P99)} |`,
    );
  }
  if (results.idle) {
    const i = results.idle;
    add(
      `| ${i.subscriptions.toLocaleString("en")} idle subscriptions on ${i.keys} keys: upstream watches | — | ${i.upstreamWatches} | — | ${i.keys} | ${met(i.upstreamWatches === i.keys)} |`,
      `| … server RSS per 1,000 subscriptions (the next ${(i.doubleSubscriptions - i.subscriptions).toLocaleString("en")}) | — | ${mb(i.perThousand)} (${mb(i.perThousandNext)}) | — | ≤ 20 MB | ${met(i.perThousand <= TARGET_PER_THOUSAND)} |`,
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
      `| ${rows} rows: scroll frame time p95 (wall; main-thread CPU) | — | ${ms(b.frameWork.p95)}; ${ms(b.frameCpu.p95)} | — | ≤ ${TARGET_FRAME_P95} ms | ${met(b.frameWork.p95 <= TARGET_FRAME_P95)} |`,
    );
  }
  for (const plugin of Object.values(results.plugins ?? {})) {
    for (const r of plugin.summary) {
      add(
        `| ${r.figure} | ${r.reference} | ${r.loupe} | ${r.ratio} | ${r.target} | ${r.met === undefined ? "" : met(r.met)} |`,
      );
    }
  }
  add("");
  if (results.problems.length > 0) add("**Not measured as asked:**", "", ...results.problems.map((p) => `- ${p}`), "");
  add(...details(results));
  for (const plugin of Object.values(results.plugins ?? {})) add(...plugin.details, "");
  if (notes) add(notes.trim(), "");
  for (const run of runs && runs.length > 1 ? runs : [results]) {
    add(
      runs && runs.length > 1 ? `## Run of ${run.figures.join(", ")}` : "## Run",
      "",
      "| phase | seconds |",
      "|---|---|",
      ...run.phases.map((p) => `| ${p.name} | ${p.seconds.toFixed(0)} |`),
      `| **total** | **${run.totalSeconds.toFixed(0)}** |`,
      "",
    );
  }
  return `${lines.join("\n")}\n`;
}
