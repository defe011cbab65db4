import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkCrds, shapeCrds } from "../../packages/local-cluster/src/crd-shapes.ts";
import { type LocalCluster, startLocalCluster } from "../../packages/local-cluster/src/index.ts";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { installMany } from "../support/crds.ts";
import { kubeApi } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Navigation at Crossplane scale: 1,500 generated CRDs in 125 groups plus the odd shapes (a kind with 200 versions,
// one kind name in two groups, a cluster-scoped kind, a huge schema), on a cluster of this file's own (so no other
// test file sees 1,500 CRDs, and none has to delete them). Times are printed, not judged: targets live in the
// benchmarks (e2e/bench/crd-nav.ts).
const BULK = 1_500;
// The sidebar picture of docs/user-guide.md (docs-screenshots.test.ts's folders and size).
const IMAGES =
  process.env.LOUPE_UPDATE_DOCS === "1"
    ? join(import.meta.dirname, "..", "..", "docs", "images")
    : join(import.meta.dirname, "..", "..", "test-output", "docs-images");
let cluster: LocalCluster;
let kube: ReturnType<typeof kubeApi>;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  cluster = await startLocalCluster({ controllers: false });
  kube = kubeApi(cluster);
  const started = performance.now();
  await installMany(kube, [
    ...bulkCrds(BULK, { groups: 125, category: "bulk" }),
    ...shapeCrds({ versionCount: 200, hugeFields: 2_000 }),
  ] as never[]);
  console.log(`crds-scale: ${BULK + 6} CRDs established in ${Math.round(performance.now() - started)} ms`);
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
}, 600_000);
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube?.close();
  await cluster?.stop();
});

