import { describe, expect, it } from "vitest";
import { parseAggregated } from "../parse.ts";
import { compareVersionPriority, defaultVersion } from "../version-priority.ts";

describe("compareVersionPriority", () => {
  it("orders as Kubernetes does: GA, beta, alpha, then by number, then other strings alphabetically", () => {
    const shuffled = ["foo10", "v11alpha2", "v1", "v3beta1", "foo1", "v10", "v12alpha1", "v2", "v10beta3", "v11beta2"];
    expect(shuffled.sort(compareVersionPriority)).toEqual([
      "v10",
      "v2",
      "v1",
      "v11beta2",
      "v10beta3",
      "v3beta1",
      "v12alpha1",
      "v11alpha2",
      "foo1",
      "foo10",
    ]);
  });
});

describe("defaultVersion", () => {
  it("is the group's preferred version when it serves the resource", () => {
    expect(defaultVersion("v2", ["v1", "v2", "v2beta1"])).toBe("v2");
  });
  it("else the highest-priority version that serves it (kyverno.io prefers v2; clusterpolicies are v1, v2beta1)", () => {
    expect(defaultVersion("v2", ["v2beta1", "v1"])).toBe("v1");
    expect(defaultVersion("v1", ["v1alpha1", "v1beta1"])).toBe("v1beta1");
    expect(defaultVersion(undefined, [])).toBeUndefined();
  });
});

describe("parseAggregated", () => {
  it("gives each resource its own default version, first in its versions", () => {
    const resource = (name: string) => ({ resource: name, responseKind: { kind: name }, scope: "Cluster" as const });
    const { resources } = parseAggregated([
      {
        items: [
          {
            metadata: { name: "kyverno.io" },
            versions: [
              { version: "v2", resources: [resource("cleanuppolicies")] },
              { version: "v2beta1", resources: [resource("clusterpolicies"), resource("cleanuppolicies")] },
              { version: "v1", resources: [resource("clusterpolicies")] },
            ],
          },
        ],
      },
    ]);
    const policies = resources.filter((r) => r.resource === "clusterpolicies");
    expect(policies.map((r) => [r.version, r.preferredVersion, r.versions])).toEqual([
      ["v2beta1", "v1", ["v1", "v2beta1"]],
      ["v1", "v1", ["v1", "v2beta1"]],
    ]);
    const cleanup = resources.find((r) => r.resource === "cleanuppolicies");
    expect(cleanup).toMatchObject({ preferredVersion: "v2", versions: ["v2", "v2beta1"] });
  });
});
