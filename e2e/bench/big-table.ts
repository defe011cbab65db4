/// <reference lib="dom" />
import { writeFile } from "node:fs/promises";
import type { Browser, Locator } from "playwright-core";
import { type CpuProfile, selfTimes } from "./cpu-profile.ts";
import { ITEMS } from "./data.ts";
import { type FrameBreakdown, mainThreadCpuPerFrame } from "./frame-trace.ts";
import { type Summary, summarize } from "./stats.ts";
import { loadTable, type TableLoad } from "./table-page.ts";

/** The big table in the browser: load times, JS heap and frame times while scrolling. */
export interface BigTableResult {
  rows: number;
  load: TableLoad;
  /** JSHeapUsedSize once loaded (Performance.getMetrics), in bytes. */
  heapUsed: number;
  /** Runtime.getHeapUsage after a forced full GC (HeapProfiler.collectGarbage), in bytes. */
  heapUsedAfterGc: number;
  frames: number;
  /** Main-thread time per scrolled frame: from the scroll event to the end of the frame's rendering (ms). */
  frameWork: Summary;
  /** Time between consecutive animation frames while scrolling (ms); 16.7 at 60 Hz with nothing dropped. */
  frameInterval: Summary;
  /** A second, traced pass: the renderer main thread's CPU time per frame (ms), nearly free of other load. */
  frameCpu: Summary;
  /** Mean main-thread CPU per frame by kind of work. */
  frameCpuBreakdown: FrameBreakdown;
}

/**
 * Figure: every object of the kind across all namespaces in one table. After loading, reads the heap over CDP, then
 * scrolls the grid by `stepPx` in each of `frames` animation frames, timing each frame in the page.
 */
export async function measureBigTable(options: {
  browser: Browser;
  loupeUrl: string;
  rows: number;
  frames: number;
  stepPx: number;
  /** The list's SPA path (default: every object of the kind, all namespaces). */
  path?: string;
  /** Write a CPU profile of the page while it scrolls to this file, and log its hottest functions. */
  profileTo?: string;
  log: (line: string) => void;
}): Promise<BigTableResult> {
  const url = `${options.loupeUrl}${options.path ?? `/c/loupe-local/apis/${ITEMS.group}/v1/${ITEMS.plural}`}`;
  const { page, load } = await loadTable(options.browser, url, options.rows, 900_000);
  try {
    if (load.rows !== options.rows) throw new Error(`the table shows ${load.rows} rows, not ${options.rows}`);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    const metrics = await cdp.send("Performance.getMetrics");
    const heapUsed = metrics.metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? Number.NaN;
    await cdp.send("HeapProfiler.collectGarbage");
    const heapUsedAfterGc = (await cdp.send("Runtime.getHeapUsage")).usedSize;
    if (options.profileTo) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }

    const grid = page.getByRole("grid").first();
    const timing = await scroll(grid, options.frames, options.stepPx);
    if (options.profileTo) {
      const { profile } = await cdp.send("Profiler.stop");
      await writeFile(options.profileTo, JSON.stringify(profile));
      options.log(`bench: CPU profile of the scroll: ${options.profileTo}; self time:`);
      for (const { frame, ms, share } of selfTimes(profile as CpuProfile)) {
        options.log(`  ${ms.toFixed(0).padStart(6)} ms ${(share * 100).toFixed(1).padStart(5)}%  ${frame}`);
      }
    }
    await grid.evaluate((element) => {
      element.scrollTop = 0;
    });
    await page.waitForTimeout(500);
    const { perFrame: cpu, breakdown } = await mainThreadCpuPerFrame(cdp, async () => {
      await scroll(grid, options.frames, options.stepPx);
    });
    await cdp.detach();
    const result: BigTableResult = {
      rows: load.rows,
      load,
      heapUsed,
      heapUsedAfterGc,
      frames: timing.work.length,
      frameWork: summarize(timing.work),
      frameInterval: summarize(timing.intervals),
      frameCpu: summarize(cpu),
      frameCpuBreakdown: breakdown,
    };
    options.log(
      `bench: ${options.rows} rows: usable at ${(load.usable / 1000).toFixed(1)} s, heap ${(heapUsed / 2 ** 20).toFixed(0)} MB ` +
        `(${(heapUsedAfterGc / 2 ** 20).toFixed(0)} MB after GC), frame work p95 ${result.frameWork.p95.toFixed(1)} ms, ` +
        `interval p95 ${result.frameInterval.p95.toFixed(1)} ms, main-thread CPU p95 ${result.frameCpu.p95.toFixed(1)} ms ` +
        `(mean ${result.frameCpu.mean.toFixed(1)}: ${breakdownText(breakdown)})`,
    );
    return result;
  } finally {
    await page.context().close();
  }
}

/**
 * Scrolls the grid by `stepPx` in each of `frames` animation frames and times each frame in the page: *work* from
 * the frame's scroll event (a capturing listener on window runs before the virtualizer's) to the end of its
 * rendering (a task posted from the rAF callback runs after style, layout and paint), *intervals* rAF to rAF.
 */
function scroll(grid: Locator, frames: number, stepPx: number): Promise<{ work: number[]; intervals: number[] }> {
  return grid.evaluate(
    (element, { frames, stepPx }) =>
      new Promise<{ work: number[]; intervals: number[] }>((resolve) => {
        const work: number[] = [];
        const intervals: number[] = [];
        let scrollStart = -1;
        let lastFrame = -1;
        let step = 0;
        // Capture on window runs before the grid's own scroll listeners (the virtualizer's).
        const onScroll = () => {
          if (scrollStart < 0) scrollStart = performance.now();
        };
        window.addEventListener("scroll", onScroll, { capture: true });
        const tick = () => {
          const frameStart = performance.now();
          if (lastFrame >= 0) intervals.push(frameStart - lastFrame);
          lastFrame = frameStart;
          const began = scrollStart >= 0 ? scrollStart : frameStart;
          scrollStart = -1;
          element.scrollTop += stepPx;
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            if (step > 0) work.push(performance.now() - began);
            if (++step <= frames) requestAnimationFrame(tick);
            else {
              window.removeEventListener("scroll", onScroll, { capture: true });
              resolve({ work, intervals });
            }
          };
          channel.port2.postMessage(null);
        };
        requestAnimationFrame(tick);
      }),
    { frames, stepPx },
  );
}

/** "script 4.1, style 1.2, layout 2.0, paint 3.3, gc 0.4 ms" */
export function breakdownText(b: FrameBreakdown): string {
  return `script ${b.script.toFixed(1)}, style ${b.style.toFixed(1)}, layout ${b.layout.toFixed(1)}, paint ${b.paint.toFixed(1)}, gc ${b.gc.toFixed(1)} ms`;
}
