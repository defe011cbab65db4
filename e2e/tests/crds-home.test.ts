import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shapeCrds } from "../../packages/local-cluster/src/crd-shapes.ts";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { fixtureCrds, installMissing, removeCrds, served } from "../support/crds.ts";
import { kubeApi, simpleCrd, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The Custom Resources home, the CRD page and All instances, against real CRDs (shared fixtures) and generated ones
// of every odd shape (storage version not first, many versions, cluster-scoped, one kind in two groups, a huge
// schema), with a storage version moved so that objects are still stored in an older one.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = `s${uniqueSuffix()}.loupe.test`;
type Crd = { metadata: { name: string } } & Record<string, any>;
const shapes = shapeCrds({ suffix, versionCount: 30, hugeFields: 1_500 }) as Crd[];
const ns = `crds-${uniqueSuffix()}`;
const deadHook = {
  ...simpleCrd(`dead.${suffix}`, "Relay", "relays"),
  metadata: { name: `relays.dead.${suffix}` },
} as Crd;
deadHook.spec.conversion = {
  strategy: "Webhook",
  webhook: {
    conversionReviewVersions: ["v1"],
    clientConfig: { service: { namespace: ns, name: "converter", path: "/convert" } },
  },
};
const urlHook = {
  ...simpleCrd(`url.${suffix}`, "Beacon", "beacons"),
  metadata: { name: `beacons.url.${suffix}` },
} as Crd;
urlHook.spec.conversion = {
  strategy: "Webhook",
  webhook: { conversionReviewVersions: ["v1"], clientConfig: { url: "https://webhook.example.invalid:8443/convert" } },
};
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;
let fixturesCreated: string[] = [];

beforeAll(async () => {
  fixturesCreated = await installMissing(kube, await fixtureCrds());
  await kube.namespace(ns);
  await kube.create(`/api/v1/namespaces/${ns}/services`, {
    metadata: { name: "converter" },
    spec: { ports: [{ port: 443 }] },
  });
  for (const crd of [...shapes, deadHook, urlHook]) await kube.crd(crd);
  await served(kube, suffix, "v1beta1", "migrations");
  // An object stored as v1beta1, then v1 becomes the storage version: status.storedVersions keeps v1beta1.
  await kube.create(`/apis/${suffix}/v1beta1/namespaces/${ns}/migrations`, {
    apiVersion: `${suffix}/v1beta1`,
    kind: "Migration",
    metadata: { name: "old-one" },
    spec: { size: 3, legacy: true },
  });
  await kube.must(
    "PATCH",
    `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/migrations.${suffix}`,
    [
      { op: "replace", path: "/spec/versions/1/storage", value: false },
      { op: "replace", path: "/spec/versions/2/storage", value: true },
    ],
    "application/json-patch+json",
  );
  await served(kube, suffix, "v1", "regions");
  await kube.create(`/apis/${suffix}/v1/regions`, {
    apiVersion: `${suffix}/v1`,
    kind: "Region",
    metadata: { name: `north-${ns}` },
    spec: { size: 1 },
  });
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await removeCrds(
    kube,
    [...shapes, deadHook, urlHook].map((c) => c.metadata.name),
  );
  await removeCrds(kube, fixturesCreated);
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

function open(path: string) {
  return openPage(browser, `${loupe.url}${path}`);
}

describe("the Custom Resources home", () => {
  it("lists every CRD with versions, scope, names, conversion and status; filters; counts on request", async () => {
    const { page, errors } = await open(`/c/loupe-local/crds?q=${suffix}`);
    const grid = page.getByRole("grid", { name: "CRDs table" });
    const row = (kind: string, group = suffix) =>
      grid
        .getByRole("row")
        .filter({ has: page.getByRole("gridcell", { name: group, exact: true }) })
        .filter({
          has: page.getByRole("link", { name: kind, exact: true }),
        });
    await expect.poll(() => row("Migration").count(), { timeout: 20_000 }).toBe(1);
    const migration = (await row("Migration").textContent()) ?? "";
    expect(migration).toContain("v1alpha1");
    expect(migration).toContain("mig");
    expect(migration).toContain("#shapes");
    expect(migration).toContain("Namespaced");
    expect(migration).toContain("Established · 2 notes");
    expect(await row("Region").textContent()).toContain("Cluster");
    // One kind name in two groups: two rows.
    expect(await row("Widget", `a.${suffix}`).count()).toBe(1);
    expect(await row("Widget", `b.${suffix}`).count()).toBe(1);
    expect(await row("Relay", `dead.${suffix}`).textContent()).toContain("Webhook");
    expect(await page.getByRole("status").filter({ hasText: "CRDs" }).first().textContent()).toMatch(
      /^\d+ of \d+ CRDs$/,
    );

    await page.getByRole("button", { name: "Count objects" }).click();
    await expect.poll(() => row("Migration").getByRole("gridcell").last().textContent()).toBe("1");
    await expect.poll(() => row("Region").getByRole("gridcell").last().textContent()).toBe("1");
    await expect.poll(() => row("Sprawl").getByRole("gridcell").last().textContent()).toBe("0");
    console.log(`screenshot: ${await screenshot(page, "crds-home")}`);
    // Every row's columns line up with the header's, whatever the cells hold (long version lists included).
    const lefts = (cells: Awaited<ReturnType<typeof grid.getByRole>>) =>
      cells.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().left)));
    const header = await lefts(grid.getByRole("columnheader"));
    expect(header).toHaveLength(8);
    expect(await lefts(row("Sprawl").getByRole("gridcell"))).toEqual(header);
    expect(await lefts(row("Migration").getByRole("gridcell"))).toEqual(header);

    await page.getByLabel("Scope").selectOption("Cluster");
    await expect.poll(() => grid.getByRole("row").count()).toBe(2); // the header row and Region
    await page.getByLabel("Scope").selectOption("");
    // The URL holds the filter and the router applies it in a transition: click, then wait (check() expects it at once).
    await page.getByLabel("Needing attention").click();
    await expect.poll(() => page.getByLabel("Needing attention").isChecked()).toBe(true);
    await expect.poll(() => row("Migration").count()).toBe(1);
    expect(await row("Region").count()).toBe(0);
    expect(page.url()).toContain("problems=1");
    expect(errors).toEqual([]);
  });

  it("follows CRDs live: one created appears, one deleted goes, without a reload", async () => {
    const { page } = await open(`/c/loupe-local/crds?q=${suffix}`);
    const grid = page.getByRole("grid", { name: "CRDs table" });
    await expect
      .poll(() => grid.getByRole("link", { name: "Migration", exact: true }).count(), { timeout: 20_000 })
      .toBe(1);
    const late = simpleCrd(`late.${suffix}`, "Latecomer", "latecomers");
    await kube.crd(late);
    await expect.poll(() => grid.getByRole("link", { name: "Latecomer" }).count(), { timeout: 15_000 }).toBe(1);
    await removeCrds(kube, [late.metadata.name]);
    await expect.poll(() => grid.getByRole("link", { name: "Latecomer" }).count(), { timeout: 15_000 }).toBe(0);
  });
});

