import type { KubeObject, TableRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { MAX_STATUS_BYTES, slimRow, tableIncludeObject } from "../slim-row.ts";

const deployment: KubeObject = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "web",
    namespace: "shop",
    uid: "u1",
    resourceVersion: "42",
    generation: 2,
    creationTimestamp: "2026-11-25T10:00:00Z",
    labels: { app: "web" },
    annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{...}" },
    ownerReferences: [{ apiVersion: "x/v1", kind: "App", name: "shop", uid: "u0" }],
    managedFields: [{ manager: "kubectl", operation: "Apply" }],
  },
  spec: { replicas: 1, template: { spec: { containers: [{ name: "web", image: "nginx" }] } } },
  status: {
    observedGeneration: 2,
    replicas: 1,
    updatedReplicas: 1,
    conditions: [
      { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "timed out" },
      { type: "Available", status: "False", reason: "MinimumReplicasUnavailable", message: "no" },
    ],
  },
};

describe("slimRow", () => {
  it("keeps identity, labels, owners, generation, timestamps and status; drops spec, managedFields, annotations", () => {
    const row: TableRow = { cells: ["web", "0/1"], object: deployment };
    const slim = slimRow(row, "apps", "deployments");
    expect(slim.cells).toEqual(["web", "0/1"]);
    expect(slim.object).toEqual({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "web",
        namespace: "shop",
        uid: "u1",
        resourceVersion: "42",
        generation: 2,
        creationTimestamp: "2026-11-25T10:00:00Z",
        labels: { app: "web" },
        ownerReferences: [{ apiVersion: "x/v1", kind: "App", name: "shop", uid: "u0" }],
      },
      status: deployment.status,
    });
  });

  it("attaches the health computed from the whole object (the spec included)", () => {
    const slim = slimRow({ cells: [], object: deployment }, "apps", "deployments");
    expect(slim.health).toMatchObject({ verdict: "Failed", rule: "deployment", reason: "ProgressDeadlineExceeded" });
  });

  it("cuts a large status to its scalar fields and conditions", () => {
    const huge = {
      ...deployment,
      status: {
        phase: "Running",
        observedGeneration: 2,
        resources: Array.from({ length: 500 }, (_, i) => ({ kind: "ConfigMap", name: `cm-${i}`, status: "Synced" })),
        conditions: [{ type: "Ready", status: "False", reason: "Boom", message: "x".repeat(5000) }],
      },
    };
    const slim = slimRow({ cells: [], object: huge }, "example.com", "things");
    const status = slim.object.status as { resources?: unknown; phase: string; conditions: { message: string }[] };
    expect(status.resources).toBeUndefined();
    expect(status.phase).toBe("Running");
    expect(status.conditions[0]?.message.length).toBeLessThan(1100);
    expect(JSON.stringify(status).length).toBeLessThan(MAX_STATUS_BYTES);
    // The verdict saw the whole condition.
    expect(slim.health).toMatchObject({ verdict: "Failed", reason: "Boom" });
  });

  it("an object that is not a row (no Table support) becomes a row without cells", () => {
    const slim = slimRow(deployment, "apps", "deployments");
    expect(slim.cells).toEqual([]);
    expect(slim.object.metadata.name).toBe("web");
  });

  it("metadata-only kinds: Secrets and CRDs are never fetched whole; a CRD row carries no health", () => {
    expect(tableIncludeObject("", "secrets")).toBe("Metadata");
    expect(tableIncludeObject("apiextensions.k8s.io", "customresourcedefinitions")).toBe("Metadata");
    expect(tableIncludeObject("", "pods")).toBe("Object");
    expect(tableIncludeObject("stable.example.com", "crontabs")).toBe("Object");
    const crd = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "a.b.c" } };
    expect(slimRow({ cells: [], object: crd }, "apiextensions.k8s.io", "customresourcedefinitions").health).toBe(
      undefined,
    );
    const secret = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "s" } };
    expect(slimRow({ cells: [], object: secret }, "", "secrets").health).toMatchObject({ verdict: "Current" });
  });
});
