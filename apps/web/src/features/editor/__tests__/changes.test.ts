import { describe, expect, it } from "vitest";
import { changesNotKept, fieldChanges, shortValue } from "../utils/changes.ts";

describe("fieldChanges", () => {
  it("lists changed leaves, added and removed subtrees once, and skips bookkeeping", () => {
    const before = { metadata: { resourceVersion: "1", labels: { a: "1" } }, spec: { replicas: 3, ports: [80] } };
    const after = {
      metadata: { resourceVersion: "2", labels: { b: "2" } },
      spec: { replicas: 5, ports: [80, 443], extra: { x: 1 } },
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: "metadata.labels.b", before: undefined, after: "2" },
      { path: "metadata.labels.a", before: "1", after: undefined },
      { path: "spec.replicas", before: 3, after: 5 },
      { path: "spec.ports", before: [80], after: [80, 443] },
      { path: "spec.extra", before: undefined, after: { x: 1 } },
    ]);
  });

  it("quotes keys that are not identifiers and indexes list items", () => {
    expect(fieldChanges({ m: { "a.b/c": 1 }, l: [1, 2] }, { m: { "a.b/c": 2 }, l: [1, 3] }).map((c) => c.path)).toEqual(
      ['m["a.b/c"]', "l[1]"],
    );
  });
});

describe("changesNotKept", () => {
  it("reports the user's changes the server answered differently, and only those", () => {
    const base = { spec: { replicas: 3, image: "a" }, status: { ready: false } };
    const sent = { spec: { replicas: 9, image: "a" }, status: { ready: true } };
    const stored = { spec: { replicas: 3, image: "a", defaulted: 1 }, status: { ready: true } };
    expect(changesNotKept(base, sent, stored)).toEqual([{ path: "spec.replicas", before: 9, after: 3 }]);
  });
});

describe("shortValue", () => {
  it("prints JSON, absent values and cuts long ones", () => {
    expect(shortValue(undefined)).toBe("(absent)");
    expect(shortValue("x")).toBe('"x"');
    expect(shortValue({ a: [1] })).toBe('{"a":[1]}');
    expect(shortValue("y".repeat(100), 10)).toBe(`"${"y".repeat(8)}…`);
  });
});
