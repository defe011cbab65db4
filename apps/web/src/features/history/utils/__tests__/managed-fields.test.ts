import { describe, expect, it } from "vitest";
import { ownedFields } from "../managed-fields.ts";
import { pointerLabel, restorable } from "../restorable.ts";

describe("ownedFields", () => {
  it("lists each leaf of fieldsV1 with its manager, list keys and odd names readable", () => {
    const object = {
      metadata: {
        managedFields: [
          {
            manager: "kubectl",
            operation: "Apply",
            time: "2026-11-25T10:00:00Z",
            fieldsV1: {
              "f:metadata": { "f:labels": { ".": {}, "f:app.kubernetes.io/name": {} } },
              "f:spec": {
                "f:replicas": {},
                "f:ports": { 'k:{"containerPort":8080,"protocol":"TCP"}': { ".": {}, "f:name": {} } },
              },
            },
          },
          {
            manager: "controller",
            operation: "Update",
            subresource: "status",
            fieldsV1: { "f:status": { "f:ready": {} } },
          },
          { manager: "no-fields", operation: "Update" },
        ],
      },
    };
    expect(ownedFields(object).map((f) => [f.path, f.pointer, f.manager, f.operation, f.subresource])).toEqual([
      [
        'metadata.labels["app.kubernetes.io/name"]',
        "/metadata/labels/app.kubernetes.io~1name",
        "kubectl",
        "Apply",
        undefined,
      ],
      ["spec.ports[containerPort=8080,protocol=TCP].name", null, "kubectl", "Apply", undefined],
      ["spec.replicas", "/spec/replicas", "kubectl", "Apply", undefined],
      ["status.ready", "/status/ready", "controller", "Update", "status"],
    ]);
  });

  it("is empty without managedFields", () => {
    expect(ownedFields({ metadata: {} })).toEqual([]);
    expect(ownedFields(null)).toEqual([]);
  });
});

describe("restorable / pointerLabel", () => {
  it("leaves out what the API server owns", () => {
    const object = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "a",
        namespace: "n",
        uid: "u",
        resourceVersion: "9",
        creationTimestamp: "t",
        managedFields: [],
      },
      data: { k: "v" },
      status: { x: 1 },
    };
    expect(restorable(object)).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", namespace: "n" },
      data: { k: "v" },
    });
  });

  it("shows JSON Pointers as dotted paths", () => {
    expect(pointerLabel("/spec/containers/0/image")).toBe("spec.containers[0].image");
    expect(pointerLabel("/metadata/labels/app.kubernetes.io~1name")).toBe('metadata.labels["app.kubernetes.io/name"]');
    expect(pointerLabel("")).toBe("(whole object)");
  });
});
