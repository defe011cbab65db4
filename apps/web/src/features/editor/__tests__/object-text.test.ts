import { describe, expect, it } from "vitest";
import {
  applyPatchBody,
  parseEditorText,
  toEditorText,
  toggleManagedFields,
  withResourceVersion,
} from "../utils/object-text.ts";

const obj = {
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name: "x", resourceVersion: "5", uid: "u", managedFields: [{ manager: "m" }], creationTimestamp: "t" },
  data: { long: "a ".repeat(100) },
};

describe("object text", () => {
  it("hides managedFields unless asked and never folds long strings", () => {
    const text = toEditorText(obj, { showManagedFields: false });
    expect(text).not.toContain("managedFields");
    expect(text.split("\n").find((l) => l.includes("long:"))?.length).toBeGreaterThan(200);
    expect(toEditorText(obj, { showManagedFields: true })).toContain("managedFields");
  });

  it("parses one mapping, and says where the YAML is broken", () => {
    expect(parseEditorText("a: 1\n")).toEqual({ ok: true, object: { a: 1 } });
    expect(parseEditorText("a: [1\nb: 2\n")).toMatchObject({ ok: false, line: expect.any(Number) });
    expect(parseEditorText("- 1\n")).toMatchObject({
      ok: false,
      message: expect.stringContaining("one Kubernetes object"),
    });
    expect(parseEditorText("")).toMatchObject({ ok: false });
  });

  it("toggles managedFields touching nothing else the user wrote", () => {
    const text = "# mine\nmetadata:\n  name: x # keep\nspec: {}\n";
    const shown = toggleManagedFields(text, [{ manager: "m" }]);
    expect(shown).toContain("# keep");
    expect(shown).toContain("managedFields");
    expect(toggleManagedFields(shown, undefined)).toBe(text);
    expect(toggleManagedFields("a: [", undefined)).toBe("a: [");
  });

  it("builds an apply body without server-owned metadata, and a replace body with the base resourceVersion", () => {
    expect(applyPatchBody(obj).metadata).toEqual({ name: "x" });
    expect(withResourceVersion({ metadata: { name: "x", resourceVersion: "9" } }, "5").metadata).toEqual({
      name: "x",
      resourceVersion: "5",
    });
  });
});
