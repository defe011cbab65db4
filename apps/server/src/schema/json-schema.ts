import { componentName, type GroupVersionKind, type OpenApiDocument, type OpenApiSchema } from "./openapi-v3.ts";

/** A JSON Schema (draft-07) object, as the editor and ajv read it. */
export type JsonSchema = { [keyword: string]: unknown };

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/**
 * Formats kept in the JSON Schema: those whose meaning in Kubernetes matches what ajv-formats and the YAML
 * language server check. Others are dropped (still shown in the field tree): `int-or-string` is mapped to types,
 * Kubernetes' `duration` is Go's ("1h30m", not ISO 8601), and `uri` is looser in Kubernetes than in JSON Schema.
 */
const KEPT_FORMATS = new Set([
  "date-time",
  "date",
  "byte",
  "int32",
  "int64",
  "float",
  "double",
  "password",
  "binary",
  "ipv4",
  "ipv6",
  "uuid",
  "email",
  "hostname",
]);

/** Keywords that mean the same in OpenAPI 3.0 and JSON Schema draft-07, copied as they are. */
const COPIED = [
  "title",
  "description",
  "type",
  "enum",
  "default",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "required",
] as const;

/**
 * Converts the component schema `name` of `document` — the schema of `gvk` — into one self-contained draft-07 JSON
 * Schema: every `#/components/schemas/X` reference becomes `#/definitions/X`, with only the reachable components
 * copied (recursive ones, such as JSONSchemaProps, stay references). Kubernetes' extensions are mapped:
 *
 * - `x-kubernetes-int-or-string` (and `format: int-or-string`) → `anyOf: [integer, string]`;
 * - `nullable: true` → null is also accepted;
 * - `x-kubernetes-preserve-unknown-fields` → unknown properties are allowed; every other object that declares
 *   properties refuses unknown ones (`additionalProperties: false`), as the API server's strict field validation does;
 * - `x-kubernetes-embedded-resource` → an object that requires `apiVersion` and `kind` and may have `metadata`;
 * - `x-kubernetes-validations` → appended to the description (ajv cannot run CEL);
 * - `x-kubernetes-list-type: set` → `uniqueItems`.
 *
 * OpenAPI 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` become draft-07 numbers; every other `x-` keyword is
 * left out. The root's `apiVersion` and `kind` are required and fixed to `gvk`'s values, so an editor flags a
 * wrong kind. Pure: the document is not modified.
 */
export function toJsonSchema(document: OpenApiDocument, name: string, gvk: GroupVersionKind): JsonSchema {
  const schemas = document.components?.schemas ?? {};
  const root = schemas[name];
  if (!root) throw new Error(`OpenAPI document has no component schema ${name}`);
  const definitions: Record<string, JsonSchema> = {};
  const pending: string[] = [];
  const refer = (ref: string): JsonSchema => {
    const target = componentName(ref);
    if (target === undefined || !schemas[target]) return {}; // a dangling reference constrains nothing
    if (!(target in definitions)) {
      definitions[target] = {}; // placeholder: a cycle meets it and stops
      pending.push(target);
    }
    return { $ref: `#/definitions/${encodePointer(target)}` };
  };

  const out = convert(root, true, refer);
  for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
    definitions[next] = convert(schemas[next] as OpenApiSchema, true, refer);
  }

  const apiVersion = gvk.group === "" ? gvk.version : `${gvk.group}/${gvk.version}`;
  const properties = { ...((out.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  properties.apiVersion = { ...(properties.apiVersion ?? { type: "string" }), enum: [apiVersion] };
  properties.kind = { ...(properties.kind ?? { type: "string" }), enum: [gvk.kind] };
  const required = [...new Set(["apiVersion", "kind", ...((out.required as string[] | undefined) ?? [])])];
  const result: JsonSchema = { $schema: DRAFT_07, ...out, type: "object", properties, required };
  if (Object.keys(definitions).length > 0) result.definitions = definitions;
  return result;
}

/**
 * One schema node. `structural` is false inside allOf/anyOf/oneOf/not, where Kubernetes' value validations may
 * name properties without declaring them all: only structural nodes get `additionalProperties: false`.
 */
function convert(node: OpenApiSchema, structural: boolean, refer: (ref: string) => JsonSchema): JsonSchema {
  if (typeof node.$ref === "string") return refer(node.$ref);
  const out: JsonSchema = {};
  for (const keyword of COPIED) if (node[keyword] !== undefined) out[keyword] = node[keyword];
  if (typeof node.pattern === "string" && isEcmaRegex(node.pattern)) out.pattern = node.pattern;
  copyBound(node, out, "minimum", "exclusiveMinimum");
  copyBound(node, out, "maximum", "exclusiveMaximum");
  if (node.format === "datetime") out.format = "date-time";
  else if (typeof node.format === "string" && KEPT_FORMATS.has(node.format)) out.format = node.format;
  if (node.example !== undefined) out.examples = [node.example];
  if (node["x-kubernetes-list-type"] === "set") out.uniqueItems = true;

  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([key, value]) => [key, convert(value, structural, refer)]),
    );
  }
  if (typeof node.additionalProperties === "boolean") out.additionalProperties = node.additionalProperties;
  else if (node.additionalProperties) out.additionalProperties = convert(node.additionalProperties, structural, refer);
  if (node.items) out.items = convert(node.items, structural, refer);
  for (const keyword of ["allOf", "anyOf", "oneOf"] as const) {
    const list = node[keyword];
    if (list) out[keyword] = list.map((item) => convert(item, false, refer));
  }
  if (node.not) out.not = convert(node.not, false, refer);

  const preserve = node["x-kubernetes-preserve-unknown-fields"] === true;
  if (node["x-kubernetes-embedded-resource"] === true) embedResource(out);
  // A sibling `allOf: [{$ref}]` brings properties that this node's additionalProperties would not see.
  const composed = [node.allOf, node.anyOf, node.oneOf].some((list) => list?.some((item) => item.$ref));
  if (structural && out.properties && out.additionalProperties === undefined && !preserve && !composed) {
    out.additionalProperties = false;
  }
  if (node["x-kubernetes-int-or-string"] === true || node.format === "int-or-string") intOrString(out);
  const rules = node["x-kubernetes-validations"];
  if (rules?.length) out.description = describeRules(node.description, rules);
  return node.nullable === true ? orNull(out) : out;
}

