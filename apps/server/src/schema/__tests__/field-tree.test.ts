import { readFileSync } from "node:fs";
import { join } from "node:path";
import { SchemaField } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { fieldTree } from "../field-tree.ts";
import type { OpenApiDocument } from "../openapi-v3.ts";

const document = JSON.parse(
  readFileSync(join(import.meta.dirname, "fixtures", "gadgets.json"), "utf8"),
) as OpenApiDocument;
const fields = fieldTree(document, "com.example.demo.v1.Gadget");

/** The field at a dotted path. */
function at(path: string, tree: SchemaField[] = fields): SchemaField {
  for (const field of tree) {
    if (field.path === path) return field;
    if (path.startsWith(`${field.path}.`) && field.children) return at(path, field.children);
  }
  throw new Error(`no field ${path}`);
}

describe("fieldTree", () => {
  it("lists the kind's top-level fields, in the schema's order, and passes the protocol's schema", () => {
    expect(fields.map((f) => [f.name, f.type, f.required])).toEqual([
      ["apiVersion", "<string>", false],
      ["kind", "<string>", false],
      ["metadata", "<ObjectMeta>", false],
      ["spec", "<Object>", true],
      ["status", "<Object>", false],
    ]);
    expect(fields.map((f) => SchemaField.parse(f))).toEqual(fields);
  });

  // kubectl explain's notation for each kind of field.
  it.each([
    ["spec.name", "<string>"],
    ["spec.size", "<IntOrString>"],
    ["spec.port", "<IntOrString>"],
    ["spec.replicas", "<integer>"],
    ["spec.ratio", "<number>"],
    ["spec.tags", "<[]string>"],
    ["spec.labels", "<map[string]string>"],
    ["spec.values", "<Object>"],
    ["spec.template", "<Object>"],
    ["spec.ports", "<[]Object>"],
    ["spec.limits", "<map[string]Quantity>"],
    ["spec.rule", "<Rule>"],
    ["spec.rule.all", "<[]Rule>"],
    ["metadata.labels", "<map[string]string>"],
    ["metadata.creationTimestamp", "<string>"],
  ])("%s is %s", (path, type) => {
    expect(at(path).type).toBe(type);
  });

  it("describes a field with its constraints and whether it is required", () => {
    expect(at("spec.name")).toEqual({
      path: "spec.name",
      name: "name",
      type: "<string>",
      required: true,
      description: "The gadget's name.",
      pattern: "^[a-z]+$",
      maxLength: 12,
    });
    expect(at("spec.replicas")).toMatchObject({ format: "int32", minimum: 0, exclusiveMinimum: true, maximum: 5 });
    expect(at("spec.color")).toMatchObject({ enum: ["red", "green"], nullable: true, required: false });
    expect(at("spec.note").default).toBe("none");
    expect(at("spec.size")).toMatchObject({ intOrString: true, required: true });
    expect(at("spec.values").preserveUnknownFields).toBe(true);
    expect(at("spec.template")).toMatchObject({ embeddedResource: true, preserveUnknownFields: true });
    // A reference's own description wins over the referenced type's.
    expect(at("metadata").description).toBe("Standard object's metadata.");
    expect(at("metadata.creationTimestamp")).toMatchObject({ format: "date-time" });
  });

  it("merges a reference's own properties into the referenced type's", () => {
    expect(at("spec.owner").type).toBe("<ObjectMeta>");
    expect(at("spec.owner").description).toBe("A reference with constraints of its own next to it.");
    expect(at("spec.owner").children?.map((f) => f.name)).toEqual(["name", "namespace", "labels", "creationTimestamp"]);
    expect(at("spec.owner.name").maxLength).toBe(5);
  });

  it("lists an array's item fields as the array's children, with their own required flags", () => {
    expect(at("spec.ports").children?.map((f) => [f.path, f.required])).toEqual([
      ["spec.ports.port", true],
      ["spec.ports.protocol", false],
    ]);
    expect(at("spec.ports.protocol").default).toBe("TCP");
  });

  it("carries the x-kubernetes-validations rules", () => {
    expect(at("spec").validations).toEqual([
      { rule: "self.name != 'forbidden'", message: "the name 'forbidden' is reserved" },
      { rule: "!has(self.color) || self.size != 0", messageExpression: "'size of ' + self.name" },
    ]);
  });

  it("stops at a type that contains itself", () => {
    expect(at("spec.rule").children?.map((f) => f.name)).toEqual(["expression", "all"]);
    expect(at("spec.rule.all").truncated).toBe("cycle");
    expect(at("spec.rule.all").children).toBeUndefined();
  });

  it("stops at the depth limit", () => {
    const shallow = fieldTree(document, "com.example.demo.v1.Gadget", { maxDepth: 1 });
    const spec = shallow.find((f) => f.name === "spec");
    expect(spec?.truncated).toBe("depth");
    expect(spec?.children).toBeUndefined();
    expect(shallow.find((f) => f.name === "apiVersion")?.truncated).toBeUndefined();
  });
});
