import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { buildApp } from "@loupe/server";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openHistoryStore } from "../../apps/server/src/history/open-store.ts";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe, WEB_ROOT } from "../support/server.ts";

// Health everywhere: the Problems view follows objects going unhealthy and recovering (a sample CRD's status patched
// through its status subresource; a Deployment that kube-controller-manager declares failed past its deadline, as
// no kubelet runs its pod), the table's Health column and "Not healthy" filter, and the object page's banner.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `problems-${uniqueSuffix()}`;
const widgets = `/apis/demo.loupe.dev/v1/namespaces/${ns}/widgets`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

function ready(status: "True" | "False", reason: string, message: string) {
  return {
    status: { conditions: [{ type: "Ready", status, reason, message, lastTransitionTime: new Date().toISOString() }] },
  };
}

beforeAll(async () => {
  await kube.namespace(ns);
  for (const name of ["gear", "sprocket"]) {
    await kube.create(widgets, {
      apiVersion: "demo.loupe.dev/v1",
      kind: "Widget",
      metadata: { name },
      spec: { color: "blue", size: "small", replicas: 1 },
    });
    await kube.mergePatch(`${widgets}/${name}/status`, ready("True", "AllReplicasReady", "1 of 1 replicas are ready"));
  }
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

describe("Problems and health", () => {
  it("the Problems view updates live as objects go unhealthy and recover", async () => {
    const { page } = await openPage(browser, `${loupe.url}/c/loupe-local/problems?ns=${ns}`);
    await expect.poll(() => page.getByLabel(/^Connection:/).textContent(), { timeout: 30_000 }).toBe("Live");
    await page.getByText(`Nothing is unhealthy in namespace ${ns}.`).waitFor({ timeout: 15_000 });
    console.log(`screenshot: ${await screenshot(page, "problems-empty")}`);

    await kube.mergePatch(`${widgets}/gear/status`, ready("False", "MotorJammed", "the motor is jammed"));
    const widgetGroup = page.getByRole("region", { name: /^Widget/ });
    const gear = widgetGroup.getByRole("row").filter({ hasText: "gear" });
    await gear.waitFor({ timeout: 20_000 });
    expect(await gear.getByRole("cell").allTextContents()).toEqual(
      expect.arrayContaining(["gear", ns, "Failed", "MotorJammed", "the motor is jammed"]),
    );
    expect(await page.getByTestId("problems-total").textContent()).toBe("1 problem");
    expect(await gear.getByRole("link", { name: "gear" }).getAttribute("href")).toBe(`/c/loupe-local${widgets}/gear`);

    // A Deployment with no kubelet to run its pod: In progress, then Failed past its 3 s deadline.
    await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: "api" },
      spec: {
        replicas: 1,
        progressDeadlineSeconds: 3,
        selector: { matchLabels: { app: "api" } },
        template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image: "api:1" }] } },
      },
    });
    const api = page
      .getByRole("region", { name: /^Deployment/ })
      .getByRole("row")
      .filter({ hasText: "api" });
    await expect
      .poll(() => api.getByRole("cell").allTextContents(), { timeout: 60_000 })
      .toContain("ProgressDeadlineExceeded");
    console.log(`screenshot: ${await screenshot(page, "problems-live")}`);

    // The verdict filter is the subscription's key, and lives in the URL.
    await page.getByRole("checkbox", { name: "In progress" }).uncheck();
    await expect.poll(() => page.url()).toContain("verdict=Failed%2CTerminating%2CUnknown");
    await page
      .getByLabel(/^Connection:/)
      .filter({ hasText: "Live" })
      .waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByRole("region", { name: /^ReplicaSet/ }).count(), { timeout: 20_000 }).toBe(0);
    expect(await gear.count()).toBe(1);

    await kube.mergePatch(`${widgets}/gear/status`, ready("True", "AllReplicasReady", "1 of 1 replicas are ready"));
    await expect.poll(() => gear.count(), { timeout: 20_000 }).toBe(0);
    await expect.poll(() => widgetGroup.count(), { timeout: 20_000 }).toBe(0);
    console.log(`screenshot: ${await screenshot(page, "problems-recovered")}`);
  });

  it("the cluster home answers: is anything wrong, and what changed", async () => {
    // A server that records history, so the home has changes to show.
    const dir = await mkdtemp(join(tmpdir(), "loupe-e2e-history-"));
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const app = await buildApp({ kubeConfig: kc, webRoot: WEB_ROOT, history: { store: openHistoryStore({ dir }) } });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    try {
      await homeAnswers(url);
    } finally {
      await app.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  async function homeAnswers(url: string) {
    // Let the recorder list, then change something it records.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await kube.mergePatch(`${widgets}/gear`, { metadata: { labels: { touched: "yes" } } });
    const { page } = await openPage(browser, `${url}/c/loupe-local`);
    await expect.poll(() => page.getByTestId("apiserver-health").textContent(), { timeout: 20_000 }).toMatch(/^Ready/);
    await expect
      .poll(() => page.getByTestId("home-problems-total").textContent(), { timeout: 30_000 })
      .toMatch(/not healthy$/);
    const byKind = page.getByRole("table", { name: "Problems by kind" });
    await expect
      .poll(() => byKind.getByRole("row").filter({ hasText: "Deployment" }).count(), { timeout: 20_000 })
      .toBe(1);
    expect(Number(await page.getByTestId("crd-count").textContent())).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.getByTestId("object-count").textContent(), { timeout: 20_000 }).toMatch(/^\d/);
    const changes = page.getByRole("list", { name: "Recent changes" });
    await expect
      .poll(() => changes.getByRole("listitem").filter({ hasText: "gear" }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    console.log(`screenshot: ${await screenshot(page, "cluster-home")}`);
  }

  it("every table has a Health column, sortable, with a Not healthy filter; the object page shows the verdict", async () => {
    await kube.mergePatch(`${widgets}/sprocket/status`, ready("False", "GearStripped", "a gear is stripped"));
    const { page } = await openPage(browser, `${loupe.url}/c/loupe-local${widgets}`);
    const grid = page.getByRole("grid", { name: "widgets table" });
    const sprocket = grid.getByRole("row").filter({ hasText: "sprocket" });
    await expect
      .poll(() => sprocket.getByRole("gridcell").allTextContents(), { timeout: 20_000 })
      .toContain("FailedGearStripped");
    expect(
      await grid.getByRole("row").filter({ hasText: "gear" }).first().getByRole("gridcell").allTextContents(),
    ).toContain("Healthy");
    await page.getByRole("checkbox", { name: "Not healthy" }).check();
    await expect.poll(() => page.url()).toContain("health=unhealthy");
    await expect.poll(() => grid.getByRole("row").count()).toBe(2); // the header and sprocket
    console.log(`screenshot: ${await screenshot(page, "health-column")}`);

    const object = await openPage(browser, `${loupe.url}/c/loupe-local${widgets}/sprocket`);
    const banner = object.page.getByRole("region", { name: "Health" });
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toContain("GearStripped");
    expect(await banner.textContent()).toContain("a gear is stripped");
    await kube.mergePatch(`${widgets}/sprocket/status`, ready("True", "AllReplicasReady", "1 of 1 replicas are ready"));
    await expect.poll(() => banner.textContent(), { timeout: 20_000 }).toContain("Healthy");
    console.log(`screenshot: ${await screenshot(object.page, "health-object")}`);
  });
});
