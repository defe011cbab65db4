import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ProblemsClient } from "./problems-support.ts";
import { unique } from "./support.ts";
import { type Kube, listenApp, type RunningApp, testKube, waitFor } from "./watch-support.ts";

// User-token mode: the Problems view is the user's. A service account that may list Deployments in one namespace
// sees that kind there, and every other kind is `forbidden` (left out), never an error nor someone else's data.
const cluster = inject("cluster");
const CONTEXT = "loupe-local";
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
let cookie: string;
const ns = unique("problems-rbac");
const clients: ProblemsClient[] = [];

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, {
    auth: { mode: "user-token", sessionSecret: "problems-test-session-secret-32-bytes!!" },
  });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "deployer" } });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "deployments-reader" },
    rules: [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch"] }],
  });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "deployer" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "deployments-reader" },
    subjects: [{ kind: "ServiceAccount", name: "deployer", namespace: ns }],
  });
  const token = await kube.request<{ status: { token: string } }>(
    "POST",
    `/api/v1/namespaces/${ns}/serviceaccounts/deployer/token`,
    { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [] } },
  );
  await kube.request("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: "web" },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: "web" } },
      template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "web:1" }] } },
    },
  });
  const response = await fetch(`${running.baseUrl}/api/v1/session`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-requested-with": "loupe" },
    body: JSON.stringify({ token: token.status.token }),
  });
  expect(response.status).toBe(201);
  cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
});

afterAll(async () => {
  for (const client of clients) client.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await running.app.close();
  await closeKube();
});

describe("Problems in user-token mode", () => {
  it("shows only the kinds the user may list; the rest are forbidden, not errors", async () => {
    const client = await ProblemsClient.connect(running.watchUrl, { cookie });
    clients.push(client);
    client.subscribe("p", CONTEXT, { namespace: ns });
    await waitFor("live", () => client.state("p").statuses.includes("live"), 30_000);
    const kinds = [...client.state("p").kinds.values()];
    expect(kinds.find((k) => k.id === "apps/v1/deployments")?.state).toBe("live");
    const others = kinds.filter((k) => k.id !== "apps/v1/deployments");
    expect(others.length).toBeGreaterThan(3);
    expect(others.every((k) => k.state === "forbidden")).toBe(true);
    await waitFor("web listed", () => client.row("p", "web") !== undefined, 30_000);
    expect([...client.state("p").rows.values()].every((r) => r.kind === "apps/v1/deployments")).toBe(true);
  });

  it("across all namespaces the same user may list nothing: every kind is forbidden", async () => {
    const response = await running.app.inject({ url: `/api/v1/contexts/${CONTEXT}/problems`, headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.complete).toBe(true);
    expect(body.rows).toEqual([]);
    expect(body.kinds.every((k: { state: string }) => k.state === "forbidden")).toBe(true);
  });

  it("without a session the REST route is refused", async () => {
    const response = await running.app.inject({ url: `/api/v1/contexts/${CONTEXT}/problems` });
    expect(response.statusCode).toBe(401);
  });
});
