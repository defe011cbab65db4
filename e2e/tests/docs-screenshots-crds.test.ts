import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shapeCrds } from "../../packages/local-cluster/src/crd-shapes.ts";
import { launchBrowser } from "../support/browser.ts";
import { fixtureCrds, installMissing, removeCrds, served } from "../support/crds.ts";
import { kubeApi } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The Custom Resources screenshots of docs/user-guide.md, as docs-screenshots.test.ts takes the others (same size,
// same folders: test-output/ on every run, docs/images/ with LOUPE_UPDATE_DOCS=1): the real-world CRDs of the shared
// fixtures and the generated odd shapes in group shapes.loupe.dev, with one object stored in an older version.
// The sidebar at 1,500 CRDs is taken by crds-scale.test.ts.
const ROOT = join(import.meta.dirname, "..", "..");
const IMAGES =
  process.env.LOUPE_UPDATE_DOCS === "1" ? join(ROOT, "docs", "images") : join(ROOT, "test-output", "docs-images");
const VIEWPORT = { width: 1100, height: 700 };
const GROUP = "shapes.loupe.dev";
const ns = "docs-crds";
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const shapes = shapeCrds({ suffix: GROUP, versionCount: 12, hugeFields: 200 }) as ({
  metadata: { name: string };
} & Record<string, any>)[];
let created: string[] = [];
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  await mkdir(IMAGES, { recursive: true });
  await removeCrds(
    kube,
    shapes.map((c) => c.metadata.name),
  );
  for (const crd of shapes) {
    for (
      let i = 0;
      i < 100 &&
      (await kube.call("GET", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`))
        .status !== 404;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
  }
  created = await installMissing(kube, [...(await fixtureCrds()), ...shapes]);
  await kube.namespace(ns);
  await served(kube, GROUP, "v1beta1", "migrations");
  await kube.create(`/apis/${GROUP}/v1beta1/namespaces/${ns}/migrations`, {
    apiVersion: `${GROUP}/v1beta1`,
    kind: "Migration",
    metadata: { name: "nightly" },
    spec: { size: 3, legacy: true },
  });
  await kube.must(
    "PATCH",
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/migrations.${GROUP}`,
    [
      { op: "replace", path: "/spec/versions/1/storage", value: false },
      { op: "replace", path: "/spec/versions/2/storage", value: true },
    ],
    "application/json-patch+json",
  );
  await served(kube, GROUP, "v1", "regions");
  for (const name of ["north", "south"]) {
    await kube.create(`/apis/${GROUP}/v1/regions`, { apiVersion: `${GROUP}/v1`, kind: "Region", metadata: { name } });
  }
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await removeCrds(kube, created);
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

async function open(path: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${loupe.url}${path}`);
  return { page, errors };
}

async function shoot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(IMAGES, `${name}.png`), animations: "disabled", caret: "hide" });
}

describe("docs/user-guide.md screenshots: custom resources", () => {
  it("the Custom Resources home", async () => {
    const { page, errors } = await open("/c/loupe-local/crds?q=shapes");
    const grid = page.getByRole("grid", { name: "CRDs table" });
    await grid.getByRole("link", { name: "Migration" }).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Count objects" }).click();
    const region = grid.getByRole("row").filter({ hasText: "Region" });
    await expect.poll(() => region.getByRole("gridcell").last().textContent()).toBe("2");
    await shoot(page, "crds-home");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a CRD page", async () => {
    const { page, errors } = await open(`/c/loupe-local/crds/migrations.${GROUP}?from=v1alpha1&to=v1`);
    await page.getByRole("note").filter({ hasText: "Objects may still be stored as" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByText("1 migrations").count()).toBe(1);
    await shoot(page, "crd-page");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("all instances of a group", async () => {
    const { page, errors } = await open(`/c/loupe-local/instances?group=${GROUP}`);
    const grid = page.getByRole("grid", { name: "Instances table" });
    await expect.poll(() => grid.getByRole("row").count(), { timeout: 20_000 }).toBe(4);
    await shoot(page, "crds-instances");
    expect(errors).toEqual([]);
    await page.close();
  });
});
