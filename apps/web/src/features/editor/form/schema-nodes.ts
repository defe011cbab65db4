/**
 * What a form shows for one node of a kind's schema (the JSON Schema the schema route serves, or a CRD's raw
 * `openAPIV3Schema`): the widget kind and what it needs. Pure; references are resolved against `definitions`.
 */

export type Schema = Record<string, unknown>;

export type FieldKind =
  | "object"
  | "map"
  | "array"
  | "enum"
  | "boolean"
  | "integer"
  | "number"
  | "string"
  | "int-or-string"
  | "choice"
  | "island";

export interface FieldInfo {
  kind: FieldKind;
  schema: Schema;
  description?: string;
  default?: unknown;
  nullable: boolean;
  /** object: its properties, in the schema's order, and which are required. */
  properties?: [string, Schema][];
  required?: Set<string>;
  /** array: the items' schema; map: the values' schema. */
  items?: Schema;
  values?: Schema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  /** choice: the shapes of oneOf/anyOf. */
  branches?: Schema[];
  /** island: why the node is edited as YAML (unknown fields kept, an embedded object, no type). */
  island?: string;
}

const isSchema = (value: unknown): value is Schema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Follows `$ref` (`#/definitions/X`) and merges a lone `allOf` (how references carry descriptions). */
export function resolve(schema: Schema, root: Schema): Schema {
  let node = schema;
  for (let i = 0; i < 16; i++) {
    const ref = node.$ref;
    if (typeof ref === "string") {
      const name = ref
        .replace(/^#\/definitions\//, "")
        .replaceAll("~1", "/")
        .replaceAll("~0", "~");
      const target = (root.definitions as Record<string, Schema> | undefined)?.[name];
      const { $ref: _, ...rest } = node;
      node = { ...(target ?? {}), ...rest };
      continue;
    }
    const all = node.allOf;
    if (Array.isArray(all) && all.length === 1 && isSchema(all[0])) {
      const { allOf: _, ...rest } = node;
      node = { ...(all[0] as Schema), ...rest };
      continue;
    }
    break;
  }
  return node;
}

function typeOf(schema: Schema): string | undefined {
  const t = schema.type;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x) => x !== "null") as string | undefined;
  return undefined;
}

/** `anyOf: [X, {type: null}]` (nullable), `anyOf: [integer, string]` (int-or-string) recognized. */
export function describeField(input: Schema, root: Schema): FieldInfo {
  let schema = resolve(input, root);
  let nullable = schema.nullable === true || (Array.isArray(schema.type) && schema.type.includes("null"));
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches)) {
    const nonNull = branches.filter((b) => !(isSchema(b) && b.type === "null"));
    if (nonNull.length < branches.length) nullable = true;
    const types = nonNull.map((b) => typeOf(resolve(b, root))).sort();
    if (nonNull.length === 2 && types[0] === "integer" && types[1] === "string") {
      return base("int-or-string", schema, nullable);
    }
    if (nonNull.length === 1 && branches.length === 2) {
      const { anyOf: _a, oneOf: _o, ...rest } = schema;
      schema = { ...resolve(nonNull[0] as Schema, root), ...rest };
    }
  }
  if (schema["x-kubernetes-int-or-string"] === true) return base("int-or-string", schema, nullable);
  if (schema["x-kubernetes-embedded-resource"] === true) {
    return { ...base("island", schema, nullable), island: "an embedded object (apiVersion, kind, metadata, …)" };
  }
  const type = typeOf(schema) ?? (schema.properties ? "object" : undefined);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    return { ...base("enum", schema, nullable), enum: schema.enum.filter((v) => v !== null) };
  }
  const choice = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (
    Array.isArray(choice) &&
    choice.length > 1 &&
    choice.every((b) => isSchema(b) && (typeOf(resolve(b, root)) || resolve(b, root).properties))
  ) {
    return { ...base("choice", schema, nullable), branches: choice.map((b) => resolve(b, root)) };
  }
  switch (type) {
    case "object": {
      const properties = isSchema(schema.properties) ? (Object.entries(schema.properties) as [string, Schema][]) : [];
      const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true || schema.additionalProperties === true;
      if (properties.length === 0 && isSchema(schema.additionalProperties)) {
        return { ...base("map", schema, nullable), values: schema.additionalProperties };
      }
      if (properties.length === 0) {
        return {
          ...base("island", schema, nullable),
          island: preserve ? "any fields are kept" : "an object without declared fields",
        };
      }
      return {
        ...base("object", schema, nullable),
        properties,
        required: new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []),
      };
    }
    case "array":
      return { ...base("array", schema, nullable), items: isSchema(schema.items) ? schema.items : {} };
    case "boolean":
      return base("boolean", schema, nullable);
    case "integer":
    case "number":
      return {
        ...base(type, schema, nullable),
        ...(typeof schema.minimum === "number" ? { minimum: schema.minimum } : {}),
        ...(typeof schema.exclusiveMinimum === "number" ? { minimum: schema.exclusiveMinimum } : {}),
        ...(typeof schema.maximum === "number" ? { maximum: schema.maximum } : {}),
        ...(typeof schema.exclusiveMaximum === "number" ? { maximum: schema.exclusiveMaximum } : {}),
      };
    case "string":
      return base("string", schema, nullable);
    default:
      return { ...base("island", schema, nullable), island: "any value" };
  }
}

function base(kind: FieldKind, schema: Schema, nullable: boolean): FieldInfo {
  const info: FieldInfo = { kind, schema, nullable };
  if (typeof schema.description === "string") info.description = schema.description;
  if (schema.default !== undefined) info.default = schema.default;
  return info;
}

/** A new value for a field the user adds: its default, else an empty value of its kind. */
export function emptyValue(info: FieldInfo): unknown {
  if (info.default !== undefined) return structuredClone(info.default);
  switch (info.kind) {
    case "object":
    case "map":
    case "island":
      return {};
    case "array":
      return [];
    case "boolean":
      return false;
    case "integer":
    case "number":
    case "int-or-string":
      return info.minimum ?? 0;
    case "enum":
      return info.enum?.[0] ?? "";
    default:
      return "";
  }
}
