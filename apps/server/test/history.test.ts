import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { SqliteHistoryStore } from "../src/history/sqlite-store.ts";
import { historyGet, recordingApp, sqlite, tempHistoryPath, waitForHistory } from "./history-support.ts";
import { appFor } from "./support.ts";
import { type Kube, testKube } from "./watch-support.ts";

// The recorder against the real API server: changes recorded with field diffs and managers, the object rebuilt at
// any moment, changes made while Loupe was down found and marked, and the routes' inputs refused clearly.
const cluster = inject("cluster");
let kube: Kube;
let closeKube: () => Promise<void>;
const apps: FastifyInstance[] = [];
const ns = `hist-${Date.now().toString(36)}`;

beforeAll(async () => {
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
});
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});
afterAll(async () => {
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube();
});

const cm = (name: string, data: Record<string, string>) => ({ metadata: { name, namespace: ns }, data });
const cmPath = (name = "") => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ""}`;

describe("the recorder", () => {
  it("records each change with its field diff and manager, and rebuilds the object at any moment", async () => {
    const app = await recordingApp(cluster.kubeconfigPath, sqlite(tempHistoryPath()));
    apps.push(app);
    await kube.request("POST", `${cmPath()}?fieldManager=test-creator`, cm("a", { color: "red", size: "1" }));
    await waitForHistory(app, `namespace=${ns}&name=a`, (items) => items.length === 1);
    const afterCreate = new Date().toISOString();
    await kube.request(
      "PATCH",
      `${cmPath("a")}?fieldManager=test-editor`,
      { data: { color: "blue", size: null, shape: "round" } },
      "application/merge-patch+json",
    );
    const items = await waitForHistory(app, `namespace=${ns}&name=a`, (items) => items.length === 2);
    const [modified, added] = items;
    expect(added).toMatchObject({ type: "ADDED", gap: false, group: "", version: "v1", resource: "configmaps" });
    expect(added?.managers.map((m) => m.manager)).toEqual(["test-creator"]);
    expect(modified).toMatchObject({ type: "MODIFIED", gap: false, namespace: ns, name: "a", uid: added?.uid });
    expect(modified?.managers).toEqual([expect.objectContaining({ manager: "test-editor", operation: "Update" })]);
    expect(modified?.changes).toEqual(
      expect.arrayContaining([
        { path: "/data/color", before: "red", after: "blue" },
        { path: "/data/size", before: "1" },
        { path: "/data/shape", after: "round" },
      ]),
    );
    expect(modified?.changes).toHaveLength(3);

    const then = await historyGet(app, `loupe-local/history/api/v1/namespaces/${ns}/configmaps/a?at=${afterCreate}`);
    expect(then.status).toBe(200);
    expect(then.body.deleted).toBe(false);
    expect(then.body.object.data).toEqual({ color: "red", size: "1" });
    expect(then.body.object.metadata.managedFields).toBeUndefined();
    const now = await historyGet(app, `loupe-local/history/api/v1/namespaces/${ns}/configmaps/a`);
    expect(now.body.object.data).toEqual({ color: "blue", shape: "round" });
    expect(now.body.object.metadata.resourceVersion).toBe(modified?.resourceVersion);

    await kube.request("DELETE", cmPath("a"));
    const deleted = await waitForHistory(app, `namespace=${ns}&name=a&type=DELETED`, (items) => items.length === 1);
    expect(deleted[0]).toMatchObject({ type: "DELETED", gap: false, uid: added?.uid });
    const last = await historyGet(app, `loupe-local/history/api/v1/namespaces/${ns}/configmaps/a`);
    expect(last.body.deleted).toBe(true);
    expect(last.body.object.data).toEqual({ color: "blue", shape: "round" });
    const before = await historyGet(
      app,
      `loupe-local/history/api/v1/namespaces/${ns}/configmaps/a?at=2020-01-01T00:00:00Z`,
    );
    expect(before.status).toBe(404);
    expect(before.body.code).toBe("LOUPE_HISTORY_NOT_FOUND");
  });

  it("records custom resources too, and not what its kinds leave out", async () => {
    const app = await recordingApp(cluster.kubeconfigPath, sqlite(tempHistoryPath()));
    apps.push(app);
    await kube.request("POST", `/apis/stable.example.com/v1/namespaces/${ns}/myservices`, {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name: "svc-1" },
      spec: { name: "svc", image: "nginx:1", replicas: 1 },
    });
    await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, {
      metadata: { name: "not-recorded" },
      stringData: { password: "hunter2" },
    });
    await waitForHistory(app, `namespace=${ns}&resource=myservices`, (items) => items.length === 1);
    expect(app.historyRecorders.get("loupe-local")?.recorded).toEqual(
      expect.arrayContaining(["/v1/configmaps", "stable.example.com/v1/myservices"]),
    );
    expect(app.historyRecorders.get("loupe-local")?.recorded).not.toContain("/v1/secrets");
    expect((await historyGet(app, `loupe-local/history?namespace=${ns}&resource=secrets`)).body.items).toEqual([]);
  });

  it("keeps Secret values out of the database when Secrets are recorded", async () => {
    const path = tempHistoryPath();
    const app = await recordingApp(cluster.kubeconfigPath, sqlite(path), { kinds: "/Secret" });
    apps.push(app);
    await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, {
      metadata: { name: "s1" },
      stringData: { password: "hunter2-very-secret" },
    });
    await kube.request(
      "PATCH",
      `/api/v1/namespaces/${ns}/secrets/s1`,
      { stringData: { password: "hunter3-very-secret" } },
      "application/merge-patch+json",
    );
    const items = await waitForHistory(app, `namespace=${ns}&resource=secrets&name=s1`, (i) => i.length === 2);
    expect(items[0]?.changes).toEqual([
      { path: "/data/password", before: expect.stringMatching(/^sha256:/), after: expect.stringMatching(/^sha256:/) },
    ]);
    await app.close();
    apps.length = 0;
    const { readFileSync } = await import("node:fs");
    const bytes = Buffer.concat([readFileSync(path), readFileSync(`${path}-wal`, { flag: "a+" })]);
    for (const secret of ["hunter2-very-secret", "hunter3-very-secret"]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(secret).toString("base64")))).toBe(false);
    }
  });

  it("finds what changed while Loupe was down after a restart, marked as seen after a gap", async () => {
    const path = tempHistoryPath();
    let app = await recordingApp(cluster.kubeconfigPath, sqlite(path));
    await kube.request("POST", cmPath(), cm("gap-kept", { v: "1" }));
    await kube.request("POST", cmPath(), cm("gap-gone", { v: "1" }));
    await kube.request("POST", cmPath(), cm("gap-same", { v: "1" }));
    await waitForHistory(app, `namespace=${ns}&name=gap-kept`, (i) => i.length === 1);
    await waitForHistory(app, `namespace=${ns}&name=gap-gone`, (i) => i.length === 1);
    await waitForHistory(app, `namespace=${ns}&name=gap-same`, (i) => i.length === 1);
    await app.close();

    // Loupe is down.
    await kube.request("PATCH", cmPath("gap-kept"), { data: { v: "2" } }, "application/merge-patch+json");
    await kube.request("DELETE", cmPath("gap-gone"));
    await kube.request("POST", cmPath(), cm("gap-new", { v: "1" }));

    app = await recordingApp(cluster.kubeconfigPath, sqlite(path));
    apps.push(app);
    const kept = await waitForHistory(app, `namespace=${ns}&name=gap-kept`, (i) => i.length === 2);
    expect(kept[0]).toMatchObject({
      type: "MODIFIED",
      gap: true,
      changes: [{ path: "/data/v", before: "1", after: "2" }],
    });
    expect(kept[1]).toMatchObject({ type: "ADDED", gap: false });
    const gone = await waitForHistory(app, `namespace=${ns}&name=gap-gone`, (i) => i.length === 2);
    expect(gone[0]).toMatchObject({ type: "DELETED", gap: true });
    const fresh = await waitForHistory(app, `namespace=${ns}&name=gap-new`, (i) => i.length === 1);
    expect(fresh[0]).toMatchObject({ type: "ADDED", gap: true });
    // Unchanged while down: nothing new recorded for it.
    await app.historyFlush();
    expect((await historyGet(app, `loupe-local/history?namespace=${ns}&name=gap-same`)).body.items).toHaveLength(1);

    // Then live again, not a gap.
    await kube.request("PATCH", cmPath("gap-kept"), { data: { v: "3" } }, "application/merge-patch+json");
    const live = await waitForHistory(app, `namespace=${ns}&name=gap-kept`, (i) => i.length === 3);
    expect(live[0]).toMatchObject({ type: "MODIFIED", gap: false });
  });

  it("removes what is older than the retention, oldest first, and keeps the rest", async () => {
    const store = sqlite(tempHistoryPath());
    await store.migrate();
    const server = cluster.server.replace(/\/+$/, "");
    const old = Date.now() - 3 * 86_400_000;
    await store.append(
      [1, 2, 3].map((i) => ({
        cluster: server,
        group: "",
        version: "v1",
        resource: "configmaps",
        namespace: ns,
        name: `old-${i}`,
        uid: `old-uid-${i}`,
        time: old + i,
        type: "ADDED" as const,
        gap: false,
        resourceVersion: "1",
        managers: [],
        changes: [],
        object: { metadata: { name: `old-${i}`, namespace: ns } },
      })),
    );
    const app = await recordingApp(cluster.kubeconfigPath, store, { retainMs: 86_400_000 });
    apps.push(app);
    await kube.request("POST", cmPath(), cm("young", { v: "1" }));
    await waitForHistory(app, `namespace=${ns}&name=young`, (i) => i.length === 1);
    const left = await waitForHistory(
      app,
      `namespace=${ns}&until=${new Date(Date.now() - 86_400_000).toISOString()}`,
      (i) => i.length === 0,
    );
    expect(left).toEqual([]);
    const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/^loupe_history_changes_pruned_total 3$/m);
  });
});

describe("the history routes", () => {
  it("refuse bad queries with a message naming the parameter", async () => {
    const app = await recordingApp(cluster.kubeconfigPath, sqlite(tempHistoryPath()));
    apps.push(app);
    const cases: [string, number, string, RegExp][] = [
      ["history?since=yesterday", 400, "LOUPE_BAD_QUERY", /"since".*RFC 3339/],
      ["history?limit=100000", 400, "LOUPE_BAD_QUERY", /"limit"/],
      ["history?limit=0", 400, "LOUPE_BAD_QUERY", /"limit"/],
      ["history?type=CHANGED", 400, "LOUPE_BAD_QUERY", /"type"/],
      ["history?colour=red", 400, "LOUPE_BAD_QUERY", /Unknown query parameter "colour"/],
      ["history?name=Not_A_Name", 400, "LOUPE_BAD_QUERY", /"name"/],
      [`history?manager=${"m".repeat(200)}`, 400, "LOUPE_BAD_QUERY", /"manager"/],
      ["history?continue=bm90LWEtdG9rZW4", 400, "LOUPE_BAD_CONTINUE", /continue token/],
      ["history/api/v1/configmaps", 404, "LOUPE_NOT_A_RESOURCE_PATH", /single object/],
      ["history/foo/bar/baz", 404, "LOUPE_NOT_A_RESOURCE_PATH", /must start with/],
      ["history/api/v1/namespaces/default/configmaps/x?at=noon", 400, "LOUPE_BAD_QUERY", /"at"/],
    ];
    for (const [path, status, code, message] of cases) {
      const response = await historyGet(app, `loupe-local/${path}`);
      expect({ path, status: response.status, code: response.body.code }).toEqual({ path, status, code });
      expect(response.body.message).toMatch(message);
    }
    expect((await historyGet(app, "nowhere/history")).status).toBe(404);
  });

  it("page newest first with continue tokens", async () => {
    const app = await recordingApp(cluster.kubeconfigPath, sqlite(tempHistoryPath()));
    apps.push(app);
    for (let i = 0; i < 5; i++) await kube.request("POST", cmPath(), cm(`page-${i}`, { i: String(i) }));
    await waitForHistory(
      app,
      `namespace=${ns}&type=ADDED`,
      (i) => i.filter((c) => c.name.startsWith("page-")).length === 5,
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query: string = `namespace=${ns}&limit=2${token ? `&continue=${token}` : ""}`;
      const { status, body } = await historyGet(app, `loupe-local/history?${query}`);
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items.filter((c) => c.name.startsWith("page-")).map((c) => c.name));
      token = body.continue;
    } while (token);
    expect(seen).toEqual(["page-4", "page-3", "page-2", "page-1", "page-0"]);
  });

  it("answer 404 LOUPE_HISTORY_OFF when history is off", async () => {
    const app = await appFor(cluster.kubeconfigPath);
    apps.push(app);
    const { status, body } = await historyGet(app, "loupe-local/history");
    expect(status).toBe(404);
    expect(body.code).toBe("LOUPE_HISTORY_OFF");
  });

  it("report metrics, and /readyz fails when the database cannot be written", async () => {
    const store = new SqliteHistoryStore({ path: tempHistoryPath() });
    const app = await recordingApp(cluster.kubeconfigPath, store);
    apps.push(app);
    await kube.request("POST", cmPath(), cm("metered", { v: "1" }));
    await waitForHistory(app, `namespace=${ns}&name=metered`, (i) => i.length === 1);
    const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(Number(/^loupe_history_changes_recorded_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(metrics).toMatch(/^loupe_history_changes_dropped_total 0$/m);
    expect(metrics).toMatch(/^loupe_history_write_duration_seconds_count \d+$/m);
    expect(metrics).toMatch(/^loupe_history_write_duration_seconds_sum [\d.e-]+$/m);
    expect(Number(/^loupe_history_database_bytes (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.history).toEqual({ ok: true });
    await store.close();
    const unready = await app.inject({ method: "GET", url: "/readyz" });
    expect(unready.statusCode).toBe(503);
    expect(unready.json().checks.history.ok).toBe(false);
  });
});
