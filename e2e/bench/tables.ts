/// <reference lib="dom" />

import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { type CpuProfile, selfTimes } from "./cpu-profile.ts";
import { benchCrd, crdName, ITEMS, loadNamespaces } from "./data.ts";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import { timeKubectl } from "./kubectl.ts";
import { type Summary, summarize } from "./stats.ts";
import { loadTable } from "./table-page.ts";

/** What the `tables` figure measured (ms unless said otherwise). */
export interface TablesResult {
  rows: number;
  /** A first custom column added in the browser until its cells show: a new reflector lists whole objects. */
  firstColumn: number;
  /** A second custom column on the same table: the whole objects are held already, only evaluated. */
  secondColumn: number;
  /** Column filter (Name contains …): from a keystroke's input event to the frame after the rows changed. */
  keystroke: Summary;
  /** CSV export of every row until the download starts, and the JS heap growth meanwhile (peak, bytes). */
  csvMs: number;
  csvBytes: number;
  csvHeapPeakGrowth: number;
  /** Bulk label of `bulkCount` objects: the dry run, then the real run, until every result is shown. */
  bulkCount: number;
  bulkDryRun: number;
  bulkApply: number;
  /** `kubectl label --all` on the same objects, the reference. */
  kubectlLabel: number;
}

const NS = "tables-bench";
const BULK_NS = "tables-bulk";

/** ms from the click (captured in the page) until `until` resolves with the page's time of the frame that showed it. */
async function clickUntil(page: Page, click: () => Promise<void>, until: () => Promise<number>): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __clickAt: number };
    w.__clickAt = -1;
    document.addEventListener("click", () => (w.__clickAt = performance.now()), { capture: true, once: true });
  });
  await click();
  const end = await until();
  const start = await page.evaluate(() => (window as unknown as { __clickAt: number }).__clickAt);
  return end - start;
}

