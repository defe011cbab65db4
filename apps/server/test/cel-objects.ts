import type { CelNode } from "@loupe/protocol";
import { minimalInstance } from "../src/schema/__tests__/minimal-instance.ts";
import type { JsonSchema } from "../src/schema/json-schema.ts";

// Objects for the CEL agreement test: for every node of a kind that carries rules, values of `self` that pass and
// values that break its rules, each embedded in an otherwise minimal (schema-valid) object of the kind.

/** One step from a schema node to a child: a property, the array's items, a map's values. */
export type Step = { property: string } | { items: true } | { values: true };

/** A node with rules and the path to it. */
export interface RuleSite {
  steps: Step[];
  node: CelNode;
}

/** Every node of the tree that has rules. */
export function ruleSites(node: CelNode, steps: Step[] = []): RuleSite[] {
  const out: RuleSite[] = node.rules?.length ? [{ steps, node }] : [];
  for (const [property, child] of Object.entries(node.properties ?? {})) {
    out.push(...ruleSites(child, [...steps, { property }]));
  }
  if (node.items) out.push(...ruleSites(node.items, [...steps, { items: true }]));
  if (node.additionalProperties) out.push(...ruleSites(node.additionalProperties, [...steps, { values: true }]));
  return out;
}

export function describeSteps(steps: Step[]): string {
  return steps.map((s) => ("property" in s ? `.${s.property}` : "items" in s ? "[*]" : "{*}")).join("") || "<root>";
}

/** The JSON Schema node `step` leads to (through a `nullable` wrapper), or undefined. */
export function child(node: JsonSchema, step: Step): JsonSchema | undefined {
  const plain = unwrap(node);
  if ("property" in step) return (plain.properties as Record<string, JsonSchema> | undefined)?.[step.property];
  if ("items" in step) return plain.items as JsonSchema | undefined;
  return typeof plain.additionalProperties === "object" ? (plain.additionalProperties as JsonSchema) : undefined;
}

/** `anyOf: [X, {type: null}]` (a nullable node) → X. */
function unwrap(node: JsonSchema): JsonSchema {
  const branches = node.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length === 2 && branches.some((b) => b.type === "null")) {
    return { ...node, ...(branches.find((b) => b.type !== "null") ?? {}), anyOf: undefined };
  }
  return node;
}

function minimal(node: JsonSchema, definitions: unknown): unknown {
  try {
    return minimalInstance({ ...node, definitions });
  } catch {
    return undefined;
  }
}

/** String literals of the rules under a node: the values its rules compare with. */
function literals(node: CelNode): string[] {
  const out = new Set<string>();
  const visit = (n: CelNode) => {
    for (const r of n.rules ?? []) {
      for (const m of r.rule.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)) out.add(m[1] ?? m[2] ?? "");
    }
    for (const c of Object.values(n.properties ?? {})) visit(c);
    if (n.items) visit(n.items);
    if (n.additionalProperties) visit(n.additionalProperties);
  };
  visit(node);
  return [...out].filter((s) => s.length < 64);
}

const STRINGS = [
  "",
  "a",
  "/",
  "/a",
  "/a/b",
  "/a//b",
  "/a/./b",
  "/a/../b",
  "/a%2Fb",
  "/a#b",
  "/a b",
  "*",
  "1ms",
  "0s",
  "10s",
  "500us",
  "example.com",
  "http://example.com/x",
];

/**
 * Values of a schema node for `self` and its fields: the minimal value, then the minimal value with one field (to
 * `depth` levels) set to each sample — enum values, the rules' own string literals, edge strings, small numbers,
 * empty/one/two-item lists. Capped, spread over the whole range.
 */
export function samples(
  js: JsonSchema,
  cel: CelNode | undefined,
  depth: number,
  words: string[],
  definitions: unknown,
): unknown[] {
  const node = unwrap(js);
  const base = minimal(node, definitions);
  const out: unknown[] = base === undefined ? [] : [base];
  if (Array.isArray(node.enum)) return [...node.enum.filter((v) => v !== null)];
  const type = node.type ?? (node.properties ? "object" : Array.isArray(node.anyOf) ? "int-or-string" : undefined);
  if (type === "string") out.push(...words, ...STRINGS);
  else if (type === "integer" || type === "number") out.push(0, 1, 2, 10, 100, 1000);
  else if (type === "int-or-string") out.push(0, 1, 50, 100, "50%", "1", ...words.slice(0, 6));
  else if (type === "boolean") out.push(true, false);
  else if (type === "array" && depth >= 0) {
    const items = node.items as JsonSchema | undefined;
    out.push([]);
    if (items) {
      for (const item of samples(items, cel?.items, depth - 1, words, definitions)) out.push([item], [item, item]);
    }
  } else if (type === "object" && depth > 0 && base !== null && typeof base === "object") {
    for (const [name, property] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) {
      for (const value of samples(property, cel?.properties?.[name], depth - 1, words, definitions)) {
        out.push({ ...(base as object), [name]: value });
      }
    }
    // Two fields at once: what "A must be set when B is X" rules need.
    const props = Object.entries((node.properties ?? {}) as Record<string, JsonSchema>);
    for (const [a, pa] of props) {
      if (!Array.isArray(unwrap(pa).enum) && !words.length) continue;
      for (const [b, pb] of props) {
        if (a === b) continue;
        const va = samples(pa, cel?.properties?.[a], 0, words, definitions).slice(0, 12);
        const vb = minimal(pb, definitions);
        if (vb === undefined) continue;
        for (const x of va) out.push({ ...(base as object), [a]: x, [b]: vb });
      }
    }
  }
  return spread(dedupe(out), 48);
}

function dedupe(values: unknown[]): unknown[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const key = JSON.stringify(v);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** At most `max` values, taken evenly from the whole list (the first one always). */
function spread(values: unknown[], max: number): unknown[] {
  if (values.length <= max) return values;
  return Array.from({ length: max }, (_, i) => values[Math.floor((i * values.length) / max)]);
}

/** `value` placed at `steps` inside a copy of `root`, creating minimal ancestors (one list item, one map key). */
export function embed(
  root: unknown,
  rootSchema: JsonSchema,
  steps: Step[],
  value: unknown,
  definitions: unknown,
): unknown {
  if (steps.length === 0) return value;
  const [step, ...rest] = steps as [Step, ...Step[]];
  const schema = child(rootSchema, step) ?? {};
  if ("property" in step) {
    const container = { ...((root as Record<string, unknown> | undefined) ?? {}) };
    const current = container[step.property] ?? minimal(schema, definitions);
    container[step.property] = embed(current, schema, rest, value, definitions);
    return container;
  }
  if ("items" in step) {
    const current = minimal(schema, definitions);
    return [embed(current, schema, rest, value, definitions)];
  }
  const current = minimal(schema, definitions);
  return { k: embed(current, schema, rest, value, definitions) };
}

export function ruleWords(site: RuleSite): string[] {
  return literals(site.node);
}
