import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appFor, k8s, unique } from "./support.ts";

// Every REST verb for four kinds of resource: a namespaced CRD, a cluster-scoped CRD, a core kind and an apps kind.
// One table drives them all: Loupe has no per-kind code, so neither does this test.
const cluster = inject("cluster");
const namespace = unique("resources");
let app: FastifyInstance;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  const created = await k8s(app, "POST", "api/v1/namespaces", { metadata: { name: namespace } });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await app.close();
});

interface Case {
  title: string;
  /** `api/v1` or `apis/<group>/<version>` */
  base: string;
  resource: string;
  namespaced: boolean;
  make: (name: string) => Record<string, unknown>;
  /** A merge patch and where its effect shows. */
  merge: { patch: Record<string, unknown>; read: (o: any) => unknown; expected: unknown };
  /** A field to change in a replace. */
  replace: (o: any) => void;
  replaced: (o: any) => unknown;
  status?: { patch: Record<string, unknown>; read: (o: any) => unknown };
  scale?: boolean;
}

const cases: Case[] = [
  {
    title: "CronTab (namespaced CRD)",
    base: "apis/stable.example.com/v1",
    resource: "crontabs",
    namespaced: true,
    make: (name) => ({
      apiVersion: "stable.example.com/v1",
      kind: "CronTab",
      metadata: { name },
      spec: { cronSpec: "0 */5 * * * *", image: "busybox:1", replicas: 1 },
    }),
    merge: { patch: { spec: { replicas: 4 } }, read: (o) => o.spec.replicas, expected: 4 },
    replace: (o) => {
      o.spec.image = "busybox:2";
    },
    replaced: (o) => o.spec.image,
    status: {
      patch: { status: { lastScheduleTime: "2026-01-02T03:04:05Z" } },
      read: (o) => o.status?.lastScheduleTime,
    },
  },
  {
    title: "Tenant (cluster-scoped CRD)",
    base: "apis/platform.example.com/v1",
    resource: "tenants",
    namespaced: false,
    make: (name) => ({
      apiVersion: "platform.example.com/v1",
      kind: "Tenant",
      metadata: { name },
      spec: { displayName: "Test tenant", owner: "test@example.com" },
    }),
    merge: { patch: { spec: { tier: "premium" } }, read: (o) => o.spec.tier, expected: "premium" },
    replace: (o) => {
      o.spec.displayName = "Renamed";
    },
    replaced: (o) => o.spec.displayName,
    status: { patch: { status: { phase: "Ready" } }, read: (o) => o.status?.phase },
  },
  {
    title: "ConfigMap (core)",
    base: "api/v1",
    resource: "configmaps",
    namespaced: true,
    make: (name) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { a: "1" } }),
    merge: { patch: { data: { b: "2" } }, read: (o) => o.data, expected: { a: "1", b: "2" } },
    replace: (o) => {
      o.data = { c: "3" };
    },
    replaced: (o) => o.data,
  },
  {
    title: "Deployment (apps)",
    base: "apis/apps/v1",
    resource: "deployments",
    namespaced: true,
    make: (name) => ({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: name } },
        template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image: "nginx:1" }] } },
      },
    }),
    merge: { patch: { spec: { replicas: 2 } }, read: (o) => o.spec.replicas, expected: 2 },
    replace: (o) => {
      o.spec.template.spec.containers[0].image = "nginx:2";
    },
    replaced: (o) => o.spec.template.spec.containers[0].image,
    // The deployment controller owns the status and rewrites it; it keeps condition types it does not know.
    status: {
      patch: { status: { conditions: [{ type: "LoupeTest", status: "True", reason: "Test", message: "by Loupe" }] } },
      read: (o) => o.status?.conditions?.find((c: { type: string }) => c.type === "LoupeTest")?.message,
    },
    scale: true,
  },
];

const collection = (c: Case) =>
  c.namespaced ? `${c.base}/namespaces/${namespace}/${c.resource}` : `${c.base}/${c.resource}`;

