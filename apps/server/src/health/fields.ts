/**
 * Reading unstructured objects defensively: a status is whatever its controller wrote, so every accessor takes
 * `unknown` and answers a default rather than throwing on an unexpected shape.
 */

/** A JSON object, or undefined when `value` is not one. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value at `path` (keys of nested objects), or undefined. */
export function at(value: unknown, ...path: string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    const object = record(current);
    if (!object) return undefined;
    current = object[key];
  }
  return current;
}

/** A string at `path`, or `fallback`. */
export function str(value: unknown, path: string[], fallback = ""): string {
  const found = at(value, ...path);
  return typeof found === "string" ? found : fallback;
}

/**
 * An integer at `path`, or `fallback`. Integer strings count (Istio writes `observedGeneration` as a string; an
 * int-or-string field may hold either).
 */
export function int(value: unknown, path: string[], fallback: number): number {
  const found = at(value, ...path);
  if (typeof found === "number" && Number.isFinite(found)) return Math.trunc(found);
  if (typeof found === "string" && /^-?\d+$/.test(found)) return Number(found);
  return fallback;
}

/** Whether an integer (or an integer string) is at `path`. */
export function hasInt(value: unknown, path: string[]): boolean {
  return !Number.isNaN(int(value, path, Number.NaN));
}

/** One entry of a `conditions` list, as metav1.Condition (and the older per-type condition structs) shape it. */
export interface Condition {
  type: string;
  /** "True", "False", "Unknown" — or, for a few controllers, another word (prometheus-operator's "Degraded"). */
  status: string;
  reason: string;
  message: string;
  /** The generation the condition was computed for, when the controller sets it. */
  observedGeneration: number | undefined;
}

/**
 * The conditions at `path` (default `status.conditions`): entries without a string `type` are skipped; undefined
 * when the field holds something else than a list (so a rule can say the status has an unexpected shape).
 */
export function conditionsAt(value: unknown, path: string[] = ["status", "conditions"]): Condition[] | undefined {
  const list = at(value, ...path);
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return undefined;
  const conditions: Condition[] = [];
  for (const entry of list) {
    const type = str(entry, ["type"]);
    if (!type) continue;
    conditions.push({
      type,
      status: str(entry, ["status"]),
      reason: str(entry, ["reason"]),
      message: str(entry, ["message"]),
      observedGeneration: hasInt(entry, ["observedGeneration"]) ? int(entry, ["observedGeneration"], 0) : undefined,
    });
  }
  return conditions;
}

/** The first condition of `type` in `conditions`. */
export function find(conditions: readonly Condition[], type: string): Condition | undefined {
  return conditions.find((c) => c.type === type);
}
