/// <reference lib="dom" />
import type { Browser, Page } from "playwright-core";

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
}

interface Marks {
  firstRow: number;
  complete: number;
  usable: number;
}

/**
 * Runs in the page before its scripts (an init script): watches the DOM for the first data row of the grid and for
 * the status line `<rowsText>`, and after each stamps the end of the next rendered frame (a task posted from a
 * requestAnimationFrame callback runs after that frame's style, layout and paint). Timestamps are
 * performance.now(), i.e. ms since navigation start.
 */
function installProbe(rowsText: string): void {
  const marks: Marks = { firstRow: -1, complete: -1, usable: -1 };
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
    if (!sawRow && document.querySelector('[role="grid"] [role="row"][aria-rowindex="2"]')) {
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
        });
        break;
      }
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
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
): Promise<{ page: Page; load: TableLoad }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: "en-US" });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.addInitScript(installProbe, rowsText(count));
  try {
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => (window as unknown as { __bench: Marks }).__bench.usable >= 0, undefined, {
      polling: 250,
      timeout: timeoutMs,
    });
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
  const rowCount = Number(await page.getByRole("grid").first().getAttribute("aria-rowcount")) - 1;
  if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
  return { page, load: { ...marks, rows: rowCount } };
}
