import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ProblemsClient } from "./problems-support.ts";
import { unique } from "./support.ts";
import { type Kube, listenApp, type RunningApp, testKube, waitFor } from "./watch-support.ts";

// Problems against the real control plane: built-in workloads judged by kube-controller-manager's own status
// writes, a sample CRD's status patched through its status subresource, a kind whose conversion webhook is dead.
const cluster = inject("cluster");
const CONTEXT = "loupe-local";
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const ns = unique("problems");
const brokenGroup = `${unique("dead").replace(/-/g, "")}.loupe.dev`;
const clients: ProblemsClient[] = [];

const widgets = `/apis/demo.loupe.dev/v1/namespaces/${ns}/widgets`;

function readyCondition(status: "True" | "False", reason: string, message: string) {
  return {
    conditions: [{ type: "Ready", status, reason, message, lastTransitionTime: new Date().toISOString() }],
  };
}

async function setWidgetStatus(name: string, status: "True" | "False", reason: string, message: string) {
  await kube.request(
    "PATCH",
    `${widgets}/${name}/status`,
    { status: readyCondition(status, reason, message) },
    "application/merge-patch+json",
  );
}

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, {
    watch: { lingerMs: 500 },
    inventory: { catalogDebounceMs: 100 },
  });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", widgets, {
    apiVersion: "demo.loupe.dev/v1",
    kind: "Widget",
    metadata: { name: "gear" },
    spec: { color: "red", size: "small", replicas: 1 },
  });
  await setWidgetStatus("gear", "True", "AllReplicasReady", "1 of 1 replicas are ready");
});

