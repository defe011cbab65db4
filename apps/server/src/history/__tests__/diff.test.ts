import { describe, expect, it } from "vitest";
import { applyChanges, diffObjects } from "../diff.ts";
import { changeManagers, sanitize } from "../sanitize.ts";

describe("diffObjects / applyChanges", () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>, unknown[]][] = [
    [
      "a changed leaf",
      { spec: { replicas: 1 } },
      { spec: { replicas: 2 } },
      [{ path: "/spec/replicas", before: 1, after: 2 }],
    ],
    ["an added field", { spec: {} }, { spec: { paused: true } }, [{ path: "/spec/paused", after: true }]],
    ["a removed field", { spec: { paused: true } }, { spec: {} }, [{ path: "/spec/paused", before: true }]],
    [
      "an element of an array of equal length",
      { spec: { containers: [{ image: "a:1" }, { image: "b:1" }] } },
      { spec: { containers: [{ image: "a:1" }, { image: "b:2" }] } },
      [{ path: "/spec/containers/1/image", before: "b:1", after: "b:2" }],
    ],
    ["an array that grew, whole", { list: [1] }, { list: [1, 2] }, [{ path: "/list", before: [1], after: [1, 2] }]],
    [
      "keys with / and ~ escaped (RFC 6901)",
      { metadata: { labels: { "app.kubernetes.io/name": "a", "x~y": "1" } } },
      { metadata: { labels: { "app.kubernetes.io/name": "b", "x~y": "2" } } },
      [
        { path: "/metadata/labels/app.kubernetes.io~1name", before: "a", after: "b" },
        { path: "/metadata/labels/x~0y", before: "1", after: "2" },
      ],
    ],
    [
      "resourceVersion and managedFields ignored",
      { metadata: { resourceVersion: "1", managedFields: [] } },
      { metadata: { resourceVersion: "2", managedFields: [{ manager: "x" }] } },
      [],
    ],
    [
      "a value set to null",
      { spec: { a: { b: 1 } } },
      { spec: { a: null } },
      [{ path: "/spec/a", before: { b: 1 }, after: null }],
    ],
    ["a type change", { spec: { a: "1" } }, { spec: { a: 1 } }, [{ path: "/spec/a", before: "1", after: 1 }]],
  ];
  it.each(cases)("%s", (_name, before, after, expected) => {
    const changes = diffObjects(before, after);
    expect(changes).toEqual(expected);
    const rebuilt = applyChanges(before, changes) as Record<string, unknown>;
    const strip = (o: Record<string, unknown>) => {
      const m = { ...(o.metadata as Record<string, unknown> | undefined) };
      delete m.resourceVersion;
      delete m.managedFields;
      return { ...o, ...(o.metadata ? { metadata: m } : {}) };
    };
    expect(strip(rebuilt)).toEqual(strip(after));
  });

  it("does not modify the base it applies to", () => {
    const base = { spec: { a: 1 } };
    applyChanges(base, [{ path: "/spec/a", after: 2 }]);
    expect(base).toEqual({ spec: { a: 1 } });
  });
});

describe("sanitize", () => {
  it("drops managedFields and keeps everything else", () => {
    const object = { metadata: { name: "a", managedFields: [{ manager: "m" }] }, spec: { x: 1 } };
    expect(sanitize(object, "apps", "deployments")).toEqual({ metadata: { name: "a" }, spec: { x: 1 } });
    expect(object.metadata.managedFields).toHaveLength(1);
  });

  it("never keeps a Secret's values: each becomes the sha256 of its bytes", () => {
    const secret = {
      metadata: { name: "s" },
      data: { password: Buffer.from("hunter2").toString("base64") },
      stringData: { token: "hunter2" },
    };
    const kept = sanitize(secret, "", "secrets");
    const hash = "sha256:f52fbd32b2b3b86ff88ef6c490628285f482af15ddcb29541f94bcf526a3f6c7";
    expect(kept).toEqual({ metadata: { name: "s" }, data: { password: hash }, stringData: { token: hash } });
    expect(JSON.stringify(kept)).not.toContain("hunter2");
    expect(JSON.stringify(kept)).not.toContain(secret.data.password);
    // Only core/v1 Secrets: a CR named "secrets" in another group is data like any other.
    expect(sanitize(secret, "example.com", "secrets")).toEqual(secret);
  });
});

describe("changeManagers", () => {
  const entry = (manager: string, time: string, operation = "Update") => ({ manager, operation, time });
  const obj = (...entries: object[]) => ({ metadata: { managedFields: entries } });

  it("names the entries whose time moved", () => {
    const before = obj(entry("kubectl", "2026-01-01T00:00:00Z"), entry("helm", "2026-01-01T00:00:00Z", "Apply"));
    const after = obj(entry("kubectl", "2026-01-01T00:00:00Z"), entry("helm", "2026-01-02T00:00:00Z", "Apply"));
    expect(changeManagers(before, after)).toEqual([
      { manager: "helm", operation: "Apply", time: "2026-01-02T00:00:00Z" },
    ]);
  });

  it("names a new entry, every entry of a new object, none for a deletion", () => {
    const a = obj(entry("kubectl", "2026-01-01T00:00:00Z"));
    const b = obj(entry("kubectl", "2026-01-01T00:00:00Z"), entry("loupe", "2026-01-03T00:00:00Z"));
    expect(changeManagers(a, b).map((m) => m.manager)).toEqual(["loupe"]);
    expect(changeManagers(undefined, b).map((m) => m.manager)).toEqual(["kubectl", "loupe"]);
    expect(changeManagers(b, undefined)).toEqual([]);
  });

  it("falls back to the latest entry when no time moved", () => {
    const a = obj(entry("kubectl", "2026-01-01T00:00:00Z"), entry("loupe", "2026-01-03T00:00:00Z"));
    expect(changeManagers(a, a).map((m) => m.manager)).toEqual(["loupe"]);
  });
});
