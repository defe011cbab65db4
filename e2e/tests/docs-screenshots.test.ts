import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../support/browser.ts";
import { editText, waitForEditor } from "../support/editor.ts";
import { kubeApi } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The screenshots of docs/user-guide.md: every view of the real app against the local cluster, written small
// (1100×700, device scale 1); docs/images/ holds the checked-in copies. The objects they show live in their own
// namespace `docs`, so the pictures do not depend on what other test files create.
// Every run writes them under test-output/; `LOUPE_UPDATE_DOCS=1` writes them to docs/images/ (do so on a fresh
// cluster — `npm test -- --project e2e e2e/tests/docs-screenshots.test.ts` — so the sidebar shows only the samples).
const ROOT = join(import.meta.dirname, "..", "..");
const IMAGES =
  process.env.LOUPE_UPDATE_DOCS === "1" ? join(ROOT, "docs", "images") : join(ROOT, "test-output", "docs-images");
const VIEWPORT = { width: 1100, height: 700 };
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = "docs";
const myservices = `/apis/stable.example.com/v1/namespaces/${ns}/myservices`;
const widgets = `/apis/demo.loupe.dev/v1/namespaces/${ns}/widgets`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

const myService = (name: string, image: string, replicas: number) => ({
  apiVersion: "stable.example.com/v1",
  kind: "MyService",
  metadata: { name, namespace: ns, labels: { app: name, tier: "web" } },
  spec: { name, image, replicas },
});

