import { describe, expect, it } from "vitest";
import { diffFields, MAX_FIELDS, type SchemaNode, schemaFields } from "../schema-fields.ts";

const object = (properties: Record<string, SchemaNode>, required?: string[]): SchemaNode => ({
  type: "object",
  properties,
  ...(required ? { required } : {}),
});

describe("schemaFields", () => {
  it("lists fields depth first with types, required flags, arrays and maps", () => {
    const schema = object({
      spec: object(
        {
          replicas: { type: "integer", format: "int32", description: "How many." },
          ports: { type: "array", items: object({ port: { type: "integer" } }, ["port"]) },
          labels: { type: "object", additionalProperties: { type: "string" } },
          target: { "x-kubernetes-int-or-string": true },
          mode: { type: "string", enum: ["fast", "safe"] },
          extra: { "x-kubernetes-preserve-unknown-fields": true },
        },
        ["replicas"],
      ),
    });
    const { fields, truncated } = schemaFields(schema);
    expect(truncated).toBe(false);
    expect(fields.map((f) => [f.path, f.type, f.required])).toEqual([
      ["spec", "object", false],
      ["spec.replicas", "integer(int32)", true],
      ["spec.ports", "[]object", false],
      ["spec.ports[].port", "integer", true],
      ["spec.labels", "map[string]string", false],
      ["spec.target", "int-or-string", false],
      ["spec.mode", "string", false],
      ["spec.extra", "any", false],
    ]);
    expect(fields[1]?.description).toBe("How many.");
    expect(fields.find((f) => f.path === "spec.mode")?.enum).toBe('"fast", "safe"');
  });

  it("stops at MAX_FIELDS and says so", () => {
    const properties: Record<string, SchemaNode> = {};
    for (let i = 0; i < MAX_FIELDS + 10; i++) properties[`f${i}`] = { type: "string" };
    const { fields, truncated } = schemaFields(object(properties));
    expect(fields).toHaveLength(MAX_FIELDS);
    expect(truncated).toBe(true);
  });

  it("tolerates a missing schema", () => {
    expect(schemaFields(undefined)).toEqual({ fields: [], truncated: false });
  });
});

describe("diffFields", () => {
  it("finds fields added, removed, retyped, newly required and with other allowed values", () => {
    const v1 = schemaFields(
      object({
        spec: object({
          size: { type: "string" },
          legacy: object({ a: { type: "string" }, b: { type: "string" } }),
          name: { type: "string" },
          mode: { type: "string", enum: ["a"] },
        }),
      }),
    ).fields;
    const v2 = schemaFields(
      object({
        spec: object(
          {
            size: { type: "integer" },
            name: { type: "string", description: "now documented" },
            mode: { type: "string", enum: ["a", "b"] },
            replicas: { type: "integer" },
          },
          ["name"],
        ),
      }),
    ).fields;
    expect(diffFields(v1, v2).map((c) => [c.change, c.path])).toEqual([
      ["removed", "spec.legacy"],
      ["enum", "spec.mode"],
      ["required", "spec.name"],
      ["added", "spec.replicas"],
      ["type", "spec.size"],
    ]);
  });

  it("finds nothing between identical schemas", () => {
    const fields = schemaFields(object({ spec: object({ a: { type: "string" } }) })).fields;
    expect(diffFields(fields, fields)).toEqual([]);
  });
});
