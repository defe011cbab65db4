import type { Relations } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { groupNeighbours } from "../groups.ts";
import { layoutGraph, NODE_WIDTH } from "../layout.ts";

const node = (id: string, kind: string, depth = 1) => ({
  id,
  group: "",
  version: "v1",
  resource: `${kind.toLowerCase()}s`,
  kind,
  namespace: "ns",
  name: id,
  depth,
});

const relations: Relations = {
  root: "cert",
  depth: 2,
  truncated: false,
  warnings: [],
  nodes: [
    node("cert", "Certificate", 0),
    node("secret", "Secret"),
    node("issuer", "Issuer"),
    node("owner", "ConfigMap"),
    node("child", "CertificateRequest"),
    node("pod", "Pod"),
    node("far", "Pod", 2),
  ],
  edges: [
    { from: "cert", to: "secret", type: "reference", field: "spec.secretName" },
    { from: "cert", to: "issuer", type: "reference", field: "spec.issuerRef" },
    { from: "owner", to: "cert", type: "owner", controller: true },
    { from: "cert", to: "child", type: "owner" },
    { from: "pod", to: "cert", type: "reference", field: "spec.volumes[0].secret" },
    { from: "secret", to: "far", type: "selector", field: "spec.selector" },
    // A cycle back to the root.
    { from: "secret", to: "cert", type: "reference", field: "data.certificateName" },
  ],
};

describe("groupNeighbours", () => {
  it("groups the root's neighbours by how they relate, with the fields that relate them", () => {
    const groups = groupNeighbours(relations);
    expect(groups.owners.map((e) => [e.node.id, e.controller])).toEqual([["owner", true]]);
    expect(groups.children.map((e) => e.node.id)).toEqual(["child"]);
    expect(groups.references.map((e) => `${e.node.kind} ${e.fields}`)).toEqual([
      "Issuer spec.issuerRef",
      "Secret spec.secretName",
    ]);
    // The Secret references the root too: it is in both groups. The far Pod is not a neighbour.
    expect(groups.referencedBy.map((e) => e.node.id)).toEqual(["pod", "secret"]);
    expect(groups.selects).toEqual([]);
  });
});

describe("layoutGraph", () => {
  it("places every node, owners left of what they own and referrers left of what they reference, cycles included", () => {
    const placed = layoutGraph(relations);
    expect(placed.size).toBe(relations.nodes.length);
    const x = (id: string) => placed.get(id)?.x ?? Number.NaN;
    expect(x("owner")).toBeLessThan(x("cert"));
    expect(x("cert")).toBeLessThan(x("child"));
    expect(x("cert")).toBeLessThan(x("issuer"));
    // No two nodes overlap.
    const boxes = [...placed.values()];
    for (const a of boxes) {
      for (const b of boxes) {
        if (a !== b) expect(Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= 56).toBe(true);
      }
    }
  });
});
