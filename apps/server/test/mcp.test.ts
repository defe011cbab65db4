import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sqlite, tempHistoryPath, waitForHistory } from "./history-support.ts";
import { unique } from "./support.ts";
import { type Kube, listenApp, type RunningApp, testKube } from "./watch-support.ts";

// The MCP endpoint, called through the official SDK's own client over streamable HTTP, against the local cluster:
// in kubeconfig mode (read-only server) and in user-token mode (the caller's token decides, RBAC as for REST).
const cluster = inject("cluster");
let open: RunningApp;
let users: RunningApp;
let recording: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const clients: Client[] = [];
const ns = unique("mcp");
const tag = unique("mcpobj");
let viewerToken = "";

beforeAll(async () => {
  open = await listenApp(cluster.kubeconfigPath, { readOnly: true, queries: { lingerMs: 0 } });
  users = await listenApp(cluster.kubeconfigPath, {
    auth: { mode: "user-token", sessionSecret: "mcp-test-session-secret-32-bytes-long!!!" },
    queries: { lingerMs: 0 },
  });
  recording = await listenApp(cluster.kubeconfigPath, {
    history: { store: sqlite(tempHistoryPath()), kinds: "/ConfigMap", writer: { flushMs: 20 } },
  });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, {
    metadata: { name: `${tag}-cm` },
    data: { a: "1" },
  });
  await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, {
    metadata: { name: `${tag}-secret` },
    stringData: { password: "hunter2" },
  });
  await kube.request("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: `${tag}-web` },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: tag } },
      template: { metadata: { labels: { app: tag } }, spec: { containers: [{ name: "web", image: "nginx" }] } },
    },
  });
  await kube.request("POST", `/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "viewer" } });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
    metadata: { name: "cm" },
    rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }],
  });
  await kube.request("POST", `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
    metadata: { name: "cm" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "cm" },
    subjects: [{ kind: "ServiceAccount", name: "viewer", namespace: ns }],
  });
  viewerToken = (
    await kube.request<{ status: { token: string } }>("POST", `/api/v1/namespaces/${ns}/serviceaccounts/viewer/token`, {
      spec: { audiences: [] },
    })
  ).status.token;
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube();
  await open.app.close();
  await users.app.close();
  await recording.app.close();
});

async function connect(running: RunningApp, token?: string): Promise<Client> {
  const client = new Client({ name: "loupe-test", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(`${running.baseUrl}/api/v1/mcp`), {
    ...(token ? { requestInit: { headers: { authorization: `Bearer ${token}` } } } : {}),
  });
  await client.connect(transport);
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as {
    isError?: boolean;
    content: { type: string; text: string }[];
  };
  const text = result.content.map((c) => c.text).join("\n");
  return { isError: result.isError === true, text, json: () => JSON.parse(text) };
}

describe("MCP in kubeconfig mode (a --read-only server)", () => {
  it("lists its read-only tools", async () => {
    const client = await connect(open);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      "get_object",
      "get_schema",
      "list_kinds",
      "list_objects",
      "object_history",
      "problems",
      "search",
    ]);
    expect(tools.every((t) => t.annotations?.readOnlyHint === true)).toBe(true);
  });

  it("lists kinds, lists and gets objects (Secret values masked)", async () => {
    const client = await connect(open);
    const kinds = (await call(client, "list_kinds", { filter: "crontab" })).json();
    expect(kinds.kinds).toEqual([
      expect.objectContaining({ kind: "CronTab", group: "stable.example.com", custom: true }),
    ]);

    const list = (await call(client, "list_objects", { group: "", resource: "configmaps", namespace: ns })).json();
    expect(list.kind).toBe("ConfigMap");
    expect(list.rows.map((r: { Name: string }) => r.Name)).toContain(`${tag}-cm`);
    const byKind = (
      await call(client, "list_objects", { group: "apps", resource: "Deployment", namespace: ns })
    ).json();
    expect(byKind.rows).toEqual([expect.objectContaining({ Name: `${tag}-web`, namespace: ns })]);

    const secret = await call(client, "get_object", {
      group: "",
      resource: "secrets",
      namespace: ns,
      name: `${tag}-secret`,
    });
    expect(secret.isError).toBe(false);
    expect(secret.text).not.toContain("hunter2");
    expect(secret.text).not.toContain("aHVudGVyMg");
    expect(secret.json().data.password).toBe("<masked: 12 characters>");
    expect(secret.json().metadata.managedFields).toBeUndefined();

    const missing = await call(client, "get_object", {
      group: "",
      resource: "configmaps",
      namespace: ns,
      name: "nope",
    });
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain("not found");
    const traversal = await call(client, "get_object", {
      group: "",
      resource: "configmaps",
      namespace: ns,
      name: "..",
    });
    expect(traversal.isError).toBe(true);
  });

  it("searches across kinds, lists problems and explains a schema", async () => {
    const client = await connect(open);
    const search = (await call(client, "search", { text: tag, namespace: ns })).json();
    expect(search.complete).toBe(true);
    expect(search.hits.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(["ConfigMap", "Secret", "Deployment"]),
    );
    // Without kubelets the Deployment never becomes available: a problem, with the reason that decided it.
    const problems = (await call(client, "problems", { namespace: ns })).json();
    const web = problems.problems.find((p: { name: string }) => p.name === `${tag}-web`);
    expect(web).toMatchObject({ kind: "Deployment", health: { verdict: expect.stringMatching(/InProgress|Failed/) } });
    expect(problems.problems.every((p: { health: { verdict: string } }) => p.health.verdict !== "Current")).toBe(true);

    const schema = await call(client, "get_schema", { group: "apps", kind: "Deployment", depth: 2 });
    expect(schema.text).toMatch(/^spec\.replicas <integer>/m);
    expect(schema.text).not.toMatch(/^spec\.template\.spec\.containers/m);
  });
});

