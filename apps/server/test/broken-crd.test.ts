// One broken CRD never hurts the rest (issue 14): a kind whose conversion webhook is dead, and a kind the API
// server cannot list, against the real local cluster. Each shows its own clear error; the catalog, other tables,
// watches on the same socket and a fresh start-up are unaffected.
import type { Catalog, StatusMessage } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appFor, k8s, unique } from "./support.ts";
import { createGadgetCrd } from "./watch-crd.ts";
import { type Kube, listenApp, type RunningApp, testKube, WatchClient, waitFor } from "./watch-support.ts";

const cluster = inject("cluster");
const group = `${unique("broken")}.test.loupe.dev`;
const healthyGroup = `${unique("healthy")}.test.loupe.dev`;
const namespace = unique("broken");
let kube: Kube;
let closeKube: () => Promise<void>;
let app: FastifyInstance;
let cleanups: (() => Promise<void>)[] = [];

/** A multi-version CRD (v1 stored, v2 served) converted by a webhook Service that has no endpoints. */
function deadWebhookCrd() {
  const schema = {
    openAPIV3Schema: {
      type: "object",
      properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
    },
  };
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `widgets.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      versions: [
        { name: "v1", served: true, storage: true, schema },
        { name: "v2", served: true, storage: false, schema },
      ],
      conversion: {
        strategy: "Webhook",
        webhook: {
          conversionReviewVersions: ["v1"],
          clientConfig: { service: { namespace, name: "dead-converter", path: "/convert", port: 443 } },
        },
      },
    },
  };
}

beforeAll(async () => {
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(namespace);
  // A Service that selects no Pod: the webhook has nowhere to go.
  await kube.request("POST", `/api/v1/namespaces/${namespace}/services`, {
    metadata: { name: "dead-converter" },
    spec: { selector: { app: "nothing-runs-this" }, ports: [{ port: 443, targetPort: 8443 }] },
  });
  const crd = deadWebhookCrd();
  await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
  cleanups.push(async () => {
    await kube.request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`);
  });
  await waitFor(
    "the broken CRD to be served",
    () =>
      kube.request("GET", `/apis/${group}/v1/widgets?limit=1`).then(
        () => true,
        () => false,
      ),
    30_000,
  );
  // Stored in v1, the storage version: no conversion is needed to write them.
  for (const name of ["w1", "w2"]) {
    await kube.request("POST", `/apis/${group}/v1/namespaces/${namespace}/widgets`, {
      apiVersion: `${group}/v1`,
      kind: "Widget",
      metadata: { name },
      spec: { size: 1 },
    });
  }
  const healthy = await createGadgetCrd(kube, healthyGroup);
  cleanups.push(() => healthy.cleanup());
  await kube.request("POST", `/apis/${healthyGroup}/v1/namespaces/${namespace}/gadgets`, {
    apiVersion: `${healthyGroup}/v1`,
    kind: "Gadget",
    metadata: { name: "g1" },
    spec: { size: 3 },
  });
  app = await appFor(cluster.kubeconfigPath);
}, 120_000);

afterAll(async () => {
  await app?.close();
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  await kube.request("DELETE", `/api/v1/namespaces/${namespace}`).catch(() => {});
  await closeKube();
  cleanups = [];
});

describe("a CRD whose conversion webhook is dead", () => {
  it("its list in the version that needs conversion answers a clear error, within the upstream timeout", async () => {
    const t0 = performance.now();
    const list = await k8s(app, "GET", `apis/${group}/v2/namespaces/${namespace}/widgets`);
    const ms = performance.now() - t0;
    console.log(`broken-crd: v2 list answered ${list.status} in ${Math.round(ms)} ms: ${list.body.message}`);
    expect(list.status).toBeGreaterThanOrEqual(500);
    expect(list.body.message).toMatch(/conversion webhook|timed out|timeout/i);
    expect(ms).toBeLessThan(60_000);
  });

  it("its stored version still lists, and other kinds, the catalog and counts are unaffected", async () => {
    const stored = await k8s(app, "GET", `apis/${group}/v1/namespaces/${namespace}/widgets`);
    expect(stored.status).toBe(200);
    expect(stored.body.rows.map((r: { object: { metadata: { name: string } } }) => r.object.metadata.name)).toEqual([
      "w1",
      "w2",
    ]);
    const other = await k8s(app, "GET", `apis/${healthyGroup}/v1/namespaces/${namespace}/gadgets`);
    expect(other.status).toBe(200);
    expect(other.body.rows).toHaveLength(1);
    const catalog = (await app.inject({ url: "/api/v1/contexts/loupe-local/catalog" })).json() as Catalog;
    const widgets = catalog.resources.filter((r) => r.group === group && r.resource === "widgets");
    expect(widgets.map((w) => w.version).sort()).toEqual(["v1", "v2"]);
    expect(widgets.every((w) => w.custom && w.preferredVersion === "v2")).toBe(true);
    expect(catalog.resources.some((r) => r.group === healthyGroup && r.resource === "gadgets")).toBe(true);
  });

  it("a fresh server starts and serves its catalog with the broken CRD installed", async () => {
    const fresh = await appFor(cluster.kubeconfigPath);
    try {
      const response = await fresh.inject({ url: "/api/v1/contexts/loupe-local/catalog" });
      expect(response.statusCode).toBe(200);
      expect((response.json() as Catalog).resources.some((r) => r.group === group)).toBe(true);
    } finally {
      await fresh.close();
    }
  });
});

describe("watching next to a broken kind, on one socket", () => {
  let running: RunningApp;
  let client: WatchClient;
  const messages: StatusMessage[] = [];

  beforeAll(async () => {
    running = await listenApp(cluster.kubeconfigPath);
    client = await WatchClient.connect(running.watchUrl);
    client.socket.on("message", (data) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === "status") messages.push(message as StatusMessage);
    });
  });
  afterAll(async () => {
    client?.close();
    await running?.app.close();
  });

  it("the broken kind's subscription says error with the API server's reason; the healthy one is live", async () => {
    const target = { context: "loupe-local", version: "v2", resource: "widgets", namespace, table: true };
    client.subscribe("broken", { ...target, group });
    client.subscribe("healthy", { ...target, group: healthyGroup, version: "v1", resource: "gadgets" });
    await waitFor("the healthy snapshot", () => client.view("healthy").snapshots === 1, 30_000);
    expect([...client.view("healthy").items.keys()]).toEqual([`${namespace}/g1`]);
    await waitFor("the broken subscription's error", () => client.view("broken").statuses.includes("error"), 60_000);
    const error = messages.find((m) => m.id === "broken" && m.state === "error");
    console.log(`broken-crd: the watch says: ${error?.message}`);
    expect(error?.message).toMatch(/conversion webhook|timed out|timeout/i);
    expect(client.view("broken").snapshots).toBe(0);
    // The socket and the healthy subscription carry on.
    await kube.request("POST", `/apis/${healthyGroup}/v1/namespaces/${namespace}/gadgets`, {
      apiVersion: `${healthyGroup}/v1`,
      kind: "Gadget",
      metadata: { name: "g2" },
      spec: { size: 4 },
    });
    await waitFor("the healthy event", () => client.view("healthy").items.has(`${namespace}/g2`), 30_000);
  });
});