/** The page's time of the first frame in which the first data row's cell under header `name` reads `expected`. */
async function cellShows(page: Page, name: string, expected: string): Promise<number> {
  const handle = await page.waitForFunction(
    ({ name, expected }) => {
      const heads = Array.from(document.querySelectorAll('[role="columnheader"]'), (h) => h.textContent ?? "");
      const at = heads.findIndex((h) => h.replace(/[▲▼]$/, "") === name);
      const row = document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]');
      return at >= 0 && row?.children[at]?.textContent === expected ? performance.now() : false;
    },
    { name, expected },
    { polling: "raf", timeout: 600_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** The page's time of the first frame in which the bulk results' status line reads `text`. */
async function bulkStatusShows(page: Page, text: string): Promise<number> {
  const handle = await page.waitForFunction(
    (text) =>
      document.querySelector('.bulk-results [role="status"]')?.textContent === text ? performance.now() : false,
    text,
    { polling: "raf", timeout: 600_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Runs `work`; with `--profile`, under a CPU profile of the page written to `<profileDir>/tables-<name>.cpuprofile`,
 * its hottest functions logged. */
async function profiled<T>(context: FigureContext, page: Page, name: string, work: () => Promise<T>): Promise<T> {
  if (!context.profileDir) return work();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  const result = await work();
  const { profile } = await cdp.send("Profiler.stop");
  const file = join(context.profileDir, `tables-${name}.cpuprofile`);
  await writeFile(file, JSON.stringify(profile));
  context.log(`tables: CPU profile of the page (${name}): ${file}; self time:`);
  for (const { frame, ms, share } of selfTimes(profile as CpuProfile, 20)) {
    context.log(`  ${ms.toFixed(0).padStart(6)} ms ${(share * 100).toFixed(1).padStart(5)}%  ${frame}`);
  }
  await cdp.detach();
  return result;
}

/** Where the bulk requests' time went, from the page's resource timing: waiting for a connection, then the answer. */
async function requestTimings(page: Page): Promise<string> {
  const entries = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((e) => (e as PerformanceResourceTiming).name.includes("/k8s/"))
      .map((e) => {
        const r = e as PerformanceResourceTiming;
        return { queued: r.requestStart - r.startTime, answer: r.responseStart - r.requestStart, end: r.responseEnd };
      }),
  );
  const queued = summarize(entries.map((e) => e.queued));
  const answer = summarize(entries.map((e) => e.answer));
  return `${entries.length} requests; before sending p50 ${queued.p50.toFixed(1)} ms (p95 ${queued.p95.toFixed(1)}), request to first byte p50 ${answer.p50.toFixed(1)} ms (p95 ${answer.p95.toFixed(1)})`;
}

async function addColumn(page: Page, name: string, jsonPath: string, expected: string): Promise<number> {
  await page.getByRole("button", { name: "Columns" }).click();
  const form = page.getByRole("form", { name: "Add a custom column" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("JSONPath").fill(jsonPath);
  const ms = await clickUntil(
    page,
    () => form.getByRole("button", { name: "Add column" }).click(),
    () => cellShows(page, name, expected),
  );
  await page.getByRole("button", { name: "Close" }).click();
  return ms;
}

/** Types `keys` into the Name filter, one at a time, timing each from its input event to the next frame after the
 * status line changed. */
async function keystrokes(page: Page, keys: readonly string[]): Promise<number[]> {
  await page.getByLabel("Add a filter on a column").selectOption("Name");
  const input = page.getByLabel("Name contains");
  await input.focus();
  const samples: number[] = [];
  for (const key of keys) {
    await page.evaluate(() => {
      const w = window as unknown as { __key: { input: number; done: number } };
      w.__key = { input: -1, done: -1 };
      const status = document.querySelector(".list-status") as HTMLElement;
      const before = status.textContent;
      document.addEventListener("input", () => (w.__key.input = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        if (status.textContent === before) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => (w.__key.done = performance.now());
          channel.port2.postMessage(null);
        });
      });
      observer.observe(status, { subtree: true, childList: true, characterData: true });
    });
    await page.keyboard.press(key);
    const done = await page.waitForFunction(
      () => {
        const k = (window as unknown as { __key: { input: number; done: number } }).__key;
        return k.done > 0 ? k.done - k.input : false;
      },
      undefined,
      { timeout: 60_000 },
    );
    samples.push((await done.jsonValue()) as number);
  }
  return samples;
}

async function exportCsv(page: Page): Promise<{ ms: number; bytes: number; heapPeakGrowth: number }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = async () =>
    (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
  const before = await heap();
  let peak = before;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await heap());
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  await page.getByRole("button", { name: "Export" }).click();
  const started = performance.now();
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: 600_000 }),
    page.getByRole("region", { name: "Export" }).getByRole("button", { name: "CSV" }).click(),
  ]);
  const ms = performance.now() - started;
  sampling = false;
  await sampler;
  peak = Math.max(peak, await heap());
  const { stat } = await import("node:fs/promises");
  const bytes = (await stat(await download.path())).size;
  await page.getByRole("button", { name: "Export" }).click();
  return { ms, bytes, heapPeakGrowth: peak - before };
}

async function bulkLabel(page: Page, count: number): Promise<{ dryRun: number; apply: number }> {
  const grid = page.getByRole("grid", { name: "items table" });
  await grid.getByRole("checkbox", { name: "Select all matching rows" }).click();
  const bar = page.getByRole("region", { name: "Selected rows" });
  await bar.getByRole("button", { name: "Labels…" }).click();
  const form = bar.getByRole("form", { name: "Labels the selected objects" });
  await form.getByLabel("Labels").fill("bench=yes");
  const dryRun = await clickUntil(
    page,
    () => form.getByRole("button", { name: "Preview (dry run)" }).click(),
    () => bulkStatusShows(page, `Dry run: ${count} of ${count} answered, ${count} ok, 0 failed.`),
  );
  const apply = await clickUntil(
    page,
    () => form.getByRole("button", { name: `Apply to ${count} objects` }).click(),
    () => bulkStatusShows(page, `${count} of ${count} answered, ${count} ok, 0 failed.`),
  );
  return { dryRun, apply };
}

