import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Debian's chromium; the e2e tests never download a browser. */
export const CHROMIUM = process.env.LOUPE_CHROMIUM ?? "/usr/bin/chromium";

/** Where screenshots and other artifacts go (git-ignored). */
export const OUTPUT_DIR = join(import.meta.dirname, "..", "..", "test-output", "e2e");

/**
 * Headless chromium with the flags this closed network needs (DESIGN §9): without the background-networking ones,
 * chromium's own connections are refused many at a time; and without the browser's own UI work that no test uses.
 * launch() makes a fresh profile itself.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Chromium preloads its WebUI omnibox popup in every new window: ~600 chrome:// modules compiled in a
      // renderer of their own, competing for the CPU with the page under test (seen in the benchmark's traces).
      "--disable-features=WebUIOmniboxPopup",
    ],
  });
}

/** Saves a full-page PNG under test-output/e2e and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A new page at `url` (default viewport 1400×900), with the page's uncaught errors collected in `errors`. */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1400, height: 900 },
): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}
