import type { SchemaField } from "@loupe/protocol";
import { Document, isMap, isScalar } from "yaml";

/**
 * "New <Kind>": a starting object built from the kind's field tree (the schema route's `fields`), for any kind,
 * CRDs included. It has apiVersion and kind (the kind's own: a CRD's kind, never a guess), metadata with an empty
 * name and the current namespace (namespaced kinds only), and every required field, recursively, with a placeholder
 * value. Placeholders are the field's default, else its first enum value, else an empty value of its type (`""`,
 * the minimum or 0, false, [], {}), each followed by a comment naming the field's type and meaning — so the user
 * sees what to fill in, and the schema validation marks what is still missing.
 */

export interface TemplateTarget {
  apiVersion: string;
  kind: string;
  /** The namespace to create in; undefined for a cluster-scoped kind. */
  namespace: string | undefined;
}

/** A placeholder put in the template: where, and the comment written after it. */
export interface Placeholder {
  path: string[];
  comment: string;
}

const MAX_DEPTH = 8;

/** The template as an object plus the placeholders to annotate. Pure. */
export function templateObject(
  fields: readonly SchemaField[],
  target: TemplateTarget,
): { object: Record<string, unknown>; placeholders: Placeholder[] } {
  const placeholders: Placeholder[] = [];
  const metadata: Record<string, unknown> = { name: "" };
  placeholders.push({ path: ["metadata", "name"], comment: "required: the new object's name" });
  if (target.namespace !== undefined) metadata.namespace = target.namespace;
  const object: Record<string, unknown> = { apiVersion: target.apiVersion, kind: target.kind, metadata };
  for (const field of fields) {
    if (["apiVersion", "kind", "metadata", "status"].includes(field.name)) continue;
    if (!field.required && field.name !== "spec") continue;
    object[field.name] = valueFor(field, [field.name], placeholders, 1);
  }
  return { object, placeholders };
}

function valueFor(field: SchemaField, path: string[], placeholders: Placeholder[], depth: number): unknown {
  if (field.default !== undefined) return structuredClone(field.default);
  if (field.enum && field.enum.length > 0) {
    placeholders.push({ path, comment: `one of ${field.enum.map((v) => JSON.stringify(v)).join(", ")}` });
    return field.enum[0];
  }
  const children = field.children ?? [];
  const type = field.type.replace(/^<|>$/g, "");
  if (!type.startsWith("[]") && children.length > 0) {
    const out: Record<string, unknown> = {};
    if (depth >= MAX_DEPTH) return out;
    for (const child of children) {
      if (child.required) out[child.name] = valueFor(child, [...path, child.name], placeholders, depth + 1);
    }
    return out;
  }
  const value = emptyValue(field, type);
  if (field.required) placeholders.push({ path, comment: describeField(field) });
  return value;
}

function emptyValue(field: SchemaField, type: string): unknown {
  if (type.startsWith("[]")) return [];
  if (type.startsWith("map[")) return {};
  switch (type) {
    case "integer":
    case "number":
      return field.minimum === undefined ? 0 : field.minimum + (field.exclusiveMinimum ? 1 : 0);
    case "boolean":
      return false;
    case "string":
    case "IntOrString":
    case "Quantity":
      return "";
    default:
      return {};
  }
}

/** `required <string>: The cron spec string.` — the type and the description's first sentence, kept short. */
function describeField(field: SchemaField): string {
  const first = (field.description ?? "").split(/(?<=\.)\s/)[0]?.trim() ?? "";
  const short = first.length > 90 ? `${first.slice(0, 87)}...` : first;
  return `required ${field.type}${short ? `: ${short}` : ""}`;
}

/** The template as YAML text, placeholders annotated with comments. */
export function templateYaml(fields: readonly SchemaField[], target: TemplateTarget): string {
  const { object, placeholders } = templateObject(fields, target);
  const doc = new Document(object);
  for (const { path, comment } of placeholders) {
    const node = doc.getIn(path, true);
    if (isScalar(node)) {
      node.comment = ` ${comment}`;
      continue;
    }
    // A comment after a collection value would be printed below it: put it above the key instead.
    const parent = doc.getIn(path.slice(0, -1), true);
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
    if (pair && isScalar(pair.key)) pair.key.commentBefore = ` ${comment}`;
  }
  return doc.toString({ lineWidth: 0 });
}
