import { isCelError } from "@bufbuild/cel";
import type { CelNode, ValidationRule } from "@loupe/protocol";
import { compile, isUnsupported } from "./compile.ts";
import { toCel } from "./values.ts";

/** One step of an object path: a property or map key, or a list index. */
export type ObjectPath = (string | number)[];

/** A rule the object breaks: where (the rule's node, or its `fieldPath`), and the message the API server gives. */
export interface Violation {
  /** Path of the field the message is about, for placing a marker. */
  path: ObjectPath;
  /** The same path spelt as the API server's causes spell it (`spec.rules[0].matches`). */
  field: string;
  message: string;
  rule: string;
  reason?: string;
}

/** A rule the browser could not evaluate (never a silent pass): the user sees it as such. */
export interface Unchecked {
  field: string;
  rule: string;
  reason: string;
}

export interface RulesCheck {
  violations: Violation[];
  unchecked: Unchecked[];
  /** How many rule evaluations ran. */
  evaluated: number;
}

/** At most this many evaluations per check: a huge list under a rule-bearing node cannot freeze typing. */
const MAX_EVALUATIONS = 20_000;

/**
 * Evaluates every `x-kubernetes-validations` rule of `schema` against `object` as the API server does on a write:
 * each rule with `self` bound to the value at its node (rules of absent or null values are not run); a transition
 * rule (one that reads `oldSelf`) only where `old` — the object as it was loaded — has a correlated value (same
 * property or map key, same keys in a `map` list, same value in a `set` list; nothing in an `atomic` list); and,
 * as the API server's ratcheting does, no rule of a value unchanged from `old` fails. Pure.
 */
export function checkRules(schema: CelNode, object: unknown, old?: unknown): RulesCheck {
  const result: RulesCheck = { violations: [], unchecked: [], evaluated: 0 };
  visit(
    schema,
    withDefaults(schema, object),
    old === undefined ? old : withDefaults(schema, old),
    old !== undefined,
    [],
    result,
  );
  return result;
}

/**
 * A copy of `value` with the schema's defaults set where a field is absent, as the API server does before it
 * validates (so `self.group` reads the defaulted group). Only what the rules' nodes declare is defaulted.
 */
export function withDefaults(node: CelNode, value: unknown): unknown {
  if (Array.isArray(value)) return node.items ? value.map((item) => withDefaults(node.items as CelNode, item)) : value;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  if (node.properties) {
    for (const [key, child] of Object.entries(node.properties)) {
      if (out[key] === undefined && child.default !== undefined) out[key] = structuredClone(child.default);
      if (out[key] !== undefined) out[key] = withDefaults(child, out[key]);
    }
  } else if (node.additionalProperties) {
    for (const [key, child] of Object.entries(out)) out[key] = withDefaults(node.additionalProperties, child);
  }
  return out;
}

function visit(
  node: CelNode,
  value: unknown,
  old: unknown,
  correlated: boolean,
  path: ObjectPath,
  out: RulesCheck,
): void {
  if (value === undefined || value === null || !matchesType(node, value)) return;
  if (correlated && deepEqual(value, old)) return; // ratcheting: an unchanged value keeps passing
  if (node.rules) for (const rule of node.rules) runRule(rule, node, value, old, correlated, path, out);
  if (isObject(value)) {
    const oldObject = correlated && isObject(old) ? old : undefined;
    if (node.properties) {
      for (const [key, child] of Object.entries(node.properties)) {
        if (key in value)
          visit(child, value[key], oldObject?.[key], oldObject !== undefined && key in oldObject, [...path, key], out);
      }
    } else if (node.additionalProperties) {
      for (const [key, child] of Object.entries(value)) {
        const had = oldObject !== undefined && key in oldObject;
        visit(node.additionalProperties, child, oldObject?.[key], had, [...path, key], out);
      }
    }
  } else if (Array.isArray(value) && node.items) {
    const oldList = correlated && Array.isArray(old) ? old : undefined;
    value.forEach((item, index) => {
      const match = oldList ? correlate(node, item, oldList) : { found: false, value: undefined };
      visit(node.items as CelNode, item, match.value, match.found, [...path, index], out);
    });
  }
}

