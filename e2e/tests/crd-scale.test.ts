import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "../support/browser.ts";
import { kubeApi, simpleCrd, uniqueSuffix } from "../support/kube-api.ts";
import { startLoupe } from "../support/server.ts";

// Issue 14 as the user sees it: a kind whose conversion webhook is dead shows its own clear error while the rest of
// the app works; and a first visit to a big list downloads it once (the first REST page paints, the watch's
// snapshot brings the rest).
const cluster = inject("cluster");
const kube = kubeApi(cluster);
const suffix = uniqueSuffix();
const ns = `crd-scale-${suffix}`;
const broken = `broken${suffix}.e2e.loupe.dev`;
const healthy = `healthy${suffix}.e2e.loupe.dev`;
const COUNT = 700;
let browser: Browser;
let loupe: Awaited<ReturnType<typeof startLoupe>>;

const openSchema = {
  openAPIV3Schema: {
    type: "object",
    properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
  },
};

beforeAll(async () => {
  await kube.namespace(ns);
  // A Service that selects no Pod: the conversion webhook has nowhere to go.
  await kube.create(`/api/v1/namespaces/${ns}/services`, {
    metadata: { name: "dead-converter" },
    spec: { selector: { app: "nothing-runs-this" }, ports: [{ port: 443, targetPort: 8443 }] },
  });
  await kube.crd({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `widgets.${broken}` },
    spec: {
      group: broken,
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      versions: [
        { name: "v1", served: true, storage: true, schema: openSchema },
        { name: "v2", served: true, storage: false, schema: openSchema },
      ],
      conversion: {
        strategy: "Webhook",
        webhook: {
          conversionReviewVersions: ["v1"],
          clientConfig: { service: { namespace: ns, name: "dead-converter", path: "/convert", port: 443 } },
        },
      },
    },
  });
  await kube.create(`/apis/${broken}/v1/namespaces/${ns}/widgets`, {
    apiVersion: `${broken}/v1`,
    kind: "Widget",
    metadata: { name: "stored-in-v1" },
    spec: { size: 1 },
  });
  await kube.crd(simpleCrd(healthy, "Gauge", "gauges"));
  let next = 0;
  await Promise.all(
    Array.from({ length: 24 }, async () => {
      while (next < COUNT) {
        const i = next++;
        await kube.create(`/apis/${healthy}/v1/namespaces/${ns}/gauges`, {
          apiVersion: `${healthy}/v1`,
          kind: "Gauge",
          metadata: { name: `gauge-${String(i).padStart(4, "0")}` },
          spec: { size: i, color: "green" },
        });
      }
    }),
  );
  loupe = await startLoupe(cluster);
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await loupe?.close();
  for (const name of [`widgets.${broken}`, `gauges.${healthy}`]) {
    await kube.remove(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
  }
  await kube.remove(`/api/v1/namespaces/${ns}`);
  kube.close();
});

describe("one broken CRD", () => {
  it("shows the API server's conversion error on its own page; the sidebar and other tables work", async () => {
    const { page, errors } = await openPage(
      browser,
      `${loupe.url}/c/loupe-local/apis/${broken}/v2/namespaces/${ns}/widgets`,
    );
    const alert = page.getByRole("alert").filter({ hasText: /conversion webhook/ });
    await alert.first().waitFor({ timeout: 60_000 });
    expect(await alert.first().textContent()).toMatch(/Widget/);
    console.log(`screenshot: ${await screenshot(page, "crd-broken-conversion")}`);

    // The rest of the app is unaffected: the sidebar lists the healthy kind, and its table goes live.
    const nav = page.getByRole("navigation", { name: "Resources" });
    await nav.getByRole("link", { name: "Gauge", exact: true }).click();
    const grid = page.getByRole("grid", { name: "gauges table" });
    await grid.getByRole("row").nth(1).waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByLabel(/^Connection:/).textContent(), { timeout: 30_000 }).toBe("Live");
    // The broken kind's stored version lists: only the conversion fails.
    await page.goto(`${loupe.url}/c/loupe-local/apis/${broken}/v1/namespaces/${ns}/widgets`);
    await page
      .getByRole("grid", { name: "widgets table" })
      .getByRole("row")
      .filter({ hasText: "stored-in-v1" })
      .waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});

describe("a first visit to a list", () => {
  it("reads one REST page and takes the rest from the watch's snapshot", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const lists: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === `/api/v1/contexts/loupe-local/k8s/apis/${healthy}/v1/namespaces/${ns}/gauges`) {
        lists.push(url.search);
      }
    });
    await page.goto(`${loupe.url}/c/loupe-local/apis/${healthy}/v1/namespaces/${ns}/gauges`);
    await page
      .getByRole("status")
      .filter({ hasText: new RegExp(`^${COUNT} rows$`) })
      .waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel(/^Connection:/).textContent(), { timeout: 30_000 }).toBe("Live");
    const grid = page.getByRole("grid", { name: "gauges table" });
    expect(await grid.getAttribute("aria-rowcount")).toBe(String(COUNT + 1));
    // One page of 250 over REST, no `continue`: the other 450 rows came once, in the snapshot.
    expect(lists).toHaveLength(1);
    expect(new URLSearchParams(lists[0]).get("limit")).toBe("250");
    expect(new URLSearchParams(lists[0]).has("continue")).toBe(false);
    await page.close();
  });
});
