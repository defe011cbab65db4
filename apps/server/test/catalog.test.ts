import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { Catalog, type CatalogResource } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import { appFor, k8s, unique } from "./support.ts";

const cluster = inject("cluster");
const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");
let app: FastifyInstance;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
});
afterAll(async () => {
  await app.close();
});

async function catalog(context = "loupe-local"): Promise<Catalog> {
  const response = await app.inject({ method: "GET", url: `/api/v1/contexts/${context}/catalog` });
  expect(response.statusCode).toBe(200);
  return Catalog.parse(response.json());
}

const find = (c: Catalog, group: string, version: string, resource: string) =>
  c.resources.find((r) => r.group === group && r.version === version && r.resource === resource);

/** Polls the catalog until `test` holds; returns how long it took. */
async function until(test: (c: Catalog) => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (test(await catalog())) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`catalog condition not met within ${timeoutMs} ms`);
}

describe("the resource catalog", () => {
  it("comes from aggregated discovery and normalizes built-ins and CRDs", async () => {
    const c = await catalog();
    expect(c.source).toBe("aggregated-v2");
    expect(find(c, "", "v1", "configmaps")).toMatchObject({
      kind: "ConfigMap",
      namespaced: true,
      custom: false,
      shortNames: ["cm"],
    });
    expect(find(c, "apps", "v1", "deployments")).toMatchObject({
      kind: "Deployment",
      subresources: ["scale", "status"],
    });
    expect(find(c, "stable.example.com", "v1", "crontabs")).toMatchObject({
      kind: "CronTab",
      singular: "crontab",
      namespaced: true,
      custom: true,
      shortNames: ["ct"],
      subresources: ["status"],
      verbs: expect.arrayContaining(["get", "list", "watch", "create", "update", "patch", "delete"]),
    });
    expect(find(c, "platform.example.com", "v1", "tenants")).toMatchObject({
      namespaced: false,
      categories: ["loupe-samples"],
    });
    // Multi-version: both served versions listed, v1 preferred (not just versions[0] of the CRD).
    for (const version of ["v1", "v1alpha1"]) {
      expect(find(c, "demo.loupe.dev", version, "widgets")).toMatchObject({
        preferredVersion: "v1",
        versions: ["v1", "v1alpha1"],
        subresources: ["status", "scale"],
      });
    }
    expect(c.groups.find((g) => g.name === "demo.loupe.dev")).toEqual({
      name: "demo.loupe.dev",
      preferredVersion: "v1",
      versions: ["v1", "v1alpha1"],
    });
  });

  it("answers 404 for an unknown context", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/contexts/nope/catalog" });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe("LOUPE_CONTEXT_NOT_FOUND");
  });

  it("picks up a CRD created during the test within 2 s, and drops it after deletion", async () => {
    await catalog(); // warm the cache, so the new CRD must be noticed, not just loaded
    const group = `${unique("t")}.example.com`;
    const crd = {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `gadgets.${group}` },
      spec: {
        group,
        scope: "Namespaced",
        names: { plural: "gadgets", singular: "gadget", kind: "Gadget" },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
          },
        ],
      },
    };
    const created = await k8s(app, "POST", "apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    expect(created.status).toBe(201);
    const appeared = await until((c) => find(c, group, "v1", "gadgets")?.kind === "Gadget", 2_000);
    const deleted = await k8s(app, "DELETE", `apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`);
    expect(deleted.status).toBe(200);
    const gone = await until((c) => find(c, group, "v1", "gadgets") === undefined, 2_000);
    console.log(`catalog: new CRD visible after ${appeared} ms, deleted CRD gone after ${gone} ms`);
  });
});

describe("a resource's default version", () => {
  it("is one that serves it, even when the group's preferred version does not (kyverno.io's clusterpolicies)", async () => {
    const group = `${unique("pv")}.example.com`;
    const version = (name: string, storage: boolean) => ({
      name,
      served: true,
      storage,
      schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
    });
    const crd = (plural: string, kind: string, versions: ReturnType<typeof version>[]) => ({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${group}` },
      spec: { group, scope: "Cluster", names: { plural, kind }, versions },
    });
    const crds = [
      crd("cleanups", "Cleanup", [version("v2", true), version("v2beta1", false)]),
      crd("policies", "Policy", [version("v2beta1", false), version("v1", true)]),
    ];
    try {
      for (const body of crds) {
        const created = await k8s(app, "POST", "apis/apiextensions.k8s.io/v1/customresourcedefinitions", body);
        expect(created.status).toBe(201);
      }
      await until(
        (c) => find(c, group, "v1", "policies") !== undefined && find(c, group, "v2", "cleanups") !== undefined,
        15_000,
      );
      const c = await catalog();
      expect(c.groups.find((g) => g.name === group)?.preferredVersion).toBe("v2");
      for (const v of ["v1", "v2beta1"]) {
        expect(find(c, group, v, "policies")).toMatchObject({ preferredVersion: "v1", versions: ["v1", "v2beta1"] });
      }
      expect(find(c, group, "v2", "cleanups")).toMatchObject({ preferredVersion: "v2", versions: ["v2", "v2beta1"] });
      // The default version answers a list; the group's preferred one would be a 404 for this resource.
      const list = await k8s(app, "GET", `apis/${group}/v1/policies`);
      expect(list.status).toBe(200);
      expect((await k8s(app, "GET", `apis/${group}/v2/policies`)).status).toBe(404);
    } finally {
      for (const body of crds) {
        await k8s(app, "DELETE", `apis/apiextensions.k8s.io/v1/customresourcedefinitions/${body.metadata.name}`);
      }
    }
  });
});

describe("the real-world CRDs of shared/fixtures", async () => {
  const files = (await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml")).sort();

  it("are nine files", () => {
    expect(files.length).toBe(9);
  });

  it.each(files)("%s installs and every served version appears in the catalog", async (file) => {
    const crd = parse(await readFile(join(FIXTURES, file), "utf8")) as {
      metadata: { name: string };
      spec: {
        group: string;
        names: { plural: string; kind: string };
        scope: string;
        versions: { name: string; served: boolean }[];
      };
    };
    const applied = await k8s(
      app,
      "PATCH",
      `apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?fieldManager=loupe-tests&force=true`,
      crd,
      { contentType: "application/apply-patch+yaml" },
    );
    expect(applied.status, JSON.stringify(applied.body).slice(0, 300)).toBeLessThan(300);
    const served = crd.spec.versions.filter((v) => v.served).map((v) => v.name);
    await until((c) => served.every((v) => find(c, crd.spec.group, v, crd.spec.names.plural) !== undefined), 15_000);
    const entries = (await catalog()).resources.filter(
      (r: CatalogResource) => r.group === crd.spec.group && r.resource === crd.spec.names.plural,
    );
    expect(entries.map((e) => e.version).sort()).toEqual([...served].sort());
    for (const entry of entries) {
      expect(entry).toMatchObject({
        kind: crd.spec.names.kind,
        namespaced: crd.spec.scope === "Namespaced",
        custom: true,
      });
      expect(entry.versions.sort()).toEqual([...served].sort());
    }
  });
});
