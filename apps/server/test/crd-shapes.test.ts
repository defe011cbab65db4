// Discovery at every CRD shape (issue 14), against the real local cluster, with kubectl as the reference: hundreds
// of groups, a kind served in a hundred versions (storage in the middle, one unserved), multi-version with storage
// not first, cluster-scoped, one kind name in two groups, and a huge schema. The real-world CRDs of shared/fixtures
// are in catalog.test.ts and schema-crds.test.ts.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import type { Catalog, CatalogResource, KindSchema } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { ensureKubectlBinary, workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import { compareVersionPriority } from "../src/discovery/version-priority.ts";
import { appFor, unique } from "./support.ts";
import { type Kube, testKube, waitFor } from "./watch-support.ts";

const cluster = inject("cluster");
const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");
const base = `${unique("shapes")}.test.loupe.dev`;
const GROUPS = 120;
let kube: Kube;
let closeKube: () => Promise<void>;
let app: FastifyInstance;
const created: string[] = [];

const openSchema = {
  openAPIV3Schema: {
    type: "object",
    properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
  },
};

function crd(
  group: string,
  kind: string,
  versions: { name: string; served: boolean; storage: boolean; schema?: unknown }[],
  scope: "Namespaced" | "Cluster" = "Namespaced",
) {
  const plural = `${kind.toLowerCase()}s`;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope,
      names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
      versions: versions.map((v) => ({ schema: openSchema, ...v })),
    },
  };
}

/** 100 versions (20 GA, 40 beta, 40 alpha) in a scrambled order; storage v3beta1; v20 not served. */
function hundredVersions() {
  const names = [
    ...Array.from({ length: 20 }, (_, i) => `v${i + 1}`),
    ...Array.from({ length: 40 }, (_, i) => `v${i + 1}beta1`),
    ...Array.from({ length: 40 }, (_, i) => `v${i + 1}alpha${(i % 3) + 1}`),
  ];
  const scrambled = names.map((name, i) => ({ name, at: (i * 37) % names.length })).sort((a, b) => a.at - b.at);
  return scrambled.map(({ name }) => ({ name, served: name !== "v20", storage: name === "v3beta1" }));
}

const shapes = {
  many: crd(`many.${base}`, "Thing", hundredVersions()),
  storageNotFirst: crd(`snf.${base}`, "Thing", [
    { name: "v1alpha1", served: true, storage: false },
    { name: "v1beta1", served: true, storage: true },
    { name: "v1", served: true, storage: false },
    { name: "v2alpha1", served: false, storage: false },
  ]),
  cluster: crd(`cs.${base}`, "Tenant", [{ name: "v1", served: true, storage: true }], "Cluster"),
  sameKind: crd(`other.${base}`, "Thing", [{ name: "v1beta2", served: true, storage: true }]),
  groups: Array.from({ length: GROUPS }, (_, i) =>
    crd(`g${i}.${base}`, "Item", [{ name: "v1", served: true, storage: true }], i % 3 === 0 ? "Cluster" : "Namespaced"),
  ),
};

/** A schema as large as Argo's Workflow: two copies of prometheus-operator's Prometheus spec side by side. */
async function hugeCrd() {
  const prometheus = parse(await readFile(join(FIXTURES, "prometheuses.monitoring.coreos.com.yaml"), "utf8")) as {
    spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: unknown } } } }[] };
  };
  const spec = JSON.parse(
    JSON.stringify(prometheus.spec.versions[0]?.schema.openAPIV3Schema.properties.spec),
    (k, v) => (k === "x-kubernetes-validations" ? undefined : v),
  ) as Record<string, unknown>;
  return crd(`huge.${base}`, "Workflow", [
    {
      name: "v1alpha1",
      served: true,
      storage: true,
      schema: {
        openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { a: spec, b: spec } } } },
      },
    },
  ]);
}

const all = () => [shapes.many, shapes.storageNotFirst, shapes.cluster, shapes.sameKind, ...shapes.groups];

beforeAll(async () => {
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  const bodies = [...all(), await hugeCrd()];
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++] as ReturnType<typeof crd>;
        await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", body);
        created.push(body.metadata.name);
      }
    }),
  );
  app = await appFor(cluster.kubeconfigPath);
  await waitFor(
    "every generated CRD in the catalog",
    async () => {
      const catalog = await readCatalog();
      return bodies.every((b) => catalog.resources.some((r) => r.group === b.spec.group));
    },
    120_000,
  );
}, 240_000);

