import type { KubeObject } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { applyWatchEvents, decodeRef, diffStates, encodeRef, filterEntries } from "../activity.ts";

const ref = { group: "stable.example.com", version: "v1", resource: "myservices" };
const obj = (name: string, rv: string, spec: Record<string, unknown> = {}): KubeObject => ({
  kind: "MyService",
  metadata: { name, namespace: "default", uid: `uid-${name}`, resourceVersion: rv },
  spec,
});

describe("diffStates", () => {
  it("takes the first state as the baseline", () => {
    const { entries, next } = diffStates(null, [obj("a", "1")], ref, "MyService", 0);
    expect(entries).toEqual([]);
    expect(next.size).toBe(1);
  });
  it("reports ADDED, MODIFIED with changed fields, and DELETED", () => {
    const base = diffStates(null, [obj("a", "1", { replicas: 1 }), obj("b", "1")], ref, "MyService", 0).next;
    const { entries } = diffStates(base, [obj("a", "2", { replicas: 3 }), obj("c", "5")], ref, "MyService", 10);
    expect(entries.map((e) => [e.type, e.name, e.changed])).toEqual([
      ["MODIFIED", "a", ["spec.replicas"]],
      ["ADDED", "c", []],
      ["DELETED", "b", []],
    ]);
    expect(entries[0]?.namespace).toBe("default");
    expect(entries[0]?.kind).toBe("MyService");
  });
  it("reports nothing when only unchanged objects are seen again", () => {
    const base = diffStates(null, [obj("a", "1")], ref, "MyService", 0).next;
    expect(diffStates(base, [obj("a", "1")], ref, "MyService", 1).entries).toEqual([]);
  });
});

describe("filterEntries", () => {
  it("matches type, kind, name and changed fields", () => {
    const base = diffStates(null, [obj("a", "1", { image: "x" })], ref, "MyService", 0).next;
    const { entries } = diffStates(base, [obj("a", "2", { image: "y" }), obj("b", "1")], ref, "MyService", 1);
    expect(filterEntries(entries, "modified").map((e) => e.name)).toEqual(["a"]);
    expect(filterEntries(entries, "spec.image").map((e) => e.name)).toEqual(["a"]);
    expect(filterEntries(entries, "myservice b").map((e) => e.name)).toEqual(["b"]);
  });
});

describe("encodeRef / decodeRef", () => {
  it("round-trips group and core references", () => {
    expect(encodeRef(ref)).toBe("stable.example.com/v1/myservices");
    expect(decodeRef(encodeRef(ref))).toEqual(ref);
    const core = { group: "", version: "v1", resource: "configmaps" };
    expect(encodeRef(core)).toBe("v1/configmaps");
    expect(decodeRef("v1/configmaps")).toEqual(core);
    expect(decodeRef("nonsense")).toBeNull();
  });
});

describe("applyWatchEvents", () => {
  it("turns each event into an entry, naming the fields a MODIFIED changed", () => {
    const base = diffStates(null, [obj("a", "1", { image: "x", replicas: 1 })], ref, "MyService", 0).next;
    const { next, entries } = applyWatchEvents(
      base,
      [
        { type: "ADDED", object: obj("b", "2") },
        { type: "MODIFIED", object: obj("a", "3", { image: "y", replicas: 1 }) },
        { type: "MODIFIED", object: obj("b", "4", { size: 2 }) },
        { type: "DELETED", object: obj("a", "5", { image: "y", replicas: 1 }) },
      ],
      ref,
      "MyService",
      7,
    );
    expect(entries.map((e) => [e.type, e.name, e.changed])).toEqual([
      ["ADDED", "b", []],
      ["MODIFIED", "a", ["spec.image"]],
      ["MODIFIED", "b", ["spec.size"]],
      ["DELETED", "a", []],
    ]);
    expect([...next.keys()]).toEqual(["uid-b"]);
    expect(base.size).toBe(1);
  });
  it("reports a re-sent ADDED of a held object as MODIFIED, and skips one with the same resourceVersion", () => {
    const base = diffStates(null, [obj("a", "1", { n: 1 })], ref, "MyService", 0).next;
    expect(applyWatchEvents(base, [{ type: "ADDED", object: obj("a", "1", { n: 1 }) }], ref, "M", 1).entries).toEqual(
      [],
    );
    const again = applyWatchEvents(base, [{ type: "ADDED", object: obj("a", "2", { n: 2 }) }], ref, "M", 1).entries;
    expect(again.map((e) => [e.type, e.changed])).toEqual([["MODIFIED", ["spec.n"]]]);
  });
});
