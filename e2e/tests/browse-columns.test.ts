import { readFile } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseCsv } from "../../apps/web/src/features/browse/utils/export-table.ts";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Tables as data: the column chooser (with kubectl's wide columns), custom JSONPath columns computed by the server
// and kept live, filters per column, and export of exactly what the table shows. Deployments in this file's
// namespace (the controller-manager gives them status and conditions; there are no pods).
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `browse-columns-${uniqueSuffix()}`;
const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
const listUrl = `/c/loupe-local/apis/apps/v1/namespaces/${ns}/deployments`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

function deployment(name: string, replicas: number, app: string) {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, labels: { "app.kubernetes.io/name": app } },
    spec: {
      replicas,
      selector: { matchLabels: { run: name } },
      template: {
        metadata: { labels: { run: name } },
        spec: { containers: [{ name: "main", image: `registry.example/${name}:1` }] },
      },
    },
  };
}

beforeAll(async () => {
  await kube.namespace(ns);
  await kube.create(deployments, deployment("alpha", 1, "shop"));
  await kube.create(deployments, deployment("beta", 2, "shop"));
  await kube.create(deployments, deployment("gamma", 3, "billing"));
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await kube.remove(`/api/v1/namespaces/${ns}`).catch(() => {});
  await browser?.close();
  await loupe?.close();
  kube.close();
});

/** The grid as text: its headers, then each row's cells, as the user sees them. */
async function gridText(grid: Locator): Promise<string[][]> {
  // Without the first column, the row checkboxes.
  const headers = (await grid.locator('[role="columnheader"]:not(.select-cell)').allTextContents()).map((h) =>
    h.replace(/[▲▼]$/, ""),
  );
  const rows: string[][] = [headers];
  for (const row of await grid.getByRole("row").all()) {
    const cells = await row.locator('[role="gridcell"]:not(.select-cell)').allTextContents();
    if (cells.length > 0) rows.push(cells);
  }
  return rows;
}

