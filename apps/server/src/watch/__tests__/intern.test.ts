import type { TableRow } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { intern, internedCount, MAX_INTERNED_CHARS } from "../intern.ts";
import { slimRow } from "../slim-row.ts";

function gauge(name: string, ready: "True" | "False"): TableRow {
  return {
    cells: [name, "5m"],
    object: {
      apiVersion: "example.com/v1",
      kind: "Gauge",
      metadata: { name, namespace: "ns", uid: `uid-${name}`, labels: { team: "a" } },
      spec: { size: 1 },
      status: {
        conditions: [{ type: "Ready", status: ready, reason: ready === "True" ? "Ready" : "Down", message: "m" }],
      },
    },
  };
}

describe("intern", () => {
  it("returns the value as it is, whatever its type", () => {
    expect(intern("Ready")).toBe("Ready");
    expect(intern(3)).toBe(3);
    expect(intern(undefined)).toBeUndefined();
    const long = "x".repeat(MAX_INTERNED_CHARS + 1);
    const before = internedCount();
    expect(intern(long)).toBe(long);
    expect(internedCount()).toBe(before);
  });

  it("holds a bounded number of strings: past the bound it starts over", () => {
    for (let i = 0; i < 120_000; i++) intern(`value-${i}`);
    expect(internedCount()).toBeLessThanOrEqual(50_000);
    expect(internedCount()).toBeGreaterThan(0);
  });
});

describe("slimRow shares what objects repeat", () => {
  it("gives rows with the same verdict one health object, and keeps every value", () => {
    const a = slimRow(gauge("a", "True"), "example.com", "gauges");
    const b = slimRow(gauge("b", "True"), "example.com", "gauges");
    const c = slimRow(gauge("c", "False"), "example.com", "gauges");
    expect(a.health).toBe(b.health);
    expect(c.health).not.toBe(a.health);
    expect(c.health?.verdict).toBe("Failed");
    expect(b.cells).toEqual(["b", "5m"]);
    expect(b.object.metadata).toEqual({ name: "b", namespace: "ns", uid: "uid-b", labels: { team: "a" } });
    expect(c.object.status).toEqual({
      conditions: [{ type: "Ready", status: "False", reason: "Down", message: "m" }],
    });
  });
});