describe("a CRD's page", () => {
  it("shows versions, highlights objects stored in an older version, diffs two versions' schemas", async () => {
    const { page, errors } = await open(`/c/loupe-local/crds/migrations.${suffix}`);
    await page.getByRole("heading", { name: "Migration", level: 2 }).waitFor({ timeout: 20_000 });
    const versions = page.getByRole("table", { name: /Versions/ });
    expect(await versions.getByRole("row").count()).toBe(4);
    expect(await versions.getByRole("row").filter({ hasText: "v1beta1" }).textContent()).toContain("still stored");
    const note = page.getByRole("note").filter({ hasText: "Objects may still be stored as" });
    expect(await note.textContent()).toContain("v1beta1");
    expect(await note.textContent()).toContain("storage version is v1");
    await expect.poll(() => page.getByText("1 migrations").count()).toBe(1);

    // The schema of the storage version (v1), and its printer columns.
    const fields = page.getByRole("table", { name: "Fields of v1" });
    expect(await fields.getByRole("row").filter({ hasText: "mode" }).textContent()).toContain("string");
    const columns = page.getByRole("table", { name: /Printer columns/ });
    expect(await columns.getByRole("row").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(".spec.size"), expect.stringContaining("1 (wide)")]),
    );

    // v1alpha1 → v1: legacy removed, mode added, size string → integer.
    await page.getByLabel("Compare from").selectOption("v1alpha1");
    await page.getByLabel("Compare to").selectOption("v1");
    const diff = page.getByRole("table", { name: "Differences from v1alpha1 to v1" });
    await expect
      .poll(() => diff.getByRole("row").allTextContents())
      .toEqual([
        "FieldChangeDetail",
        "spec.legacyremovedboolean",
        "spec.modeaddedstring",
        "spec.sizetype changedstring → integer",
      ]);
    expect(page.url()).toContain("from=v1alpha1");
    console.log(`screenshot: ${await screenshot(page, "crd-page-migration")}`);
    expect(errors).toEqual([]);
  });

  it("probes a conversion webhook through the API server and never fetches a URL webhook", async () => {
    const dead = await open(`/c/loupe-local/crds/relays.dead.${suffix}`);
    const probe = dead.page.getByRole("status", { name: "Webhook probe" });
    await expect.poll(() => probe.textContent(), { timeout: 20_000 }).toContain("Does not answer");
    // The API server's own reason: the Service has no endpoints (or no Endpoints object yet).
    expect(await probe.textContent()).toMatch(/no endpoints available|"converter" not found/);
    console.log(`screenshot: ${await screenshot(dead.page, "crd-page-dead-webhook")}`);
    const url = await open(`/c/loupe-local/crds/beacons.url.${suffix}`);
    const urlProbe = url.page.getByRole("status", { name: "Webhook probe" });
    await expect.poll(() => urlProbe.textContent(), { timeout: 20_000 }).toContain("Not probed");
    expect(await urlProbe.textContent()).toContain("webhook.example.invalid:8443");
  });

  it("lists a huge schema and finds a field in it", async () => {
    const { page } = await open(`/c/loupe-local/crds/atlases.${suffix}`);
    const status = page.getByRole("status").filter({ hasText: "fields" });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe("6002 fields");
    await page.getByLabel("Find a field").fill("field1234.");
    await expect.poll(() => status.textContent()).toBe("3 of 6002 fields");
    expect(await page.getByRole("table", { name: "Fields of v1" }).getByRole("row").count()).toBe(4);
  });

  it("shows a real multi-version CRD (Gateway API HTTPRoute) with its printer columns", async () => {
    const { page, errors } = await open("/c/loupe-local/crds/httproutes.gateway.networking.k8s.io");
    await page.getByRole("heading", { name: "HTTPRoute", level: 2 }).waitFor({ timeout: 20_000 });
    const versions = page.getByRole("table", { name: /Versions/ });
    expect(await versions.getByRole("row").count()).toBe(3);
    expect(
      await page
        .getByRole("table", { name: /Printer columns/ })
        .getByRole("row")
        .count(),
    ).toBeGreaterThan(1);
    const fields = page.getByRole("status").filter({ hasText: "fields" });
    expect(Number((await fields.textContent())?.split(" ")[0])).toBeGreaterThan(100);
    console.log(`screenshot: ${await screenshot(page, "crd-page-httproute")}`);
    expect(errors).toEqual([]);
  });
});

