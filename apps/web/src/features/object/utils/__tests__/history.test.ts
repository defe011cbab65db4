import type { KubeObject } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { appendVersion } from "../history.ts";
import { managedFieldsCount, toYaml, withoutManagedFields } from "../object-yaml.ts";

const v = (rv: string, extra: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name: "x", resourceVersion: rv },
  ...extra,
});

describe("appendVersion", () => {
  it("records each resourceVersion once, in the order seen", () => {
    let h = appendVersion([], v("10"), 1);
    h = appendVersion(h, v("10"), 2);
    h = appendVersion(h, v("9"), 3); // opaque: a "smaller" version is still a new one
    expect(h.map((e) => e.resourceVersion)).toEqual(["10", "9"]);
  });
  it("returns the same array when nothing is new, and records a deletion once", () => {
    const h = appendVersion([], v("1"), 1);
    expect(appendVersion(h, v("1"), 2)).toBe(h);
    const gone = appendVersion(appendVersion(h, null, 3), null, 4);
    expect(gone).toHaveLength(2);
    expect(gone[1]?.object).toBeNull();
    expect(appendVersion([], null, 1)).toEqual([]);
  });
  it("keeps at most `limit` versions", () => {
    let h: ReturnType<typeof appendVersion> = [];
    for (let i = 0; i < 10; i++) h = appendVersion(h, v(String(i)), i, 4);
    expect(h.map((e) => e.resourceVersion)).toEqual(["6", "7", "8", "9"]);
  });
});

describe("object YAML", () => {
  const object = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "x", managedFields: [{ manager: "kubectl" }, { manager: "loupe" }] },
    data: { long: "a".repeat(200), html: "<script>alert(1)</script>" },
  };
  it("folds managedFields away without touching the original", () => {
    expect(managedFieldsCount(object)).toBe(2);
    expect(withoutManagedFields(object).metadata).toEqual({ name: "x" });
    expect(object.metadata.managedFields).toHaveLength(2);
    expect(managedFieldsCount(withoutManagedFields(object))).toBe(0);
  });
  it("prints keys in the server's order and never folds long strings", () => {
    const text = toYaml(withoutManagedFields(object));
    expect(text.split("\n")[0]).toBe("apiVersion: v1");
    expect(text).toContain(`long: ${"a".repeat(200)}\n`);
  });
});
