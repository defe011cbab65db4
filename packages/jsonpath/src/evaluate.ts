import type { Operand, Path, Segment, Step, Template } from "./ast.ts";

/** Longest text one evaluation returns; the rest is cut and marked with "…". */
export const MAX_OUTPUT_LENGTH = 4096;
/** Most intermediate results one path step may produce (a guard against `..` over huge objects). */
const MAX_RESULTS = 10_000;

/**
 * Every value `path` selects from `root` (`current` is what `@` means), in document order. Missing fields, indexes
 * out of range and steps that do not apply to a value (a field of a string) select nothing: kubectl's
 * `--allow-missing-template-keys`, which custom columns use, so they are never errors.
 */
export function select(path: Path, root: unknown, current: unknown = root): unknown[] {
  return applySteps(path.steps, [path.root === "@" ? current : root], root);
}

function applySteps(steps: readonly Step[], start: unknown[], root: unknown): unknown[] {
  let values = start;
  for (const step of steps) {
    let next: unknown[] = [];
    if (step.kind === "union") {
      for (const member of step.members) next = next.concat(applySteps(member, values, root));
    } else {
      for (const value of values) {
        applyStep(step, value, root, next);
        if (next.length > MAX_RESULTS) break;
      }
    }
    values = next;
    if (values.length === 0) break;
  }
  return values;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function applyStep(step: Step, value: unknown, root: unknown, out: unknown[]): void {
  switch (step.kind) {
    case "field":
      if (isObject(value) && Object.hasOwn(value, step.name)) out.push(value[step.name]);
      return;
    case "wildcard":
      if (Array.isArray(value)) out.push(...value);
      else if (isObject(value)) out.push(...Object.values(value));
      return;
    case "descend":
      descend(value, out);
      return;
    case "index": {
      if (!Array.isArray(value)) return;
      const at = step.index < 0 ? step.index + value.length : step.index;
      if (at >= 0 && at < value.length) out.push(value[at]);
      return;
    }
    case "slice":
      if (Array.isArray(value)) out.push(...slice(value, step.start, step.end, step.step));
      return;
    case "union":
      out.push(...applySteps([step], [value], root));
      return;
    case "filter": {
      if (Array.isArray(value)) for (const item of value) if (holds(step, item, root)) out.push(item);
      return;
    }
  }
}

function descend(value: unknown, out: unknown[]): void {
  out.push(value);
  if (out.length > MAX_RESULTS) return;
  if (Array.isArray(value)) for (const item of value) descend(item, out);
  else if (isObject(value)) for (const item of Object.values(value)) descend(item, out);
}

/** Python's slice: negative bounds count from the end, out-of-range bounds are clamped, a negative step walks back. */
function slice(items: readonly unknown[], start: number | undefined, end: number | undefined, step = 1): unknown[] {
  const n = items.length;
  const clamp = (v: number, low: number, high: number) => Math.min(Math.max(v, low), high);
  const out: unknown[] = [];
  if (step > 0) {
    const from = start === undefined ? 0 : clamp(start < 0 ? start + n : start, 0, n);
    const to = end === undefined ? n : clamp(end < 0 ? end + n : end, 0, n);
    for (let i = from; i < to; i += step) out.push(items[i]);
  } else {
    const from = start === undefined ? n - 1 : clamp(start < 0 ? start + n : start, -1, n - 1);
    const to = end === undefined ? -1 : clamp(end < 0 ? end + n : end, -1, n - 1);
    for (let i = from; i > to; i += step) out.push(items[i]);
  }
  return out;
}

function operandValues(operand: Operand, item: unknown, root: unknown): unknown[] {
  return operand.kind === "literal" ? [operand.value] : select(operand.path, root, item);
}

/**
 * A filter's condition for one element: with no operator, the left path selects something (that is not false or
 * null); with one, the first value of each side compares — numbers as numbers, everything else as text, so
 * `@.replicas=="3"` and `@.replicas==3` agree; a number never orders against a non-number (`<` is false). A side
 * that selects nothing makes the condition false. Filters apply to arrays only, as in kubectl.
 */
function holds(step: Extract<Step, { kind: "filter" }>, item: unknown, root: unknown): boolean {
  const left = operandValues(step.left, item, root);
  if (!step.op || !step.right) return left.length > 0 && left[0] !== false && left[0] !== null;
  const right = operandValues(step.right, item, root);
  if (left.length === 0 || right.length === 0) return false;
  const a = left[0];
  const b = right[0];
  const an = toNumber(a);
  const bn = toNumber(b);
  let order: number;
  if (an !== undefined && bn !== undefined) order = an === bn ? 0 : an < bn ? -1 : 1;
  else if ((an === undefined) !== (bn === undefined) && step.op !== "==" && step.op !== "!=") return false;
  else {
    const at = text(a);
    const bt = text(b);
    order = at === bt ? 0 : at < bt ? -1 : 1;
  }
  switch (step.op) {
    case "==":
      return order === 0;
    case "!=":
      return order !== 0;
    case "<":
      return order < 0;
    case "<=":
      return order <= 0;
    case ">":
      return order > 0;
    case ">=":
      return order >= 0;
  }
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "" && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value.trim())) {
    return Number(value);
  }
  return undefined;
}

/** How kubectl prints one value: strings as they are, numbers and booleans plainly, objects and arrays as JSON, null as empty. */
export function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return JSON.stringify(value);
}

/**
 * The template's text for `object`. A bare path (custom-columns form) joins several values with ",", as
 * `kubectl get -o custom-columns` does; `{…}` templates join a path's values with " " and concatenate their parts,
 * as `kubectl get -o jsonpath` does. Nothing selected gives "" (never an error). Output is cut at
 * {@link MAX_OUTPUT_LENGTH}.
 */
export function evaluate(template: Template, object: unknown): string {
  const out = { text: "" };
  const separator = template.bare ? "," : " ";
  write(template.segments, object, object, separator, out);
  return out.text.length > MAX_OUTPUT_LENGTH ? `${out.text.slice(0, MAX_OUTPUT_LENGTH - 1)}…` : out.text;
}

function write(
  segments: readonly Segment[],
  root: unknown,
  current: unknown,
  separator: string,
  out: { text: string },
): void {
  for (const segment of segments) {
    if (out.text.length > MAX_OUTPUT_LENGTH) return;
    if (segment.kind === "text") out.text += segment.text;
    else if (segment.kind === "path") {
      // Inside {range}, a path (with "." or "$") is relative to the element, as in kubectl.
      out.text += select(segment.path, current, current).map(text).join(separator);
    } else {
      let items = select(segment.path, current, current);
      // `{range .items}` as well as `{range .items[*]}`: one array selected means its elements.
      if (items.length === 1 && Array.isArray(items[0])) items = items[0];
      for (const item of items) write(segment.body, root, item, separator, out);
    }
  }
}
