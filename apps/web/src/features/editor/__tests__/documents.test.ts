import type { CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { MAX_DOCUMENTS, splitDocuments } from "../utils/documents.ts";

const resource = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
): CatalogResource => ({
  group,
  version,
  resource: plural,
  kind,
  singular: kind.toLowerCase(),
  namespaced,
  verbs: ["get", "patch", "create"],
  shortNames: [],
  categories: [],
  subresources: [],
  preferredVersion: version,
  versions: [version],
  custom: group !== "",
});

const resources = [
  resource("", "v1", "ConfigMap", "configmaps", true),
  resource("", "v1", "Namespace", "namespaces", false),
  resource("stable.example.com", "v1", "MyService", "myservices", true),
];

describe("splitDocuments", () => {
  it("resolves each document to its URL, defaulting the namespace, and expands Lists", () => {
    const text = `apiVersion: v1
kind: ConfigMap
metadata: { name: a }
---
# only a comment
---
apiVersion: stable.example.com/v1
kind: MyService
metadata: { name: b, namespace: other }
---
apiVersion: v1
kind: List
items:
  - { apiVersion: v1, kind: Namespace, metadata: { name: c } }
  - { apiVersion: v1, kind: ConfigMap, metadata: { name: d } }
`;
    const { documents, problem } = splitDocuments(text, resources, "team");
    expect(problem).toBeUndefined();
    expect(documents.map((d) => (d.ok ? [d.label, d.line, d.target] : d.problem))).toEqual([
      ["ConfigMap a in team", 1, { group: "", version: "v1", resource: "configmaps", namespace: "team", name: "a" }],
      [
        "MyService b in other",
        7,
        { group: "stable.example.com", version: "v1", resource: "myservices", namespace: "other", name: "b" },
      ],
      ["Namespace c", 11, { group: "", version: "v1", resource: "namespaces", namespace: undefined, name: "c" }],
      ["ConfigMap d in team", 11, { group: "", version: "v1", resource: "configmaps", namespace: "team", name: "d" }],
    ]);
    const first = documents[0];
    expect(first?.ok && first.object.metadata?.namespace).toBe("team");
  });

  it("says per document what cannot be applied, and applies the rest", () => {
    const text = `kind: ConfigMap
metadata: { name: a }
---
apiVersion: v1
kind: ConfigMap
metadata: { generateName: x- }
---
apiVersion: nope/v1
kind: Nope
metadata: { name: n }
---
apiVersion: v1
kind: Namespace
metadata: { name: ns, namespace: x }
---
- just a list
---
apiVersion: v1
kind: ConfigMap
metadata: { name: ok }
`;
    const { documents } = splitDocuments(text, resources, "default");
    expect(documents.map((d) => (d.ok ? "ok" : d.problem))).toEqual([
      "apiVersion is missing",
      "metadata.name is missing (server-side apply needs a name; generateName cannot be applied)",
      "the cluster serves no Nope in nope/v1",
      "Namespace is cluster-scoped: remove metadata.namespace",
      "not a Kubernetes object (a YAML mapping)",
      "ok",
    ]);
  });

  it("refuses the whole text on a YAML error, no objects, or too many", () => {
    expect(splitDocuments("a: 1\n---\nkind: [x\n", resources, "d").problem).toMatch(
      /^YAML error on line 4: Flow sequence/,
    );
    expect(splitDocuments("# nothing\n", resources, "d").problem).toBe("The text holds no object.");
    const many = Array.from(
      { length: MAX_DOCUMENTS + 1 },
      (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c${i} }`,
    ).join("\n---\n");
    expect(splitDocuments(many, resources, "d").problem).toBe(
      `The text holds ${MAX_DOCUMENTS + 1} objects; at most ${MAX_DOCUMENTS} at once.`,
    );
    expect(splitDocuments("x".repeat(3 * 1024 * 1024), resources, "d").problem).toMatch(/over 2 MB/);
  });
});
