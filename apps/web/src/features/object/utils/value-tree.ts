import type { SchemaField } from "@loupe/protocol";

/**
 * An object's own values (spec, status and whatever else a kind keeps at its top level) as a tree the Overview
 * renders: each node knows its schema field (for the description shown on hover and the type that decides how a
 * scalar is printed). Array items take the array's field (the schema tree lists item fields as the array's
 * children, as `kubectl explain` does); a map's values take the map's field. Bounded: past `limit` nodes the rest
 * of a branch is summarized, so a huge object cannot stall the page. Pure.
 */

export interface ValueNode {
  /** The key in its parent (`replicas`), or `[3]` for a list item. */
  label: string;
  /** The path as the user reads it: `spec.containers[0].image`. */
  path: string;
  /** The schema field, when the schema names one. */
  field?: SchemaField;
  /** The nearest named key above a list item or map value (for quantity detection: `limits.cpu`). */
  parentKey?: string;
  value: unknown;
  shape: "scalar" | "map" | "list";
  /** Number of entries of a map or list. */
  size: number;
  children: ValueNode[];
  /** Entries left out by the node limit. */
  omitted: number;
}

/** Top-level keys the Overview shows elsewhere (or never): identity and metadata. */
const SKIPPED_TOP = new Set(["apiVersion", "kind", "metadata"]);

export interface TreeOptions {
  /** Largest number of nodes built (default 4,000). */
  limit?: number;
  /** Top-level keys to leave out (a Secret's `data`, shown masked by its own card). */
  skip?: readonly string[];
  /** Paths (in `path` notation) to leave out: `status.conditions` has its own table. */
  skipPaths?: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The tree of an object's own values, one root node per top-level key (spec first, then status, then the rest). */
export function valueTree(object: Record<string, unknown>, fields: readonly SchemaField[], options: TreeOptions = {}) {
  const budget = { left: options.limit ?? 4_000 };
  const skip = new Set([...SKIPPED_TOP, ...(options.skip ?? [])]);
  const skipPaths = new Set(options.skipPaths ?? []);
  const rank = (key: string) => (key === "spec" ? 0 : key === "status" ? 2 : 1);
  const keys = Object.keys(object)
    .filter((key) => !skip.has(key))
    .sort((a, b) => rank(a) - rank(b));
  const byName = new Map(fields.map((f) => [f.name, f]));
  return keys.map((key) => build(key, key, object[key], byName.get(key), undefined, budget, skipPaths));
}

function build(
  label: string,
  path: string,
  value: unknown,
  field: SchemaField | undefined,
  parentKey: string | undefined,
  budget: { left: number },
  skipPaths: Set<string>,
): ValueNode {
  budget.left--;
  const base = { label, path, value, parentKey, ...(field ? { field } : {}) };
  if (Array.isArray(value)) {
    const node: ValueNode = { ...base, shape: "list", size: value.length, children: [], omitted: 0 };
    for (const [i, item] of value.entries()) {
      if (budget.left <= 0) {
        node.omitted = value.length - i;
        break;
      }
      // Items share the array's field: its children are the item's fields.
      node.children.push(build(`[${i}]`, `${path}[${i}]`, item, field, label, budget, skipPaths));
    }
    return node;
  }
  if (isRecord(value)) {
    const entries = Object.entries(value).filter(([key]) => !skipPaths.has(`${path}.${key}`));
    const node: ValueNode = { ...base, shape: "map", size: entries.length, children: [], omitted: 0 };
    const childFields = new Map((field?.children ?? []).map((f) => [f.name, f]));
    // A map[string]X (no named children): values take the map's own field, so the description still shows.
    const isMap = field?.type.startsWith("<map[") ?? false;
    for (const [i, [key, child]] of entries.entries()) {
      if (budget.left <= 0) {
        node.omitted = entries.length - i;
        break;
      }
      const childField = childFields.get(key) ?? (isMap ? field : undefined);
      node.children.push(build(key, `${path}.${key}`, child, childField, label, budget, skipPaths));
    }
    return node;
  }
  return { ...base, shape: "scalar", size: 0, children: [], omitted: 0 };
}

/** A one-line summary of a collapsed map or list: `3 items`, `{image, replicas, …}`. */
export function summary(node: ValueNode): string {
  if (node.shape === "list") return node.size === 1 ? "1 item" : `${node.size} items`;
  if (node.shape === "map") {
    const keys = node.children.map((c) => c.label);
    if (keys.length === 0) return "{}";
    const shown = keys.slice(0, 4).join(", ");
    return `{${shown}${keys.length > 4 ? ", …" : ""}}`;
  }
  return "";
}
