/**
 * The syntax tree of a kubectl JSONPath template (k8s.io/client-go/util/jsonpath): literal text and `{…}` actions,
 * an action being a path, a quoted string, or a `{range <path>}…{end}` block.
 */

/** One part of a template, in order. */
export type Segment =
  | { kind: "text"; text: string }
  | { kind: "path"; path: Path }
  | { kind: "range"; path: Path; body: Segment[] };

/** A parsed template. `bare` is true when it was one path without braces (`.spec.replicas`, kubectl's custom-columns form). */
export interface Template {
  segments: Segment[];
  bare: boolean;
}

/**
 * A path from the object being evaluated (`$` or a leading `.`) or, inside a filter, from the element under test
 * (`@`). Each step maps every current result to zero or more results.
 */
export interface Path {
  root: "$" | "@";
  steps: Step[];
}

export type Step =
  /** `.name`, `['name']`: the field of an object. */
  | { kind: "field"; name: string }
  /** `.*`, `[*]`: every value of an object or element of an array. */
  | { kind: "wildcard" }
  /** `..`: the current value and all of its descendants (the next step applies to each). */
  | { kind: "descend" }
  /** `[n]`: one element; negative counts from the end. */
  | { kind: "index"; index: number }
  /** `[start:end:step]`, Python's slice semantics (bounds clamped). */
  | { kind: "slice"; start: number | undefined; end: number | undefined; step: number | undefined }
  /**
   * `['a','b.c']`, `[0,2]`: several sub-paths, each applied to all current values, results member after member
   * (kubectl reads a quoted key as a path: `['a.b']` is `.a.b`, `['a\\.b']` the field `a.b`).
   */
  | { kind: "union"; members: Step[][] }
  /** `[?(@.type=="Ready")]`, `[?(@.name)]`: the array elements for which the condition holds. */
  | { kind: "filter"; left: Operand; op: CompareOp | undefined; right: Operand | undefined };

export type CompareOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** A side of a filter: a path (from `@` or `$`) or a literal. */
export type Operand = { kind: "path"; path: Path } | { kind: "literal"; value: string | number | boolean | null };
