import type { SchemaField } from "@loupe/protocol";
import { componentName, type OpenApiDocument, type OpenApiSchema } from "./openapi-v3.ts";

/** Options of {@link fieldTree}. */
export interface FieldTreeOptions {
  /** Deepest level that gets children; deeper fields are marked `truncated: "depth"` (default 12). */
  maxDepth?: number;
}

/** A schema with its `$ref` / `allOf: [{$ref}]` wrapper resolved, and the component it came from. */
interface Resolved {
  schema: OpenApiSchema;
  /** Component name when the schema is (a wrapper of) a reference. */
  ref?: string;
}

/**
 * The fields of the component schema `name`, `kubectl explain` style: each with kubectl's type notation, whether
 * its parent requires it, its description and constraints, and its own fields as children (an array's are its
 * items' fields). A field whose type is one of its own ancestors (JSONSchemaProps contains JSONSchemaProps) gets
 * no children and `truncated: "cycle"`; so does any field below `maxDepth`, with `truncated: "depth"`.
 */
export function fieldTree(document: OpenApiDocument, name: string, options: FieldTreeOptions = {}): SchemaField[] {
  const schemas = document.components?.schemas ?? {};
  const maxDepth = options.maxDepth ?? 12;

  const resolve = (node: OpenApiSchema): Resolved => {
    const ref = refOf(node);
    const target = ref === undefined ? undefined : schemas[ref];
    if (ref === undefined || !target) return { schema: node };
    // The wrapper's own keywords (its description, default, nullable) win over the referenced type's.
    const { allOf: _allOf, $ref: _ref, ...own } = node;
    const schema: OpenApiSchema = { ...target, ...own };
    if (target.properties && own.properties) schema.properties = { ...target.properties, ...own.properties };
    if (target.required && own.required) schema.required = [...new Set([...target.required, ...own.required])];
    return { schema, ref };
  };

  const typeOf = (node: OpenApiSchema): string => {
    const { schema, ref } = resolve(node);
    if (isIntOrString(schema) || ref?.endsWith(".IntOrString")) return "IntOrString";
    if (schema.type === "array") return `[]${schema.items ? typeOf(schema.items) : "Object"}`;
    if (schema.type === "object" || schema.properties || schema.additionalProperties !== undefined) {
      if (schema.properties) return ref ? shortName(ref) : "Object";
      const values = schema.additionalProperties;
      if (values && typeof values === "object") return `map[string]${typeOf(values)}`;
      return "Object";
    }
    if (schema.type) return schema.type;
    if (ref) return shortName(ref); // Quantity: oneOf string or number
    if (schema["x-kubernetes-preserve-unknown-fields"] || schema["x-kubernetes-embedded-resource"]) return "Object";
    return "any";
  };

  /** The schema whose properties are a field's children: the object itself, or an array's items. */
  const container = (node: Resolved): Resolved | undefined => {
    if (node.schema.properties) return node;
    if (node.schema.type === "array" && node.schema.items) {
      const items = resolve(node.schema.items);
      return items.schema.properties ? items : undefined;
    }
    return undefined;
  };

  const fields = (parent: Resolved, parentPath: string, depth: number, ancestors: string[]): SchemaField[] => {
    const required = new Set(parent.schema.required ?? []);
    return Object.entries(parent.schema.properties ?? {}).map(([key, value]) => {
      const resolved = resolve(value);
      const path = parentPath ? `${parentPath}.${key}` : key;
      const field = describe(key, path, resolved.schema, typeOf(value), required.has(key));
      const inner = container(resolved);
      if (!inner) return field;
      if (inner.ref && ancestors.includes(inner.ref)) field.truncated = "cycle";
      else if (depth >= maxDepth) field.truncated = "depth";
      else field.children = fields(inner, path, depth + 1, inner.ref ? [...ancestors, inner.ref] : ancestors);
      return field;
    });
  };

  const root = schemas[name];
  if (!root) throw new Error(`OpenAPI document has no component schema ${name}`);
  return fields({ schema: root, ref: name }, "", 1, [name]);
}

function describe(name: string, path: string, s: OpenApiSchema, type: string, required: boolean): SchemaField {
  const field: SchemaField = { path, name, type: `<${type}>`, required };
  if (s.description) field.description = s.description;
  if (s.enum) field.enum = s.enum;
  if (s.default !== undefined) field.default = s.default;
  if (typeof s.format === "string") field.format = s.format;
  if (typeof s.pattern === "string") field.pattern = s.pattern;
  for (const key of ["minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems"] as const) {
    if (typeof s[key] === "number") field[key] = s[key];
  }
  if (s.exclusiveMinimum === true) field.exclusiveMinimum = true;
  if (s.exclusiveMaximum === true) field.exclusiveMaximum = true;
  if (s.nullable === true) field.nullable = true;
  if (isIntOrString(s)) field.intOrString = true;
  if (s["x-kubernetes-preserve-unknown-fields"] === true) field.preserveUnknownFields = true;
  if (s["x-kubernetes-embedded-resource"] === true) field.embeddedResource = true;
  const rules = s["x-kubernetes-validations"];
  if (rules?.length) field.validations = rules.map((r) => ({ ...r }));
  return field;
}

function isIntOrString(s: OpenApiSchema): boolean {
  return s["x-kubernetes-int-or-string"] === true || s.format === "int-or-string";
}

/** The component a node refers to, directly or through the `allOf: [{$ref}]` wrapper Kubernetes publishes. */
function refOf(node: OpenApiSchema): string | undefined {
  if (typeof node.$ref === "string") return componentName(node.$ref);
  const only = node.allOf?.length === 1 ? node.allOf[0] : undefined;
  return typeof only?.$ref === "string" ? componentName(only.$ref) : undefined;
}

/** `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` → `ObjectMeta`. */
function shortName(ref: string): string {
  return ref.slice(ref.lastIndexOf(".") + 1);
}
