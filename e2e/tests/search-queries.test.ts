import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Search across kinds (`/` anywhere) and saved CEL queries, in Chromium against the local cluster.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = uniqueSuffix();
const ns = `search-${suffix}`;
const tag = `needle-${suffix}`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/configmaps`, {
    metadata: { name: `${tag}-settings`, labels: { team: "checkout" } },
  });
  await kube.create(`/api/v1/namespaces/${ns}/services`, {
    metadata: { name: `${tag}-web`, labels: { team: "checkout" } },
    spec: { ports: [{ port: 80 }] },
  });
  await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: `${tag}-api` },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: tag } },
      template: { metadata: { labels: { app: tag } }, spec: { containers: [{ name: "api", image: "nginx" }] } },
    },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/api/v1/namespaces/${ns}`).catch(() => {});
  kube.close();
});

describe("search across kinds", () => {
  it("opens with / anywhere, streams hits of every kind in, and opens the one chosen", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local`);
    await page.getByRole("heading").first().waitFor();
    await page.keyboard.press("/");
    const dialog = page.getByRole("dialog", { name: "Search objects" });
    await dialog.getByRole("combobox", { name: "Search names, labels and kinds" }).fill(tag);
    const options = dialog.getByRole("option");
    await expect.poll(() => options.count(), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
    await expect.poll(() => dialog.getByText(/Read \d+ kinds/).count(), { timeout: 20_000 }).toBe(1);
    const texts = await options.allTextContents();
    expect(texts.some((t) => t.includes("ConfigMap") && t.includes(`${tag}-settings`))).toBe(true);
    expect(texts.some((t) => t.includes("Service") && t.includes(`${tag}-web`))).toBe(true);
    expect(texts.some((t) => t.includes("Deployment") && t.includes(`${tag}-api`))).toBe(true);
    console.log(`screenshot: ${await screenshot(page, "search-dialog")}`);

    // Narrow by a word of a label, then open the one hit.
    await dialog.getByRole("combobox").fill(`${tag} svc`);
    await expect
      .poll(() => options.allTextContents(), { timeout: 20_000 })
      .toEqual([expect.stringContaining(`${tag}-web`)]);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/c/loupe-local/api/v1/namespaces/${ns}/services/${tag}-web`);
    expect(errors).toEqual([]);
  });

  it("/ in a text field is text; the search page lists every hit with health and what matched", async () => {
    const { page } = await openPage(browser, `${loupe.url}/c/loupe-local/search?q=team%3Dcheckout&ns=${ns}`);
    const table = page.getByRole("table");
    await expect.poll(() => table.getByRole("row").count(), { timeout: 20_000 }).toBe(3);
    const rows = await table.getByRole("row").allTextContents();
    expect(rows.slice(1).every((r) => r.includes("label team=checkout"))).toBe(true);
    const field = page.getByRole("textbox", { name: "Label selector" });
    await field.fill("");
    await field.pressSequentially("a/b");
    expect(await field.inputValue()).toBe("a/b");
    expect(await page.getByRole("dialog").count()).toBe(0);
    console.log(`screenshot: ${await screenshot(page, "search-page")}`);
  });
});

describe("saved CEL queries", () => {
  it("runs a query live with its columns, marks an error at its place, saves and shares it", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local/queries`);
    const expression = page.getByRole("textbox", { name: "Expression", exact: true });
    await page.getByRole("textbox", { name: "Name", exact: true }).fill("Unavailable deployments");
    await page.getByRole("textbox", { name: "Kinds" }).fill("deployments.apps");
    await page.getByRole("textbox", { name: "Namespace" }).fill(ns);
    await expression.fill(
      'has(object.status.conditions) &&\n  object.status.conditions.exists(c, c.type == "Available" &&)',
    );
    // The error is marked where it is: line 2, at the `)` after `&&`.
    const issue = page.getByRole("alert").filter({ hasText: "Unexpected token" });
    await expect.poll(() => issue.textContent(), { timeout: 10_000 }).toMatch(/^2:62: /);
    console.log(`screenshot: ${await screenshot(page, "query-error")}`);

    await expression.fill(
      'has(object.status.conditions) &&\n  object.status.conditions.exists(c, c.type == "Available" && c.status == "False")',
    );
    await page.getByRole("textbox", { name: "Column 1 name" }).fill("Wanted");
    await page.getByRole("textbox", { name: "Column 1 expression" }).fill("object.status.replicas");
    await expect.poll(() => page.getByRole("alert").count(), { timeout: 10_000 }).toBe(0);
    await page.getByRole("button", { name: "Run" }).click();
    const results = page.getByRole("table", { name: "Query results" });
    const row = results.getByRole("row").filter({ hasText: `${tag}-api` });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    expect(await results.getByRole("columnheader").allTextContents()).toEqual([
      "Kind",
      "Namespace",
      "Name",
      "Health",
      "Wanted",
      "Age",
    ]);
    expect(await row.getByRole("cell").nth(4).textContent()).toBe("3");
    console.log(`screenshot: ${await screenshot(page, "query-results")}`);

    // Live: scaled to zero the Deployment is Available, and leaves the table without a reload.
    await kube.mergePatch(`/apis/apps/v1/namespaces/${ns}/deployments/${tag}-api`, { spec: { replicas: 0 } });
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);

    // Saved in this browser, and the URL shares it.
    await page.getByRole("button", { name: "Save" }).click();
    const shared = page.url();
    expect(new URL(shared).searchParams.get("kinds")).toBe("deployments.apps");
    const again = await openPage(browser, shared);
    expect(await again.page.getByRole("textbox", { name: "Expression", exact: true }).inputValue()).toContain(
      'c.status == "False"',
    );
    await page.reload();
    await page
      .getByRole("navigation", { name: "Saved queries" })
      .getByRole("button", { name: "Unavailable deployments" })
      .waitFor();
    expect(errors).toEqual([]);
  });
});
