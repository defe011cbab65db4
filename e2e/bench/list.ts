import { join } from "node:path";
import type { Browser } from "playwright-core";
import { crdName, ITEMS } from "./data.ts";
import { timeKubectl } from "./kubectl.ts";
import type { LoupeProcess } from "./loupe.ts";
import { median, type Summary, summarize } from "./stats.ts";
import { type ClickLoad, clickToTable, type LoadTimeline, loadTable, type TableLoad } from "./table-page.ts";

/** Loupe's table of one visit, summarized over the samples (ms from navigation start). */
export interface VisitSummary {
  firstRow: Summary;
  complete: Summary;
  usable: Summary;
  /** Medians of each milestone before the first row. */
  timeline: LoadTimeline;
}

/** One list size: Loupe's table in Chromium against `kubectl get -o json`, medians compared. */
export interface ListResult {
  size: number;
  namespace: string;
  samples: number;
  /** `kubectl get <crd> -n <ns> -o json` wall time (ms), discovery cache warm. */
  kubectl: Summary;
  kubectlBytes: number;
  /** First visit: a Loupe server that watches nothing yet (its catalog and code warm), a browser with no cache. */
  cold: VisitSummary;
  /** A second visit a moment later (new browser context): the server still holds the list from the first. */
  warm: VisitSummary;
  /**
   * A third visit, in the app: open at another list of the namespace, the user clicks the kind in the sidebar
   * (SPA and catalog loaded, the server still watching the list). ms from the click.
   */
  inApp: { firstRow: Summary; usable: Summary };
  /** cold usable p50 / kubectl p50. */
  ratio: number;
  warmRatio: number;
}

export interface ListOptions {
  browser: Browser;
  /** Starts a fresh Loupe server; the caller's function, so it can add profiling flags and clean up. */
  startLoupe: () => Promise<LoupeProcess>;
  kubectl: string;
  kubeconfigPath: string;
  /** kubectl's discovery cache, warmed by the first (unrecorded) run. */
  cacheDir: string;
  sizes: readonly { size: number; namespace: string; samples: number }[];
  log: (line: string) => void;
  /** Trace the first recorded cold visit of each size into this directory (`--profile`). */
  traceDir?: string;
}

/**
 * Figure: list N objects. Per size, one unrecorded round, then `samples` rounds of: kubectl; a fresh Loupe server
 * (warmed with a catalog and an unrelated list, so only this list is cold); a first visit; a second visit.
 */
export async function measureLists(options: ListOptions): Promise<ListResult[]> {
  const results: ListResult[] = [];
  for (const { size, namespace, samples } of options.sizes) {
    const path = `/c/loupe-local/apis/${ITEMS.group}/v1/namespaces/${namespace}/${ITEMS.plural}`;
    const args = ["get", crdName(ITEMS), "-n", namespace, "-o", "json", "--cache-dir", options.cacheDir];
    const timeoutMs = 120_000 + size * 10;
    const kubectl: number[] = [];
    const cold: TableLoad[] = [];
    const warm: TableLoad[] = [];
    const inApp: ClickLoad[] = [];
    let bytes = 0;
    for (let i = -1; i < samples; i++) {
      const run = await timeKubectl(options.kubectl, options.kubeconfigPath, args);
      const loupe = await options.startLoupe();
      try {
        await warmUp(loupe.url);
        const visits: TableLoad[] = [];
        for (let visit = 0; visit < 2; visit++) {
          const trace =
            options.traceDir && i === 0 && visit === 0
              ? { file: join(options.traceDir, `list-${size}-cold-load.json`), log: options.log }
              : undefined;
          const { page, load } = await loadTable(options.browser, `${loupe.url}${path}`, size, timeoutMs, trace);
          await page.context().close();
          if (load.rows !== size) throw new Error(`the table shows ${load.rows} rows, not ${size}`);
          visits.push(load);
        }
        const fromUrl = `${loupe.url}/c/loupe-local/api/v1/namespaces/${namespace}/configmaps`;
        const click = await clickToTable(options.browser, fromUrl, ITEMS.kind, size, timeoutMs);
        if (click.rows !== size) throw new Error(`the table shows ${click.rows} rows after the click, not ${size}`);
        if (i < 0) continue;
        inApp.push(click);
        kubectl.push(run.ms);
        bytes = run.bytes;
        cold.push(visits[0] as TableLoad);
        warm.push(visits[1] as TableLoad);
      } finally {
        await loupe.stop();
      }
    }
    const kubectlSummary = summarize(kubectl);
    const coldSummary = visitSummary(cold);
    const warmSummary = visitSummary(warm);
    const result: ListResult = {
      size,
      namespace,
      samples,
      kubectl: kubectlSummary,
      kubectlBytes: bytes,
      cold: coldSummary,
      warm: warmSummary,
      inApp: { firstRow: summarize(inApp.map((c) => c.firstRow)), usable: summarize(inApp.map((c) => c.usable)) },
      ratio: coldSummary.usable.p50 / kubectlSummary.p50,
      warmRatio: warmSummary.usable.p50 / kubectlSummary.p50,
    };
    results.push(result);
    options.log(
      `bench: list ${size}: kubectl p50 ${kubectlSummary.p50.toFixed(0)} ms; Loupe cold: first row ` +
        `${coldSummary.firstRow.p50.toFixed(0)} ms, usable ${coldSummary.usable.p50.toFixed(0)} ms ` +
        `(${result.ratio.toFixed(2)}×); warm: first row ${warmSummary.firstRow.p50.toFixed(0)} ms, usable ` +
        `${warmSummary.usable.p50.toFixed(0)} ms; in-app: first row ${result.inApp.firstRow.p50.toFixed(0)} ms, ` +
        `usable ${result.inApp.usable.p50.toFixed(0)} ms; cold timeline ${timelineText(coldSummary.timeline)}`,
    );
  }
  return results;
}

