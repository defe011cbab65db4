import type { SchemaField } from "@loupe/protocol";

/**
 * Views of a kind's field tree for the schema browser (`kubectl explain` for any kind). Pure.
 */

/** Every path in the tree that has children (for "expand all"). */
export function expandablePaths(fields: readonly SchemaField[]): string[] {
  const out: string[] = [];
  const walk = (list: readonly SchemaField[]) => {
    for (const f of list) {
      if (f.children && f.children.length > 0) {
        out.push(f.path);
        walk(f.children);
      }
    }
  };
  walk(fields);
  return out;
}

/** The ancestors of a dotted path, nearest last: `spec.template.spec` → [`spec`, `spec.template`]. */
export function ancestorsOf(path: string): string[] {
  const parts = path.split(".");
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join("."));
}

/** The field at `path`, if the tree has it. */
export function findField(fields: readonly SchemaField[], path: string): SchemaField | undefined {
  for (const f of fields) {
    if (f.path === path) return f;
    if (f.children && path.startsWith(`${f.path}.`)) {
      const found = findField(f.children, path);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * The tree pruned to fields whose name, path or description contains `query` (case-insensitive), with their
 * ancestors kept for context; and the paths to open so every match shows. An empty query keeps everything.
 */
export function filterFields(
  fields: readonly SchemaField[],
  query: string,
): { fields: SchemaField[]; open: string[]; matches: number } {
  const q = query.trim().toLowerCase();
  if (q === "") return { fields: [...fields], open: [], matches: 0 };
  const open = new Set<string>();
  let matches = 0;
  const walk = (list: readonly SchemaField[]): SchemaField[] => {
    const out: SchemaField[] = [];
    for (const f of list) {
      const children = f.children ? walk(f.children) : [];
      const hit = f.path.toLowerCase().includes(q) || (f.description ?? "").toLowerCase().includes(q);
      if (hit) matches++;
      if (!hit && children.length === 0) continue;
      if (children.length > 0) open.add(f.path);
      out.push({ ...f, ...(f.children ? { children: hit && children.length === 0 ? f.children : children } : {}) });
    }
    return out;
  };
  const pruned = walk(fields);
  return { fields: pruned, open: [...open], matches };
}

/** The field's constraints in words, kubectl-explain style, in a stable order. */
export function constraintsOf(f: SchemaField): string[] {
  const out: string[] = [];
  if (f.format) out.push(`format ${f.format}`);
  if (f.minimum !== undefined || f.maximum !== undefined) {
    const lo = f.minimum === undefined ? "" : `${f.exclusiveMinimum ? ">" : "≥"} ${f.minimum}`;
    const hi = f.maximum === undefined ? "" : `${f.exclusiveMaximum ? "<" : "≤"} ${f.maximum}`;
    out.push([lo, hi].filter(Boolean).join(", "));
  }
  if (f.minLength !== undefined) out.push(`at least ${f.minLength} characters`);
  if (f.maxLength !== undefined) out.push(`at most ${f.maxLength} characters`);
  if (f.minItems !== undefined) out.push(`at least ${f.minItems} items`);
  if (f.maxItems !== undefined) out.push(`at most ${f.maxItems} items`);
  if (f.pattern) out.push(`matches /${f.pattern}/`);
  if (f.nullable) out.push("may be null");
  if (f.intOrString) out.push("an integer or a string");
  if (f.preserveUnknownFields) out.push("keeps unknown fields");
  if (f.embeddedResource) out.push("an embedded object (apiVersion, kind, metadata)");
  if (f.truncated === "cycle") out.push("recursive: its fields are those of an ancestor");
  if (f.truncated === "depth") out.push("nested too deep to show");
  return out;
}

/** A default or enum value as YAML would print a scalar (strings bare unless ambiguous), objects as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === "string")
    return /^[\w./:-]+$/.test(value) && !/^(true|false|null|\d.*)$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value);
}
