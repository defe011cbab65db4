import type { CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { COLLAPSE_PAST, MAX_FILTERED_KINDS, navModel } from "../nav-model.ts";

function kind(group: string, k: string, extra: Partial<CatalogResource> = {}): CatalogResource {
  return {
    group,
    version: "v1",
    resource: `${k.toLowerCase()}s`,
    kind: k,
    singular: k.toLowerCase(),
    namespaced: true,
    verbs: ["list", "get"],
    shortNames: [],
    categories: [],
    subresources: [],
    preferredVersion: "v1",
    versions: ["v1"],
    custom: group !== "" && group !== "apps",
    ...extra,
  };
}

describe("navModel", () => {
  it("groups custom and built-in kinds and gathers categories of custom kinds", () => {
    const model = navModel(
      [
        kind("", "Pod", { categories: ["all"] }),
        kind("s3.aws.example", "Bucket", { categories: ["crossplane", "managed"] }),
        kind("ec2.aws.example", "Instance", { categories: ["crossplane"] }),
      ],
      "",
    );
    expect(model.custom.map((g) => g.group)).toEqual(["ec2.aws.example", "s3.aws.example"]);
    expect(model.builtin.map((g) => g.group)).toEqual([""]);
    expect(model.categories.map((c) => [c.name, c.kinds.map((k) => k.kind)])).toEqual([
      ["crossplane", ["Bucket", "Instance"]],
      ["managed", ["Bucket"]],
    ]);
    expect(model.collapse).toBe(false);
    expect(model.byKey.get("s3.aws.example/buckets")?.kind).toBe("Bucket");
  });

  it("collapses custom groups past COLLAPSE_PAST kinds", () => {
    const kinds = Array.from({ length: COLLAPSE_PAST + 1 }, (_, i) => kind(`g${i}.example`, `Thing${i}`));
    expect(navModel(kinds, "").collapse).toBe(true);
  });

  it("filters by name, short name or category, and caps what it draws", () => {
    const kinds = Array.from({ length: MAX_FILTERED_KINDS + 20 }, (_, i) =>
      kind(`g${i % 7}.example`, `Thing${i}`, { categories: ["bulk"] }),
    );
    kinds.push(kind("geo.example", "Region", { shortNames: ["rg"] }));
    expect(navModel(kinds, "rg").custom.flatMap((g) => g.resources.map((r) => r.kind))).toEqual(["Region"]);
    const bulk = navModel(kinds, "bulk");
    expect(bulk.custom.reduce((n, g) => n + g.resources.length, 0)).toBe(MAX_FILTERED_KINDS);
    expect(bulk.hidden).toBe(20);
  });
});
