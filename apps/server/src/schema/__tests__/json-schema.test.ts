import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type JsonSchema, toJsonSchema } from "../json-schema.ts";
import type { OpenApiDocument } from "../openapi-v3.ts";
import { compile, errorsOf } from "./ajv.ts";
import { minimalInstance } from "./minimal-instance.ts";

const fixture = (): OpenApiDocument =>
  JSON.parse(readFileSync(join(import.meta.dirname, "fixtures", "gadgets.json"), "utf8")) as OpenApiDocument;
const GADGET = { group: "demo.example.com", version: "v1", kind: "Gadget" };
const schema = toJsonSchema(fixture(), "com.example.demo.v1.Gadget", GADGET);
const validate = compile(schema);

const valid = {
  apiVersion: "demo.example.com/v1",
  kind: "Gadget",
  metadata: { name: "g", labels: { a: "b" }, creationTimestamp: "2026-01-01T00:00:00Z" },
  spec: { name: "gadget", size: 3 },
};
/** `valid` with `spec` changed by `patch` (a key set to undefined is removed). */
const withSpec = (patch: Record<string, unknown>) => {
  const spec: Record<string, unknown> = { ...valid.spec, ...patch };
  for (const key of Object.keys(spec)) if (spec[key] === undefined) delete spec[key];
  return { ...valid, spec };
};
const properties = (node: unknown) => (node as { properties: Record<string, JsonSchema> }).properties;
const spec = properties(schema).spec as JsonSchema;

