import { deepEqual } from "./three-way.ts";

/**
 * Field-level changes between two versions of an object, for the text summaries beside the diffs ("spec.replicas:
 * 3 → 5"): what the user changed, what changed on the server meanwhile. Pure.
 */

export interface FieldChange {
  path: string;
  /** undefined: absent. */
  before: unknown;
  after: unknown;
}

/** Bookkeeping that changes on every write and says nothing about the change. */
export const NOISE = ["metadata.resourceVersion", "metadata.managedFields", "metadata.generation"];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/**
 * The changed leaves from `before` to `after`, in `after`'s order then removed keys; an added or removed subtree
 * is one change at its root; lists of different lengths are one change. `ignore` paths (and below) are skipped.
 */
export function fieldChanges(before: unknown, after: unknown, ignore: readonly string[] = NOISE): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (ignore.includes(path)) return;
    if (deepEqual(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(b)) walk(a[key], b[key], join(path, key));
      for (const key of Object.keys(a)) if (!(key in b)) walk(a[key], undefined, join(path, key));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      for (let i = 0; i < a.length; i++) walk(a[i], b[i], join(path, i));
      return;
    }
    out.push({ path: path === "" ? "(root)" : path, before: a, after: b });
  };
  walk(before, after, "");
  return out;
}

/**
 * The user's changes the server did not keep: fields changed from `base` to `sent` whose value in `stored` (what
 * the server answered) is not what was sent — ignored by a subresource, pruned as unknown, overridden by a webhook.
 */
export function changesNotKept(base: unknown, sent: unknown, stored: unknown): FieldChange[] {
  const mine = new Set(fieldChanges(base, sent).map((c) => c.path));
  return fieldChanges(sent, stored).filter((c) => mine.has(c.path));
}

/** A value in one short line: strings quoted, objects as compact JSON, absent as "(absent)", long ones cut. */
export function shortValue(value: unknown, max = 60): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