function visitSummary(loads: readonly TableLoad[]): VisitSummary {
  return {
    firstRow: summarize(loads.map((l) => l.firstRow)),
    complete: summarize(loads.map((l) => l.complete)),
    usable: summarize(loads.map((l) => l.usable)),
    timeline: {
      html: median(loads.map((l) => l.timeline.html ?? Number.NaN)),
      bundle: median(loads.map((l) => l.timeline.bundle)),
      entry: median(loads.map((l) => l.timeline.entry ?? Number.NaN)),
      bootReceived: median(loads.map((l) => l.timeline.bootReceived ?? Number.NaN)),
      bootEvaluated: median(loads.map((l) => l.timeline.bootEvaluated ?? Number.NaN)),
      primed: median(loads.map((l) => l.timeline.primed ?? Number.NaN)),
      shell: median(loads.map((l) => l.timeline.shell)),
      session: median(loads.map((l) => l.timeline.session)),
      catalog: median(loads.map((l) => l.timeline.catalog)),
      listStart: median(loads.map((l) => l.timeline.listStart)),
      list: median(loads.map((l) => l.timeline.list)),
    },
  };
}

/** What a server that has been running a while has done: read the catalog and served some unrelated list. */
async function warmUp(url: string): Promise<void> {
  for (const path of ["/api/v1/contexts/loupe-local/catalog", "/api/v1/contexts/loupe-local/k8s/api/v1/namespaces"]) {
    const response = await fetch(`${url}${path}`);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`warm-up ${path} → ${response.status}`);
  }
}

/** "HTML 20 → entry received 60, run 70 → list sent 72 → … ms" (medians), in the order they happened. */
export function timelineText(t: LoadTimeline): string {
  const steps: [string, number | undefined][] = [
    ["HTML", t.html],
    ["entry chunk received", t.bundle],
    ["entry run", t.entry],
    ["list sent", t.listStart],
    ["app chunk received", t.bootReceived],
    ["app chunk evaluated", t.bootEvaluated],
    ["cache primed", t.primed],
    ["session", t.session],
    ["catalog", t.catalog],
    ["list received", t.list],
    ["shell", t.shell],
  ];
  const known = steps.filter((s): s is [string, number] => s[1] !== undefined && !Number.isNaN(s[1]));
  known.sort((a, b) => a[1] - b[1]);
  return `${known.map(([name, at]) => `${name} ${at.toFixed(0)}`).join(" → ")} ms`;
}
