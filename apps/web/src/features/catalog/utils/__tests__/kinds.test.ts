import type { Catalog, CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { findKind, findResource, kindsOf, searchKinds, sectionsOf } from "../kinds.ts";

function entry(
  partial: Partial<CatalogResource> & Pick<CatalogResource, "group" | "resource" | "kind">,
): CatalogResource {
  return {
    version: "v1",
    singular: partial.kind.toLowerCase(),
    namespaced: true,
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
    shortNames: [],
    categories: [],
    subresources: [],
    preferredVersion: partial.version ?? "v1",
    versions: [partial.version ?? "v1"],
    custom: false,
    ...partial,
  };
}

const resources: CatalogResource[] = [
  entry({ group: "", resource: "pods", kind: "Pod", shortNames: ["po"], categories: ["all"] }),
  entry({ group: "", resource: "configmaps", kind: "ConfigMap", shortNames: ["cm"] }),
  entry({ group: "", resource: "bindings", kind: "Binding", verbs: ["create"] }),
  entry({ group: "apps", resource: "deployments", kind: "Deployment", shortNames: ["deploy"], categories: ["all"] }),
  entry({ group: "stable.example.com", resource: "crontabs", kind: "CronTab", shortNames: ["ct"], custom: true }),
  entry({ group: "stable.example.com", resource: "myservices", kind: "MyService", shortNames: ["ms"], custom: true }),
  entry({ group: "batch", resource: "cronjobs", kind: "CronJob", shortNames: ["cj"], categories: ["all"] }),
  // A multi-version CRD: v1 preferred though v1alpha1 is listed first.
  entry({
    group: "demo.loupe.dev",
    resource: "widgets",
    kind: "Widget",
    version: "v1alpha1",
    preferredVersion: "v1",
    versions: ["v1", "v1alpha1"],
    custom: true,
  }),
  entry({
    group: "demo.loupe.dev",
    resource: "widgets",
    kind: "Widget",
    version: "v1",
    preferredVersion: "v1",
    versions: ["v1", "v1alpha1"],
    custom: true,
  }),
  entry({ group: "platform.example.com", resource: "tenants", kind: "Tenant", namespaced: false, custom: true }),
];
const catalog: Catalog = { context: "c", source: "aggregated-v2", groups: [], resources };

describe("kindsOf", () => {
  it("keeps one listable entry per resource, at the preferred version", () => {
    const kinds = kindsOf(catalog);
    expect(kinds.find((k) => k.resource === "widgets")?.version).toBe("v1");
    expect(kinds.filter((k) => k.resource === "widgets")).toHaveLength(1);
    expect(kinds.some((k) => k.resource === "bindings")).toBe(false);
  });
});

describe("sectionsOf", () => {
  it("sets custom resources apart, groups by API group with core first, kinds sorted", () => {
    const { custom, builtin } = sectionsOf(kindsOf(catalog));
    expect(custom.map((g) => g.group)).toEqual(["demo.loupe.dev", "platform.example.com", "stable.example.com"]);
    expect(custom[2]?.resources.map((r) => r.kind)).toEqual(["CronTab", "MyService"]);
    expect(builtin.map((g) => g.group)).toEqual(["", "apps", "batch"]);
  });
});

describe("searchKinds", () => {
  const kinds = kindsOf(catalog);
  const first = (q: string) => searchKinds(q, kinds)[0]?.kind;
  it("finds a kind by shortName first: ct is CronTab, not CronJob", () => {
    expect(first("ct")).toBe("CronTab");
    expect(first(":ct")).toBe("CronTab");
    expect(first("CT")).toBe("CronTab");
    expect(first("cj")).toBe("CronJob");
  });
  it("finds by plural, singular, kind and plural.group", () => {
    expect(first("myservices")).toBe("MyService");
    expect(first("myservice")).toBe("MyService");
    expect(first("Deployment")).toBe("Deployment");
    expect(first("crontabs.stable.example.com")).toBe("CronTab");
  });
  it("finds every kind of a category", () => {
    expect(
      searchKinds("all", kinds)
        .slice(0, 3)
        .map((k) => k.kind)
        .sort(),
    ).toEqual(["CronJob", "Deployment", "Pod"]);
  });
  it("ranks prefixes over substrings and finds nothing for nonsense", () => {
    expect(searchKinds("cron", kinds).map((k) => k.kind)).toEqual(["CronTab", "CronJob"]);
    expect(searchKinds("zzz", kinds)).toEqual([]);
  });
  it("lists everything, custom first, for an empty query", () => {
    expect(searchKinds("", kinds)[0]?.custom).toBe(true);
    expect(searchKinds("", kinds)).toHaveLength(kinds.length);
  });
});

describe("findResource / findKind", () => {
  it("resolves a group/version/resource and an owner's kind", () => {
    expect(findResource(catalog, { group: "demo.loupe.dev", version: "v1alpha1", resource: "widgets" })?.version).toBe(
      "v1alpha1",
    );
    expect(findResource(catalog, { group: "demo.loupe.dev", version: "v2", resource: "widgets" })).toBeUndefined();
    expect(findKind(catalog, "apps", "v1", "Deployment")?.resource).toBe("deployments");
    expect(findKind(catalog, "demo.loupe.dev", "v9", "Widget")?.version).toBe("v1");
  });
});
