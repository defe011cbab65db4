import type { SearchResult } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { QueryClient } from "./query-support.ts";
import { unique } from "./support.ts";
import { type Kube, listenApp, type RunningApp, testKube, waitFor } from "./watch-support.ts";

// Search across kinds against the real API server: REST (one answer) and the watch socket (streaming, live).
const cluster = inject("cluster");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const clients: QueryClient[] = [];
const ns = unique("search");
const tag = unique("needle");
const group = unique("group");

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { queries: { lingerMs: 0 } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, {
    metadata: { name: `${tag}-config`, labels: { "loupe.test/search": group, tier: "front" } },
  });
  await kube.request("POST", `/api/v1/namespaces/${ns}/services`, {
    metadata: { name: `${tag}-svc`, labels: { "loupe.test/search": group, tier: "back" } },
    spec: { ports: [{ port: 80 }] },
  });
  await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, {
    metadata: { name: "unrelated", labels: { "loupe.test/search": group } },
    stringData: { password: "hunter2" },
  });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube();
  await running.app.close();
});

async function search(
  query: Record<string, string>,
): Promise<{ status: number; body: SearchResult & { code?: string; message?: string } }> {
  const response = await fetch(`${running.baseUrl}/api/v1/contexts/loupe-local/search?${new URLSearchParams(query)}`);
  return { status: response.status, body: (await response.json()) as SearchResult };
}

const names = (result: SearchResult) => result.hits.map((h) => `${h.hit.resource}/${h.metadata.name}`).sort();

describe("search over REST", () => {
  it("finds objects of every kind by name, with their resource for links", async () => {
    const { status, body } = await search({ q: tag });
    expect(status).toBe(200);
    expect(body.complete).toBe(true);
    expect(body.kinds).toBeGreaterThan(20);
    expect(names(body)).toEqual([`configmaps/${tag}-config`, `services/${tag}-svc`]);
    const config = body.hits.find((h) => h.hit.resource === "configmaps");
    expect(config).toMatchObject({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { namespace: ns, labels: { tier: "front" } },
      hit: { group: "", version: "v1", namespaced: true, matched: ["name"] },
    });
    // A hit carries no body: never a Secret's data, a ConfigMap's data or a spec.
    expect(JSON.stringify(body)).not.toContain("hunter2");
    expect(Object.keys(config ?? {}).sort()).toEqual(["apiVersion", "hit", "kind", "metadata"]);
  });

  it("narrows by kind name, label words, label selector and namespace", async () => {
    expect(names((await search({ q: `${tag} svc` })).body)).toEqual([`services/${tag}-svc`]);
    expect(names((await search({ q: `${tag} configmap` })).body)).toEqual([`configmaps/${tag}-config`]);
    expect(names((await search({ q: "tier=back", namespace: ns })).body)).toEqual([`services/${tag}-svc`]);
    const bySelector = await search({ labelSelector: `loupe.test/search=${group},tier in (front,back)` });
    expect(names(bySelector.body)).toEqual([`configmaps/${tag}-config`, `services/${tag}-svc`]);
    const withSecret = await search({ q: "", labelSelector: `loupe.test/search=${group}`, namespace: ns });
    expect(names(withSecret.body)).toEqual([`configmaps/${tag}-config`, "secrets/unrelated", `services/${tag}-svc`]);
    expect(withSecret.body.hits.find((h) => h.kind === "Secret")?.hit.matched).toEqual([]);
  });

  it("caps the hits and says so", async () => {
    const { body } = await search({ q: "", namespace: ns, limit: "2" });
    expect(body.hits).toHaveLength(2);
    expect(body.truncated).toBe(true);
  });

  it("refuses what it cannot run, saying why", async () => {
    const empty = await search({ q: " " });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe("LOUPE_SEARCH_EMPTY");
    const selector = await search({ q: "x", labelSelector: "tier in front" });
    expect(selector.status).toBe(400);
    expect(selector.body.message).toContain("tier in front");
    const long = await search({ q: "x".repeat(300) });
    expect(long.status).toBe(400);
    const context = await fetch(`${running.baseUrl}/api/v1/contexts/nope/search?q=x`);
    expect(context.status).toBe(404);
  });
});

describe("search over the watch socket", () => {
  it("streams hits in, then follows changes live", async () => {
    const client = await QueryClient.connect(running.watchUrl);
    clients.push(client);
    const view = client.query("s1", "loupe-local", { kind: "search", text: tag });
    await waitFor("the search to complete", () => view.progress?.complete === true, 30_000);
    expect(view.snapshots).toBe(1);
    expect([...view.hits.keys()].sort()).toEqual([`configmaps/${ns}/${tag}-config`, `services/${ns}/${tag}-svc`]);
    expect(view.progress).toMatchObject({ hits: 2, truncated: false, failedCount: 0 });
    expect(view.states.at(-1)).toBe("live");

    await kube.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: `${tag}-robot` } });
    await waitFor("the new object to arrive", () => view.hits.has(`serviceaccounts/${ns}/${tag}-robot`));
    await kube.request("DELETE", `/api/v1/namespaces/${ns}/configmaps/${tag}-config`);
    await waitFor("the deleted one to leave", () => !view.hits.has(`configmaps/${ns}/${tag}-config`));
    expect(view.deleted.map((h) => h.metadata.name)).toEqual([`${tag}-config`]);
    await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      metadata: { name: `${tag}-config`, labels: { "loupe.test/search": group, tier: "front" } },
    });
    client.unsubscribe("s1");
  });

  it("answers an invalid query with an error for its id; the socket stays open", async () => {
    const client = await QueryClient.connect(running.watchUrl);
    clients.push(client);
    const bad = client.query("bad", "loupe-local", { kind: "search", text: "x", labelSelector: "a in b" });
    await waitFor("the error", () => bad.errors.length > 0);
    expect(bad.errors[0]?.code).toBe("LOUPE_BAD_LABEL_SELECTOR");
    const good = client.query("good", "loupe-local", { kind: "search", text: tag });
    await waitFor("the good one", () => good.progress?.complete === true, 30_000);
    expect(good.hits.size).toBeGreaterThan(0);
  });

  it("runs at most 10 queries on one connection; ending one makes room", async () => {
    const client = await QueryClient.connect(running.watchUrl);
    clients.push(client);
    for (let i = 0; i < 10; i++) client.query(`q${i}`, "loupe-local", { kind: "search", text: `${tag}-${i}` });
    const eleventh = client.query("q10", "loupe-local", { kind: "search", text: tag });
    await waitFor("the refusal", () => eleventh.errors.length > 0);
    expect(eleventh.errors[0]).toMatchObject({
      code: "LOUPE_WS_TOO_MANY_SUBSCRIPTIONS",
      message: expect.stringContaining("10 queries"),
    });
    client.unsubscribe("q0");
    const again = client.query("q11", "loupe-local", { kind: "search", text: tag });
    await waitFor("the query to run", () => again.progress?.complete === true, 30_000);
    expect(again.errors).toEqual([]);
  });
});
