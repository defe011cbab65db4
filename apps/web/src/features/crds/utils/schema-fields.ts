/**
 * A CRD version's `openAPIV3Schema` as a flat list of fields (`spec.template.replicas`), and the structural
 * differences between two versions' lists. Pure: the CRD page renders the list and the diff.
 */

/** The parts of a structural schema (apiextensions.k8s.io/v1 JSONSchemaProps) read here. */
export interface SchemaNode {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  required?: string[];
  enum?: unknown[];
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

export interface SchemaField {
  /** Dotted path from the object's root; `[]` marks an array's items, `{}` a map's values. */
  path: string;
  depth: number;
  /** `string`, `integer(int64)`, `[]object`, `map[string]string`, `int-or-string`, `any`. */
  type: string;
  required: boolean;
  description: string;
  /** Allowed values, when the schema lists them. */
  enum?: string;
}

/** Nesting past this depth is not followed (a schema is a tree, but generated ones nest deeply). */
export const MAX_DEPTH = 16;
/** Fields listed at most (a 2.8 MB schema has tens of thousands); the list says when it stopped. */
export const MAX_FIELDS = 50_000;

function typeOf(node: SchemaNode): string {
  if (node["x-kubernetes-int-or-string"]) return "int-or-string";
  if (node.type === "array") return `[]${node.items ? typeOf(node.items) : "any"}`;
  if (node.type === "object" && !node.properties && typeof node.additionalProperties === "object") {
    return `map[string]${typeOf(node.additionalProperties)}`;
  }
  if (!node.type) return node["x-kubernetes-preserve-unknown-fields"] ? "any" : "object";
  return node.format ? `${node.type}(${node.format})` : node.type;
}

/** The fields of `schema` in document order, depth first; `truncated` when MAX_FIELDS was reached. */
export function schemaFields(schema: SchemaNode | undefined): { fields: SchemaField[]; truncated: boolean } {
  const fields: SchemaField[] = [];
  let truncated = false;
  const walk = (node: SchemaNode, prefix: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    const required = new Set(node.required ?? []);
    const children: [string, SchemaNode, boolean][] = [];
    if (node.properties) {
      for (const [name, child] of Object.entries(node.properties)) children.push([name, child, required.has(name)]);
    }
    for (const [name, child, isRequired] of children) {
      if (fields.length >= MAX_FIELDS) {
        truncated = true;
        return;
      }
      const path = prefix ? `${prefix}.${name}` : name;
      fields.push({
        path,
        depth,
        type: typeOf(child),
        required: isRequired,
        description: child.description ?? "",
        ...(child.enum ? { enum: child.enum.map((v) => JSON.stringify(v)).join(", ") } : {}),
      });
      walk(elementOf(child), `${path}${suffixOf(child)}`, depth + 1);
    }
  };
  if (schema) walk(schema, "", 0);
  return { fields, truncated };
}

/** The node whose properties are a field's children: itself, its array items, or its map values. */
function elementOf(node: SchemaNode): SchemaNode {
  let current = node;
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (current.type === "array" && current.items) current = current.items;
    else if (!current.properties && typeof current.additionalProperties === "object")
      current = current.additionalProperties;
    else break;
  }
  return current;
}

function suffixOf(node: SchemaNode): string {
  let suffix = "";
  let current = node;
  for (let i = 0; i < MAX_DEPTH; i++) {
    if (current.type === "array" && current.items) {
      suffix += "[]";
      current = current.items;
    } else if (!current.properties && typeof current.additionalProperties === "object") {
      suffix += "{}";
      current = current.additionalProperties;
    } else break;
  }
  return suffix;
}

export type FieldChange =
  | { change: "added"; path: string; to: SchemaField }
  | { change: "removed"; path: string; from: SchemaField }
  | { change: "type"; path: string; from: SchemaField; to: SchemaField }
  | { change: "required"; path: string; from: SchemaField; to: SchemaField }
  | { change: "enum"; path: string; from: SchemaField; to: SchemaField };

/**
 * What changes from version `from` to version `to`, field by field: fields added, removed, whose type changed,
 * that became (or stopped being) required, whose allowed values changed. Descriptions are ignored (they change
 * with every regeneration). Sorted by path; a removed object's children are not listed again under it.
 */
export function diffFields(from: readonly SchemaField[], to: readonly SchemaField[]): FieldChange[] {
  const before = new Map(from.map((f) => [f.path, f]));
  const after = new Map(to.map((f) => [f.path, f]));
  const changes: FieldChange[] = [];
  const under = (path: string, parents: Set<string>) => {
    for (const parent of parents) if (path.startsWith(`${parent}.`) || path.startsWith(`${parent}[]`)) return true;
    return false;
  };
  const removed = new Set<string>();
  const added = new Set<string>();
  for (const [path, field] of before) {
    const next = after.get(path);
    if (!next) {
      if (!under(path, removed)) changes.push({ change: "removed", path, from: field });
      removed.add(path);
    } else if (next.type !== field.type) changes.push({ change: "type", path, from: field, to: next });
    else if (next.required !== field.required) changes.push({ change: "required", path, from: field, to: next });
    else if ((next.enum ?? "") !== (field.enum ?? "")) changes.push({ change: "enum", path, from: field, to: next });
  }
  for (const [path, field] of after) {
    if (before.has(path)) continue;
    if (!under(path, added)) changes.push({ change: "added", path, to: field });
    added.add(path);
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