describe("all instances", () => {
  it("lists the objects of a whole group in one live table with a Kind column", async () => {
    const { page, errors } = await open(`/c/loupe-local/instances?group=${suffix}`);
    const grid = page.getByRole("grid", { name: "Instances table" });
    await expect.poll(() => grid.getByRole("row").count(), { timeout: 20_000 }).toBe(3);
    const texts = await grid.getByRole("row").allTextContents();
    expect(texts[1]).toContain("Migration");
    expect(texts[1]).toContain("old-one");
    expect(texts[2]).toContain("Region");
    expect(texts[2]).toContain(`north-${ns}`);
    // A new object appears live.
    await kube.create(`/apis/${suffix}/v1/namespaces/${ns}/sprawls`, {
      apiVersion: `${suffix}/v1`,
      kind: "Sprawl",
      metadata: { name: "fresh" },
      spec: { size: 2 },
    });
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "fresh" }).count(), { timeout: 15_000 }).toBe(1);
    expect(await grid.getByRole("row").filter({ hasText: "fresh" }).textContent()).toContain("Sprawl");
    // Unticking a kind drops its rows.
    await page.getByRole("checkbox", { name: "Region" }).uncheck();
    await expect.poll(() => grid.getByRole("row").filter({ hasText: "Region" }).count()).toBe(0);
    expect(page.url()).toContain("kinds=");
    console.log(`screenshot: ${await screenshot(page, "crds-instances")}`);
    expect(errors).toEqual([]);
  });
});
