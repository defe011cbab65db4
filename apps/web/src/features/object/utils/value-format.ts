/**
 * How the Overview's value tree prints scalars: Kubernetes quantities with a normalized reading beside the written
 * one, RFC 3339 times as a UTC time and an age, long or multi-line strings folded. Pure.
 */

import { formatAge } from "../../../lib/format.ts";

/** A scalar as shown: its text, an optional reading (`1.5 Gi`, `3h ago`), and whether the text is folded. */
export interface ScalarDisplay {
  text: string;
  hint?: string;
  /** The text is long or has several lines: show its first part, the rest on demand. */
  foldable: boolean;
  kind: "string" | "number" | "boolean" | "null" | "time" | "quantity";
}

const FOLD_LENGTH = 120;

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};
const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Field names whose values are resource quantities even where the schema says only "int or string". */
const QUANTITY_KEYS = new Set(["cpu", "memory", "storage", "ephemeral-storage", "pods", "nvidia.com/gpu"]);
const QUANTITY_PARENTS = new Set(["limits", "requests", "capacity", "allocatable", "hard", "used", "resources"]);

/** The value of a Kubernetes quantity (`500m` → 0.5, `1Gi` → 1073741824); undefined when the text is not one. */
export function parseQuantity(text: string): number | undefined {
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const number = Number(match[1]);
  const suffix = match[2] ?? "";
  if (suffix in BINARY) return number * (BINARY[suffix] as number);
  if (suffix in DECIMAL) return number * (DECIMAL[suffix] as number);
  return number * 10 ** Number(suffix.slice(1));
}

const short = (n: number) => (Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(3))));

/**
 * A quantity's normalized reading when it reads better than the written one: `1536Mi` → `1.5 Gi`, `2500m` → `2.5`,
 * `2000000000` → `2 G`; undefined when the written form is already plain (`512Mi`, `1`) or not a quantity.
 */
export function quantityHint(text: string): string | undefined {
  const value = parseQuantity(text);
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const suffix = QUANTITY.exec(text.trim())?.[2] ?? "";
  const binary = suffix in BINARY;
  let reading: string;
  if (binary) {
    const units = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
    let i = 0;
    let v = value;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    reading = `${short(v)}${units[i] ? ` ${units[i]}` : ""}`;
  } else {
    const units: [string, number][] = [
      ["E", 1e18],
      ["P", 1e15],
      ["T", 1e12],
      ["G", 1e9],
      ["M", 1e6],
      ["k", 1e3],
    ];
    const unit = units.find(([, size]) => Math.abs(value) >= size);
    reading = unit ? `${short(value / unit[1])} ${unit[0]}` : short(value);
  }
  return reading.replace(" ", "") === text.trim() || reading === text.trim() ? undefined : reading;
}

/** RFC 3339 time → `2026-11-25 19:33:03 UTC`; undefined when the text is not one. */
export function formatTime(text: string): string | undefined {
  if (!RFC3339.test(text)) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) return undefined;
  return `${new Date(t)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$|Z$/, "")} UTC`;
}

/** `3h ago`, or `in 89d` for a time still to come (a certificate's notAfter). */
export function relativeTime(text: string, now: number): string {
  const diff = Date.parse(text) - now;
  return diff > 0 ? `in ${formatAge(diff)}` : `${formatAge(-diff)} ago`;
}

/** Is this field a quantity: by its schema type, or by its name where resources are counted. */
export function isQuantityField(key: string, parentKey: string | undefined, schemaType: string | undefined): boolean {
  if (schemaType === "<Quantity>") return true;
  return QUANTITY_KEYS.has(key) || (parentKey !== undefined && QUANTITY_PARENTS.has(parentKey));
}

/** How one scalar is shown. */
export function displayScalar(
  value: unknown,
  context: { key: string; parentKey?: string; schemaType?: string; format?: string; now: number },
): ScalarDisplay {
  if (value === null || value === undefined) return { text: "null", foldable: false, kind: "null" };
  if (typeof value === "boolean") return { text: String(value), foldable: false, kind: "boolean" };
  if (typeof value === "number") {
    const hint = isQuantityField(context.key, context.parentKey, context.schemaType)
      ? quantityHint(String(value))
      : undefined;
    return { text: String(value), foldable: false, kind: "number", ...(hint ? { hint } : {}) };
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (context.format === "date-time" || RFC3339.test(text)) {
    const time = formatTime(text);
    if (time) return { text: time, hint: relativeTime(text, context.now), foldable: false, kind: "time" };
  }
  if (isQuantityField(context.key, context.parentKey, context.schemaType)) {
    const hint = quantityHint(text);
    if (parseQuantity(text) !== undefined)
      return { text, foldable: false, kind: "quantity", ...(hint ? { hint } : {}) };
  }
  return { text, foldable: text.length > FOLD_LENGTH || text.includes("\n"), kind: "string" };
}

/** The folded form of a long string: its first line, cut at the fold length. */
export function foldedText(text: string): string {
  const line = text.split("\n", 1)[0] ?? "";
  return line.length > FOLD_LENGTH ? `${line.slice(0, FOLD_LENGTH)}…` : `${line}…`;
}
