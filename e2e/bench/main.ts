import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { ensureKubectlBinary, type LocalCluster, startLocalCluster } from "@loupe/local-cluster";
import type { Browser } from "playwright-core";
import { ensureWebBuilt } from "../../scripts/ensure-web.ts";
import { launchBrowser } from "../support/browser.ts";
import { measureBigTable } from "./big-table.ts";
import { measureCatalog } from "./catalog.ts";
import { benchCrd, crdName, ITEMS, loadNamespaces, type NamespaceLoad, PROBES } from "./data.ts";
import { type FigureContext, runPluginFigure } from "./figure.ts";
import { PLUGIN_FIGURES } from "./figures.ts";
import { measureIdle } from "./idle.ts";
import { Kube } from "./kube.ts";
import { kubectlVersion } from "./kubectl.ts";
import { measureLists } from "./list.ts";
import { type LoupeProcess, startLoupeProcess } from "./loupe.ts";
import { type BenchPlan, FIGURES, parsePlan } from "./options.ts";
import { joinPublished, readPublished, splitRun, writePublished } from "./publish.ts";
import type { BenchResults } from "./report.ts";
import { renderReport } from "./report.ts";
import { watchChart } from "./report-details.ts";
import { measureWatchLatency } from "./watch-latency.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const OUTPUT = join(ROOT, "bench-output");
const PUBLISHED = import.meta.dirname;
/** One JSON file per published figure; REPORT.md is rendered from all of them. */
const PUBLISHED_RESULTS = join(PUBLISHED, "results");
/** Hand-written: what was profiled and fixed, with before/after numbers. Appended to every report. */
const NOTES = join(import.meta.dirname, "NOTES.md");

const log = (line: string) => console.error(line);

