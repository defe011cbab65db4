import type { SearchResult } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { QueryClient } from "./query-support.ts";
import { unique } from "./support.ts";
import { type Kube, listenApp, type RunningApp, testKube, waitFor } from "./watch-support.ts";

// Queries act as their user (user-token mode: a user sees only kinds they may list) and CEL queries over real
// objects of the local cluster, live.
const cluster = inject("cluster");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const clients: QueryClient[] = [];
const ns = unique("rbac");
const tag = unique("item");
let viewerToken = "";

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, {
    auth: { mode: "user-token", sessionSecret: "query-test-session-secret-32-bytes-long!!" },
    queries: { lingerMs: 0, kindTimeoutMs: 15_000 },
  });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  // A service account that may list ConfigMaps in its namespace, and nothing else anywhere.
  await kube.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "viewer" } });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "configmap-reader" },
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
  });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "viewer-reads-configmaps" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "configmap-reader" },
    subjects: [{ kind: "ServiceAccount", name: "viewer", namespace: ns }],
  });
  const token = await kube.request<{ status: { token: string } }>(
    "POST",
    `/api/v1/namespaces/${ns}/serviceaccounts/viewer/token`,
    { spec: { audiences: [] } },
  );
  viewerToken = token.status.token;
  await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: `${tag}-cm` } });
  await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, { metadata: { name: `${tag}-secret` } });
  await kube.request("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: `${tag}-web`, labels: { app: tag } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: tag } },
      template: { metadata: { labels: { app: tag } }, spec: { containers: [{ name: "web", image: "nginx" }] } },
    },
  });
});
afterAll(async () => {
  for (const client of clients) client.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube();
  await running.app.close();
});

