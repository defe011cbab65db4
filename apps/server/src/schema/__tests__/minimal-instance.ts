import type { JsonSchema } from "../json-schema.ts";

/** Strings tried, in order, for a required string with a pattern, after the pattern's own literal prefix. */
const CANDIDATES = [
  "a",
  "abc",
  "a-b",
  "example",
  "example.com",
  "1",
  "0",
  "10",
  "1s",
  "1m",
  "1h",
  "/",
  "/a",
  "http://example.com",
  "a.b",
  "A",
  "1.0.0",
  "v1",
  "*",
  "a@b.c",
];

const FORMAT_SAMPLES: Record<string, string> = {
  "date-time": "2026-01-01T00:00:00Z",
  date: "2026-01-01",
  byte: "YQ==",
  ipv4: "10.0.0.1",
  ipv6: "::1",
  uuid: "00000000-0000-4000-8000-000000000000",
  email: "a@example.com",
  hostname: "example.com",
};

/**
 * A small instance of a JSON Schema made by toJsonSchema(): only required properties, the first enum value, the
 * lowest allowed number, the shortest strings the pattern and length allow, `minItems` items. Test helper: the
 * point is to check the schema accepts *some* valid object without writing one per kind by hand. It throws when it
 * cannot find a string for a pattern, so a failing fixture says why.
 */
export function minimalInstance(schema: JsonSchema): unknown {
  const definitions = (schema.definitions ?? {}) as Record<string, JsonSchema>;
  const deref = (node: JsonSchema): JsonSchema => {
    let current = node;
    for (let i = 0; typeof current.$ref === "string" && i < 32; i++) {
      const name = current.$ref.replace("#/definitions/", "").replaceAll("~1", "/").replaceAll("~0", "~");
      current = definitions[name] ?? {};
    }
    return current;
  };

  const generate = (input: JsonSchema, depth: number): unknown => {
    const node = flatten(input, deref);
    if (depth > 40) throw new Error("minimalInstance: schema too deep");
    if (Array.isArray(node.enum)) return node.enum.find((v) => v !== null) ?? node.enum[0];
    const branches = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
    const type = typeOf(node, branches, deref);
    switch (type) {
      case "object":
        return object(node, branches, depth);
      case "array": {
        const count = typeof node.minItems === "number" ? node.minItems : 0;
        return Array.from({ length: count }, () => generate((node.items ?? {}) as JsonSchema, depth + 1));
      }
      case "string":
        return string(node);
      case "integer":
      case "number":
        return number(node, type);
      case "boolean":
        return typeof node.default === "boolean" ? node.default : false;
      case "null":
        return null;
      default:
        // No type: any value (or a branch of anyOf/oneOf without a base type, such as int-or-string).
        return branches?.[0] ? generate(branches[0], depth + 1) : {};
    }
  };

  const object = (node: JsonSchema, branches: JsonSchema[] | undefined, depth: number): Record<string, unknown> => {
    const properties = (node.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((node.required as string[] | undefined) ?? []);
    // Value-validation branches (`oneOf: [{required: [a]}, {required: [b]}]`): satisfy the first.
    const branch = branches?.[0] ? flatten(branches[0], deref) : undefined;
    for (const name of (branch?.required as string[] | undefined) ?? []) required.add(name);
    const result: Record<string, unknown> = {};
    const values = node.additionalProperties;
    for (const name of required) {
      const property = properties[name] ?? (typeof values === "object" ? (values as JsonSchema) : {});
      result[name] = generate(property, depth + 1);
    }
    const minProperties = typeof node.minProperties === "number" ? node.minProperties : 0;
    for (const [name, property] of Object.entries(properties)) {
      if (Object.keys(result).length >= minProperties) break;
      if (!(name in result)) result[name] = generate(property, depth + 1);
    }
    for (let i = 0; Object.keys(result).length < minProperties; i++) {
      result[`key${i}`] = generate(typeof values === "object" ? (values as JsonSchema) : {}, depth + 1);
    }
    return result;
  };

  return generate(schema, 0);
}

/** Merges `allOf` items (and `$ref`s) into one node, as far as generating an instance needs. */
function flatten(input: JsonSchema, deref: (node: JsonSchema) => JsonSchema): JsonSchema {
  const node = deref(input);
  if (!Array.isArray(node.allOf)) return node;
  const { allOf, ...own } = node;
  let merged: JsonSchema = { ...own };
  for (const part of allOf as JsonSchema[]) {
    const flat = flatten(part, deref);
    merged = {
      ...flat,
      ...merged,
      properties: { ...(flat.properties ?? {}), ...(merged.properties ?? {}) },
      required: [...((flat.required as string[]) ?? []), ...((merged.required as string[]) ?? [])],
    };
  }
  return merged;
}

function typeOf(
  node: JsonSchema,
  branches: JsonSchema[] | undefined,
  deref: (node: JsonSchema) => JsonSchema,
): string | undefined {
  const types = Array.isArray(node.type) ? (node.type as string[]) : node.type ? [node.type as string] : [];
  const type = types.find((t) => t !== "null") ?? types[0];
  if (type) return type;
  if (node.properties || node.additionalProperties !== undefined) return "object";
  if (branches?.every((b) => deref(b).type === undefined && deref(b).required)) return "object";
  return undefined;
}

function string(node: JsonSchema): string {
  const format = typeof node.format === "string" ? FORMAT_SAMPLES[node.format] : undefined;
  const min = typeof node.minLength === "number" ? node.minLength : 0;
  const max = typeof node.maxLength === "number" ? node.maxLength : Number.POSITIVE_INFINITY;
  const fits = (s: string) =>
    s.length >= min && s.length <= max && (typeof node.pattern !== "string" || new RegExp(node.pattern, "u").test(s));
  const candidates = [
    ...(typeof node.default === "string" ? [node.default] : []),
    ...(format ? [format] : []),
    ...CANDIDATES,
  ];
  for (const candidate of candidates) {
    const padded = candidate.length < min ? candidate + "a".repeat(min - candidate.length) : candidate;
    if (fits(padded)) return padded;
  }
  throw new Error(`minimalInstance: no sample string fits ${JSON.stringify({ pattern: node.pattern, min, max })}`);
}

function number(node: JsonSchema, type: "integer" | "number"): number {
  if (typeof node.default === "number") return node.default;
  if (typeof node.minimum === "number") return node.minimum;
  if (typeof node.exclusiveMinimum === "number") return node.exclusiveMinimum + (type === "integer" ? 1 : 0.5);
  if (typeof node.maximum === "number" && node.maximum < 1) return node.maximum;
  return 1;
}