describe(`the sidebar and palette at ${BULK.toLocaleString("en")} CRDs`, () => {
  it("draws collapsed groups, filters, pins, remembers visits and offers categories", async () => {
    const t0 = performance.now();
    const { page, errors } = await open("/c/loupe-local");
    const nav = page.getByRole("navigation", { name: "Resources" });
    const custom = nav.getByRole("region", { name: "Custom resources" });
    await custom.getByText("g99.bulk.loupe.test").waitFor({ timeout: 60_000 });
    console.log(`crds-scale: sidebar usable ${Math.round(performance.now() - t0)} ms after navigation`);
    // 131 groups (125 bulk, 3 of the odd shapes, 3 of the samples), collapsed: no kind links drawn for them.
    expect(await custom.locator("details").count()).toBe(131);
    expect(await custom.locator("details[open]").count()).toBe(0);
    expect(await custom.getByRole("link").count()).toBe(1); // "All custom resources"
    console.log(`screenshot: ${await screenshot(page, "crds-scale-sidebar")}`);

    // Opening a group draws its kinds.
    await custom.getByText("g7.bulk.loupe.test", { exact: true }).click();
    await expect.poll(() => custom.getByRole("link", { name: /^Thing\d+$/ }).count()).toBe(12);

    // The filter finds one kind among 1,506, by kind, short name or category.
    const filter = nav.getByLabel("Filter resources");
    await filter.fill("thing1234");
    await expect.poll(() => custom.getByRole("link", { name: /^Thing/ }).allTextContents()).toEqual(["Thing1234"]);
    await filter.fill("rg");
    await expect.poll(() => custom.getByRole("link", { name: "Region" }).count()).toBe(1);
    await filter.fill("bulk-g7");
    await expect.poll(() => custom.getByRole("link", { name: /^Thing/ }).count()).toBe(12);
    // Too broad a filter draws 300 kinds and says how many more match.
    await filter.fill("bulk");
    await expect.poll(() => nav.getByRole("status").textContent()).toBe("1200 more kinds match: refine the filter.");
    await filter.fill("");

    // Pinning survives a reload; a visited kind shows under Recent.
    await custom.getByText("g7.bulk.loupe.test", { exact: true }).click();
    await custom.getByText("g7.bulk.loupe.test", { exact: true }).click();
    await custom
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: "Thing7", exact: true }) })
      .getByRole("button", { name: "Pin", exact: true })
      .click();
    await page.getByRole("link", { name: "Thing132", exact: true }).click();
    await page.getByRole("heading", { name: "Thing132", level: 2 }).waitFor();
    await page.reload();
    const pinned = nav.getByRole("region", { name: "Pinned" });
    await pinned.getByRole("link", { name: /Thing7/ }).waitFor({ timeout: 30_000 });
    expect(await pinned.getByRole("button", { name: "Unpin", exact: true }).getAttribute("aria-pressed")).toBe("true");
    const recent = nav.getByRole("region", { name: "Recent" });
    expect(await recent.getByRole("link").allTextContents()).toEqual(["Thing132 g7.bulk.loupe.test"]);
    // The group being browsed is open, the others stay closed.
    expect(await custom.locator("details[open]").count()).toBe(1);
    console.log(`screenshot: ${await screenshot(page, "crds-scale-pinned")}`);
    await page.setViewportSize({ width: 1100, height: 700 });
    await mkdir(IMAGES, { recursive: true });
    await page.screenshot({ path: join(IMAGES, "sidebar-many-crds.png"), animations: "disabled", caret: "hide" });
    await page.setViewportSize({ width: 1400, height: 900 });

    // A category is a way in: all objects of its kinds.
    const categories = nav.getByRole("region", { name: "Categories" });
    await categories.getByText("Categories").click();
    await categories.getByRole("link", { name: /^shapes/ }).click();
    await page.getByRole("heading", { name: "All instances" }).waitFor();
    expect(await page.getByText("5 kinds in category shapes").count()).toBe(1);
    expect(errors).toEqual([]);
  });

  it("finds a kind in the palette at once", async () => {
    const { page, errors } = await open("/c/loupe-local");
    await page
      .getByRole("navigation", { name: "Resources" })
      .getByText("g99.bulk.loupe.test")
      .waitFor({ timeout: 60_000 });
    await page.keyboard.press("Control+k");
    const input = page.getByRole("combobox", { name: "Kind, resource, short name or category" });
    const options = page.getByRole("listbox", { name: "Kinds" }).getByRole("option");
    const times: number[] = [];
    for (const text of ["t", "th", "thi", "thin", "thing", "thing1", "thing14", "thing149", "thing1499"]) {
      const t = performance.now();
      await input.fill(text);
      await options.first().waitFor();
      times.push(performance.now() - t);
    }
    expect(await options.first().textContent()).toContain("Thing1499");
    console.log(
      `crds-scale: palette keystroke to results (with Playwright's round trips): ${times.map((t) => Math.round(t)).join(", ")} ms`,
    );
    await input.fill("mig");
    await expect.poll(() => options.first().textContent()).toContain("Migration");
    await input.fill("widget");
    await expect.poll(() => options.count()).toBeGreaterThanOrEqual(2);
    console.log(`screenshot: ${await screenshot(page, "crds-scale-palette")}`);
    // A category typed whole (`kubectl get shapes`) first offers all its objects, then its kinds.
    await input.fill("shapes");
    await expect.poll(() => options.first().textContent()).toBe("All shapes objectscategory · 5 kinds");
    // The category's option, its five kinds, and Atlas (its group's name contains "shapes").
    expect(await options.count()).toBe(7);
    await input.press("Enter");
    await page.getByText("5 kinds in category shapes").waitFor();
    expect(errors).toEqual([]);
  });

  it("lists all 1,506 CRDs on the Custom Resources home and filters them", async () => {
    const t0 = performance.now();
    const { page, errors } = await open("/c/loupe-local/crds");
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "CRDs" }).first().textContent(), { timeout: 60_000 })
      .toMatch(/^1,5\d\d CRDs$/);
    console.log(`crds-scale: Custom Resources home listed ${Math.round(performance.now() - t0)} ms after navigation`);
    const grid = page.getByRole("grid", { name: "CRDs table" });
    await page.getByLabel("Filter CRDs").fill("sprawl");
    await expect.poll(() => grid.getByRole("row").count()).toBe(2);
    expect(await grid.getByRole("row").nth(1).textContent()).toContain("+197");
    await page.getByLabel("Filter CRDs").fill("");
    console.log(`screenshot: ${await screenshot(page, "crds-scale-home")}`);
    // The 200-version kind's page draws every version.
    await page.goto(`${loupe.url}/c/loupe-local/crds/sprawls.shapes.loupe.test`);
    const versions = page.getByRole("table", { name: /Versions/ });
    await expect.poll(() => versions.getByRole("row").count(), { timeout: 30_000 }).toBe(201);
    expect(errors).toEqual([]);
  });
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`);
}