function runRule(
  rule: ValidationRule,
  node: CelNode,
  value: unknown,
  old: unknown,
  correlated: boolean,
  path: ObjectPath,
  out: RulesCheck,
): void {
  const field = fieldString(path);
  const compiled = compile(rule.rule);
  if (!compiled.ok) {
    out.unchecked.push({ field, rule: rule.rule, reason: compiled.reason });
    return;
  }
  if (compiled.usesOldSelf && rule.optionalOldSelf) {
    out.unchecked.push({
      field,
      rule: rule.rule,
      reason: "optionalOldSelf (an optional oldSelf) is not supported here",
    });
    return;
  }
  if (compiled.usesOldSelf && !correlated) return; // a transition rule runs on updates of an existing value only
  if (out.evaluated >= MAX_EVALUATIONS) {
    out.unchecked.push({ field, rule: rule.rule, reason: `over ${MAX_EVALUATIONS} evaluations in one check` });
    return;
  }
  out.evaluated++;
  const bindings: Record<string, unknown> = { self: toCel(value, node) };
  if (compiled.usesOldSelf) bindings.oldSelf = toCel(old, node);
  const verdict = compiled.run(bindings);
  if (verdict === true) return;
  let message: string;
  if (isCelError(verdict)) {
    if (isUnsupported(verdict.message)) {
      out.unchecked.push({ field, rule: rule.rule, reason: verdict.message });
      return;
    }
    // As the API server words it: the error, then the rule's message (or the rule itself when it has none).
    message = `${verdict.message} evaluating rule: ${rule.message?.trim() || rule.rule.trim()}`;
  } else if (verdict === false) {
    message = messageOf(rule, bindings);
  } else {
    out.unchecked.push({ field, rule: rule.rule, reason: `the rule gave ${String(verdict)}, not a bool` });
    return;
  }
  const at = rule.fieldPath ? [...path, ...parseRelativePath(rule.fieldPath)] : path;
  const violation: Violation = { path: at, field: fieldString(at), message, rule: rule.rule };
  if (rule.reason) violation.reason = rule.reason;
  out.violations.push(violation);
}

/** `messageExpression` when it yields a non-empty string, else `message`, else the API server's default. */
function messageOf(rule: ValidationRule, bindings: Record<string, unknown>): string {
  if (rule.messageExpression) {
    const compiled = compile(rule.messageExpression);
    if (compiled.ok) {
      const text = compiled.run(bindings);
      if (typeof text === "string" && text.trim() !== "") return text;
    }
  }
  return rule.message ?? `failed rule: ${rule.rule.trim()}`;
}

/** The old item a list item is compared with: by key in a `map` list, by value in a `set`; none in `atomic`. */
function correlate(node: CelNode, item: unknown, oldList: unknown[]): { found: boolean; value: unknown } {
  if (node.listType === "map" && node.listMapKeys?.length && isObject(item)) {
    const keys = node.listMapKeys;
    const match = oldList.find((o) => isObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
    return { found: match !== undefined, value: match };
  }
  if (node.listType === "set") {
    const match = oldList.find((o) => deepEqual(o, item));
    return { found: match !== undefined, value: match };
  }
  return { found: false, value: undefined };
}

function matchesType(node: CelNode, value: unknown): boolean {
  if (node.intOrString) return typeof value === "number" || typeof value === "string";
  switch (node.type) {
    case "object":
      return isObject(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** `.spec.x`, `.x['a.b']`, `.list[2]` (a rule's `fieldPath`, relative to its node) → path steps. */
export function parseRelativePath(fieldPath: string): ObjectPath {
  const steps: ObjectPath = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  for (let m = pattern.exec(fieldPath); m; m = pattern.exec(fieldPath)) {
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4] ?? "").replace(/\\(.)/g, "$1"));
  }
  return steps;
}

/** A path as the API server's field errors spell it: `spec.rules[0].name`, `metadata.labels[app]`. */
export function fieldString(path: ObjectPath): string {
  let out = "";
  for (const step of path) {
    if (typeof step === "number") out += `[${step}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(step)) out += out === "" ? step : `.${step}`;
    else out += `[${step}]`;
  }
  return out;
}
