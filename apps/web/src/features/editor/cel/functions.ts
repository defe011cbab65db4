import { CelScalar, type CelValue, celFunc, celMethod, isCelList, listType } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";

/**
 * The CEL functions Kubernetes adds to the standard library for `x-kubernetes-validations`, beyond what
 * @bufbuild/cel has built in (the standard macros, `has()`, `size`, `matches`, `startsWith`, `endsWith`, `contains`,
 * `duration`, `timestamp`, and its `strings` extension: `lowerAscii`, `split`, `replace`, `indexOf`, ...):
 *
 * - URLs: `isURL(string)`;
 * - lists: `isSorted()`, `sum()`, `min()`, `max()`, `indexOf(x)`, `lastIndexOf(x)`;
 * - regex: `find(regex)`, `findAll(regex)`, `findAll(regex, limit)` (with JavaScript's regular expressions, which
 *   agree with RE2 on the syntax both have; `matches` itself uses @bufbuild/cel's RE2).
 *
 * Not here (a rule using them is reported as "not checked in the browser", never passed): quantities
 * (`quantity()`, `isQuantity()`), IP/CIDR, semver, `authorizer`, the optional syntax `?.`/`[?]`.
 */

const { STRING, INT, BOOL, DYN } = CelScalar;
const LIST = listType(DYN);

/** Go's `url.ParseRequestURI`: an absolute URL (scheme and something after it) or an absolute path. */
export function isUrl(text: string): boolean {
  if (text === "" || [...text].some((ch) => ch.trim() === "" || ch.charCodeAt(0) < 0x20 || ch === "\u007f")) {
    return false;
  }
  if (text.startsWith("/")) return true;
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s.exec(text);
  if (!match) return false;
  const rest = match[2] as string;
  if (rest === "") return false;
  if (!rest.startsWith("/")) return true; // opaque, e.g. mailto:x
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

function items(list: unknown): CelValue[] {
  return isCelList(list) ? [...list] : [];
}

function compare(a: CelValue, b: CelValue): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    const x = Number(a);
    const y = Number(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  throw new Error("no such overload");
}

function equal(a: CelValue, b: CelValue): boolean {
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return Number(a) === Number(b);
  }
  return a === b;
}

function extreme(list: unknown, sign: 1 | -1): CelValue {
  const all = items(list);
  if (all.length === 0) throw new Error("min/max of an empty list");
  return all.reduce((best, x) => (compare(x, best) * sign > 0 ? x : best));
}

function findAll(text: string, pattern: string, limit: number): string[] {
  const found = [...text.matchAll(new RegExp(pattern, "gu"))].map((m) => m[0]);
  return limit < 0 ? found : found.slice(0, limit);
}

export const kubernetesFunctions = [
  ...strings,
  celFunc("isURL", [STRING], BOOL, (text) => isUrl(text)),
  celMethod("isSorted", LIST, [], BOOL, function () {
    const all = items(this);
    return all.every((x, i) => i === 0 || compare(all[i - 1] as CelValue, x) <= 0);
  }),
  celMethod("sum", LIST, [], DYN, function () {
    const all = items(this);
    if (all.length === 0) return 0n;
    if (all.every((x) => typeof x === "bigint")) return all.reduce((s: bigint, x) => s + (x as bigint), 0n);
    return all.reduce((s: number, x) => s + Number(x), 0);
  }),
  celMethod("min", LIST, [], DYN, function () {
    return extreme(this, -1);
  }),
  celMethod("max", LIST, [], DYN, function () {
    return extreme(this, 1);
  }),
  celMethod("indexOf", LIST, [DYN], INT, function (x) {
    return BigInt(items(this).findIndex((y) => equal(x, y)));
  }),
  celMethod("lastIndexOf", LIST, [DYN], INT, function (x) {
    return BigInt(items(this).findLastIndex((y) => equal(x, y)));
  }),
  celMethod("find", STRING, [STRING], STRING, function (pattern) {
    return new RegExp(pattern, "u").exec(this)?.[0] ?? "";
  }),
  celMethod("findAll", STRING, [STRING], listType(STRING), function (pattern) {
    return findAll(this, pattern, -1);
  }),
  celMethod("findAll", STRING, [STRING, INT], listType(STRING), function (pattern, limit) {
    return findAll(this, pattern, Number(limit));
  }),
];