export const tablesFigure: BenchFigure<TablesResult> = {
  name: "tables",
  description: "tables as data: custom JSONPath column and column filter on 100k rows, CSV export, bulk label of 1,000",
  async measure(context: FigureContext): Promise<TablesResult> {
    const rows = context.quick ? 5_000 : 100_000;
    const bulkCount = context.quick ? 200 : 1_000;
    await context.kube.createCrd(benchCrd(ITEMS));
    await context.kube.waitEstablished([crdName(ITEMS)]);
    await loadNamespaces(
      context.kube,
      [
        { namespace: NS, kind: ITEMS, count: rows },
        { namespace: BULK_NS, kind: ITEMS, count: bulkCount },
      ],
      context.log,
    );
    const loupe = await context.startLoupe();
    const browser = await context.browser();
    try {
      const url = `${loupe.url}/c/loupe-local/apis/${ITEMS.group}/v1/namespaces/${NS}/${ITEMS.plural}?sort=Name`;
      const { page } = await loadTable(browser, url, rows, 900_000);
      context.log("tables: custom columns");
      const firstColumn = await profiled(context, page, "first-column", () =>
        addColumn(page, "Note2", "{.spec.note}", `object number 0 of ${NS}`),
      );
      context.log(`tables: first custom column ${firstColumn.toFixed(0)} ms`);
      const secondColumn = await profiled(context, page, "second-column", () =>
        addColumn(page, "Colour", "{.spec.color}", "red"),
      );
      context.log(`tables: second custom column ${secondColumn.toFixed(0)} ms`);
      context.log("tables: filter keystrokes");
      const cycle = ["9", "9", "9", "9", "Backspace", "Backspace", "Backspace", "Backspace"];
      const samples = await profiled(context, page, "keystrokes", () =>
        keystrokes(page, [...cycle, ...cycle, ...cycle, ...cycle]),
      );
      const keys = summarize(samples);
      context.log(`tables: keystroke p50 ${keys.p50.toFixed(0)} ms, p95 ${keys.p95.toFixed(0)} ms (n=${keys.n})`);
      await page.getByRole("button", { name: "Remove the filter on Name" }).click();
      context.log("tables: CSV export");
      const csv = await exportCsv(page);
      context.log(`tables: CSV ${csv.ms.toFixed(0)} ms, heap +${(csv.heapPeakGrowth / 1e6).toFixed(1)} MB`);
      await page.context().close();

      context.log("tables: bulk label");
      const bulkUrl = `${loupe.url}/c/loupe-local/apis/${ITEMS.group}/v1/namespaces/${BULK_NS}/${ITEMS.plural}`;
      const bulkPage = (await loadTable(browser, bulkUrl, bulkCount, 300_000)).page;
      await bulkPage.evaluate(() => {
        performance.clearResourceTimings();
        performance.setResourceTimingBufferSize(10_000);
      });
      const bulk = await profiled(context, bulkPage, "bulk", () => bulkLabel(bulkPage, bulkCount));
      if (context.profileDir) context.log(`tables: bulk requests in the page: ${await requestTimings(bulkPage)}`);
      context.log(`tables: bulk label dry run ${bulk.dryRun.toFixed(0)} ms, apply ${bulk.apply.toFixed(0)} ms`);
      await bulkPage.context().close();
      const reference = await timeKubectl(context.kubectl, context.cluster.kubeconfigPath, [
        "label",
        `${ITEMS.plural}.${ITEMS.group}`,
        "--all",
        "-n",
        BULK_NS,
        "reference=yes",
      ]);
      return {
        rows,
        firstColumn,
        secondColumn,
        keystroke: keys,
        csvMs: csv.ms,
        csvBytes: csv.bytes,
        csvHeapPeakGrowth: csv.heapPeakGrowth,
        bulkCount,
        bulkDryRun: bulk.dryRun,
        bulkApply: bulk.apply,
        kubectlLabel: reference.ms,
      };
    } finally {
      await loupe.stop();
    }
  },
  summary(r): SummaryRow[] {
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const n = r.rows.toLocaleString("en");
    return [
      {
        figure: `${n} rows: a first custom JSONPath column until shown`,
        reference: "—",
        loupe: s(r.firstColumn),
        ratio: "—",
        target: "≤ 1 s",
        met: r.firstColumn <= 1000,
      },
      {
        figure: `${n} rows: a second custom column until shown`,
        reference: "—",
        loupe: s(r.secondColumn),
        ratio: "—",
        target: "≤ 1 s",
        met: r.secondColumn <= 1000,
      },
      {
        figure: `${n} rows: column filter keystroke to updated rows (p95)`,
        reference: "—",
        loupe: `${r.keystroke.p95.toFixed(0)} ms`,
        ratio: "—",
        target: "≤ 50 ms",
        met: r.keystroke.p95 <= 50,
      },
      {
        figure: `export ${n} rows to CSV (heap growth)`,
        reference: "—",
        loupe: `${s(r.csvMs)} (+${(r.csvHeapPeakGrowth / 1e6).toFixed(0)} MB)`,
        ratio: "—",
        target: "≤ 2 s, ≤ +100 MB",
        met: r.csvMs <= 2000 && r.csvHeapPeakGrowth <= 100e6,
      },
      {
        figure: `bulk label ${r.bulkCount.toLocaleString("en")} objects (after a dry run)`,
        reference: `kubectl label --all ${s(r.kubectlLabel)}`,
        loupe: s(r.bulkApply),
        ratio: `${(r.bulkApply / r.kubectlLabel).toFixed(1)}×`,
        target: "≤ 10 s",
        met: r.bulkApply <= 10_000,
      },
    ];
  },
  details(r): string[] {
    return [
      "## Tables as data",
      "",
      `${r.rows.toLocaleString("en")} Items in one namespace, in headless Chromium, through the UI. A custom column is timed from the`,
      `click on "Add column" to the frame in which the first row shows its value: the first one makes the server list the`,
      "whole objects (`includeObject=Object`, a new reflector) and evaluate the JSONPath over them; the second is evaluated",
      "over the objects already held. Keystrokes in the Name filter are timed in the page from the input event to the frame",
      "after the status line changed. CSV export is timed from the click to the browser's download; the heap is sampled",
      "over CDP every 20 ms. Bulk label: select all, Labels…, dry run, then apply, each until every result is shown;",
      "kubectl's `label --all` on the same objects is the reference.",
      "",
      `| measure | value |`,
      `|---|---|`,
      `| first custom column | ${r.firstColumn.toFixed(0)} ms |`,
      `| second custom column | ${r.secondColumn.toFixed(0)} ms |`,
      `| filter keystroke p50 / p95 / max (n=${r.keystroke.n}) | ${r.keystroke.p50.toFixed(0)} / ${r.keystroke.p95.toFixed(0)} / ${r.keystroke.max.toFixed(0)} ms |`,
      `| CSV export | ${r.csvMs.toFixed(0)} ms, ${(r.csvBytes / 1e6).toFixed(1)} MB file, heap peak +${(r.csvHeapPeakGrowth / 1e6).toFixed(1)} MB |`,
      `| bulk label ${r.bulkCount}: dry run / apply | ${r.bulkDryRun.toFixed(0)} / ${r.bulkApply.toFixed(0)} ms |`,
      `| kubectl label --all ${r.bulkCount} | ${r.kubectlLabel.toFixed(0)} ms |`,
      "",
    ];
  },
};
