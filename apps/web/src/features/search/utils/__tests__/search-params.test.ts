import type { QueryHit } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { rankHits, searchFromParams } from "../search-params.ts";

const hit = (kind: string, name: string, namespace?: string): QueryHit => ({
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  hit: { group: "", version: "v1", resource: `${kind.toLowerCase()}s`, namespaced: Boolean(namespace) },
});

describe("search URLs", () => {
  it("reads q, ns and labelSelector; nothing to search is undefined", () => {
    expect(searchFromParams(new URLSearchParams("q=%20web%20&ns=shop&labelSelector=app%3Dx"))).toEqual({
      kind: "search",
      text: "web",
      namespace: "shop",
      labelSelector: "app=x",
    });
    expect(searchFromParams(new URLSearchParams("q=+"))).toBeUndefined();
    expect(searchFromParams(new URLSearchParams(`q=${"x".repeat(400)}`))?.text).toHaveLength(256);
  });
});

describe("rankHits", () => {
  it("puts exact names first, then prefixes, then by kind, namespace and name", () => {
    const hits = [
      hit("Service", "my-web"),
      hit("Pod", "web-1", "b"),
      hit("Pod", "web-1", "a"),
      hit("ConfigMap", "web"),
    ];
    expect(rankHits(hits, "web").map((h) => `${h.kind}/${h.metadata.namespace ?? ""}/${h.metadata.name}`)).toEqual([
      "ConfigMap//web",
      "Pod/a/web-1",
      "Pod/b/web-1",
      "Service//my-web",
    ]);
  });
});
