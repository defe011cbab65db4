/**
 * Rebasing a user's edit onto the server's latest version of an object: a three-way merge of `base` (what the user
 * started from) → `mine` (their edit) onto `theirs` (the server's current version). Pure and deterministic; the
 * editor calls it when a replace (PUT) is refused with 409 and the user asks to rebase.
 *
 * What changed only on one side is taken from that side. Where both sides changed the same field to different
 * values, the user's value is taken — they asked to apply their change — and the field is reported as a conflict,
 * so the review that follows says what of the server's change is about to be overwritten. Nothing is silent.
 */

/** A field both sides changed differently. `undefined` means "absent" on that side. */
export interface MergeConflict {
  /** Display path, e.g. `spec.replicas`, `spec.containers[name="web"].image`, `spec.args[2]`. */
  path: string;
  /** The same path as steps: a key, a list index, or the item of a named list (`{ name: "web" }`). */
  steps: MergeStep[];
  base: unknown;
  mine: unknown;
  theirs: unknown;
}

export interface MergeResult {
  /** `theirs` with the user's change applied; its resourceVersion is the server's. */
  merged: Record<string, unknown>;
  conflicts: MergeConflict[];
  /** Paths the user changed (base → mine), for the review's summary. */
  changed: string[];
}

/** One step of a conflict's path. */
export type MergeStep = string | number | { name: string };

/** Which value the user picked for a conflict: their own (the default) or the server's. */
export type Pick = "mine" | "theirs";

/** Fields that are bookkeeping of the server, always taken from `theirs`. */
const SERVER_OWNED = new Set(["metadata.resourceVersion", "metadata.managedFields", "metadata.generation"]);

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: Json, b: Json): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function childPath(path: string, key: string | number, named = false): string {
  if (named) return `${path}[name=${JSON.stringify(key)}]`;
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Lists whose items are all objects with a unique string `name` (containers, env, ports, volumes...). */
function namedItems(list: Json[]): Map<string, Json> | null {
  const map = new Map<string, Json>();
  for (const item of list) {
    if (!isObject(item) || typeof item.name !== "string" || map.has(item.name)) return null;
    map.set(item.name, item);
  }
  return map;
}

/** Three-way merges `base → mine` onto `theirs`. See the module comment for the rules. */
export function rebase(
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
): MergeResult {
  const conflicts: MergeConflict[] = [];
  const changed: string[] = [];

  const merge = (b: Json, m: Json, t: Json, path: string, steps: MergeStep[]): Json => {
    if (SERVER_OWNED.has(path)) return t;
    if (deepEqual(m, b)) return t;
    if (deepEqual(t, b) || deepEqual(m, t)) {
      changed.push(path);
      return m;
    }
    if (isObject(b) && isObject(m) && isObject(t)) return mergeObjects(b, m, t, path, steps);
    if (Array.isArray(b) && Array.isArray(m) && Array.isArray(t)) {
      const keyed = [namedItems(b), namedItems(m), namedItems(t)];
      if (keyed[0] && keyed[1] && keyed[2]) return mergeNamed(keyed[0], keyed[1], keyed[2], m, t, path, steps);
      if (b.length === m.length && m.length === t.length)
        return b.map((x, i) => merge(x, m[i], t[i], childPath(path, i), [...steps, i]));
    }
    changed.push(path);
    conflicts.push({ path: path === "" ? "(root)" : path, steps, base: b, mine: m, theirs: t });
    return m;
  };

  const mergeObjects = (
    b: Record<string, Json>,
    m: Record<string, Json>,
    t: Record<string, Json>,
    path: string,
    steps: MergeStep[],
  ) => {
    const out: Record<string, Json> = {};
    // The server's key order first, then keys only the user added, in their order.
    const keys = [...Object.keys(t), ...Object.keys(m).filter((k) => !(k in t))];
    for (const key of keys) {
      const value = merge(b[key], m[key], t[key], childPath(path, key), [...steps, key]);
      if (value !== undefined) out[key] = value;
    }
    return out;
  };

  const mergeNamed = (
    b: Map<string, Json>,
    m: Map<string, Json>,
    t: Map<string, Json>,
    mineList: Json[],
    theirsList: Json[],
    path: string,
    steps: MergeStep[],
  ) => {
    const out: Json[] = [];
    const names = [
      ...theirsList.map((item) => (item as { name: string }).name),
      ...mineList.map((item) => (item as { name: string }).name).filter((n) => !t.has(n)),
    ];
    for (const name of names) {
      const value = merge(b.get(name), m.get(name), t.get(name), childPath(path, name, true), [...steps, { name }]);
      if (value !== undefined) out.push(value);
    }
    return out;
  };

  const merged = merge(base, mine, theirs, "", []);
  return { merged: (isObject(merged) ? merged : { ...theirs }) as Record<string, unknown>, conflicts, changed };
}

/**
 * The merge with the user's picks applied: where they picked the server's value for a conflict, that value (or its
 * absence) replaces theirs in `merged`; every other conflict keeps the user's value. Pure: `merged` is not modified.
 */
export function applyPicks(
  merged: Record<string, unknown>,
  conflicts: readonly MergeConflict[],
  picks: Readonly<Record<string, Pick>>,
): Record<string, unknown> {
  let out: Json = structuredClone(merged);
  for (const conflict of conflicts) {
    if (picks[conflict.path] !== "theirs") continue;
    out = setAt(out, conflict.steps, conflict.theirs);
  }
  return (isObject(out) ? out : {}) as Record<string, unknown>;
}

/** `root` with the value at `steps` replaced (`undefined`: removed); a missing parent leaves `root` as it is. */
function setAt(root: Json, steps: readonly MergeStep[], value: Json): Json {
  if (steps.length === 0) return value === undefined ? {} : structuredClone(value);
  const [step, ...rest] = steps as [MergeStep, ...MergeStep[]];
  if (typeof step === "object") {
    if (!Array.isArray(root)) return root;
    const index = root.findIndex((item) => isObject(item) && item.name === step.name);
    if (index < 0) return rest.length === 0 && value !== undefined ? [...root, structuredClone(value)] : root;
    if (rest.length === 0 && value === undefined) return root.filter((_, i) => i !== index);
    const next = setAt(root[index], rest, value);
    return root.map((x, i) => (i === index ? next : x));
  }
  if (typeof step === "number") {
    if (!Array.isArray(root) || step >= root.length) return root;
    return root.map((x, i) => (i === step ? setAt(x, rest, value) : x));
  }
  if (!isObject(root)) return root;
  if (rest.length === 0) {
    const { [step]: _old, ...others } = root;
    return value === undefined ? others : { ...root, [step]: structuredClone(value) };
  }
  if (!(step in root)) return root;
  return { ...root, [step]: setAt(root[step], rest, value) };
}
