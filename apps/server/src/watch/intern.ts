/**
 * One copy of each short string that many slim objects repeat (apiVersion, kind, namespace, label keys and
 * values, condition types, statuses, reasons and messages, timestamps): JSON.parse makes a fresh string for every
 * value of every object, so 50,000 objects of one kind held 50,000 copies of their apiVersion. Interning keeps one,
 * shared by every row (the parsed copies become garbage at once).
 *
 * Bounded: strings longer than {@link MAX_INTERNED_CHARS} are kept as they are, and past {@link MAX_ENTRIES}
 * distinct strings the pool starts over (strings interned before stay shared where they are; only later copies
 * of them are new), so high-cardinality values (uids, names) cannot grow it without limit: callers do not intern
 * those.
 */
export const MAX_INTERNED_CHARS = 256;
const MAX_ENTRIES = 50_000;

let pool = new Map<string, string>();

export function intern<T>(value: T): T {
  if (typeof value !== "string" || value.length > MAX_INTERNED_CHARS) return value;
  const held = pool.get(value);
  if (held !== undefined) return held as T;
  if (pool.size >= MAX_ENTRIES) pool = new Map();
  pool.set(value, value);
  return value;
}

/** Distinct strings held now (tests). */
export function internedCount(): number {
  return pool.size;
}