describe.each(cases)("REST verbs for $title", (c) => {
  const name = unique("obj");
  const path = () => `${collection(c)}/${name}`;

  it("creates (POST), with dryRun=All first persisting nothing", async () => {
    const dry = await k8s(app, "POST", `${collection(c)}?dryRun=All`, c.make(name));
    expect(dry.status).toBe(201);
    expect((await k8s(app, "GET", path())).status).toBe(404);
    const created = await k8s(app, "POST", collection(c), c.make(name));
    expect(created.status).toBe(201);
    expect(created.body.metadata.name).toBe(name);
    expect(created.body.metadata.managedFields.map((f: { manager: string }) => f.manager)).toContain("loupe");
  });

  it("gets the object, and lists it in the Table format and as objects", async () => {
    const got = await k8s(app, "GET", path());
    expect(got.status).toBe(200);
    expect(got.body.metadata.name).toBe(name);
    const table = await k8s(app, "GET", collection(c));
    expect(table.body.kind).toBe("Table");
    expect(table.body.columnDefinitions[0].name).toBe("Name");
    const row = table.body.rows.find((r: any) => r.object.metadata.name === name);
    expect(row.cells[0]).toBe(name);
    expect(row.object.kind).toBe("PartialObjectMetadata");
    const objects = await k8s(app, "GET", `${collection(c)}?as=object&fieldSelector=metadata.name%3D${name}`);
    expect(objects.body.items.map((i: any) => i.metadata.name)).toEqual([name]);
  });

  it("merge-patches, JSON-patches and server-side-applies (dryRun leaves the object alone)", async () => {
    const dry = await k8s(app, "PATCH", `${path()}?dryRun=All`, c.merge.patch, {
      contentType: "application/merge-patch+json",
    });
    expect(dry.status).toBe(200);
    expect(c.merge.read(dry.body)).toEqual(c.merge.expected);
    expect(c.merge.read((await k8s(app, "GET", path())).body)).not.toEqual(c.merge.expected);

    const merged = await k8s(app, "PATCH", path(), c.merge.patch, { contentType: "application/merge-patch+json" });
    expect(merged.status).toBe(200);
    expect(c.merge.read(merged.body)).toEqual(c.merge.expected);

    const patched = await k8s(
      app,
      "PATCH",
      path(),
      [{ op: "add", path: "/metadata/labels", value: { patched: "json" } }],
      { contentType: "application/json-patch+json" },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.labels).toEqual({ patched: "json" });

    const applied = await k8s(
      app,
      "PATCH",
      `${path()}?force=true`,
      `apiVersion: ${(c.make(name) as { apiVersion: string }).apiVersion}\nkind: ${c.make(name).kind}\nmetadata:\n  name: ${name}\n  annotations:\n    applied-by: loupe\n`,
      { contentType: "application/apply-patch+yaml" },
    );
    expect(applied.status).toBe(200);
    // (A Deployment also carries the deployment controller's revision annotation.)
    expect(applied.body.metadata.annotations["applied-by"]).toBe("loupe");
    const managers = applied.body.metadata.managedFields.map((f: any) => `${f.manager}/${f.operation}`);
    expect(managers).toContain("loupe/Apply");
  });

  it("replaces (PUT) with the resourceVersion it read, and refuses a stale one with 409", async () => {
    let current: any;
    let stale: any;
    let replaced: Awaited<ReturnType<typeof k8s>>;
    for (let attempt = 1; ; attempt++) {
      current = (await k8s(app, "GET", path())).body;
      stale = structuredClone(current);
      c.replace(current);
      replaced = await k8s(app, "PUT", path(), current);
      // A controller may write the object between the read and the write (the deployment controller, its status):
      // read again and retry, as any client must.
      if (replaced.status !== 409 || attempt === 5) break;
    }
    expect(replaced.status).toBe(200);
    expect(c.replaced(replaced.body)).toEqual(c.replaced(current));

    c.replace(stale);
    const conflict = await k8s(app, "PUT", path(), stale);
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe("K8S_CONFLICT");
    expect(conflict.body.reason).toBe("Conflict");
    expect(conflict.body.message).toContain("the object has been modified");
  });

  const status = c.status;
  if (status) {
    it("writes the status subresource", async () => {
      const patched = await k8s(app, "PATCH", `${path()}/status`, status.patch, {
        contentType: "application/merge-patch+json",
      });
      expect(patched.status).toBe(200);
      expect(status.read((await k8s(app, "GET", path())).body)).toBeDefined();
      expect(status.read((await k8s(app, "GET", `${path()}/status`)).body)).toEqual(status.read(patched.body));
    });
  }

  if (c.scale) {
    it("reads and writes the scale subresource", async () => {
      const scale = await k8s(app, "GET", `${path()}/scale`);
      expect(scale.status).toBe(200);
      expect(scale.body.kind).toBe("Scale");
      const scaled = await k8s(
        app,
        "PATCH",
        `${path()}/scale`,
        { spec: { replicas: 5 } },
        {
          contentType: "application/merge-patch+json",
        },
      );
      expect(scaled.body.spec.replicas).toBe(5);
      expect((await k8s(app, "GET", path())).body.spec.replicas).toBe(5);
    });
  }

  it("deletes with a propagation policy (dryRun first keeps it)", async () => {
    expect((await k8s(app, "DELETE", `${path()}?dryRun=All&propagationPolicy=Background`)).status).toBe(200);
    expect((await k8s(app, "GET", path())).status).toBe(200);
    const deleted = await k8s(app, "DELETE", `${path()}?propagationPolicy=Foreground`);
    expect(deleted.status).toBe(200);
    // The answer holds the object (finalizer foregroundDeletion) or it is already gone: the garbage collector
    // deletes its dependents (a Deployment's ReplicaSet), then the object.
    const gone = await k8s(app, "GET", path());
    expect([404, 200]).toContain(gone.status);
    if (gone.status === 200) expect(gone.body.metadata.deletionTimestamp).toBeDefined();
  });
});

describe("the scale subresource of a multi-version CRD", () => {
  it("scales a Widget through v1alpha1 and reads it through v1", async () => {
    const name = unique("widget");
    const created = await k8s(app, "POST", `apis/demo.loupe.dev/v1alpha1/namespaces/${namespace}/widgets`, {
      apiVersion: "demo.loupe.dev/v1alpha1",
      kind: "Widget",
      metadata: { name },
      spec: { color: "green", replicas: 1 },
    });
    expect(created.status).toBe(201);
    expect(created.headers.warning).toContain("deprecated");
    const scaled = await k8s(app, "PUT", `apis/demo.loupe.dev/v1alpha1/namespaces/${namespace}/widgets/${name}/scale`, {
      apiVersion: "autoscaling/v1",
      kind: "Scale",
      metadata: { name, namespace, resourceVersion: created.body.metadata.resourceVersion },
      spec: { replicas: 3 },
    });
    expect(scaled.status).toBe(200);
    const v1 = await k8s(app, "GET", `apis/demo.loupe.dev/v1/namespaces/${namespace}/widgets/${name}`);
    expect(v1.body.apiVersion).toBe("demo.loupe.dev/v1");
    expect(v1.body.spec.replicas).toBe(3);
  });
});
