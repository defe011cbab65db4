import { afterEach, describe, expect, it, vi } from "vitest";
import { keyProblem, parseChanges, runBulk } from "../bulk-actions.ts";

describe("parseChanges (kubectl label/annotate arguments)", () => {
  it.each([
    ["team=web", { set: { team: "web" }, remove: [] }],
    [
      "team=web, tier-  app.kubernetes.io/name=shop",
      { set: { team: "web", "app.kubernetes.io/name": "shop" }, remove: ["tier"] },
    ],
    ["empty=", { set: { empty: "" }, remove: [] }],
  ])("%s", (text, expected) => {
    expect(parseChanges(text, "labels")).toEqual(expected);
  });

  it.each([
    ["", /Nothing to change/],
    ["team", /key=value to set, key- to remove/],
    ["Bad_Prefix/x=1", /prefix must be a DNS subdomain/],
    ["a=what?", /label value/],
    [`k=${"v".repeat(64)}`, /label value is at most 63/],
  ])("refuses %s", (text, problem) => {
    const parsed = parseChanges(text, "labels");
    expect("problems" in parsed && parsed.problems.join(" ")).toMatch(problem);
  });

  it("takes any annotation value without separators", () => {
    expect(parseChanges("note=https://x.example/a?b=c", "annotations")).toEqual({
      set: { note: "https://x.example/a?b=c" },
      remove: [],
    });
    expect(keyProblem("example.com/owner")).toBeUndefined();
  });
});

describe("runBulk", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("reports every object in order, failures included, with dryRun=All on the preview", async () => {
    const urls: string[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      urls.push(`${init.method} ${url} ${init.body ?? ""}`);
      if (url.includes("/b?") || url.endsWith("/b")) {
        return new Response(
          JSON.stringify({ statusCode: 403, code: "X", error: "Forbidden", message: "b is forbidden" }),
          {
            status: 403,
          },
        );
      }
      return new Response("{}", { status: 200 });
    });
    const items = ["a", "b", "c"].map((name) => ({ key: name, name, namespace: "ns" }));
    const ref = { group: "", version: "v1", resource: "configmaps" };
    const seen: string[] = [];
    const results = await runBulk(
      "dev",
      ref,
      items,
      { kind: "labels", set: { team: "web" }, remove: ["x"] },
      {
        dryRun: true,
        onResult: (r) => seen.push(r.name),
      },
    );
    expect(results.map((r) => [r.name, r.ok, r.message])).toEqual([
      ["a", true, "would be labels changed"],
      ["b", false, "b is forbidden"],
      ["c", true, "would be labels changed"],
    ]);
    expect(results[1]?.status).toBe(403);
    expect(seen.sort()).toEqual(["a", "b", "c"]);
    expect(urls[0]).toBe(
      'PATCH /api/v1/contexts/dev/k8s/api/v1/namespaces/ns/configmaps/a?dryRun=All {"metadata":{"labels":{"team":"web","x":null}}}',
    );
  });

  it("reports objects not run after a cancel instead of leaving them out", async () => {
    const controller = new AbortController();
    controller.abort();
    vi.stubGlobal("fetch", async () => new Response("{}"));
    const items = Array.from({ length: 3 }, (_, i) => ({ key: `k${i}`, name: `n${i}`, namespace: undefined }));
    const results = await runBulk(
      "dev",
      { group: "apps", version: "v1", resource: "deployments" },
      items,
      {
        kind: "scale",
        replicas: 2,
      },
      { dryRun: false, signal: controller.signal },
    );
    expect(results.map((r) => r.message)).toEqual([
      "not run (cancelled)",
      "not run (cancelled)",
      "not run (cancelled)",
    ]);
  });
});