afterAll(async () => {
  await app?.close();
  for (const name of created) {
    await kube.request("DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`).catch(() => {});
  }
  await closeKube();
});

async function readCatalog(): Promise<Catalog> {
  return (await app.inject({ url: "/api/v1/contexts/loupe-local/catalog" })).json() as Catalog;
}

function entries(catalog: Catalog, group: string, resource: string): CatalogResource[] {
  return catalog.resources.filter((r) => r.group === group && r.resource === resource);
}

/** `kubectl api-resources -o wide` as rows keyed `<resource>.<group>`: the version kubectl resolves, scope, kind. */
async function kubectlResources(): Promise<Map<string, { apiVersion: string; namespaced: boolean; kind: string }>> {
  const kubectl = await ensureKubectlBinary({ log: () => {} });
  const { stdout } = await promisify(execFile)(
    kubectl,
    [
      "--kubeconfig",
      cluster.kubeconfigPath,
      "api-resources",
      "-o",
      "wide",
      "--cache-dir",
      join(workspaceRoot(), ".state", "tmp", unique("kubectl-cache")),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const [header = "", ...lines] = stdout.split("\n").filter((l) => l.trim());
  const at = (name: string) => header.indexOf(name);
  const cut = (line: string, from: string, to: string) => line.slice(at(from), at(to)).trim();
  const rows = new Map<string, { apiVersion: string; namespaced: boolean; kind: string }>();
  for (const line of lines) {
    const apiVersion = cut(line, "APIVERSION", "NAMESPACED");
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
    rows.set(`${cut(line, "NAME", "SHORTNAMES")}.${group}`, {
      apiVersion,
      namespaced: cut(line, "NAMESPACED", "KIND") === "true",
      kind: cut(line, "KIND", "VERBS"),
    });
  }
  return rows;
}

describe("discovery of generated CRDs of every shape", () => {
  it("agrees with kubectl on every generated resource: default version, scope and kind", async () => {
    const catalog = await readCatalog();
    const reference = await kubectlResources();
    const bodies = all();
    for (const body of bodies) {
      const { group, names } = body.spec;
      const expected = reference.get(`${names.plural}.${group}`);
      expect(expected, `kubectl lists ${names.plural}.${group}`).toBeDefined();
      const found = entries(catalog, group, names.plural);
      const served = body.spec.versions.filter((v) => v.served).map((v) => v.name);
      expect(found.map((f) => f.version).sort()).toEqual([...served].sort());
      for (const entry of found) {
        expect(`${group}/${entry.preferredVersion}`, `${names.plural}.${group}`).toBe(expected?.apiVersion);
        expect(entry.versions[0]).toBe(entry.preferredVersion);
        expect([...entry.versions].sort()).toEqual([...served].sort());
        expect(entry.namespaced).toBe(expected?.namespaced);
        expect(entry.kind).toBe(expected?.kind);
        expect(entry.custom).toBe(true);
      }
    }
  });

  it("a hundred versions: every served one, none unserved, the default the highest-priority served", async () => {
    const found = entries(await readCatalog(), `many.${base}`, "things");
    expect(found).toHaveLength(99);
    expect(found.some((f) => f.version === "v20")).toBe(false);
    expect(found[0]?.preferredVersion).toBe("v19");
    const order = [...(found[0]?.versions ?? [])];
    expect(order.slice(1)).toEqual(order.slice(1).sort((a, b) => compareVersionPriority(a, b)));
  });

  it("multi-version with storage not first: the default is GA, not the storage version nor the first listed", async () => {
    const found = entries(await readCatalog(), `snf.${base}`, "things");
    expect(found.map((f) => f.preferredVersion)).toEqual(["v1", "v1", "v1"]);
    expect(found[0]?.versions).toEqual(["v1", "v1beta1", "v1alpha1"]);
  });

  it("one kind name in two groups stays two resources, and cluster scope is kept", async () => {
    const catalog = await readCatalog();
    const things = catalog.resources.filter((r) => r.kind === "Thing" && r.group.endsWith(base));
    expect(new Set(things.map((t) => t.group))).toEqual(new Set([`many.${base}`, `snf.${base}`, `other.${base}`]));
    expect(entries(catalog, `cs.${base}`, "tenants")[0]).toMatchObject({ namespaced: false, kind: "Tenant" });
    const items = catalog.resources.filter((r) => r.resource === "items" && r.group.endsWith(base));
    expect(items).toHaveLength(GROUPS);
  });

  it("each listed version of a many-version kind lists, and its schema is served", async () => {
    for (const version of ["v19", "v3beta1", "v2alpha2"]) {
      const list = await app.inject({ url: `/api/v1/contexts/loupe-local/k8s/apis/many.${base}/${version}/things` });
      expect(list.statusCode, version).toBe(200);
    }
    const schema = await app.inject({ url: `/api/v1/contexts/loupe-local/schema/many.${base}/v2alpha2/Thing` });
    expect(schema.statusCode).toBe(200);
    expect((schema.json() as KindSchema).version).toBe("v2alpha2");
  });

  it("a huge schema: served whole, the same bytes cached, gzipped when asked", async () => {
    const url = `/api/v1/contexts/loupe-local/schema/huge.${base}/v1alpha1/Workflow`;
    const first = await app.inject({ url, headers: { "accept-encoding": "identity" } });
    expect(first.statusCode, first.body.slice(0, 300)).toBe(200);
    expect(first.rawPayload.length).toBeGreaterThan(1_000_000);
    const schema = first.json() as KindSchema;
    expect(schema.fields.find((f) => f.name === "spec")).toBeDefined();
    const again = await app.inject({ url, headers: { "accept-encoding": "identity" } });
    expect(again.rawPayload.equals(first.rawPayload)).toBe(true);
    const zipped = await app.inject({ url, headers: { "accept-encoding": "gzip" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.rawPayload.length).toBeLessThan(first.rawPayload.length / 5);
    expect(gunzipSync(zipped.rawPayload).equals(first.rawPayload)).toBe(true);
    const etag = String(first.headers.etag);
    expect((await app.inject({ url, headers: { "if-none-match": etag } })).statusCode).toBe(304);
  });
});
