import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe, startLoupeAsServiceAccount } from "../support/server.ts";

// Several clusters in one table: the run's kubeconfig has two contexts, `loupe-local` (admin) and
// `loupe-local-viewer` (read-only). The same list from both, with a Cluster column, live. For a failing cluster, a
// third context acts as a service account with no permissions: its refused list is a row of its own, the admin's
// rows unaffected.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `browse-clusters-${uniqueSuffix()}`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: "shared-a" }, data: { a: "1" } });
  await kube.create(`/api/v1/namespaces/${ns}/secrets`, { metadata: { name: "only-admin" }, stringData: { p: "x" } });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await kube.remove(`/api/v1/namespaces/${ns}`).catch(() => {});
  await browser?.close();
  await loupe?.close();
  kube.close();
});

describe("several clusters in one table", () => {
  it("lists the same kind from two contexts with a Cluster column, live", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}/c/loupe-local/api/v1/namespaces/${ns}/configmaps`);
    const grid = page.getByRole("grid", { name: "configmaps table" });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "shared-a" }).count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole("button", { name: "Clusters" }).click();
    await page.getByRole("checkbox", { name: "loupe-local-viewer" }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("clusters")).toBe("loupe-local-viewer");
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "shared-a" }).count(), { timeout: 20_000 }).toBe(2);
    expect((await grid.getByRole("columnheader").allTextContents())[0]).toBe("Cluster");
    const clustersOf = async (name: string) =>
      (
        await Promise.all(
          (
            await grid.getByRole("row").filter({ hasText: name }).all()
          ).map(async (row) => (await row.getByRole("gridcell").allTextContents())[0]),
        )
      ).sort();
    expect(await clustersOf("shared-a")).toEqual(["loupe-local", "loupe-local-viewer"]);

    await kube.create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: "shared-b" }, data: {} });
    await expect.poll(() => clustersOf("shared-b"), { timeout: 20_000 }).toEqual(["loupe-local", "loupe-local-viewer"]);
    // A row opens its object in its own cluster.
    const viewerRow = grid.getByRole("row").filter({ hasText: "shared-b" }).filter({ hasText: "loupe-local-viewer" });
    expect(await viewerRow.getByRole("link", { name: "shared-b" }).getAttribute("href")).toBe(
      `/c/loupe-local-viewer/api/v1/namespaces/${ns}/configmaps/shared-b`,
    );
    console.log(`screenshot: ${await screenshot(page, "table-two-clusters")}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("shows a cluster's failure on its own row, the other cluster's rows as usual", async () => {
    await kube.create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "nobody" } });
    const narrow = await startLoupeAsServiceAccount(cluster, kube, ns, "nobody");
    const { page, errors } = await openPage(
      browser,
      `${narrow.url}/c/loupe-local/api/v1/namespaces/${ns}/secrets?clusters=nobody`,
    );
    const grid = page.getByRole("grid", { name: "secrets table" });
    const problem = grid.getByRole("row").filter({ hasText: /forbidden/i });
    await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
    expect((await problem.getByRole("gridcell").allTextContents())[0]).toBe("nobody");
    const admin = grid.getByRole("row").filter({ hasText: "only-admin" });
    await expect.poll(() => admin.count(), { timeout: 20_000 }).toBe(1);
    expect((await admin.getByRole("gridcell").allTextContents())[0]).toBe("loupe-local");
    console.log(`screenshot: ${await screenshot(page, "table-cluster-failure")}`);
    expect(errors).toEqual([]);
    await page.close();
    await narrow.close();
  });
});
