import type { CrdSummary } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { filterCrds, listVersionOf, olderStored, problemsOf, sortCrds } from "../crd-filter.ts";

const established = [
  { type: "Established", status: "True" },
  { type: "NamesAccepted", status: "True" },
];

function crd(overrides: Partial<CrdSummary>): CrdSummary {
  return {
    name: "widgets.example.com",
    uid: "u",
    resourceVersion: "1",
    group: "example.com",
    kind: "Widget",
    plural: "widgets",
    singular: "widget",
    scope: "Namespaced",
    shortNames: [],
    categories: [],
    versions: [{ name: "v1", served: true, storage: true, deprecated: false }],
    storedVersions: ["v1"],
    conversion: "None",
    conditions: established,
    ...overrides,
  };
}

describe("problemsOf", () => {
  it("finds nothing wrong with an established CRD stored in one version", () => {
    expect(problemsOf(crd({}))).toEqual([]);
  });

  it("names conditions that are not True, older stored versions and deprecated served versions", () => {
    const problems = problemsOf(
      crd({
        versions: [
          { name: "v1alpha1", served: true, storage: false, deprecated: true },
          { name: "v1", served: true, storage: true, deprecated: false },
        ],
        storedVersions: ["v1alpha1", "v1"],
        conditions: [
          { type: "Established", status: "True" },
          { type: "NamesAccepted", status: "False", message: "shortNames conflict" },
        ],
      }),
    );
    expect(problems).toEqual([
      "NamesAccepted is False: shortNames conflict",
      "objects may still be stored as v1alpha1 (storage is v1)",
      "serves deprecated v1alpha1",
    ]);
  });
});

describe("versions", () => {
  it("lists at the storage version when served, else the first served one", () => {
    expect(
      listVersionOf([
        { name: "v1", served: true, storage: false },
        { name: "v2", served: true, storage: true },
      ]),
    ).toBe("v2");
    expect(
      listVersionOf([
        { name: "v1", served: false, storage: true },
        { name: "v2", served: true, storage: false },
      ]),
    ).toBe("v2");
  });

  it("olderStored leaves the storage version out", () => {
    expect(olderStored(crd({ storedVersions: ["v1beta1", "v1"] }))).toEqual(["v1beta1"]);
  });
});

describe("filterCrds", () => {
  const crds = [
    crd({}),
    crd({ name: "regions.geo.io", kind: "Region", group: "geo.io", scope: "Cluster", shortNames: ["rg"] }),
    crd({ name: "buckets.s3.aws.upbound.io", kind: "Bucket", group: "s3.aws.upbound.io", categories: ["crossplane"] }),
  ];
  const names = (list: CrdSummary[]) => list.map((c) => c.name);

  it("matches every word against kind, name, short names and categories", () => {
    expect(names(filterCrds(crds, { text: "rg", scope: "", problems: false }))).toEqual(["regions.geo.io"]);
    expect(names(filterCrds(crds, { text: "crossplane bucket", scope: "", problems: false }))).toEqual([
      "buckets.s3.aws.upbound.io",
    ]);
    expect(names(filterCrds(crds, { text: "aws", scope: "", problems: false }))).toEqual(["buckets.s3.aws.upbound.io"]);
  });

  it("narrows by scope and to CRDs with problems", () => {
    expect(names(filterCrds(crds, { text: "", scope: "Cluster", problems: false }))).toEqual(["regions.geo.io"]);
    expect(filterCrds(crds, { text: "", scope: "", problems: true })).toEqual([]);
  });
});

describe("sortCrds", () => {
  it("sorts by a column, descending on request", () => {
    const crds = [crd({ name: "b", kind: "B" }), crd({ name: "a", kind: "A" })];
    expect(sortCrds(crds, "kind", false).map((c) => c.kind)).toEqual(["A", "B"]);
    expect(sortCrds(crds, "kind", true).map((c) => c.kind)).toEqual(["B", "A"]);
  });
});
