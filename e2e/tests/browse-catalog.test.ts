import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, simpleCrd, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Catalog navigation, the kind palette, the MyService table, deep links, and a CRD appearing / disappearing.
const cluster = inject("cluster");
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;
const kube = kubeApi(cluster);

beforeAll(async () => {
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`);
}

describe("browsing the catalog", () => {
  it("lists MyServices with the CRD's printer columns and both sample objects", async () => {
    const { page, errors } = await open("/c/loupe-local/apis/stable.example.com/v1/myservices");
    const grid = page.getByRole("grid", { name: "myservices table" });
    // Other test files may add MyServices (even copies of the samples) in their own namespaces: look for the
    // samples in default, not for a count.
    // `inDefault`: in the all-namespaces view, only rows of namespace default count.
    const samples = async (inDefault = true) =>
      (await grid.getByRole("row").allTextContents())
        .filter((t) => !inDefault || t.includes("default"))
        .flatMap((t) =>
          t.includes("my-apache-service") ? ["apache"] : t.includes("my-nginx-service") ? ["nginx"] : [],
        );
    await expect.poll(() => samples().then((s) => s.sort()), { timeout: 15_000 }).toEqual(["apache", "nginx"]);
    const headers = await grid.getByRole("columnheader").allTextContents();
    // The first column holds the row checkboxes (bulk actions): no text.
    expect(headers.map((h) => h.trim()).filter(Boolean)).toEqual([
      "Name",
      "Namespace",
      "Health",
      "Service",
      "Image",
      "Replicas",
      "Available",
      "Ready",
      "Age",
    ]);
    const nginx = grid.getByRole("row").filter({ hasText: "my-nginx-service" }).filter({ hasText: "default" });
    expect(await nginx.getByRole("gridcell").allTextContents()).toEqual(
      expect.arrayContaining(["my-nginx-service", "default", "nginx-web", "nginx:latest", "3", "true"]),
    );
    expect(
      await grid.getByRole("row").filter({ hasText: "my-apache-service" }).filter({ hasText: "default" }).count(),
    ).toBe(1);
    // CRDs are set apart from built-ins in the navigation.
    const custom = page.getByRole("region", { name: "Custom resources" });
    expect(await custom.getByRole("link", { name: "MyService" }).isVisible()).toBe(true);
    // The kind being browsed is marked as the current page, and only it.
    expect(await custom.getByRole("link", { name: "MyService" }).getAttribute("aria-current")).toBe("page");
    expect(await page.getByRole("navigation", { name: "Resources" }).locator('[aria-current="page"]').count()).toBe(1);
    expect(await custom.getByRole("link", { name: "ConfigMap" }).count()).toBe(0);
    const builtin = page.getByRole("region", { name: "Built-in" });
    expect(await builtin.getByRole("link", { name: "ConfigMap", exact: true }).count()).toBe(1);
    console.log(`screenshot: ${await screenshot(page, "browse-myservices")}`);
    await page.emulateMedia({ colorScheme: "dark" });
    console.log(`screenshot: ${await screenshot(page, "browse-myservices-dark")}`);
    await page.emulateMedia({ colorScheme: "light" });

    // Sorting by a column, the text filter and the namespace picker all land in the URL.
    await grid.getByRole("button", { name: "Replicas" }).click();
    await expect.poll(() => samples()).toEqual(["apache", "nginx"]);
    await grid.getByRole("button", { name: "Replicas" }).click();
    await expect.poll(() => samples()).toEqual(["nginx", "apache"]);
    expect(page.url()).toContain("sort=Replicas&desc=1");
    await page.getByLabel("Filter", { exact: true }).fill("apache");
    await expect.poll(() => samples()).toEqual(["apache"]);
    const dataRows = async () => (await grid.getByRole("row").allTextContents()).slice(1);
    expect((await dataRows()).every((t) => t.includes("apache"))).toBe(true);
    await page.getByLabel("Namespace").selectOption("default");
    await expect.poll(() => page.url()).toContain("/apis/stable.example.com/v1/namespaces/default/myservices?");
    await expect.poll(() => grid.getByRole("columnheader").allTextContents()).not.toContain("Namespace");
    await expect.poll(() => samples(false)).toEqual(["apache"]);
    await page.goBack();
    await expect.poll(() => page.url()).toMatch(/\/v1\/myservices\?/);
    await expect.poll(() => grid.getByRole("columnheader").allTextContents()).toContain("Namespace");

    // Keyboard: focus the grid, move down, Enter opens the object.
    await page.getByLabel("Filter", { exact: true }).fill("");
    await expect.poll(() => samples()).toEqual(["nginx", "apache"]);
    await grid.focus();
    await page.keyboard.press("ArrowDown");
    // The name is the first cell with text (the row's checkbox cell has none).
    const cells = await grid.getByRole("row", { selected: true }).getByRole("gridcell").allTextContents();
    const first = cells.map((c) => c.trim()).find(Boolean);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("main").getByRole("heading", { level: 2 }).textContent()).toBe(first);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("asks for a list's session, catalog and first page at once, while the app's code still loads", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const asked: string[] = [];
    const catalogAt: number[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith("/api/")) asked.push(url.pathname + url.search);
      if (url.pathname === "/api/v1/contexts/loupe-local/catalog") catalogAt.push(Date.now());
    });
    await page.goto(`${loupe.url}/c/loupe-local/apis/stable.example.com/v1/namespaces/default/myservices`);
    const grid = page.getByRole("grid", { name: "myservices table" });
    await grid.getByRole("row").filter({ hasText: "my-nginx-service" }).waitFor({ timeout: 15_000 });
    const firstPage =
      "/api/v1/contexts/loupe-local/k8s/apis/stable.example.com/v1/namespaces/default/myservices?limit=250&includeObject=Metadata";
    expect(asked.filter((u) => u === "/api/v1/session")).toHaveLength(1);
    // The catalog is read again only a while after the CRD watch's first snapshot (to catch a CRD that changed in
    // between), never at once.
    expect(catalogAt.slice(1).every((at) => at - (catalogAt[0] ?? 0) >= 1_000)).toBe(true);
    expect(asked.filter((u) => u === firstPage)).toHaveLength(1);
    // Sent before the main bundle was evaluated: the first three API requests, the session first.
    expect(asked.slice(0, 3)).toEqual(["/api/v1/session", "/api/v1/contexts/loupe-local/catalog", firstPage]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("reaches CronTab through the palette by typing ct", async () => {
    const { page, errors } = await open("/c/loupe-local");
    await page.getByRole("navigation", { name: "Resources" }).waitFor();
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Find a kind" });
    await dialog.getByRole("combobox").fill("ct");
    await expect.poll(() => dialog.getByRole("option").first().textContent(), { timeout: 20_000 }).toContain("CronTab");
    console.log(`screenshot: ${await screenshot(page, "browse-palette")}`);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.url()).toContain("/c/loupe-local/apis/stable.example.com/v1/crontabs");
    const grid = page.getByRole("grid", { name: "crontabs table" });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "my-first-crontab" }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens a deep link in a fresh page on the same object", async () => {
    const path = "/c/loupe-local/apis/demo.loupe.dev/v1/namespaces/default/widgets/blue-widget?tab=yaml";
    const first = await open("/c/loupe-local");
    await first.page.getByRole("link", { name: "Widget" }).click();
    await first.page.getByRole("link", { name: "blue-widget" }).click();
    await first.page.getByRole("tab", { name: "YAML" }).click();
    await expect.poll(() => new URL(first.page.url()).pathname + new URL(first.page.url()).search).toBe(path);
    await first.page.close();

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${loupe.url}${path}`);
    await expect
      .poll(() => page.getByRole("main").getByRole("heading", { level: 2 }).textContent(), { timeout: 15_000 })
      .toBe("blue-widget");
    expect(await page.getByRole("tab", { name: "YAML" }).getAttribute("aria-selected")).toBe("true");
    await expect.poll(() => page.locator("pre.yaml").textContent()).toContain("color: blue");
    expect(await page.locator("pre.yaml").textContent()).not.toContain("managedFields");
    await page.reload();
    await expect.poll(() => page.locator("pre.yaml").textContent(), { timeout: 15_000 }).toContain("kind: Widget");
    await context.close();
  });

  it("shows a CRD applied on the cluster without a reload, and drops it when deleted", async () => {
    const suffix = uniqueSuffix();
    const group = `nav${suffix}.e2e.loupe.dev`;
    const crd = simpleCrd(group, "Gadget", "gadgets");
    const { page, errors } = await open("/c/loupe-local");
    const nav = page.getByRole("navigation", { name: "Resources" });
    await nav.getByRole("link", { name: "MyService" }).waitFor();
    let navigations = 0;
    page.on("load", () => navigations++);
    expect(await nav.getByText(group).count()).toBe(0);

    await kube.crd(crd);
    await expect.poll(() => nav.getByText(group).count(), { timeout: 20_000 }).toBe(1);
    await nav.getByRole("link", { name: "Gadget" }).click();
    await page.getByText("No gadgets in any namespace.").waitFor({ timeout: 20_000 });

    await kube.remove(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
    await expect.poll(() => nav.getByText(group).count(), { timeout: 20_000 }).toBe(0);
    await expect
      .poll(() => page.getByRole("alert").first().textContent(), { timeout: 20_000 })
      .toContain("does not serve");
    expect(navigations).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