describe("toJsonSchema", () => {
  it("is one self-contained draft-07 schema that ajv compiles in strict mode", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(JSON.stringify(schema)).not.toContain("#/components/");
    expect(JSON.stringify(schema)).not.toContain('"x-kubernetes-');
    // Only reachable components are copied; the recursive Rule stays a reference to itself.
    expect(Object.keys(schema.definitions as object).sort()).toEqual([
      "com.example.demo.v1.Rule",
      "io.k8s.apimachinery.pkg.api.resource.Quantity",
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
      "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
      "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    ]);
    expect(properties(schema).metadata).toEqual({
      description: "Standard object's metadata.",
      allOf: [{ $ref: "#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" }],
    });
    expect(validate(valid), errorsOf(validate).join()).toBe(true);
  });

  it("does not modify the document", () => {
    const document = fixture();
    toJsonSchema(document, "com.example.demo.v1.Gadget", GADGET);
    expect(document).toEqual(fixture());
  });

  it("fixes apiVersion and kind to the kind's values and requires them", () => {
    expect(properties(schema).apiVersion).toMatchObject({ type: "string", enum: ["demo.example.com/v1"] });
    expect(schema.required).toEqual(["apiVersion", "kind", "spec"]);
    expect(validate({ ...valid, kind: "Gizmo" })).toBe(false);
    expect(errorsOf(validate)).toEqual(["/kind enum"]);
    expect(validate({ ...valid, apiVersion: "demo.example.com/v2" })).toBe(false);
    const { kind: _kind, ...noKind } = valid;
    expect(validate(noKind)).toBe(false);
    const core = toJsonSchema(fixture(), "com.example.demo.v1.Gadget", { group: "", version: "v1", kind: "Gadget" });
    expect(properties(core).apiVersion).toMatchObject({ enum: ["v1"] });
  });

  // Each case: a spec patch, and whether the schema accepts it (with the errors expected when not).
  const cases: [string, Record<string, unknown>, string[]][] = [
    ["int-or-string accepts an integer", { size: 3 }, []],
    ["int-or-string accepts a string", { size: "large" }, []],
    ["int-or-string refuses a boolean", { size: true }, ["/spec/size type", "/spec/size type", "/spec/size anyOf"]],
    [
      "int-or-string keeps its pattern for strings",
      { memory: "12Xi" },
      ["/spec/memory type", "/spec/memory pattern", "/spec/memory anyOf"],
    ],
    ["int-or-string pattern does not apply to integers", { memory: 512 }, []],
    ["an IntOrString reference accepts both", { port: "http" }, []],
    ["a required field is required", { name: undefined }, ["/spec required"]],
    ["a pattern is kept", { name: "Not-Lower" }, ["/spec/name pattern"]],
    ["maxLength is kept", { name: "abcdefghijklm" }, ["/spec/name maxLength"]],
    ["nullable accepts null", { note: null, color: null }, []],
    ["a nullable enum keeps its values", { color: "blue" }, ["/spec/color enum"]],
    ["exclusiveMinimum becomes a number", { replicas: 0 }, ["/spec/replicas exclusiveMinimum"]],
    ["maximum is kept", { replicas: 6 }, ["/spec/replicas maximum"]],
    ["int32 is checked", { ratio: 0.5, replicas: 1 }, []],
    ["date-time is checked", { since: "yesterday" }, ["/spec/since format"]],
    ["a Go duration is not checked as ISO 8601", { timeout: "1h30m" }, []],
    ["a set refuses duplicates", { tags: ["a", "a"] }, ["/spec/tags uniqueItems"]],
    ["a map refuses a wrong value type", { labels: { a: 1 } }, ["/spec/labels/a type"]],
    ["unknown fields are refused", { colour: "red" }, ["/spec additionalProperties"]],
    ["preserve-unknown-fields accepts anything", { values: { any: { thing: [1] } } }, []],
    ["an embedded resource accepts an object", { template: { apiVersion: "v1", kind: "Pod", spec: {} } }, []],
    [
      "an embedded resource needs apiVersion and kind",
      { template: { metadata: {} } },
      ["/spec/template required", "/spec/template required"],
    ],
    ["array items are checked", { ports: [{ port: 0 }] }, ["/spec/ports/0/port minimum"]],
    ["array items have their required fields", { ports: [{ protocol: "UDP" }] }, ["/spec/ports/0 required"]],
    ["a Quantity accepts a string or a number", { limits: { cpu: "100m", memory: 1 } }, []],
    ["recursive references validate nested levels", { rule: { all: [{ all: [{ expression: "x" }] }] } }, []],
    [
      "recursive references refuse nested mistakes",
      { rule: { all: [{ all: [{ expression: 1 }] }] } },
      ["/spec/rule/all/0/all/0/expression type"],
    ],
    ["a reference's own properties add to it", { owner: { name: "abc", labels: { a: "b" } } }, []],
    ["a reference's own properties are checked", { owner: { name: "abcdef" } }, ["/spec/owner/name maxLength"]],
    ["oneOf value validations are kept", { source: { git: "a", oci: "b" } }, ["/spec/source oneOf"]],
  ];
  it.each(cases)("%s", (_name, patch, errors) => {
    const ok = validate(withSpec(patch));
    expect(errorsOf(validate)).toEqual(errors);
    expect(ok).toBe(errors.length === 0);
  });

  it("puts x-kubernetes-validations rules in the description", () => {
    expect(spec.description).toBe(
      [
        "Validation rules (checked by the API server):",
        "- self.name != 'forbidden' — the name 'forbidden' is reserved",
        "- !has(self.color) || self.size != 0 — message: 'size of ' + self.name",
      ].join("\n"),
    );
  });

  it("maps the extensions to plain JSON Schema", () => {
    const p = properties(spec);
    expect(p.size).toEqual({
      description: "A number of units or a word.",
      anyOf: [{ type: "integer" }, { type: "string" }],
    });
    expect(p.memory).toEqual({ anyOf: [{ type: "integer" }, { type: "string", pattern: "^[0-9]+(Mi|Gi)?$" }] });
    expect(p.color).toEqual({ type: ["string", "null"], enum: ["red", "green", null] });
    expect(p.values).toEqual({ type: "object" });
    expect(p.template).toMatchObject({ type: "object", required: ["apiVersion", "kind"] });
    expect(p.template?.additionalProperties).toBeUndefined();
    expect(p.replicas).toEqual({ type: "integer", format: "int32", exclusiveMinimum: 0, maximum: 5 });
    expect(p.timeout).toEqual({ type: "string" });
    const definitions = schema.definitions as Record<string, JsonSchema>;
    expect(definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]).toEqual({
      description: "IntOrString is a type that can hold an int32 or a string.",
      anyOf: [{ type: "integer" }, { type: "string" }],
    });
  });

  it("wraps a nullable schema that has no single type", () => {
    const document: OpenApiDocument = {
      components: {
        schemas: {
          K: {
            type: "object",
            properties: {
              n: { description: "d", nullable: true, allOf: [{ $ref: "#/components/schemas/T" }] },
              q: { nullable: true, "x-kubernetes-int-or-string": true },
            },
            "x-kubernetes-group-version-kind": [{ group: "g", version: "v1", kind: "K" }],
          },
          T: { type: "object", properties: { a: { type: "string" } } },
        },
      },
    };
    const k = toJsonSchema(document, "K", { group: "g", version: "v1", kind: "K" });
    expect(properties(k).n).toEqual({
      description: "d",
      anyOf: [{ allOf: [{ $ref: "#/definitions/T" }] }, { type: "null" }],
    });
    expect(properties(k).q).toEqual({ anyOf: [{ type: "integer" }, { type: "string" }, { type: "null" }] });
    const check = compile(k);
    for (const value of [null, { a: "x" }]) expect(check({ apiVersion: "g/v1", kind: "K", n: value })).toBe(true);
    expect(check({ apiVersion: "g/v1", kind: "K", n: { b: 1 } })).toBe(false);
  });

  it("makes a minimal instance that the schema accepts", () => {
    const instance = minimalInstance(schema);
    expect(instance).toEqual({ apiVersion: "demo.example.com/v1", kind: "Gadget", spec: { name: "a", size: 1 } });
    expect(validate(instance)).toBe(true);
  });
});