async function signIn(token: string): Promise<string> {
  const response = await fetch(`${running.baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-requested-with": "loupe" },
    body: JSON.stringify({ token }),
  });
  expect(response.status).toBe(201);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

async function search(cookie: string, query: Record<string, string>) {
  const response = await fetch(`${running.baseUrl}/api/v1/contexts/loupe-local/search?${new URLSearchParams(query)}`, {
    headers: { cookie },
  });
  return { status: response.status, body: (await response.json()) as SearchResult };
}

describe("RBAC: a query sees only what its user may list", () => {
  it("needs a session", async () => {
    const response = await fetch(`${running.baseUrl}/api/v1/contexts/loupe-local/search?q=x`);
    expect(response.status).toBe(401);
  });

  it("the admin finds every kind; the viewer only ConfigMaps of its namespace", async () => {
    const admin = await search(await signIn(cluster.tokens.admin), { q: tag, namespace: ns, timeoutSeconds: "20" });
    // (The Deployment's ReplicaSet and Pods carry its name too.)
    expect(admin.body.hits.map((h) => h.hit.resource)).toEqual(
      expect.arrayContaining(["configmaps", "deployments", "secrets"]),
    );

    const viewer = await signIn(viewerToken);
    const inNamespace = await search(viewer, { q: tag, namespace: ns, timeoutSeconds: "20" });
    expect(inNamespace.status).toBe(200);
    expect(inNamespace.body.hits.map((h) => `${h.hit.resource}/${h.metadata.name}`)).toEqual([`configmaps/${tag}-cm`]);
    // Kinds the viewer may not list are left out: no failure, no hit.
    expect(inNamespace.body.failed).toEqual([]);
    expect(inNamespace.body.forbidden).toBeGreaterThan(10);

    // Across all namespaces the viewer may list nothing: no hit, and every kind says why.
    const everywhere = await search(viewer, { q: tag, timeoutSeconds: "20" });
    expect(everywhere.body.hits).toEqual([]);
    expect(everywhere.body.complete).toBe(true);
  });
});

describe("CEL queries over the local cluster", () => {
  it("picks objects by their status, with the columns asked for, and follows changes", async () => {
    const cookie = await signIn(cluster.tokens.admin);
    const client = await QueryClient.connect(running.watchUrl, { cookie });
    clients.push(client);
    // The deployment controller gives the Deployment conditions; without kubelets it never becomes Available.
    const view = client.query("q", "loupe-local", {
      kind: "cel",
      expression:
        'has(object.status.conditions) && object.status.conditions.exists(c, c.type == "Available" && c.status == "False")',
      kinds: ["deployments.apps"],
      namespace: ns,
      columns: [
        { name: "Replicas", expression: "object.status.replicas" },
        { name: "Reason", expression: 'object.status.conditions.filter(c, c.type == "Available")[0].reason' },
        { name: "Broken", expression: "object.status.nosuch" },
      ],
    });
    await waitFor("the unavailable deployment", () => view.hits.size === 1, 30_000);
    const hit = [...view.hits.values()][0];
    expect(hit?.metadata.name).toBe(`${tag}-web`);
    expect(hit?.hit.cells?.[0]).toBe(2);
    expect(hit?.hit.cells?.[1]).toBe("MinimumReplicasUnavailable");
    expect(hit?.hit.cells?.[2]).toEqual({ error: "No such key: nosuch" });

    // Scaled to zero it is Available (0 of 0): it stops matching, live.
    await kube.request(
      "PATCH",
      `/apis/apps/v1/namespaces/${ns}/deployments/${tag}-web`,
      { spec: { replicas: 0 } },
      "application/merge-patch+json",
    );
    await waitFor("the deployment to leave the result", () => view.hits.size === 0, 30_000);
    expect(view.deleted.map((h) => h.metadata.name)).toEqual([`${tag}-web`]);
  });

  it("kind patterns select groups; objects without a field count as evaluation errors, not hits", async () => {
    const client = await QueryClient.connect(running.watchUrl, { cookie: await signIn(cluster.tokens.admin) });
    clients.push(client);
    const view = client.query("p", "loupe-local", {
      kind: "cel",
      expression: "object.status.observedGeneration >= 1",
      kinds: ["apps", "configmaps"],
      namespace: ns,
    });
    await waitFor("complete", () => view.progress?.complete === true, 30_000);
    expect(view.progress?.kinds).toBeGreaterThanOrEqual(5); // deployments, replicasets, statefulsets, ..., configmaps
    expect([...view.hits.values()].map((h) => h.kind)).toContain("Deployment");
    // ConfigMaps have no status: each one is an evaluation error, counted with an example.
    expect(view.progress?.evaluationErrors).toBeGreaterThanOrEqual(2);
    expect(view.progress?.evaluationError).toMatch(/^ConfigMap .*: No such key: status$/);
  });

  it("an invalid expression is an error naming line and column; a pattern naming nothing is one too", async () => {
    const client = await QueryClient.connect(running.watchUrl, { cookie: await signIn(cluster.tokens.admin) });
    clients.push(client);
    const bad = client.query("bad", "loupe-local", {
      kind: "cel",
      expression: "object.status.\n  replicas >",
      kinds: ["apps"],
    });
    await waitFor("the error", () => bad.errors.length > 0);
    expect(bad.errors[0]).toMatchObject({
      code: "LOUPE_CEL_INVALID",
      message: expect.stringMatching(/^expression 2:13: /),
    });
    const none = client.query("none", "loupe-local", { kind: "cel", expression: "true", kinds: ["*.nowhere.example"] });
    await waitFor("the error", () => none.errors.length > 0);
    expect(none.errors[0]?.code).toBe("LOUPE_QUERY_NO_KINDS");
  });

  it("GET /api/v1/cel/check says where an expression is wrong", async () => {
    const cookie = await signIn(cluster.tokens.admin);
    const check = async (expression: string) =>
      (
        await fetch(`${running.baseUrl}/api/v1/cel/check?${new URLSearchParams({ expression })}`, {
          headers: { cookie },
        })
      ).json();
    expect(await check('object.metadata.name == "x"')).toEqual({ valid: true, issues: [], type: "bool" });
    expect(await check("object.metadata.name ==")).toMatchObject({
      valid: false,
      issues: [{ line: 1, column: 24, where: "expression" }],
    });
  });
});