async function openList(page: Page, query = "") {
  await page.goto(`${loupe.url}${listUrl}${query}`);
  const grid = page.getByRole("grid", { name: "deployments table" });
  await expect.poll(() => grid.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
  return grid;
}

describe("tables as data", () => {
  it("shows, hides, reorders and sizes columns, wide ones included; the URL and the browser remember it", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}${listUrl}`);
    const grid = await openList(page);
    expect((await gridText(grid))[0]).toEqual(["Name", "Health", "Ready", "Up-to-date", "Available", "Age"]);

    await page.getByRole("button", { name: "Columns" }).click();
    const panel = page.getByRole("region", { name: "Columns" });
    // The router applies URL changes in a transition: click, then wait for the state (check() expects it at once).
    await panel.getByRole("checkbox", { name: "Health", exact: true }).click();
    await expect.poll(() => panel.getByRole("checkbox", { name: "Health", exact: true }).isChecked()).toBe(false);
    await panel.getByRole("checkbox", { name: "Images" }).click();
    await expect.poll(() => panel.getByRole("checkbox", { name: "Images" }).isChecked()).toBe(true);
    await panel.getByRole("checkbox", { name: "Age", exact: true }).click();
    await expect.poll(() => panel.getByRole("checkbox", { name: "Age", exact: true }).isChecked()).toBe(false);
    await panel.getByRole("button", { name: "Move Images up" }).click();
    await panel.getByRole("button", { name: "Move Images up" }).click();
    await panel.getByLabel("Width of Name in pixels").fill("300");
    await panel.getByLabel("Width of Name in pixels").press("Enter");
    await expect
      .poll(async () => (await gridText(grid))[0])
      .toEqual(["Name", "Ready", "Images", "Up-to-date", "Available"]);
    const nameWidth = await grid
      .getByRole("columnheader")
      .nth(1)
      .evaluate((e) => e.getBoundingClientRect().width);
    expect(Math.round(nameWidth)).toBe(300);
    expect(await gridText(grid)).toContainEqual([
      "alpha",
      "0/1",
      "registry.example/alpha:1",
      expect.any(String),
      expect.any(String),
    ]);
    const url = new URL(page.url());
    expect(url.searchParams.get("cols")).toBe("Name,Ready,Images,Up-to-date,Available");
    expect(url.searchParams.get("w")).toBe("Name:300");
    console.log(`screenshot: ${await screenshot(page, "table-column-chooser")}`);

    // The same kind opened again without a layout in the URL: the browser remembers it and puts it in the URL.
    const again = await openList(page);
    expect((await gridText(again))[0]).toEqual(["Name", "Ready", "Images", "Up-to-date", "Available"]);
    expect(new URL(page.url()).searchParams.get("cols")).toBe("Name,Ready,Images,Up-to-date,Available");
    // A shared link in a fresh browser context (nothing remembered) shows the same columns.
    const fresh = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const shared = await openList(fresh, url.search);
    expect((await gridText(shared))[0]).toEqual(["Name", "Ready", "Images", "Up-to-date", "Available"]);
    await fresh.close();
    await page.getByRole("button", { name: "Columns" }).click();
    await page.getByRole("button", { name: "Reset to the server's columns" }).click();
    await expect
      .poll(async () => (await gridText(grid))[0])
      .toEqual(["Name", "Health", "Ready", "Up-to-date", "Available", "Age"]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("adds JSONPath columns checked against the schema; the server computes them and keeps them live", async () => {
    const { page, errors } = await openPage(browser, `${loupe.url}${listUrl}`);
    const grid = await openList(page);
    await page.getByRole("button", { name: "Columns" }).click();
    const form = page.getByRole("form", { name: "Add a custom column" });
    const name = form.getByLabel("Name");
    const path = form.getByLabel("JSONPath");

    // Typed as it goes: a syntax error, an unknown field, completions from the schema.
    await path.fill("{.spec.replicas");
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/unclosed "\{" \(at character 1\)/);
    await path.fill("{.spec.replicas[x]}");
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/"\[" takes an index/);
    await path.fill("{.spec.replica}");
    await expect.poll(() => form.getByRole("status").textContent()).toMatch(/spec has no field "replica"/);
    await path.fill("{.spec.rev");
    await expect.poll(() => form.getByRole("status").textContent()).toContain("revisionHistoryLimit");
    console.log(`screenshot: ${await screenshot(page, "table-custom-column-form")}`);

    for (const [column, jsonPath] of [
      ["Want", "{.spec.replicas}"],
      ["App", "{.metadata.labels.app\\.kubernetes\\.io/name}"],
      ["Progressing", '{.status.conditions[?(@.type=="Progressing")].status}'],
      ["Second", "{.spec.template.spec.containers[1].image}"],
    ]) {
      await name.fill(column as string);
      await path.fill(jsonPath as string);
      await form.getByRole("button", { name: "Add column" }).click();
    }
    await page.getByRole("button", { name: "Close" }).click();
    await expect
      .poll(async () => (await gridText(grid)).map((row) => row.slice(-4)), { timeout: 20_000 })
      .toEqual([
        ["Want", "App", "Progressing", "Second"],
        ["1", "shop", "True", ""],
        ["2", "shop", "True", ""],
        ["3", "billing", "True", ""],
      ]);
    expect(new URL(page.url()).searchParams.getAll("cc")).toEqual([
      "Want:{.spec.replicas}",
      "App:{.metadata.labels.app\\.kubernetes\\.io/name}",
      'Progressing:{.status.conditions[?(@.type=="Progressing")].status}',
      "Second:{.spec.template.spec.containers[1].image}",
    ]);

    await kube.mergePatch(`${deployments}/beta`, { spec: { replicas: 5 } });
    const beta = grid.getByRole("row").filter({ hasText: "beta" });
    await expect
      .poll(async () => (await beta.getByRole("gridcell").allTextContents()).at(-4), { timeout: 20_000 })
      .toBe("5");
    console.log(`screenshot: ${await screenshot(page, "table-custom-columns")}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("filters per column, with the label selector, all in the URL; exports what it shows", async () => {
    const query = "?labelSelector=app.kubernetes.io/name%3Dshop&cc=Want:{.spec.replicas}&cols=Name,Ready,Want,Age";
    const { page, errors } = await openPage(browser, `${loupe.url}${listUrl}${query}`);
    const grid = page.getByRole("grid", { name: "deployments table" });
    await expect.poll(() => grid.getByRole("row").count(), { timeout: 20_000 }).toBe(3);

    await page.getByLabel("Add a filter on a column").selectOption("Name");
    // Few names: a one-of filter by default; switched to "contains".
    expect(await page.getByLabel("How to filter Name").inputValue()).toBe("oneOf");
    await page.getByLabel("How to filter Name").selectOption("text");
    await page.getByLabel("Name contains").fill("ALP");
    await expect.poll(async () => (await gridText(grid)).slice(1).map((r) => r[0])).toEqual(["alpha"]);
    await page.getByRole("button", { name: "Remove the filter on Name" }).click();
    await page.getByLabel("Add a filter on a column").selectOption("Want");
    await page.getByRole("checkbox", { name: "5" }).click();
    await page.getByLabel("Add a filter on a column").selectOption("Age");
    await page.getByLabel("Age at most").fill("1h");
    await expect.poll(async () => (await gridText(grid)).slice(1).map((r) => r[0])).toEqual(["beta"]);
    const params = new URL(page.url()).searchParams;
    expect(params.getAll("fc")).toEqual(["Want=5", "Age:..3600"]);
    expect(params.get("labelSelector")).toBe("app.kubernetes.io/name=shop");
    await page.getByLabel("Age at most").fill("2x");
    await expect.poll(() => page.getByText("a number or a duration (5m, 2h)").count()).toBe(1);
    await page.getByLabel("Age at most").fill("1h");
    await page.getByRole("checkbox", { name: "1", exact: true }).click();
    await expect.poll(async () => (await gridText(grid)).slice(1).map((r) => r[0])).toEqual(["alpha", "beta"]);
    console.log(`screenshot: ${await screenshot(page, "table-column-filters")}`);

    // Export: the file read back equals the table, cell for cell (ages tick on: compared as ages).
    const ages = (rows: string[][]) =>
      rows.map((row, r) =>
        row.map((cell, i) => (r > 0 && rows[0]?.[i] === "Age" ? cell.replace(/^\d+s$/, "<age>") : cell)),
      );
    const shown = ages(await gridText(grid));
    await page.getByRole("button", { name: "Export" }).click();
    const panel = page.getByRole("region", { name: "Export" });
    const [csv] = await Promise.all([
      page.waitForEvent("download"),
      panel.getByRole("button", { name: "CSV" }).click(),
    ]);
    expect(csv.suggestedFilename()).toBe("deployments.csv");
    expect(ages(parseCsv(await readFile(await csv.path(), "utf8")))).toEqual(shown);
    const [json] = await Promise.all([
      page.waitForEvent("download"),
      panel.getByRole("button", { name: "JSON" }).click(),
    ]);
    const objects = JSON.parse(await readFile(await json.path(), "utf8")) as Record<string, string>[];
    expect(ages([shown[0] ?? [], ...objects.map((o) => Object.values(o))]).slice(1)).toEqual(shown.slice(1));
    expect(Object.keys(objects[0] ?? {})).toEqual(shown[0]);
    const [yaml] = await Promise.all([
      page.waitForEvent("download"),
      panel.getByRole("button", { name: "Full objects (YAML)" }).click(),
    ]);
    const documents = (await readFile(await yaml.path(), "utf8")).split(/^---$/m);
    expect(documents.map((d) => /^ {2}name: (\S+)$/m.exec(d)?.[1])).toEqual(["alpha", "beta"]);
    expect(documents[0]).toContain("kind: Deployment");
    expect(documents[0]).toContain("image: registry.example/alpha:1");
    expect(await panel.locator(".kubectl-command").textContent()).toBe(
      `kubectl --context loupe-local get deployments.v1.apps -n ${ns} -l app.kubernetes.io/name=shop -o 'custom-columns=NAME:.metadata.name,WANT:{.spec.replicas}'`,
    );
    console.log(`screenshot: ${await screenshot(page, "table-export")}`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
