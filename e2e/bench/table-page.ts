/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";
import { startLoadTrace } from "./load-trace.ts";

/** Times of one table load, in ms from navigation start (the document's timeOrigin). */
export interface TableLoad {
  /** The frame that first shows a data row has been produced. */
  firstRow: number;
  /** The status line says all rows are loaded ("10,000 rows"). */
  complete: number;
  /** After `complete`, a frame has been produced and the main thread ran a task: the table answers input. */
  usable: number;
  /** The grid's aria-rowcount minus its header row. */
  rows: number;
  /** Where the time to the first row went: ms from navigation start (NaN: not seen). */
  timeline: LoadTimeline;
}

/** Milestones of a load, from the page's Resource Timing and DOM. */
export interface LoadTimeline {
  /** The HTML document received. */
  html?: number;
  /** The entry chunk (`/assets/index-*.js`) received. */
  bundle: number;
  /** The entry chunk ran (its `loupe:entry` mark): it sends the first view's requests. */
  entry?: number;
  /** The app's chunk (`/assets/boot-*.js`: React, the router, the first views) received, and evaluated. */
  bootReceived?: number;
  bootEvaluated?: number;
  /** The first view's answers are in the query cache (or the wait for them ended): React's first render starts. */
  primed?: number;
  /** React rendered something into #root: the bundle was evaluated. */
  shell: number;
  /** Responses received: the session, the API catalog, the first request for the list. */
  session: number;
  catalog: number;
  /** The first list request sent, and its response received. */
  listStart: number;
  list: number;
}

interface Marks {
  firstRow: number;
  complete: number;
  usable: number;
  shell: number;
}

/**
 * Runs in the page before its scripts (an init script): watches the DOM for the first data row of the grid and for
 * the status line `<rowsText>`, and after each stamps the end of the next rendered frame (a task posted from a
 * requestAnimationFrame callback runs after that frame's style, layout and paint). Timestamps are
 * performance.now(), i.e. ms since navigation start.
 */
