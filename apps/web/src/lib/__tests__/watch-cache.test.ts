import type { KubeObject, TableRow, WatchEvent } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { applyEvents, fromSnapshot, type WatchData, watchQueryKey, watchStatusQueryKey } from "../watch-cache.ts";

const obj = (name: string, rv: string, uid = `u-${name}`, namespace = "ns"): KubeObject => ({
  metadata: { name, namespace, uid, resourceVersion: rv },
});
const row = (o: KubeObject): TableRow => ({ cells: [o.metadata.name], object: o });
const names = (data: WatchData | undefined) =>
  data?.mode === "objects"
    ? data.items.map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`)
    : data?.rows.map((r) => `${r.object.metadata.name}@${r.object.metadata.resourceVersion}`);

const column = { name: "Name", type: "string", format: "name", description: "", priority: 0 };
const objects = fromSnapshot({
  type: "snapshot",
  id: "w",
  resourceVersion: "s",
  items: [obj("a", "1"), obj("b", "1")],
});

describe("watch cache merge", () => {
  it("turns both snapshot shapes into cache entries", () => {
    expect(objects).toEqual({ mode: "objects", resourceVersion: "s", items: [obj("a", "1"), obj("b", "1")] });
    expect(
      fromSnapshot({ type: "snapshot", id: "w", resourceVersion: "t", columns: [column], rows: [row(obj("a", "1"))] }),
    ).toEqual({ mode: "table", resourceVersion: "t", columns: [column], rows: [row(obj("a", "1"))] });
  });

  it("replaces in place, appends and removes, in event order, without touching the old entry", () => {
    const events: WatchEvent[] = [
      { type: "MODIFIED", object: obj("a", "2") },
      { type: "ADDED", object: obj("c", "3") },
      { type: "DELETED", object: obj("b", "4") },
      { type: "ADDED", object: obj("b", "5", "u-b2") },
      { type: "DELETED", object: obj("nobody", "6") },
    ];
    const next = applyEvents(objects, events);
    expect(names(next)).toEqual(["a@2", "c@3", "b@5"]);
    expect(next?.resourceVersion).toBe("6");
    expect(names(objects)).toEqual(["a@1", "b@1"]);
    expect(next?.mode === "objects" && next.items[2]?.metadata.uid).toBe("u-b2");
  });

  it("keeps objects of the same name in different namespaces apart", () => {
    const next = applyEvents(objects, [
      { type: "ADDED", object: obj("a", "7", "other", "ns2") },
      { type: "DELETED", object: obj("a", "8", "u-a", "ns") },
    ]);
    expect(next?.mode === "objects" && next.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual([
      "ns/b",
      "ns2/a",
    ]);
  });

  it("patches Table rows, leaves the columns, and ignores events of the other shape", () => {
    const table: WatchData = { mode: "table", resourceVersion: "t", columns: [column], rows: [row(obj("a", "1"))] };
    const next = applyEvents(table, [
      { type: "MODIFIED", row: row(obj("a", "2")) },
      { type: "ADDED", object: obj("x", "3") },
      { type: "ADDED", row: row(obj("b", "4")) },
    ]);
    expect(names(next)).toEqual(["a@2", "b@4"]);
    expect(next?.mode === "table" && next.columns).toEqual([column]);
  });

  it("cannot apply events without a snapshot, and returns the same entry for none", () => {
    expect(applyEvents(undefined, [{ type: "ADDED", object: obj("a", "1") }])).toBeUndefined();
    expect(applyEvents(objects, [])).toBe(objects);
  });

  it("builds query keys with every field spelled out", () => {
    const target = { context: "c", group: "", version: "v1", resource: "pods" };
    expect(watchQueryKey(target)).toEqual(["watch", "c", "", "v1", "pods", "", "", "", false]);
    expect(watchQueryKey({ ...target, namespace: "", table: false })).toEqual(watchQueryKey(target));
    expect(watchStatusQueryKey({ ...target, table: true })[0]).toBe("watch-status");
  });
});
