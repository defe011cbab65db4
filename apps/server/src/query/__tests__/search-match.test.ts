import type { CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { kindPatternMatcher } from "../kind-patterns.ts";
import { hitRank, kindNames, matchObject, searchTerms } from "../search-match.ts";

const deployments: CatalogResource = {
  group: "apps",
  version: "v1",
  resource: "deployments",
  kind: "Deployment",
  singular: "deployment",
  namespaced: true,
  verbs: ["list", "watch"],
  shortNames: ["deploy"],
  categories: ["all"],
  subresources: [],
  preferredVersion: "v1",
  versions: ["v1"],
  custom: false,
};
const bucket: CatalogResource = {
  ...deployments,
  group: "s3.aws.upbound.io",
  version: "v1beta1",
  resource: "buckets",
  kind: "Bucket",
  singular: "bucket",
  shortNames: [],
  custom: true,
};
const meta = { name: "checkout-web", namespace: "shop", labels: { app: "checkout", "example.com/tier": "front" } };

describe("search matching", () => {
  it("needs every word to match a name, namespace, label or kind", () => {
    const names = kindNames(deployments);
    expect(matchObject(searchTerms("checkout"), names, meta)).toEqual(["name"]);
    expect(matchObject(searchTerms("CHECKOUT deploy"), names, meta)).toEqual(["name", "kind"]);
    expect(matchObject(searchTerms("shop"), names, meta)).toEqual(["namespace"]);
    expect(matchObject(searchTerms("tier=front"), names, meta)).toEqual(["label example.com/tier=front"]);
    expect(matchObject(searchTerms("checkout statefulset"), names, meta)).toBeUndefined();
    expect(matchObject(searchTerms("payments"), names, meta)).toBeUndefined();
  });

  it("matches everything without words", () => {
    expect(matchObject(searchTerms("   "), kindNames(deployments), meta)).toEqual([]);
  });

  it("ranks exact names before prefixes before the rest", () => {
    const terms = searchTerms("web");
    expect(hitRank(terms, "web")).toBe(0);
    expect(hitRank(terms, "web-1")).toBe(1);
    expect(hitRank(terms, "checkout-web")).toBe(2);
  });
});

describe("kind patterns", () => {
  it.each([
    [["Deployment"], true, false],
    [["deploy"], true, false],
    [["deployments.apps"], true, false],
    [["apps"], true, false],
    [["*.upbound.io"], false, true],
    [["*.aws.upbound.io", "apps"], true, true],
    [["*"], true, true],
    [["core"], false, false],
  ])("%j → deployments %s, buckets %s", (patterns, deploy, buckets) => {
    const match = kindPatternMatcher(patterns);
    expect(match(deployments)).toBe(deploy);
    expect(match(bucket)).toBe(buckets);
  });

  it("refuses a pattern that is no name", () => {
    expect(() => kindPatternMatcher(["apps/v1"])).toThrow("is not a kind pattern");
  });
});
