import type { HistoryFieldChange } from "@loupe/protocol";
import type { RecordedObject } from "./types.ts";

/** Paths never reported as changes: the resourceVersion is the change's own, managedFields are not recorded. */
const IGNORED = new Set(["/metadata/resourceVersion", "/metadata/managedFields"]);

type Json = unknown;

/**
 * The field-level changes that turn `before` into `after`, as JSON Pointers (RFC 6901) to the deepest differing
 * values: objects are compared key by key, arrays of equal length index by index, and an array whose length
 * changed is one change of the whole array (so {@link applyChanges} rebuilds it exactly). Absent fields have no
 * `before`/`after`. Order: depth-first in `after`'s key order, removed keys after.
 */
export function diffObjects(before: Json, after: Json): HistoryFieldChange[] {
  const changes: HistoryFieldChange[] = [];
  walk(before, after, "", changes);
  return changes;
}

function walk(before: Json, after: Json, path: string, out: HistoryFieldChange[]): void {
  if (IGNORED.has(path)) return;
  if (before === after) return;
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(after)) {
      const child = `${path}/${escapePointer(key)}`;
      if (key in before) walk(before[key], after[key], child, out);
      else if (!IGNORED.has(child)) out.push({ path: child, after: after[key] });
    }
    for (const key of Object.keys(before)) {
      const child = `${path}/${escapePointer(key)}`;
      if (!(key in after) && !IGNORED.has(child)) out.push({ path: child, before: before[key] });
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    for (let i = 0; i < after.length; i++) walk(before[i], after[i], `${path}/${i}`, out);
    return;
  }
  if (deepEqual(before, after)) return;
  out.push({ path, before, after });
}

/**
 * `base` with `changes` applied (a structured copy; `base` is not modified): each change sets `after` at its path,
 * or removes the field when `after` is absent. Intermediate objects are created as needed.
 */
export function applyChanges(base: RecordedObject, changes: readonly HistoryFieldChange[]): RecordedObject {
  let root: Json = structuredClone(base);
  for (const change of changes) {
    if (change.path === "") {
      root = structuredClone(change.after);
      continue;
    }
    const keys = change.path.slice(1).split("/").map(unescapePointer);
    let node = root as Record<string, Json>;
    for (const key of keys.slice(0, -1)) {
      if (!isObject(node[key]) && !Array.isArray(node[key])) node[key] = {};
      node = node[key] as Record<string, Json>;
    }
    const last = keys[keys.length - 1] as string;
    if ("after" in change && change.after !== undefined) node[last] = structuredClone(change.after);
    else if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  }
  return root as RecordedObject;
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

function unescapePointer(key: string): string {
  return key.replace(/~1/g, "/").replace(/~0/g, "~");
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