afterAll(async () => {
  for (const client of clients) client.close();
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await kube
    .request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.${brokenGroup}`)
    .catch(() => {});
  await running.app.close();
  await closeKube();
});

async function connect(): Promise<ProblemsClient> {
  const client = await ProblemsClient.connect(running.watchUrl);
  clients.push(client);
  return client;
}

describe("Problems", () => {
  it("streams a custom resource going unhealthy and recovering, through its status subresource", async () => {
    const client = await connect();
    client.subscribe("p", CONTEXT, { namespace: ns });
    await waitFor("live", () => client.state("p").statuses.includes("live"), 30_000);
    const state = client.state("p");
    expect(state.snapshots).toBe(1);
    expect(client.row("p", "gear")).toBeUndefined();
    const widgetKind = state.kinds.get("demo.loupe.dev/v1/widgets");
    expect(widgetKind).toMatchObject({ state: "live", objects: 1, problems: 0, custom: true });

    await setWidgetStatus("gear", "False", "MotorJammed", "the motor is jammed");
    await waitFor("gear failed", () => client.row("p", "gear")?.health.verdict === "Failed");
    expect(client.row("p", "gear")?.health).toMatchObject({
      reason: "MotorJammed",
      message: "the motor is jammed",
      rule: "conditions",
    });
    expect(client.row("p", "gear")?.kind).toBe("demo.loupe.dev/v1/widgets");
    await waitFor("widget count", () => state.kinds.get("demo.loupe.dev/v1/widgets")?.problems === 1);

    await setWidgetStatus("gear", "True", "AllReplicasReady", "1 of 1 replicas are ready");
    await waitFor("gear recovered", () => client.row("p", "gear") === undefined);
    await waitFor("widget count back", () => state.kinds.get("demo.loupe.dev/v1/widgets")?.problems === 0);
    expect(state.snapshots).toBe(1);
  });

  it("judges a Deployment by what kube-controller-manager writes: InProgress, then Failed past its deadline", async () => {
    const client = await connect();
    client.subscribe("d", CONTEXT, { namespace: ns, group: "apps" });
    await kube.request("POST", `/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: "api" },
      spec: {
        replicas: 1,
        progressDeadlineSeconds: 3,
        selector: { matchLabels: { app: "api" } },
        template: { metadata: { labels: { app: "api" } }, spec: { containers: [{ name: "api", image: "api:1" }] } },
      },
    });
    // No kubelet: the pod never runs, so the rollout makes no progress.
    await waitFor("api in progress", () => client.row("d", "api")?.health.verdict === "InProgress", 30_000);
    await waitFor("api failed", () => client.row("d", "api")?.health.verdict === "Failed", 60_000);
    expect(client.row("d", "api")?.health).toMatchObject({ rule: "deployment", reason: "ProgressDeadlineExceeded" });
    // The group filter: only apps kinds, among them the ReplicaSet the controller made (no pods ready either).
    const kinds = [...client.state("d").kinds.values()];
    expect(kinds.length).toBeGreaterThan(0);
    expect(kinds.every((k) => k.group === "apps")).toBe(true);
    await waitFor("replicaset listed", () =>
      [...client.state("d").rows.values()].some((r) => r.kind === "apps/v1/replicasets"),
    );
    // The verdict filter: only Failed.
    client.subscribe("f", CONTEXT, { namespace: ns, verdicts: ["Failed"] });
    await waitFor("failed-only live", () => client.state("f").statuses.includes("live"), 30_000);
    expect([...client.state("f").rows.values()].every((r) => r.health.verdict === "Failed")).toBe(true);
    expect(client.row("f", "api")).toBeDefined();
  });

  it("a kind that cannot be listed shows its error; every other kind still answers", async () => {
    // v2 is preferred and converts through a webhook nobody serves: listing v2 fails once an object is stored.
    await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", {
      metadata: { name: `things.${brokenGroup}` },
      spec: {
        group: brokenGroup,
        scope: "Namespaced",
        names: { plural: "things", singular: "thing", kind: "Thing" },
        conversion: {
          strategy: "Webhook",
          webhook: { conversionReviewVersions: ["v1"], clientConfig: { url: "https://127.0.0.1:9/convert" } },
        },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
          {
            name: "v2",
            served: true,
            storage: false,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
        ],
      },
    });
    await waitFor(
      "CRD served",
      () =>
        kube.request("GET", `/apis/${brokenGroup}/v1/things`).then(
          () => true,
          () => false,
        ),
      30_000,
    );
    await kube.request("POST", `/apis/${brokenGroup}/v1/namespaces/${ns}/things`, {
      apiVersion: `${brokenGroup}/v1`,
      kind: "Thing",
      metadata: { name: "t" },
    });
    // All namespaces: a scope of its own, listed now that an object needs converting.
    const client = await connect();
    client.subscribe("b", CONTEXT, {});
    const id = `${brokenGroup}/v2/things`;
    await waitFor("broken kind in error", () => client.state("b").kinds.get(id)?.state === "error", 30_000);
    expect(client.state("b").kinds.get(id)?.message).toMatch(/conversion|webhook/i);
    // The others listed all the same.
    expect(client.state("b").kinds.get("demo.loupe.dev/v1/widgets")?.state).toBe("live");
    expect(client.state("b").kinds.get("apps/v1/deployments")?.state).toBe("live");
  });

  it("answers once over REST, with the same rows", async () => {
    await setWidgetStatus("gear", "False", "MotorJammed", "the motor is jammed");
    await waitFor("REST sees gear", async () => {
      const response = await running.app.inject({
        url: `/api/v1/contexts/${CONTEXT}/problems?namespace=${ns}&verdict=Failed`,
      });
      const body = response.json();
      return (
        response.statusCode === 200 &&
        body.rows.some((r: { object: { metadata: { name: string } } }) => r.object.metadata.name === "gear")
      );
    });
    const response = await running.app.inject({
      url: `/api/v1/contexts/${CONTEXT}/problems?namespace=${ns}&verdict=Failed`,
    });
    const body = response.json();
    expect(body.complete).toBe(true);
    expect(body.rows.every((r: { health: { verdict: string } }) => r.health.verdict === "Failed")).toBe(true);
    expect(body.total).toBe(body.rows.length);
    await setWidgetStatus("gear", "True", "AllReplicasReady", "1 of 1 replicas are ready");
  });

  it("reports the API server's readiness for the cluster home", async () => {
    const response = await running.app.inject({ url: `/api/v1/contexts/${CONTEXT}/apiserver-health` });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.ok).toBe(true);
    expect(body.checks.length).toBeGreaterThan(5);
    expect(body.checks.find((c: { name: string }) => c.name === "etcd")).toEqual({ name: "etcd", ok: true });
    const unknown = await running.app.inject({ url: "/api/v1/contexts/nope/apiserver-health" });
    expect(unknown.statusCode).toBe(404);
  });

  it("refuses bad queries with what is wrong", async () => {
    const bad = await running.app.inject({ url: `/api/v1/contexts/${CONTEXT}/problems?verdict=Current` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("verdicts");
    const unknown = await running.app.inject({ url: "/api/v1/contexts/nope/problems" });
    expect(unknown.statusCode).toBe(404);
    const client = await connect();
    client.send({
      type: "query",
      id: "x",
      context: CONTEXT,
      query: { kind: "problems", namespace: "Not_A_Namespace" },
    });
    client.send({ type: "query", id: "y", context: "nope", query: { kind: "problems" } });
    await waitFor("errors", () => client.state("x").errors.length > 0 && client.state("y").errors.length > 0);
    expect(client.state("x").errors[0]).toContain("query.namespace");
    expect(client.state("y").errors[0]).toContain("LOUPE_CONTEXT_NOT_FOUND");
  });

  it("many subscriptions of one scope share one set of watches", async () => {
    const first = await connect();
    first.subscribe("s", CONTEXT, { namespace: ns });
    await waitFor("first live", () => first.state("s").statuses.includes("live"), 30_000);
    const reflectors = running.app.watchHub.size;
    const others = await Promise.all(Array.from({ length: 5 }, () => connect()));
    for (const [i, client] of others.entries())
      client.subscribe(`s${i}`, CONTEXT, { namespace: ns, verdicts: ["Failed"] });
    await waitFor("all live", () => others.every((c, i) => c.state(`s${i}`).statuses.includes("live")), 30_000);
    expect(running.app.watchHub.size).toBe(reflectors);
  });
});
