import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { fixtureCrds } from "../support/fixtures.ts";
import { kubeApi, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// The Related panel and the Graph tab of an object page, against the local cluster: a Deployment (its ReplicaSet and
// Pods made by kube-controller-manager), a Service selecting the Pods, a cert-manager Certificate writing a Secret
// mounted by nothing yet, and a KEDA ScaledObject scaling the Deployment.
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const ns = `relations-${uniqueSuffix()}`;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

beforeAll(async () => {
  for (const crd of await fixtureCrds("certificates.cert-manager.io", "scaledobjects.keda.sh")) await kube.crd(crd);
  await kube.namespace(ns);
  await kube.create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: "shop" },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "shop" } },
      template: { metadata: { labels: { app: "shop" } }, spec: { containers: [{ name: "c", image: "nginx" }] } },
    },
  });
  await kube.create(`/api/v1/namespaces/${ns}/services`, {
    metadata: { name: "shop" },
    spec: { selector: { app: "shop" }, ports: [{ port: 80 }] },
  });
  await kube.create(`/api/v1/namespaces/${ns}/secrets`, { metadata: { name: "shop-tls" }, stringData: { a: "b" } });
  await kube.create(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates`, {
    apiVersion: "cert-manager.io/v1",
    kind: "Certificate",
    metadata: { name: "shop" },
    spec: { secretName: "shop-tls", dnsNames: ["shop.example.com"], issuerRef: { name: "absent", kind: "Issuer" } },
  });
  await kube.create(`/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects`, {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name: "shop" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "shop" },
      triggers: [{ type: "cpu", metadata: { value: "50" } }],
    },
  });
  // The controllers make the ReplicaSet and its two Pods.
  for (let i = 0; i < 150; i++) {
    const pods = await kube.call<{ items: unknown[] }>("GET", `/api/v1/namespaces/${ns}/pods`);
    if (pods.body.items?.length === 2) break;
    await new Promise((r) => setTimeout(r, 200));
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

describe("related objects", () => {
  it("lists a Deployment's children, what it selects and what references it, with links", async () => {
    const base = `${loupe.url}/c/loupe-local`;
    const { page, errors } = await openPage(browser, `${base}/apis/apps/v1/namespaces/${ns}/deployments/shop`);
    const panel = page.getByRole("region", { name: /Related/ });
    await panel.getByRole("list", { name: "Children" }).getByRole("link").first().waitFor();
    expect(await panel.getByRole("list", { name: "Children" }).textContent()).toMatch(/ReplicaSet\s*shop-/);
    expect(await panel.getByRole("list", { name: "Selects" }).getByRole("link").count()).toBe(2);
    const referencedBy = panel.getByRole("list", { name: "Referenced by" });
    expect(await referencedBy.textContent()).toContain("ScaledObject");
    expect(await referencedBy.textContent()).toContain("spec.scaleTargetRef");
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, "related-panel");

    // A link opens the related object's page, whose panel leads back.
    await referencedBy.getByRole("link", { name: "shop" }).click();
    await page.getByRole("heading", { name: "shop", level: 2 }).waitFor();
    expect(page.url()).toContain("/scaledobjects/shop");
    await page
      .getByRole("region", { name: /Related/ })
      .getByRole("list", { name: "References" })
      .getByText("Deployment")
      .waitFor();
    expect(errors).toEqual([]);
  });

  it("marks a required reference to nothing as missing, and follows a live change", async () => {
    const { page } = await openPage(
      browser,
      `${loupe.url}/c/loupe-local/apis/cert-manager.io/v1/namespaces/${ns}/certificates/shop`,
    );
    const references = page.getByRole("region", { name: /Related/ }).getByRole("list", { name: "References" });
    await references.getByText("shop-tls").waitFor();
    // issuerRef names an Issuer kind this cluster does not serve: left out, not missing.
    expect(await references.textContent()).not.toContain("absent");
    await kube.mergePatch(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates/shop`, {
      spec: { secretName: "shop-tls-next" },
    });
    // The object changed: the panel is read again, and the new Secret does not exist yet.
    await references.getByText("shop-tls-next").waitFor();
    expect(await references.textContent()).toContain("missing");
  });

  it("draws the neighbourhood as a graph, usable with the keyboard", async () => {
    const { page, errors } = await openPage(
      browser,
      `${loupe.url}/c/loupe-local/apis/apps/v1/namespaces/${ns}/deployments/shop?tab=graph&depth=2`,
    );
    const graph = page.getByTestId("relations-graph");
    await graph.locator(".react-flow__node").first().waitFor();
    await page
      .getByRole("status")
      .getByText(/\d+ objects/)
      .waitFor();
    const count = await graph.locator(".react-flow__node").count();
    // Deployment, ReplicaSet, 2 Pods, Service (selects the Pods at depth 2), ScaledObject.
    expect(count).toBeGreaterThanOrEqual(6);
    expect(await graph.locator(".react-flow__edge").count()).toBeGreaterThanOrEqual(5);
    const text = (await graph.textContent()) ?? "";
    for (const kind of ["Deployment", "ReplicaSet", "Pod", "ScaledObject"]) expect(text).toContain(kind);
    // The Service selects the Deployment's Pods: two hops away.
    await graph.getByRole("link", { name: `Open Service ${ns}/shop` }).waitFor();
    await screenshot(page, "relations-graph");

    // Depth 1 leaves out what only the Pods relate to (the Service).
    await page.getByLabel("Depth").selectOption("1");
    await expect.poll(() => graph.getByRole("link", { name: `Open Service ${ns}/shop` }).count()).toBe(0);
    expect(page.url()).toContain("depth=1");

    // Keyboard: Tab reaches a node's link, Enter opens that object.
    const link = graph.getByRole("link", { name: /Open ScaledObject/ });
    await link.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/scaledobjects\/shop/);
    expect(errors).toEqual([]);
  });
});