function installProbe(rowsText: string): void {
  const USABLE_MESSAGE = "loupe-bench:usable";
  const marks: Marks = { firstRow: -1, complete: -1, usable: -1, shell: -1 };
  (window as unknown as { __bench: Marks }).__bench = marks;
  let sawRow = false;
  let sawComplete = false;
  const afterNextFrame = (done: (at: number) => void) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now());
      channel.port2.postMessage(null);
    });
  const check = () => {
    if (marks.shell < 0 && document.getElementById("root")?.firstChild) marks.shell = performance.now();
    // A grid the page showed before (the list an in-app visit starts from) is marked data-bench-old and not counted.
    if (!sawRow && document.querySelector('[role="grid"]:not([data-bench-old]) [role="row"][aria-rowindex="2"]')) {
      sawRow = true;
      afterNextFrame((at) => {
        marks.firstRow = at;
      });
    }
    if (!sawComplete) {
      const statuses = document.querySelectorAll('[role="status"]');
      for (let i = 0; i < statuses.length; i++) {
        if (statuses[i]?.textContent?.trim() !== rowsText) continue;
        sawComplete = true;
        marks.complete = performance.now();
        afterNextFrame((at) => {
          marks.usable = at;
          observer.disconnect();
          // Tells the harness over the DevTools protocol's console events: polling the page instead (waitForFunction)
          // injects Playwright's utility script, 20–50 ms of parsing and compiling on the main thread in the middle
          // of the load being measured (seen in the traces).
          console.debug(USABLE_MESSAGE);
        });
        break;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

/** What the probe logs when the table is usable (the same text as in installProbe, which runs in the page). */
const USABLE_MESSAGE = "loupe-bench:usable";

/** Resolves when the page's probe says the table is usable. */
function whenUsable(page: Page, timeoutMs: number): Promise<unknown> {
  return page.waitForEvent("console", { predicate: (m) => m.text() === USABLE_MESSAGE, timeout: timeoutMs });
}

/** "10,000 rows", as the table's status line says when the list is complete. */
export function rowsText(count: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? "row" : "rows"}`;
}

/**
 * Opens `url` in a fresh browser context (empty HTTP cache, as a first visit) and waits until the table of `count`
 * rows is usable. The caller closes the page's context (after reading more from it, if it likes).
 */
export async function loadTable(
  browser: Browser,
  url: string,
  count: number,
  timeoutMs: number,
  /** Record a Chromium trace of the load to this file and log its long main-thread tasks. */
  trace?: { file: string; log: (line: string) => void },
): Promise<{ page: Page; load: TableLoad }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.addInitScript(installProbe, rowsText(count));
  const tracing = trace ? await startLoadTrace(await context.newCDPSession(page)) : undefined;
  const usable = whenUsable(page, timeoutMs);
  usable.catch(() => undefined);
  try {
    await page.goto(url, { waitUntil: "commit" });
    await usable;
  } catch (error) {
    const status = await page
      .getByRole("status")
      .allTextContents()
      .catch(() => []);
    await context.close();
    throw new Error(`table at ${url} not complete: ${(error as Error).message}; status ${status}; errors ${errors}`, {
      cause: error,
    });
  }
  const marks = await page.evaluate(() => (window as unknown as { __bench: Marks }).__bench);
  if (tracing && trace) {
    const tasks = await tracing.stop(trace.file);
    trace.log(
      `bench: trace and CPU profile of a cold load: ${trace.file}; main-thread tasks ≥ 4 ms (ms from the HTML parse):`,
    );
    for (const task of tasks) trace.log(`  at ${task.at.toFixed(0)}: ${task.ms.toFixed(0)} ms  ${task.what}`);
  }
  const responses = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => ({ url: e.name, start: e.startTime, end: (e as PerformanceResourceTiming).responseEnd })),
  );
  // The page is /c/<context>/<kubernetes path>; the list's REST request ends with the same path.
  const listPath = new URL(url).pathname.replace(/^\/c\/[^/]+/, "");
  const response = (test: (path: string) => boolean) => responses.find((r) => test(new URL(r.url).pathname));
  const responseEnd = (test: (path: string) => boolean) => response(test)?.end ?? Number.NaN;
  const mark = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType("mark").map((m) => [m.name, m.startTime] as const)),
  );
  const timeline: LoadTimeline = {
    html:
      (await page.evaluate(
        () => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined)?.responseEnd,
      )) ?? Number.NaN,
    bundle: responseEnd((path) => /^\/assets\/index-[^/]*\.js$/.test(path)),
    entry: mark["loupe:entry"] ?? Number.NaN,
    bootReceived: responseEnd((path) => /^\/assets\/boot-[^/]*\.js$/.test(path)),
    bootEvaluated: mark["loupe:boot-evaluated"] ?? Number.NaN,
    primed: mark["loupe:first-view-primed"] ?? Number.NaN,
    shell: marks.shell < 0 ? Number.NaN : marks.shell,
    session: responseEnd((path) => path === "/api/v1/session"),
    catalog: responseEnd((path) => path.endsWith("/catalog")),
    listStart: response((path) => path.includes("/k8s/") && path.endsWith(listPath))?.start ?? Number.NaN,
    list: responseEnd((path) => path.includes("/k8s/") && path.endsWith(listPath)),
  };
  const rowCount = Number(await page.getByRole("grid").first().getAttribute("aria-rowcount")) - 1;
  if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
  return {
    page,
    load: { firstRow: marks.firstRow, complete: marks.complete, usable: marks.usable, rows: rowCount, timeline },
  };
}

/** An in-app visit: times from the click (ms). */
export interface ClickLoad {
  firstRow: number;
  usable: number;
  rows: number;
}

/**
 * The everyday case: the app is open at `fromUrl` (another list of the same namespace), and the user clicks the
 * kind `linkName` in the sidebar. Times run from the click to the frame with the first row and to a usable table of
 * `count` rows, measured like {@link loadTable}'s.
 */
export async function clickToTable(
  browser: Browser,
  fromUrl: string,
  linkName: string,
  count: number,
  timeoutMs: number,
): Promise<ClickLoad> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(fromUrl);
    const link = page.getByRole("navigation", { name: "Resources" }).getByRole("link", { name: linkName, exact: true });
    await link.waitFor({ timeout: timeoutMs });
    await page
      .getByRole("status")
      .filter({ hasText: /\brows?$/ })
      .first()
      .waitFor({ timeout: timeoutMs });
    await page.evaluate(() => {
      document.querySelectorAll('[role="grid"]').forEach((grid) => {
        grid.setAttribute("data-bench-old", "");
      });
    });
    await page.evaluate(installProbe, rowsText(count));
    const usable = whenUsable(page, timeoutMs);
    usable.catch(() => undefined);
    const clickedAt = await link.evaluate((a) => {
      const at = performance.now();
      (a as HTMLElement).click();
      return at;
    });
    await usable;
    const marks = await page.evaluate(() => (window as unknown as { __bench: Marks }).__bench);
    const rows = Number(await page.getByRole("grid").first().getAttribute("aria-rowcount")) - 1;
    if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
    return { firstRow: marks.firstRow - clickedAt, usable: marks.usable - clickedAt, rows };
  } finally {
    await context.close();
  }
}
