// Relations (DESIGN §13) against the local cluster: owner chains across built-ins and CRDs (kube-controller-manager
// makes a Deployment's ReplicaSet), references inferred from the real-world CRDs of shared/fixtures, missing targets,
// cycles, and RBAC (a relation to what the user may not get is not shown).
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { Relations } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readManifests, workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import { buildApp } from "../src/app.ts";
import type { ClusterConnection } from "../src/cluster/connection.ts";
import { ContextRegistry } from "../src/cluster/contexts.ts";
import { type Json, send, waitForEstablished } from "./schema-support.ts";
import { appFor, unique } from "./support.ts";

const cluster = inject("cluster");
const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");
const CRDS = [
  "certificates.cert-manager.io",
  "clusterissuers.cert-manager.io",
  "httproutes.gateway.networking.k8s.io",
  "applications.argoproj.io",
  "scaledobjects.keda.sh",
];
const ns = unique("relations");
let app: FastifyInstance;
let limited: FastifyInstance;
let registry: ContextRegistry;
let admin: ClusterConnection;

async function create(path: string, object: Json): Promise<Json> {
  const answer = await send(admin, "POST", path, object);
  if (answer.status >= 300) throw new Error(`POST ${path} → ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as Json;
}

async function relations(path: string, query = "", on = app) {
  const response = await on.inject({ method: "GET", url: `/api/v1/contexts/loupe-local/relations/${path}${query}` });
  return { status: response.statusCode, body: response.json() as Relations & { message?: string } };
}

/** `Kind name` of each node, and `Kind a -type-> Kind b` of each edge, for readable assertions. */
function describeGraph(graph: Relations) {
  const label = new Map(graph.nodes.map((n) => [n.id, `${n.kind} ${n.name}${n.missing ? " (missing)" : ""}`]));
  return {
    nodes: graph.nodes.map((n) => label.get(n.id)),
    edges: graph.edges.map(
      (e) => `${label.get(e.from)} -${e.type}${e.field ? `:${e.field}` : ""}-> ${label.get(e.to)}`,
    ),
  };
}

async function until<T>(what: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  registry = new ContextRegistry(kc, { userAgent: "loupe/relations-tests" });
  admin = registry.get("loupe-local");
  const all = await readManifests(FIXTURES);
  for (const name of CRDS) {
    const crd = all.find((o) => o.metadata?.name === name) as Json;
    const applied = await send(
      admin,
      "PATCH",
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}?fieldManager=loupe-relations-tests&force=true`,
      crd,
      "application/apply-patch+yaml",
    );
    if (applied.status >= 300) throw new Error(`${name}: ${applied.status}`);
  }
  for (const name of CRDS) await waitForEstablished(admin, name);
  await create("/api/v1/namespaces", { metadata: { name: ns } });
  app = await appFor(cluster.kubeconfigPath);
}, 120_000);

afterAll(async () => {
  await send(admin, "DELETE", `/api/v1/namespaces/${ns}`);
  await send(admin, "DELETE", "/apis/cert-manager.io/v1/clusterissuers/relations-issuer");
  await app?.close();
  await limited?.close();
  await registry.close();
});

