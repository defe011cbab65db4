import type { SchemaField } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import {
  ancestorsOf,
  constraintsOf,
  expandablePaths,
  filterFields,
  findField,
  valueText,
} from "../utils/field-tree.ts";

const f = (path: string, extra: Partial<SchemaField> = {}): SchemaField => ({
  path,
  name: path.slice(path.lastIndexOf(".") + 1),
  type: "<string>",
  required: false,
  ...extra,
});

const TREE: SchemaField[] = [
  f("apiVersion"),
  f("metadata", { type: "<ObjectMeta>", children: [f("metadata.name"), f("metadata.labels")] }),
  f("spec", {
    type: "<Object>",
    children: [
      f("spec.cronSpec", { required: true, description: "The cron spec string.", pattern: "^(\\S+\\s){5}\\S+$" }),
      f("spec.replicas", { type: "<integer>", minimum: 1, maximum: 10, description: "Number of replicas." }),
      f("spec.template", { type: "<Object>", children: [f("spec.template.image", { description: "The image" })] }),
    ],
  }),
];

describe("field tree views", () => {
  it("lists expandable paths depth-first", () => {
    expect(expandablePaths(TREE)).toEqual(["metadata", "spec", "spec.template"]);
  });

  it("finds ancestors and fields", () => {
    expect(ancestorsOf("spec.template.image")).toEqual(["spec", "spec.template"]);
    expect(ancestorsOf("spec")).toEqual([]);
    expect(findField(TREE, "spec.template.image")?.description).toBe("The image");
    expect(findField(TREE, "spec.nope")).toBeUndefined();
  });

  it("filters by name, path or description, keeping ancestors and opening them", () => {
    const { fields, open, matches } = filterFields(TREE, "IMAGE");
    expect(matches).toBe(1);
    expect(open).toEqual(["spec.template", "spec"]);
    expect(fields.map((x) => x.path)).toEqual(["spec"]);
    expect(fields[0]?.children?.map((x) => x.path)).toEqual(["spec.template"]);
    expect(filterFields(TREE, "replicas").fields[0]?.children?.map((x) => x.path)).toEqual(["spec.replicas"]);
    expect(filterFields(TREE, "  ").fields).toHaveLength(3);
  });

  it("keeps a matching field's whole subtree", () => {
    const { fields } = filterFields(TREE, "metadata");
    expect(fields[0]?.children?.map((x) => x.path)).toEqual(["metadata.name", "metadata.labels"]);
  });

  it("says constraints in words", () => {
    expect(constraintsOf(findField(TREE, "spec.replicas") as SchemaField)).toEqual(["≥ 1, ≤ 10"]);
    expect(constraintsOf(findField(TREE, "spec.cronSpec") as SchemaField)).toEqual(["matches /^(\\S+\\s){5}\\S+$/"]);
    expect(
      constraintsOf(
        f("x", { exclusiveMinimum: true, minimum: 0, intOrString: true, maxItems: 3, format: "date-time" }),
      ),
    ).toEqual(["format date-time", "> 0", "at most 3 items", "an integer or a string"]);
  });

  it("prints values", () => {
    expect(valueText("standard")).toBe("standard");
    expect(valueText("True")).toBe("True");
    expect(valueText("true")).toBe('"true"');
    expect(valueText("a b")).toBe('"a b"');
    expect(valueText(5)).toBe("5");
    expect(valueText({ a: 1 })).toBe('{"a":1}');
  });
});
