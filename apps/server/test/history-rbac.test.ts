import { KubeConfig } from "@kubernetes/client-node";
import type { HistoryChange } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { historyGet, sqlite, tempHistoryPath, waitForHistory } from "./history-support.ts";
import { type Kube, testKube } from "./watch-support.ts";

// History is returned only for what the user may `get` now: checked as the user (their context's credentials, or
// their token in user-token mode) with SelfSubjectAccessReviews, per kind and namespace, then per object.
const cluster = inject("cluster");
const SECRET = "a-test-session-secret-of-at-least-32-bytes!!";
let kube: Kube;
let closeKube: () => Promise<void>;
let app: FastifyInstance;
let tokenApp: FastifyInstance;
let token: string;
const ns = `hist-rbac-${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "reader" } });
  // ConfigMaps of this namespace, and one MyService by name: nothing else.
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "reader" },
    rules: [
      { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["stable.example.com"], resources: ["myservices"], resourceNames: ["allowed"], verbs: ["get"] },
    ],
  });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "reader" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "reader" },
    subjects: [{ kind: "ServiceAccount", name: "reader", namespace: ns }],
  });
  const request = await kube.request<{ status: { token: string } }>(
    "POST",
    `/api/v1/namespaces/${ns}/serviceaccounts/reader/token`,
    { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 3600 } },
  );
  token = request.status.token;
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const clusterName = kc.getContextObject("loupe-local")?.cluster as string;
  kc.addUser({ name: "reader", token });
  kc.addContext({ name: "reader", cluster: clusterName, user: "reader", namespace: ns });
  const path = tempHistoryPath();
  app = await buildApp({
    kubeConfig: kc,
    history: { store: sqlite(path), kinds: "/ConfigMap,stable.example.com/*", writer: { flushMs: 20 } },
  });
  await app.ready();
  for (const recorder of app.historyRecorders.values()) await recorder.synced();
  for (const name of ["allowed", "hidden"]) {
    await kube.request("POST", `/apis/stable.example.com/v1/namespaces/${ns}/myservices`, {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name },
      spec: { name, image: "nginx:1", replicas: 1 },
    });
  }
  await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: "visible" }, data: {} });
  await kube.request("POST", `/api/v1/configmaps`.replace("/api/v1", "/api/v1/namespaces/default"), {
    metadata: { name: `elsewhere-${ns}` },
    data: {},
  });
  await waitForHistory(app, `namespace=${ns}`, (items) => items.length >= 3);
  // A second app in user-token mode over the same history file: the reader signs in with its token.
  tokenApp = await buildApp({
    kubeConfig: (() => {
      const plain = new KubeConfig();
      plain.loadFromFile(cluster.kubeconfigPath);
      return plain;
    })(),
    auth: { mode: "user-token", sessionSecret: SECRET },
    history: { store: sqlite(path), kinds: "/ConfigMap", contexts: [] },
  });
  await tokenApp.ready();
});
afterAll(async () => {
  await app?.close();
  await tokenApp?.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await kube.request("DELETE", `/api/v1/namespaces/default/configmaps/elsewhere-${ns}`).catch(() => {});
  await closeKube();
});

/** Leaves out what the controller-manager puts in every namespace (recorded as seen when recording began). */
const ours = (items: HistoryChange[]) => items.filter((c) => c.name !== "kube-root-ca.crt");

describe("history and RBAC", () => {
  it("the admin sees every recorded change", async () => {
    const items = (await historyGet(app, `loupe-local/history?namespace=${ns}`)).body.items;
    expect(
      ours(items)
        .map((c) => `${c.resource}/${c.name}`)
        .sort(),
    ).toEqual(["configmaps/visible", "myservices/allowed", "myservices/hidden"]);
  });

  it("a user sees only the kinds, namespaces and objects they may get", async () => {
    const { status, body } = await historyGet(app, "reader/history");
    expect(status).toBe(200);
    const seen = ours(body.items).map((c) => `${c.namespace}/${c.resource}/${c.name}`);
    expect(seen.sort()).toEqual([`${ns}/configmaps/visible`, `${ns}/myservices/allowed`]);
    expect(seen.some((s) => s.includes("elsewhere"))).toBe(false);
    expect((await historyGet(app, "reader/history?resource=myservices")).body.items.map((c) => c.name)).toEqual([
      "allowed",
    ]);
  });

  it("refuses a user the object route of what they may not get, and serves what they may", async () => {
    const hidden = await historyGet(
      app,
      `reader/history/apis/stable.example.com/v1/namespaces/${ns}/myservices/hidden`,
    );
    expect(hidden.status).toBe(403);
    expect(hidden.body.code).toBe("LOUPE_FORBIDDEN");
    expect(hidden.body.message).toMatch(/may not get myservices.stable.example.com "hidden"/);
    const allowed = await historyGet(
      app,
      `reader/history/apis/stable.example.com/v1/namespaces/${ns}/myservices/allowed`,
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.object.spec).toMatchObject({ name: "allowed" });
    const elsewhere = await historyGet(app, `reader/history/api/v1/namespaces/default/configmaps/elsewhere-${ns}`);
    expect(elsewhere.status).toBe(403);
  });

  it("in user-token mode, decides with the signed-in user's token", async () => {
    const signIn = await tokenApp.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "x-requested-with": "loupe", "content-type": "application/json" },
      payload: { token },
    });
    const cookie = signIn.cookies.find((c) => c.name === "loupe_session");
    const headers = { cookie: `loupe_session=${cookie?.value}` };
    const { status, body } = await historyGet(tokenApp, "loupe-local/history", headers);
    expect(status).toBe(200);
    expect(
      ours(body.items)
        .map((c) => c.name)
        .sort(),
    ).toEqual(["allowed", "visible"]);
    expect((await historyGet(tokenApp, "loupe-local/history")).status).toBe(401);
  });
});
