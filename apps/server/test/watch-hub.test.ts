import type { WatchTarget } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { unique } from "./support.ts";
import {
  type Kube,
  listenApp,
  metric,
  pathOf,
  type RunningApp,
  sameState,
  testKube,
  WatchClient,
  waitFor,
} from "./watch-support.ts";

const cluster = inject("cluster");
const LINGER_MS = 1_000;
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const namespace = unique("watch-hub");

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { lingerMs: LINGER_MS } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(namespace);
});
afterAll(async () => {
  await running?.app.close();
  await closeKube?.();
});

const configmaps: WatchTarget = { context: "loupe-local", group: "", version: "v1", resource: "configmaps", namespace };
const cm = (name: string, data: Record<string, string> = {}) => ({ metadata: { name, labels: { t: "hub" } }, data });

describe("watch hub over the WebSocket", () => {
  it("sends a snapshot, then events, in object and table mode, and tracks the API server", async () => {
    for (const name of ["a", "b", "c"]) await kube.request("POST", `${pathOf(configmaps)}`, cm(name));
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.subscribe("objects", configmaps);
      client.subscribe("rows", { ...configmaps, table: true });
      client.subscribe("selected", { ...configmaps, fieldSelector: "metadata.name=b" });
      await waitFor("three snapshots", () => ["objects", "rows", "selected"].every((id) => client.view(id).snapshots));
      // ...and the namespace's kube-root-ca.crt, which the controller-manager publishes in every namespace.
      expect([...client.view("objects").items.keys()].sort()).toEqual([
        `${namespace}/a`,
        `${namespace}/b`,
        `${namespace}/c`,
        `${namespace}/kube-root-ca.crt`,
      ]);
      expect(client.view("rows").items).toEqual(client.view("objects").items);
      expect(client.view("rows").columns).toBeGreaterThan(0);
      expect([...client.view("selected").items.keys()]).toEqual([`${namespace}/b`]);
      expect(client.view("objects").statuses.at(-1)).toBe("live");

      await kube.request("PUT", `${pathOf(configmaps)}/b`, cm("b", { x: "1" }));
      await kube.request("DELETE", `${pathOf(configmaps)}/a`);
      await kube.request("POST", pathOf(configmaps), cm("d"));
      const fresh = await kube.state(pathOf(configmaps));
      await waitFor("objects and rows to converge", () =>
        ["objects", "rows"].every((id) => sameState(client.view(id).items, fresh)),
      );
      const rowEvent = client.view("rows").events.find((e) => e.type === "ADDED");
      expect(rowEvent && "row" in rowEvent && rowEvent.row.object.metadata.name).toBe("d");
      const types = client.view("objects").events.map((e) => e.type);
      expect(types).toEqual(["MODIFIED", "DELETED", "ADDED"]);
      await waitFor("the field selector's view", () => client.view("selected").events.length === 1);
      expect(client.view("selected").events[0]?.type).toBe("MODIFIED");
    } finally {
      client.close();
    }
  });

  it("serves 50 subscribers of one key with exactly 1 upstream watch, and stops it after the linger", async () => {
    await waitFor(
      "earlier watches to end",
      async () => (await metric(running.baseUrl, "loupe_watch_reflectors")) === 0,
    );
    const target = { ...configmaps, labelSelector: "t=hub" };
    const clients = await Promise.all(Array.from({ length: 50 }, () => WatchClient.connect(running.watchUrl)));
    try {
      clients.forEach((client, i) => {
        client.subscribe(`s${i}`, target);
      });
      await waitFor("50 snapshots", () => clients.every((c, i) => c.view(`s${i}`).snapshots === 1));
      expect(await metric(running.baseUrl, "loupe_watch_subscriptions")).toBe(50);
      await waitFor(
        "the upstream watch",
        async () => (await metric(running.baseUrl, "loupe_watch_upstream_watches")) === 1,
      );
      expect(await metric(running.baseUrl, "loupe_watch_reflectors")).toBe(1);

      await kube.request("POST", pathOf(configmaps), cm("fifty"));
      await waitFor("every subscriber to hear the new object", () =>
        clients.every((c, i) => c.view(`s${i}`).items.has(`${namespace}/fifty`)),
      );
      expect(await metric(running.baseUrl, "loupe_watch_upstream_watches")).toBe(1);
    } finally {
      for (const client of clients) client.close();
    }
    await waitFor(
      "the subscriptions to end",
      async () => (await metric(running.baseUrl, "loupe_watch_subscriptions")) === 0,
    );
    // Still lingering right after the last one left...
    expect(await metric(running.baseUrl, "loupe_watch_reflectors")).toBe(1);
    // ...and stopped once the linger passed.
    await waitFor(
      "the upstream watch to stop",
      async () => (await metric(running.baseUrl, "loupe_watch_upstream_watches")) === 0,
      LINGER_MS + 5_000,
    );
    expect(await metric(running.baseUrl, "loupe_watch_reflectors")).toBe(0);
  });
});