/** `pnpm bench`: parses `argv`, runs the chosen figures, writes the report. Resolves with the exit code. */
export async function runBench(argv: readonly string[]): Promise<number> {
  const plan = parsePlan(argv);
  if (plan.render) {
    await renderPublished();
    return 0;
  }
  const started = performance.now();
  const loadStart = os.loadavg();
  const phases: BenchResults["phases"] = [];
  const phase = async <T>(name: string, body: () => Promise<T>): Promise<T> => {
    log(`\n== ${name}`);
    const t0 = performance.now();
    try {
      return await body();
    } finally {
      phases.push({ name, seconds: (performance.now() - t0) / 1000 });
    }
  };
  await mkdir(OUTPUT, { recursive: true });
  const profileDir = join(OUTPUT, "profiles");
  const serverNodeArgs = plan.profile ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : [];
  if (plan.profile) await mkdir(profileDir, { recursive: true });

  const [kubectl] = await phase("set-up: web build, kubectl binary", async () => {
    await ensureWebBuilt(log);
    return [await ensureKubectlBinary({ log })];
  });
  let cluster: LocalCluster | undefined;
  let kube: Kube | undefined;
  let browser: Browser | undefined;
  const cleanup: (() => Promise<void>)[] = [];
  const results: BenchResults = {
    environment: undefined as unknown as BenchResults["environment"],
    quick: plan.quick,
    figures: plan.figures,
    totalSeconds: 0,
    phases,
    problems: [],
  };
  try {
    cluster = await phase("local cluster (throwaway)", () => startLocalCluster({ samples: false, log }));
    kube = new Kube(cluster);
    const k = kube;
    const c = cluster;
    const version = await k.must<{ gitVersion: string }>("GET", "/version");
    results.load = await phase("load data", () => loadData(k, plan));

    const startLoupe = async (options: { nodeArgs?: string[]; args?: string[] } = {}) => {
      const loupe = await startLoupeProcess({
        kubeconfigPath: c.kubeconfigPath,
        nodeArgs: [...serverNodeArgs, ...(options.nodeArgs ?? [])],
        // The recorder is measured by the history figure; elsewhere it would record every bench object at start
        // (into the checkout's .state/history), which no other figure is about.
        args: options.args?.some((a) => a.startsWith("--history") || a === "--no-history")
          ? options.args
          : ["--no-history", ...(options.args ?? [])],
        log,
      });
      cleanup.push(() => loupe.stop());
      return loupe;
    };
    const withLoupe = async <T>(body: (loupe: LoupeProcess) => Promise<T>): Promise<T> => {
      const loupe = await startLoupe();
      try {
        return await body(loupe);
      } finally {
        await loupe.stop();
      }
    };

    // One server started and stopped before any figure: Node's compile cache (loupe.ts) then holds this checkout's
    // sources, as it does for a server started before (`npm start`); otherwise the first figure's server alone
    // would load the type stripper (~15 MB resident) and compile everything from source.
    await phase("set-up: compile cache", () => withLoupe(async () => {}));

    const sharedBrowser = async () => {
      browser ??= await launchBrowser();
      return browser;
    };
    if (plan.figures.includes("list") || plan.figures.includes("big-table")) {
      const b = await sharedBrowser();
      if (plan.figures.includes("list")) {
        const cacheDir = await mkdtemp(join(os.tmpdir(), "loupe-bench-kubectl-"));
        cleanup.push(() => rm(cacheDir, { recursive: true, force: true }));
        results.list = await phase("figure: list", () =>
          measureLists({
            browser: b,
            startLoupe,
            kubectl,
            kubeconfigPath: c.kubeconfigPath,
            cacheDir,
            sizes: plan.lists.map((l) => ({ ...l, namespace: listNamespace(l.size) })),
            traceDir: plan.profile ? profileDir : undefined,
            log,
          }),
        );
      }
      if (plan.figures.includes("big-table")) {
        results.bigTable = await phase("figure: big table", () =>
          withLoupe((loupe) =>
            measureBigTable({
              browser: b,
              loupeUrl: loupe.url,
              rows: plan.bigTableRows,
              frames: plan.scrollFrames,
              stepPx: plan.scrollStep,
              profileTo: plan.profile ? join(profileDir, "big-table-scroll.cpuprofile") : undefined,
              log,
            }),
          ),
        );
      }
    }
    if (plan.figures.includes("watch")) {
      const watch = await phase("figure: watch latency", () =>
        withLoupe((loupe) =>
          measureWatchLatency({
            cluster: c,
            kube: k,
            loupe,
            namespace: "watch",
            names: Array.from({ length: plan.watchObjects }, (_, i) => objectName(PROBES, i)),
            rates: plan.watchRates,
            subscriberCounts: plan.watchSubscribers,
            seconds: plan.watchSeconds,
            log,
          }),
        ),
      );
      results.watch = { ...watch, seconds: plan.watchSeconds };
      const short = watch.results.filter((w) => w.achievedPerSecond < 0.9 * w.rate);
      if (short.length > 0) {
        const rates = short.map((w) => `${w.achievedPerSecond.toFixed(0)}/s of ${w.rate}/s with ${w.subscribers}`);
        results.problems.push(
          `Watch: the local API server did not accept writes at the target rate (${rates.join("; ")} subscribers); ` +
            "those rows are measured at the achieved rate.",
        );
      }
    }
    if (plan.figures.includes("idle")) {
      results.idle = await phase("figure: idle subscriptions", () =>
        withLoupe((loupe) =>
          measureIdle({
            loupe,
            namespaces: idleNamespaces(plan),
            sockets: plan.idleSockets,
            subscriptions: plan.idleSubscriptions,
            log,
          }),
        ),
      );
    }
    if (plan.figures.includes("catalog")) {
      results.catalog = await phase("figure: catalog", () =>
        measureCatalog({ cluster: c, kube: k, kubectl, crds: plan.catalogCrds, samples: plan.catalogSamples, log }),
      );
    }
    for (const figure of PLUGIN_FIGURES.filter((f) => plan.figures.includes(f.name))) {
      const context: FigureContext = {
        cluster: c,
        kube: k,
        kubectl,
        quick: plan.quick,
        profileDir: plan.profile ? profileDir : undefined,
        browser: sharedBrowser,
        startLoupe,
        problem: (text) => results.problems.push(`${figure.name}: ${text}`),
        log,
      };
      const result = await phase(`figure: ${figure.name}`, () => runPluginFigure(figure, context));
      results.plugins = { ...results.plugins, [figure.name]: result };
    }
    results.environment = {
      date: new Date().toISOString(),
      commit: gitCommit(),
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
      totalMemoryBytes: os.totalmem(),
      kernel: os.release(),
      loadStart,
      loadEnd: os.loadavg(),
      node: process.version,
      chromium: browser?.version() ?? "not used",
      kubernetes: version.body.gitVersion,
      kubectl: await kubectlVersion(kubectl),
    };
  } finally {
    await browser?.close();
    for (const step of cleanup.reverse()) await step().catch(() => {});
    await kube?.close();
    await cluster?.stop();
  }
  results.totalSeconds = (performance.now() - started) / 1000;
  if (results.totalSeconds > 20 * 60) {
    results.problems.push(`The run took ${(results.totalSeconds / 60).toFixed(1)} min, over the 20 min budget.`);
  }
  await writeReport(results, plan);
  return 0;
}

