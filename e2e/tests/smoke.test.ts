import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, screenshot } from "../support/browser.ts";
import { startLoupe, WEB_ROOT } from "../support/server.ts";

const cluster = inject("cluster");
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
});

describe("the SPA's files", () => {
  it("are the production build (React's development build is several times slower)", async () => {
    const html = await (await fetch(loupe.url)).text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      const text = await (await fetch(`${loupe.url}${script}`)).text();
      // Messages that only React's development builds carry.
      expect(text, script).not.toContain("is deprecated in plain JavaScript React classes");
      expect(text, script).not.toContain("Can't call %s on a component that is not yet mounted");
    }
  });

  it("load no library the first view does not use before it paints (zod, yaml, monaco, CEL, graphs)", async () => {
    const html = await (await fetch(loupe.url)).text();
    // The entry script and the chunks index.html preloads: what a cold visit downloads and evaluates before it paints.
    const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string);
    const packages = new Set<string>();
    for (const script of scripts) {
      // Rolldown's few-line runtime chunk has no source map.
      const text = await readFile(join(WEB_ROOT, `${script}.map`), "utf8").catch(() => undefined);
      if (text === undefined) continue;
      const map = JSON.parse(text) as { sources: string[] };
      for (const source of map.sources) {
        const parts = source.split("node_modules/").pop()?.split("/") ?? [];
        if (source.includes("node_modules/"))
          packages.add(parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : `${parts[0]}`);
      }
    }
    expect([...packages]).toContain("react-dom"); // the maps are read: React is in the first chunks
    for (const heavy of ["zod", "yaml", "monaco-editor", "@bufbuild/cel", "@xyflow/react", "dagre", "@dagrejs/dagre"]) {
      expect([...packages], heavy).not.toContain(heavy);
    }
  });
});

describe("the SPA in chromium", () => {
  it("shows the current context's API server and its Kubernetes version", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    await page.goto(loupe.url);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    expect(await page.getByRole("heading", { name: "Loupe" }).isVisible()).toBe(true);
    expect(await page.getByText(cluster.server).isVisible()).toBe(true);
    expect(await page.getByLabel("Context").inputValue()).toBe("loupe-local");
    const file = await screenshot(page, "cluster-overview");
    console.log(`screenshot: ${file}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("switches context without a reload", async () => {
    const page = await browser.newPage();
    await page.goto(loupe.url);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    // The context is in the URL now (/c/<context>): switching is a client-side navigation, never a page load.
    let loads = 0;
    page.on("load", () => loads++);
    await page.getByLabel("Context").selectOption("loupe-local-viewer");
    await expect.poll(() => page.getByRole("definition").filter({ hasText: "loupe-viewer" }).count()).toBe(1);
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    expect(new URL(page.url()).pathname).toBe("/c/loupe-local-viewer");
    expect(loads).toBe(0);
    await page.close();
  });
});