/** OpenAPI 3.0 `minimum: 1, exclusiveMinimum: true` → draft-07 `exclusiveMinimum: 1`. */
function copyBound(
  node: OpenApiSchema,
  out: JsonSchema,
  bound: "minimum" | "maximum",
  exclusive: "exclusiveMinimum" | "exclusiveMaximum",
): void {
  if (typeof node[bound] !== "number") return;
  if (node[exclusive] === true) out[exclusive] = node[bound];
  else out[bound] = node[bound];
}

function embedResource(out: JsonSchema): void {
  out.type = "object";
  const properties = (out.properties ?? {}) as Record<string, JsonSchema>;
  out.properties = {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    metadata: { type: "object" },
    ...properties,
  };
  out.required = [...new Set(["apiVersion", "kind", ...((out.required as string[] | undefined) ?? [])])];
}

const STRING_KEYWORDS = ["pattern", "minLength", "maxLength"];
const NUMBER_KEYWORDS = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];

/**
 * Replaces a type (and the published `anyOf`/`oneOf` of integer and string, if any) by `anyOf: [integer, string]`,
 * moving each constraint into the branch it applies to (a quantity's `pattern` goes with the string).
 */
function intOrString(out: JsonSchema): void {
  delete out.type;
  delete out.format;
  for (const keyword of ["anyOf", "oneOf"] as const) {
    if (isIntOrStringPair(out[keyword])) delete out[keyword];
  }
  const integer: JsonSchema = { type: "integer" };
  const string: JsonSchema = { type: "string" };
  const moves: [string[], JsonSchema][] = [
    [NUMBER_KEYWORDS, integer],
    [STRING_KEYWORDS, string],
  ];
  for (const [keywords, branch] of moves) {
    for (const keyword of keywords) {
      if (out[keyword] === undefined) continue;
      branch[keyword] = out[keyword];
      delete out[keyword];
    }
  }
  if (out.anyOf === undefined) out.anyOf = [integer, string];
  else out.allOf = [...((out.allOf as JsonSchema[] | undefined) ?? []), { anyOf: [integer, string] }];
}

function isIntOrStringPair(list: unknown): boolean {
  if (!Array.isArray(list) || list.length !== 2) return false;
  const types = list.map((s: JsonSchema) => (Object.keys(s).length === 1 ? s.type : undefined)).sort();
  return types[0] === "integer" && types[1] === "string";
}

/** Makes a schema accept null as well, keeping its description at the top where editors show it. */
function orNull(out: JsonSchema): JsonSchema {
  if (typeof out.type === "string") {
    out.type = [out.type, "null"];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.anyOf) && Object.keys(out).every((k) => k === "anyOf" || k === "description")) {
    out.anyOf = [...out.anyOf, { type: "null" }];
    return out;
  }
  const { description, ...rest } = out;
  return { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: "null" }] };
}

/** The description followed by the CEL rules, one per line, so the editor's hover shows them. */
function describeRules(
  description: string | undefined,
  rules: NonNullable<OpenApiSchema["x-kubernetes-validations"]>,
): string {
  const lines = rules.map((r) => {
    const message = r.message ?? (r.messageExpression ? `message: ${r.messageExpression}` : undefined);
    return `- ${r.rule}${message ? ` — ${message}` : ""}`;
  });
  return `${description ? `${description}\n\n` : ""}Validation rules (checked by the API server):\n${lines.join("\n")}`;
}

/** Go's RE2 and ECMAScript mostly agree; a pattern JavaScript cannot compile (say `(?i)...`) is left out. */
function isEcmaRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

function encodePointer(name: string): string {
  return name.replaceAll("~", "~0").replaceAll("/", "~1");
}