/** Writes this run's report to bench-output/; publishes its figures to e2e/bench/ unless told not to. */
async function writeReport(results: BenchResults, plan: BenchPlan): Promise<void> {
  const notes = existsSync(NOTES) ? await readFile(NOTES, "utf8") : undefined;
  const figures = splitRun(results);
  await rm(join(OUTPUT, "results"), { recursive: true, force: true });
  await writePublished(join(OUTPUT, "results"), figures);
  await writeFile(join(OUTPUT, "REPORT.md"), renderReport(results, notes));
  if (results.watch) await writeFile(join(OUTPUT, "watch-latency.svg"), watchChart(results.watch.results));
  log("\nbench: wrote bench-output/REPORT.md and bench-output/results/");
  if (plan.publish) {
    await writePublished(PUBLISHED_RESULTS, figures);
    await renderPublished();
    log(`bench: published ${figures.map((f) => f.figure).join(", ")} to e2e/bench/ (commit it)`);
  }
}

/** Renders e2e/bench/REPORT.md (and the watch chart) from every figure published in e2e/bench/results/. */
async function renderPublished(): Promise<void> {
  const published = await readPublished(PUBLISHED_RESULTS, FIGURES);
  const { results, runs } = joinPublished(published);
  const notes = existsSync(NOTES) ? await readFile(NOTES, "utf8") : undefined;
  await writeFile(join(PUBLISHED, "REPORT.md"), renderReport(results, notes, runs));
  if (results.watch) await writeFile(join(PUBLISHED, "watch-latency.svg"), watchChart(results.watch.results));
  log(`bench: rendered e2e/bench/REPORT.md from ${published.length} published figures`);
}

function listNamespace(size: number): string {
  return `list-${size}`;
}

function idleNamespaces(plan: BenchPlan): string[] {
  return Array.from({ length: plan.idleKeys }, (_, i) => `idle-${i}`);
}

function objectName(kind: { plural: string }, i: number): string {
  return `${kind.plural.slice(0, -1)}-${String(i).padStart(6, "0")}`;
}

/**
 * Creates what the chosen figures read: Items in one namespace per list size plus a filler namespace so that all
 * namespaces together hold the big table's rows; Probes for the watch and idle figures.
 */
async function loadData(kube: Kube, plan: BenchPlan): Promise<BenchResults["load"]> {
  const loads: NamespaceLoad[] = [];
  if (plan.figures.includes("list")) {
    for (const { size } of plan.lists) loads.push({ namespace: listNamespace(size), kind: ITEMS, count: size });
  }
  if (plan.figures.includes("big-table")) {
    const listed = loads.reduce((n, l) => n + l.count, 0);
    if (plan.bigTableRows > listed) {
      loads.push({ namespace: "list-fill", kind: ITEMS, count: plan.bigTableRows - listed });
    }
  }
  if (plan.figures.includes("watch")) loads.push({ namespace: "watch", kind: PROBES, count: plan.watchObjects });
  if (plan.figures.includes("idle")) {
    for (const namespace of idleNamespaces(plan)) {
      loads.push({ namespace, kind: PROBES, count: plan.idleObjectsPerKey });
    }
  }
  for (const kind of [ITEMS, PROBES]) await kube.createCrd(benchCrd(kind));
  await kube.waitEstablished([crdName(ITEMS), crdName(PROBES)]);
  const loaded = await loadNamespaces(kube, loads, log);
  log(
    `bench: loaded ${loaded.objects.toLocaleString("en")} objects in ${loaded.seconds.toFixed(0)} s (${loaded.perSecond.toFixed(0)}/s)`,
  );
  return loaded;
}

function gitCommit(): string {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