beforeAll(async () => {
  await mkdir(IMAGES, { recursive: true });
  await kube.namespace(ns);
  // Made afresh on every run (a cluster reused from an earlier run has them changed), so the pictures and the
  // changes the tests make are always the same.
  for (const name of ["storefront", "checkout", "search", "recommendations"])
    await kube.remove(`${myservices}/${name}`);
  await kube.remove(`${widgets}/dial`);
  for (const [name, image, replicas] of [
    ["storefront", "nginx:1.27", 3],
    ["checkout", "httpd:2.4", 2],
    ["search", "nginx:1.27", 1],
  ] as const) {
    await kube.create(myservices, myService(name, image, replicas));
  }
  await kube.create(widgets, {
    apiVersion: "demo.loupe.dev/v1",
    kind: "Widget",
    metadata: { name: "dial", namespace: ns },
    spec: { color: "green", size: 3, replicas: 2 },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  kube.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${loupe.url}${path}`);
  return { page, errors };
}

/** The viewport as <IMAGES>/<name>.png. */
async function shoot(page: Page, name: string): Promise<void> {
  // Let transitions and row flashes settle so the picture is stable.
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(IMAGES, `${name}.png`), animations: "disabled", caret: "hide" });
}

describe("docs/user-guide.md screenshots", () => {
  it("the cluster page", async () => {
    const { page, errors } = await open("/c/loupe-local");
    await expect.poll(() => page.getByTestId("server-version").textContent(), { timeout: 15_000 }).toBe("v1.34.4");
    await page.getByRole("navigation", { name: "Resources" }).getByRole("link", { name: "MyService" }).waitFor();
    await shoot(page, "cluster");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the kind palette", async () => {
    const { page, errors } = await open("/c/loupe-local");
    await page.getByRole("navigation", { name: "Resources" }).getByRole("link", { name: "MyService" }).waitFor();
    await page.keyboard.press("Control+k");
    const dialog = page.getByRole("dialog", { name: "Find a kind" });
    await dialog.getByRole("combobox").fill("ct");
    await expect.poll(() => dialog.getByRole("option").first().textContent(), { timeout: 20_000 }).toContain("CronTab");
    await shoot(page, "palette");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a resource table", async () => {
    const { page, errors } = await open(`/c/loupe-local${myservices}`);
    const grid = page.getByRole("grid", { name: "myservices table" });
    await expect.poll(() => grid.getByRole("row").count(), { timeout: 15_000 }).toBe(4);
    await shoot(page, "resource-table");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an object's overview, YAML and history", async () => {
    const { page, errors } = await open(`/c/loupe-local${myservices}/storefront`);
    await page.getByRole("main").getByRole("heading", { name: "storefront", level: 2 }).waitFor({ timeout: 15_000 });
    await page.getByRole("toolbar", { name: "Object actions" }).getByRole("link", { name: "Edit YAML" }).waitFor();
    await shoot(page, "object-overview");
    await page.getByRole("tab", { name: "YAML" }).click();
    await expect.poll(() => page.locator("pre.yaml").textContent(), { timeout: 15_000 }).toContain("kind: MyService");
    await shoot(page, "object-yaml");
    await page.getByRole("tab", { name: "History" }).click();
    // Someone else changes the object while the page is open: the history tab shows both versions and the diff.
    await kube.mergePatch(`${myservices}/storefront`, { spec: { image: "nginx:1.28", replicas: 4 } });
    await expect.poll(() => page.locator(".versions li").count(), { timeout: 15_000 }).toBe(2);
    await shoot(page, "object-history");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the editor marks what the schema refuses", async () => {
    const { page, errors } = await open(`/c/loupe-local/edit${myservices}/checkout`);
    await waitForEditor(page);
    await editText(page, (t) => t.replace(/replicas: 2/, 'replicas: "two"'));
    await expect.poll(() => page.locator(".squiggly-error").count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await shoot(page, "editor-validation");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the review of a change, then the conflict when the object changed meanwhile", async () => {
    const { page, errors } = await open(`/c/loupe-local/edit${myservices}/search`);
    await waitForEditor(page);
    await editText(page, (t) => t.replace(/replicas: 1/, "replicas: 2"));
    await page.getByRole("button", { name: "Review changes" }).click();
    const review = page.getByTestId("review-panel");
    await review.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => review.locator(".monaco-diff-editor .line-insert, .monaco-diff-editor .char-insert").count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await review.scrollIntoViewIfNeeded();
    await shoot(page, "editor-review");
    await kube.mergePatch(`${myservices}/search`, { spec: { image: "nginx:1.28" } });
    await review.getByRole("button", { name: "Apply (replace)" }).click();
    const panel = page.getByTestId("conflict-panel");
    await panel.waitFor({ timeout: 15_000 });
    await panel.scrollIntoViewIfNeeded();
    await shoot(page, "editor-conflict");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("creating an object from the kind's template", async () => {
    const { page, errors } = await open(`/c/loupe-local/new${widgets}`);
    await page.getByRole("heading", { name: "New Widget" }).waitFor({ timeout: 15_000 });
    await waitForEditor(page);
    await shoot(page, "editor-new");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the scale and delete dialogs", async () => {
    const { page, errors } = await open(`/c/loupe-local${widgets}/dial`);
    const actions = page.getByRole("toolbar", { name: "Object actions" });
    await expect.poll(() => actions.getByRole("button", { name: "Scale" }).isEnabled(), { timeout: 15_000 }).toBe(true);
    await actions.getByRole("button", { name: "Scale" }).click();
    await page.getByLabel("Replicas").waitFor({ timeout: 15_000 });
    await shoot(page, "scale-dialog");
    await page.keyboard.press("Escape");
    await expect
      .poll(() => actions.getByRole("button", { name: "Delete" }).isEnabled(), { timeout: 15_000 })
      .toBe(true);
    await actions.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog", { name: "Delete Widget dial" }).waitFor({ timeout: 15_000 });
    await shoot(page, "delete-dialog");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the activity view", async () => {
    const { page, errors } = await open(
      `/c/loupe-local/activity?r=stable.example.com/v1/myservices&r=demo.loupe.dev/v1/widgets&ns=${ns}`,
    );
    await page.getByRole("list", { name: "Followed kinds" }).getByText("MyService").waitFor({ timeout: 15_000 });
    // Give the watches a moment to go live, then change things.
    await page.waitForTimeout(1_500);
    await kube.mergePatch(`${myservices}/checkout`, { spec: { replicas: 3 } });
    await kube.mergePatch(`${widgets}/dial`, { spec: { color: "blue" } });
    await kube.create(myservices, myService("recommendations", "nginx:1.27", 1));
    await expect
      .poll(() => page.getByRole("list", { name: "Changes" }).getByRole("listitem").count(), {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(3);
    await shoot(page, "activity");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the schema browser", async () => {
    const { page, errors } = await open("/c/loupe-local/schema/demo.loupe.dev/v1/Widget");
    await page.getByRole("heading", { name: "Widget fields" }).waitFor({ timeout: 15_000 });
    await page.locator('[data-path="spec.color"]').waitFor({ timeout: 15_000 });
    await shoot(page, "schema-browser");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("search across kinds", async () => {
    const { page, errors } = await open(`/c/loupe-local/apis/stable.example.com/v1/namespaces/${ns}/myservices`);
    await page.getByRole("navigation", { name: "Resources" }).getByRole("link", { name: "MyService" }).waitFor();
    await page.keyboard.press("/");
    const dialog = page.getByRole("dialog", { name: "Search objects" });
    await dialog.getByRole("combobox").fill("checkout");
    await expect.poll(() => dialog.getByText(/Read \d+ kinds/).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(() => dialog.getByRole("option").count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await shoot(page, "search");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a CEL query", async () => {
    const query = new URLSearchParams({
      name: "Web services",
      expr: 'has(object.metadata.labels) && object.metadata.labels.tier == "web"',
      kinds: "myservices",
      ns,
    });
    query.append("col", "App=object.metadata.labels.app");
    const { page, errors } = await open(`/c/loupe-local/queries?${query}`);
    const results = page.getByRole("table", { name: "Query results" });
    await expect.poll(() => results.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    await shoot(page, "queries");
    expect(errors).toEqual([]);
    await page.close();
  });
});