describe("MCP: an object's history", () => {
  it("returns the recorded changes of one object, newest first; says so when history is off", async () => {
    await kube.request(
      "PATCH",
      `/api/v1/namespaces/${ns}/configmaps/${tag}-cm`,
      { data: { a: "2" } },
      "application/merge-patch+json",
    );
    await waitForHistory(recording.app, `namespace=${ns}&name=${tag}-cm`, (items) =>
      items.some((c) => c.type === "MODIFIED"),
    );
    const client = await connect(recording);
    const history = (
      await call(client, "object_history", { group: "", resource: "configmaps", namespace: ns, name: `${tag}-cm` })
    ).json();
    expect(history.changes[0]).toMatchObject({ type: "MODIFIED", name: `${tag}-cm` });
    expect(history.changes[0].changes).toEqual([{ path: "/data/a", before: "1", after: "2" }]);

    const off = await call(await connect(open), "object_history", {
      group: "",
      resource: "configmaps",
      namespace: ns,
      name: `${tag}-cm`,
    });
    expect(off.isError).toBe(true);
    expect(off.text).toContain("History is off");
  });
});

describe("MCP in user-token mode", () => {
  it("needs the caller's token", async () => {
    await expect(connect(users)).rejects.toThrow(/401|Sign in/);
  });

  it("acts as the caller: a viewer allowed ConfigMaps in one namespace sees only those", async () => {
    const viewer = await connect(users, viewerToken);
    const cms = (await call(viewer, "list_objects", { group: "", resource: "configmaps", namespace: ns })).json();
    expect(cms.rows.map((r: { Name: string }) => r.Name)).toContain(`${tag}-cm`);
    const secrets = await call(viewer, "list_objects", { group: "", resource: "secrets", namespace: ns });
    expect(secrets.isError).toBe(true);
    expect(secrets.text).toMatch(/forbidden/i);
    const search = (await call(viewer, "search", { text: tag, namespace: ns })).json();
    expect(search.hits.map((h: { kind: string }) => h.kind)).toEqual(["ConfigMap"]);

    const admin = await connect(users, cluster.tokens.admin);
    const all = (await call(admin, "search", { text: tag, namespace: ns })).json();
    expect(all.hits.map((h: { kind: string }) => h.kind)).toEqual(expect.arrayContaining(["Secret", "Deployment"]));
  });
});

describe("the MCP endpoint's access class (rpc)", () => {
  const initialize = {
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
  };
  const post = (headers: Record<string, string>, body = JSON.stringify(initialize)) =>
    fetch(`${open.baseUrl}/api/v1/mcp`, {
      method: "POST",
      headers: { accept: "application/json, text/event-stream", ...headers },
      body,
    });

  it("takes JSON only (a cross-site form cannot post it) and refuses another origin", async () => {
    const form = await post({ "content-type": "text/plain" });
    expect(form.status).toBe(415);
    const crossSite = await post({ "content-type": "application/json", origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    const ok = await post({ "content-type": "application/json" });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe("loupe");
  });

  it("answers GET and DELETE with 405: the endpoint is stateless", async () => {
    const response = await fetch(`${open.baseUrl}/api/v1/mcp`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
  });
});