describe("relations", () => {
  it("follows an owner chain made by the controllers: Deployment → ReplicaSet → Pod, up and down", async () => {
    await create(`/apis/apps/v1/namespaces/${ns}/deployments`, {
      metadata: { name: "worker" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "worker" } },
        template: { metadata: { labels: { app: "worker" } }, spec: { containers: [{ name: "w", image: "busybox" }] } },
      },
    });
    const pod = await until(async () => {
      const pods = await admin.getJson<{ items: Json[] }>(`/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dworker`);
      return (pods.items[0] as { metadata: { name: string } } | undefined)?.metadata.name;
    });
    const down = await relations(`apis/apps/v1/namespaces/${ns}/deployments/worker`, "?depth=2");
    expect(down.status).toBe(200);
    const graph = describeGraph(down.body);
    expect(graph.edges).toContainEqual(expect.stringMatching(/^Deployment worker -owner-> ReplicaSet worker-/));
    expect(graph.edges).toContainEqual(
      expect.stringMatching(new RegExp(`^ReplicaSet worker-\\w+ -owner-> Pod ${pod}$`)),
    );
    // The Deployment's selector selects its Pod too.
    expect(graph.edges).toContain(`Deployment worker -selector:spec.selector-> Pod ${pod}`);
    const rs = down.body.edges.find((e) => e.type === "owner" && e.from === down.body.root);
    expect(rs?.controller).toBe(true);
    // Health, as tables show it: the Deployment's computed from the object, the ReplicaSet's from the inventory.
    const verdicts = ["Current", "InProgress", "Failed", "Terminating", "Unknown"];
    expect(verdicts).toContain(down.body.nodes.find((n) => n.kind === "Deployment")?.health?.verdict);
    expect(verdicts).toContain(down.body.nodes.find((n) => n.kind === "ReplicaSet")?.health?.verdict);
    // No Pod is running (the local cluster has no kubelet): the Deployment is not Current.
    expect(down.body.nodes.find((n) => n.kind === "Deployment")?.health?.verdict).not.toBe("Current");

    const up = await relations(`api/v1/namespaces/${ns}/pods/${pod}`, "?depth=2");
    const upGraph = describeGraph(up.body);
    expect(upGraph.edges).toContainEqual(
      expect.stringMatching(new RegExp(`^ReplicaSet worker-\\w+ -owner-> Pod ${pod}$`)),
    );
    expect(upGraph.edges).toContainEqual(expect.stringMatching(/^Deployment worker -owner-> ReplicaSet worker-/));
    // The Pod's own references: its ServiceAccount (the controller filled in `default`).
    expect(upGraph.edges).toContain(`Pod ${pod} -reference:spec.serviceAccountName-> ServiceAccount default`);
    expect(up.body.nodes.find((n) => n.id === up.body.root)?.depth).toBe(0);
  });

  it("follows ownerReferences across CRDs and built-ins both ways", async () => {
    const application = await create(`/apis/argoproj.io/v1alpha1/namespaces/${ns}/applications`, {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Application",
      metadata: { name: "shop" },
      spec: {
        project: "default",
        destination: { server: "https://kubernetes.default.svc", namespace: ns },
        source: { repoURL: "https://example.com/shop.git", path: "deploy", targetRevision: "HEAD" },
      },
      status: { resources: [{ group: "apps", version: "v1", kind: "Deployment", namespace: ns, name: "worker" }] },
    });
    const meta = application.metadata as { uid: string };
    const owned = await create(`/api/v1/namespaces/${ns}/configmaps`, {
      metadata: {
        name: "shop-settings",
        ownerReferences: [
          { apiVersion: "argoproj.io/v1alpha1", kind: "Application", name: "shop", uid: meta.uid, controller: true },
        ],
      },
      data: { mode: "fast" },
    });
    await create(`/apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects`, {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: {
        name: "scaler",
        ownerReferences: [
          { apiVersion: "v1", kind: "ConfigMap", name: "shop-settings", uid: (owned.metadata as { uid: string }).uid },
        ],
      },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "worker" },
        triggers: [{ type: "cpu", metadata: { value: "60" } }],
      },
    });
    const graph = describeGraph(
      (await relations(`apis/argoproj.io/v1alpha1/namespaces/${ns}/applications/shop`, "?depth=2")).body,
    );
    expect(graph.edges).toContain("Application shop -owner-> ConfigMap shop-settings");
    expect(graph.edges).toContain("ConfigMap shop-settings -owner-> ScaledObject scaler");
    // The Application's destination namespace and the resources it reports.
    expect(graph.edges).toContain(`Application shop -reference:spec.destination.namespace-> Namespace ${ns}`);
    expect(graph.edges).toContain("Application shop -reference:status.resources[0]-> Deployment worker");

    const scaler = describeGraph((await relations(`apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/scaler`)).body);
    expect(scaler.edges).toContain("ScaledObject scaler -reference:spec.scaleTargetRef-> Deployment worker");
    expect(scaler.edges).toContain("ConfigMap shop-settings -owner-> ScaledObject scaler");

    // Incoming: the Deployment knows who points at it.
    const worker = describeGraph((await relations(`apis/apps/v1/namespaces/${ns}/deployments/worker`)).body);
    expect(worker.edges).toContain("ScaledObject scaler -reference:spec.scaleTargetRef-> Deployment worker");
    expect(worker.edges).toContain("Application shop -reference:status.resources[0]-> Deployment worker");
  });

  it("resolves a Certificate's Secret and ClusterIssuer and an HTTPRoute's Service; a required one that is absent is missing", async () => {
    await send(admin, "POST", "/apis/cert-manager.io/v1/clusterissuers", {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "relations-issuer" },
      spec: { selfSigned: {} },
    });
    await create(`/api/v1/namespaces/${ns}/secrets`, { metadata: { name: "web-tls" }, stringData: { k: "v" } });
    const certificate = (name: string, secretName: string) =>
      create(`/apis/cert-manager.io/v1/namespaces/${ns}/certificates`, {
        apiVersion: "cert-manager.io/v1",
        kind: "Certificate",
        metadata: { name },
        spec: {
          secretName,
          dnsNames: ["web.example.com"],
          issuerRef: { name: "relations-issuer", kind: "ClusterIssuer", group: "cert-manager.io" },
        },
      });
    await certificate("web", "web-tls");
    await certificate("pending", "not-yet-issued");
    const web = await relations(`apis/cert-manager.io/v1/namespaces/${ns}/certificates/web`);
    const graph = describeGraph(web.body);
    expect(graph.edges).toContain("Certificate web -reference:spec.secretName-> Secret web-tls");
    expect(graph.edges).toContain("Certificate web -reference:spec.issuerRef-> ClusterIssuer relations-issuer");
    const issuer = web.body.nodes.find((n) => n.kind === "ClusterIssuer");
    expect(issuer).toMatchObject({ group: "cert-manager.io", version: "v1", resource: "clusterissuers", depth: 1 });
    expect(issuer?.namespace).toBeUndefined();

    // secretName is required by the schema: an absent Secret is shown, marked missing.
    const pending = describeGraph(
      (await relations(`apis/cert-manager.io/v1/namespaces/${ns}/certificates/pending`)).body,
    );
    expect(pending.edges).toContain("Certificate pending -reference:spec.secretName-> Secret not-yet-issued (missing)");
    // The Secret sees the Certificate that writes it (incoming).
    const secret = describeGraph((await relations(`api/v1/namespaces/${ns}/secrets/web-tls`)).body);
    expect(secret.edges).toContain("Certificate web -reference:spec.secretName-> Secret web-tls");

    await create(`/api/v1/namespaces/${ns}/services`, {
      metadata: { name: "web-svc" },
      spec: { selector: { app: "worker" }, ports: [{ port: 80 }] },
    });
    await create(`/apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes`, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name: "route" },
      spec: {
        parentRefs: [{ name: "edge" }],
        rules: [
          {
            backendRefs: [
              { name: "web-svc", port: 80 },
              { name: "gone-svc", port: 80 },
            ],
          },
        ],
      },
    });
    const route = describeGraph(
      (await relations(`apis/gateway.networking.k8s.io/v1/namespaces/${ns}/httproutes/route`)).body,
    );
    // The API server defaulted backendRefs' kind to Service (group ""): a reference to the live Service.
    expect(route.edges).toContain("HTTPRoute route -reference:spec.rules[0].backendRefs[0]-> Service web-svc");
    // A backendRef's name is required: one to no Service is a broken reference, shown as missing.
    expect(route.edges).toContain(
      "HTTPRoute route -reference:spec.rules[0].backendRefs[1]-> Service gone-svc (missing)",
    );
    // A parentRef to a kind the cluster does not serve (Gateway) is left out.
    expect(route.nodes.some((n) => n?.includes("edge"))).toBe(false);
    const svc = describeGraph((await relations(`api/v1/namespaces/${ns}/services/web-svc`, "?depth=2")).body);
    expect(svc.edges).toContain("HTTPRoute route -reference:spec.rules[0].backendRefs[0]-> Service web-svc");
    expect(svc.edges).toContainEqual(expect.stringMatching(/^Service web-svc -selector:spec.selector-> Pod worker-/));
    // Incoming selectors: a Pod knows the Service and the Deployment that select it.
    const podName = (
      await admin.getJson<{ items: { metadata: { name: string } }[] }>(
        `/api/v1/namespaces/${ns}/pods?labelSelector=app%3Dworker`,
      )
    ).items[0]?.metadata.name;
    const pod = describeGraph((await relations(`api/v1/namespaces/${ns}/pods/${podName}`)).body);
    expect(pod.edges).toContain(`Service web-svc -selector:spec.selector-> Pod ${podName}`);
    expect(pod.edges).toContain(`Deployment worker -selector:spec.selector-> Pod ${podName}`);
  });

  it("ends on cycles and keeps to the depth and node limits", async () => {
    // a → b → a by references in their data, and b → c.
    await create(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: "a" }, data: { configMapName: "b" } });
    await create(`/api/v1/namespaces/${ns}/configmaps`, {
      metadata: { name: "b" },
      data: { configMapName: "a", next: "x", secretName: "web-tls" },
    });
    const deep = await relations(`api/v1/namespaces/${ns}/configmaps/a`, "?depth=4");
    expect(deep.status).toBe(200);
    const graph = describeGraph(deep.body);
    expect(graph.edges).toContain("ConfigMap a -reference:data.configMapName-> ConfigMap b");
    expect(graph.edges).toContain("ConfigMap b -reference:data.configMapName-> ConfigMap a");
    expect(graph.edges).toContain("ConfigMap b -reference:data.secretName-> Secret web-tls");
    // An optional reference (a ConfigMap's data has no schema) to nothing is left out.
    expect(graph.nodes.some((n) => n?.includes("nobody"))).toBe(false);
    // Each object once, whatever the number of paths to it.
    expect(new Set(graph.nodes).size).toBe(graph.nodes.length);
    expect(deep.body.nodes.find((n) => n.name === "web-tls")?.depth).toBe(2);

    const one = await relations(`api/v1/namespaces/${ns}/configmaps/a`, "?depth=1");
    expect(describeGraph(one.body).nodes).not.toContain("Secret web-tls");
    const capped = await relations(`apis/apps/v1/namespaces/${ns}/deployments/worker`, "?depth=3&limit=3");
    expect(capped.body.nodes).toHaveLength(3);
    expect(capped.body.truncated).toBe(true);
    for (const edge of capped.body.edges) {
      expect(capped.body.nodes.some((n) => n.id === edge.from) && capped.body.nodes.some((n) => n.id === edge.to)).toBe(
        true,
      );
    }
  });

  it("answers bad input with a clear error", async () => {
    expect((await relations(`api/v1/namespaces/${ns}/configmaps/a`, "?depth=9")).status).toBe(400);
    expect((await relations(`api/v1/namespaces/${ns}/configmaps/a`, "?limit=0")).status).toBe(400);
    expect((await relations(`api/v1/namespaces/${ns}/configmaps/a`, "?hops=2")).status).toBe(400);
    const list = await relations(`api/v1/namespaces/${ns}/configmaps`);
    expect(list.status).toBe(404);
    expect(list.body.message).toContain("names no object");
    const absent = await relations(`api/v1/namespaces/${ns}/configmaps/never-made`);
    expect(absent.status).toBe(404);
    expect(absent.body.message).toContain('ConfigMap "never-made" does not exist');
    expect((await relations(`apis/no.such.group/v1/things/x`)).status).toBe(404);
  });

  it("shows only what the user may get", async () => {
    // A user who may read Certificates, ConfigMaps and ScaledObjects in the namespace, but not Secrets or Deployments.
    await create(`/api/v1/namespaces/${ns}/serviceaccounts`, { metadata: { name: "partial" } });
    await create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, {
      metadata: { name: "partial" },
      rules: [
        { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["get", "list"] },
        { apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list"] },
        { apiGroups: ["keda.sh"], resources: ["scaledobjects"], verbs: ["get", "list"] },
      ],
    });
    await create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "partial" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "partial" },
      subjects: [{ kind: "ServiceAccount", name: "partial", namespace: ns }],
    });
    const token = await create(`/api/v1/namespaces/${ns}/serviceaccounts/partial/token`, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 3600 },
    });
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const clusterName = kc.getContextObject("loupe-local")?.cluster as string;
    kc.addUser({ name: "partial", token: (token.status as { token: string }).token });
    kc.addContext({ name: "partial", cluster: clusterName, user: "partial", namespace: ns });
    kc.setCurrentContext("loupe-local");
    limited = await buildApp({ kubeConfig: kc });
    const as = async (path: string, query = "") => {
      const response = await limited.inject({
        method: "GET",
        url: `/api/v1/contexts/partial/relations/${path}${query}`,
      });
      return { status: response.statusCode, body: response.json() as Relations };
    };
    const web = await as(`apis/cert-manager.io/v1/namespaces/${ns}/certificates/web`);
    expect(web.status).toBe(200);
    const names = describeGraph(web.body).nodes;
    expect(names).toContain("Certificate web");
    // The Secret and the ClusterIssuer exist, but this user may not get them: not shown, not even as missing.
    expect(names.some((n) => n?.startsWith("Secret") || n?.startsWith("ClusterIssuer"))).toBe(false);

    const scaler = describeGraph((await as(`apis/keda.sh/v1alpha1/namespaces/${ns}/scaledobjects/scaler`)).body);
    expect(scaler.edges).toContain("ConfigMap shop-settings -owner-> ScaledObject scaler");
    expect(scaler.nodes.some((n) => n?.startsWith("Deployment"))).toBe(false);
    // The object itself refused: the API server's 403.
    expect((await as(`api/v1/namespaces/${ns}/secrets/web-tls`)).status).toBe(403);
  });
});
