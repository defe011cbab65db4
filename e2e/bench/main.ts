import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { ensureKubectlBinary, type LocalCluster, startLocalCluster } from "@loupe/local-cluster";
import type { Browser } from "playwright-core";
import { ensureWebBuilt } from "../../scripts/ensure-web.ts";
import { launchBrowser } from "../support/browser.ts";
import { measureBigTable } from "./big-table.ts";
import { measureCatalog } from "./catalog.ts";
import { benchCrd, crdName, ITEMS, loadNamespaces, type NamespaceLoad, PROBES } from "./data.ts";
import { measureEditor } from "./editor.ts";
import { measureIdle } from "./idle.ts";
import { Kube } from "./kube.ts";
import { kubectlVersion } from "./kubectl.ts";
import { measureLists } from "./list.ts";
import { type LoupeProcess, startLoupeProcess } from "./loupe.ts";
import { type BenchPlan, parsePlan } from "./options.ts";
import type { BenchResults } from "./report.ts";
import { renderReport } from "./report.ts";
import { watchChart } from "./report-details.ts";
import { measureWatchLatency } from "./watch-latency.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const OUTPUT = join(ROOT, "bench-output");
const PUBLISHED = import.meta.dirname;
/** Hand-written: what was profiled and fixed, with before/after numbers. Appended to every report. */
const NOTES = join(import.meta.dirname, "NOTES.md");

const log = (line: string) => console.error(line);

/** `pnpm bench`: parses `argv`, runs the chosen figures, writes the report. Resolves with the exit code. */
export async function runBench(argv: readonly string[]): Promise<number> {
  const plan = parsePlan(argv);
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

    const startLoupe = async () => {
      const loupe = await startLoupeProcess({ kubeconfigPath: c.kubeconfigPath, nodeArgs: serverNodeArgs, log });
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

    if (plan.figures.includes("list") || plan.figures.includes("big-table")) {
      browser = await launchBrowser();
      const b = browser;
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
    if (plan.figures.includes("editor")) {
      browser ??= await launchBrowser();
      const b = browser;
      results.editor = await phase("figure: editor", () =>
        withLoupe((loupe) =>
          measureEditor({
            browser: b,
            loupeUrl: loupe.url,
            kube: k,
            samples: plan.editorSamples,
            keystrokes: plan.editorKeystrokes,
            log,
          }),
        ),
      );
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

async function writeReport(results: BenchResults, plan: BenchPlan): Promise<void> {
  const notes = existsSync(NOTES) ? await readFile(NOTES, "utf8") : undefined;
  const files: [string, string][] = [
    ["report.json", `${JSON.stringify(results, null, 2)}\n`],
    ["REPORT.md", renderReport(results, notes)],
  ];
  if (results.watch) files.push(["watch-latency.svg", watchChart(results.watch.results)]);
  for (const [name, text] of files) await writeFile(join(OUTPUT, name), text);
  log(`\nbench: wrote ${files.map(([name]) => join("bench-output", name)).join(", ")}`);
  if (plan.publish) {
    for (const [name] of files) await copyFile(join(OUTPUT, name), join(PUBLISHED, name));
    log("bench: copied the report to e2e/bench/ (commit it)");
  }
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
