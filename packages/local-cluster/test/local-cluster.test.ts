import { existsSync, statSync } from "node:fs";
import { ApiException, CustomObjectsApi, KubeConfig } from "@kubernetes/client-node";
import { describe, expect, inject, it } from "vitest";
import { ensurePlaneBinary } from "../src/index.ts";

const cluster = inject("cluster");

function client(context: "loupe-local" | "loupe-local-viewer") {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  kc.setCurrentContext(context);
  return kc.makeApiClient(CustomObjectsApi);
}

describe("the run's local cluster", () => {
  it("serves the samples: listing MyServices through client-node returns the tutorial's two objects", async () => {
    const list = (await client("loupe-local").listNamespacedCustomObject({
      group: "stable.example.com",
      version: "v1",
      namespace: "default",
      plural: "myservices",
    })) as { items: { metadata: { name: string }; spec: { replicas: number } }[] };
    // Other test files add their own objects to the shared cluster: look at the samples only.
    const byName = Object.fromEntries(list.items.map((i) => [i.metadata.name, i.spec.replicas]));
    expect(byName).toMatchObject({ "my-nginx-service": 3, "my-apache-service": 2 });
  });

  it("serves the cluster-scoped and the two-version sample kinds, the latter in both versions", async () => {
    const api = client("loupe-local");
    const tenants = (await api.listClusterCustomObject({
      group: "platform.example.com",
      version: "v1",
      plural: "tenants",
    })) as { items: { metadata: { name: string } }[] };
    expect(tenants.items.map((t) => t.metadata.name)).toEqual(expect.arrayContaining(["acme", "globex"]));
    for (const version of ["v1alpha1", "v1"]) {
      const widget = (await api.getNamespacedCustomObject({
        group: "demo.loupe.dev",
        version,
        namespace: "default",
        plural: "widgets",
        name: "blue-widget",
      })) as { apiVersion: string; status: { conditions: { type: string }[] } };
      expect(widget.apiVersion).toBe(`demo.loupe.dev/${version}`);
      expect(widget.status.conditions.map((c) => c.type)).toEqual(["Ready", "Progressing"]);
    }
  });

  it("refuses the view-only user a create with 403 Forbidden, but lets it read", async () => {
    const viewer = client("loupe-local-viewer");
    const body = {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name: "viewer-made" },
      spec: { name: "x", image: "x", replicas: 1 },
    };
    const error = await viewer
      .createNamespacedCustomObject({
        group: "stable.example.com",
        version: "v1",
        namespace: "default",
        plural: "myservices",
        body,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ApiException);
    expect((error as ApiException<string>).code).toBe(403);
    expect(String((error as ApiException<string>).body)).toContain(
      'User \\"loupe-viewer\\" cannot create resource \\"myservices\\"',
    );
    const list = (await viewer.listNamespacedCustomObject({
      group: "stable.example.com",
      version: "v1",
      namespace: "default",
      plural: "myservices",
    })) as { items: unknown[] };
    expect(list.items.length).toBeGreaterThanOrEqual(2);
  });

  it("reuses the cached plane binary instead of rebuilding it", async () => {
    const first = await ensurePlaneBinary();
    const before = statSync(first).mtimeMs;
    const started = Date.now();
    const second = await ensurePlaneBinary();
    expect(second).toBe(first);
    expect(existsSync(second)).toBe(true);
    expect(statSync(second).mtimeMs).toBe(before);
    // A rebuild takes seconds even with a warm Go cache; finding the cached one is a hash of three files.
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
