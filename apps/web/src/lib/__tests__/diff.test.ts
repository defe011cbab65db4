import { describe, expect, it } from "vitest";
import { changedPaths, diffHunks, lineDiff } from "../diff.ts";

describe("changedPaths", () => {
  it("names changed, added and removed leaves, ignoring resourceVersion and managedFields", () => {
    const before = {
      metadata: { name: "a", resourceVersion: "1", labels: { app: "web" }, managedFields: [{ manager: "x" }] },
      spec: { replicas: 1, image: "nginx", ports: [80] },
    };
    const after = {
      metadata: { name: "a", resourceVersion: "2", labels: { app: "web", "app.kubernetes.io/name": "w" } },
      spec: { replicas: 3, ports: [80, 443] },
      status: { ready: true },
    };
    expect(changedPaths(before, after)).toEqual([
      'metadata.labels["app.kubernetes.io/name"]',
      "spec.replicas",
      "spec.ports[1]",
      "spec.image",
      "status",
    ]);
  });
  it("reports nothing for equal objects and a root change for different scalars", () => {
    expect(changedPaths({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toEqual([]);
    expect(changedPaths(1, 2)).toEqual(["(root)"]);
  });
  it("reports a subtree swapped for a scalar once, at its root", () => {
    expect(changedPaths({ spec: { a: 1 } }, { spec: "x" })).toEqual(["spec"]);
  });
});

describe("lineDiff", () => {
  const apply = (ops: ReturnType<typeof lineDiff>) => ({
    old: ops.filter((l) => l.op !== "+").map((l) => l.text),
    new: ops.filter((l) => l.op !== "-").map((l) => l.text),
  });
  it("finds a minimal script that rebuilds both sides", () => {
    const a = ["a", "b", "c", "a", "b", "b", "a"];
    const b = ["c", "b", "a", "b", "a", "c"];
    const ops = lineDiff(a, b);
    expect(apply(ops)).toEqual({ old: a, new: b });
    expect(ops.filter((l) => l.op !== " ").length).toBe(5); // Myers' classic example: D = 5
  });
  it("handles empty sides and identical texts", () => {
    expect(lineDiff([], ["x"])).toEqual([{ op: "+", text: "x", newLine: 1 }]);
    expect(lineDiff(["x"], [])).toEqual([{ op: "-", text: "x", oldLine: 1 }]);
    expect(lineDiff(["x", "y"], ["x", "y"]).every((l) => l.op === " ")).toBe(true);
  });
  it("numbers lines on each side", () => {
    const ops = lineDiff(["a", "b", "c"], ["a", "B", "c"]);
    expect(ops).toEqual([
      { op: " ", text: "a", oldLine: 1, newLine: 1 },
      { op: "-", text: "b", oldLine: 2 },
      { op: "+", text: "B", newLine: 2 },
      { op: " ", text: "c", oldLine: 3, newLine: 3 },
    ]);
  });
  it("gives up on minimality past maxEdits instead of freezing", () => {
    const a = Array.from({ length: 50 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 50 }, (_, i) => `b${i}`);
    const ops = lineDiff(a, b, 10);
    expect(apply(ops)).toEqual({ old: a, new: b });
  });
});

describe("diffHunks", () => {
  it("folds unchanged runs, keeping context around changes", () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[10] = "changed";
    const hunks = diffHunks(lineDiff(a, b), 2);
    expect(hunks[0]?.skipped).toBe(8);
    expect(hunks[0]?.lines.map((l) => l.op).join("")).toBe("  -+  ");
    expect(hunks[1]).toEqual({ skipped: 7, lines: [] });
  });
  it("returns nothing for no change", () => {
    expect(diffHunks(lineDiff(["a"], ["a"]))).toEqual([]);
  });
});
