import v8 from "node:v8";
import type { CelCheckResult, CelColumn, CelIssue } from "@loupe/protocol";
import { Environment } from "@marcbachmann/cel-js";
import { ApiError } from "../errors.ts";

/**
 * CEL for saved queries, with @marcbachmann/cel-js: its parser and type checker report the exact place of an
 * error (offsets we turn into line/column markers), it implements the macros Kubernetes rules use (`has`, `all`,
 * `exists`, `exists_one`, `map`, `filter`), optional fields (`object.?status.phase.orValue("")`), timestamps and
 * durations, and bounds the AST at parse time. (@bufbuild/cel, the first choice, parses the same language but
 * reports a parse error at the start of the construct that failed — `1 + ` at the `+`, an unterminated string at
 * the operator before it — and exports no type checker.) `matches()` compiles a JavaScript RegExp, and a
 * backtracking pattern such as `^(a+)+$` would hold the event loop for minutes; loading this module therefore
 * turns on V8's fallback to its linear-time engine after excessive backtracking (process-wide: it changes the
 * speed of pathological patterns only, never a result).
 *
 * Variables: `object`, the object as the shared caches hold it (apiVersion, kind, metadata, status; see
 * {@link celInput}), and `health`, its verdict (`health.verdict == "Failed"`).
 */

/** Limits of one expression, beyond its length (the protocol's schema bounds that). */
export const CEL_LIMITS = {
  /** AST nodes of one expression. */
  maxAstNodes: 400,
  /** Nesting of the AST. */
  maxDepth: 32,
  /** Comprehensions (`all`, `exists`, `map`, ...) inside one another: each level multiplies the cost. */
  maxComprehensionNesting: 2,
  /** One evaluation slower than this is counted as too expensive (not a hit). */
  slowEvaluationMs: 50,
};

v8.setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");

const MACROS = new Set(["all", "exists", "exists_one", "map", "filter"]);

const environment = new Environment({
  enableOptionalTypes: true,
  homogeneousAggregateLiterals: false,
  limits: {
    maxAstNodes: CEL_LIMITS.maxAstNodes,
    maxDepth: CEL_LIMITS.maxDepth,
    maxListElements: 100,
    maxMapEntries: 100,
    maxCallArguments: 8,
  },
})
  .registerVariable("object", "map")
  .registerVariable("health", "map");

/**
 * A compiled expression: evaluates against one object and its health verdict (`health.verdict`, `.reason`,
 * `.message`); throws on an evaluation error (a missing field, ...).
 */
export type CelProgram = (object: unknown, health?: unknown) => unknown;

interface Located {
  summary?: string;
  message: string;
  range?: { start: number; end: number };
  node?: { pos?: number };
}

/**
 * Parses and type-checks `expression` (and each column's); a failure is an issue with its place. With
 * `requireBool` (the default: a query's filter) the expression must be of type bool (or dyn, decided per object).
 */
export function checkCel(expression: string, columns: readonly CelColumn[] = [], requireBool = true): CelCheckResult {
  const issues: CelIssue[] = [];
  let type: string | undefined;
  const main = compileOne(expression, "expression", issues);
  if (main) {
    type = main.type;
    if (requireBool && type !== "bool" && type !== "dyn") {
      issues.push(
        issueAt(
          expression,
          "expression",
          `the expression must be true or false (bool), not ${type}`,
          0,
          expression.length,
        ),
      );
    }
  }
  columns.forEach((column, i) => {
    compileOne(column.expression, `columns.${i}`, issues);
  });
  return { valid: issues.length === 0, issues, ...(issues.length === 0 && type ? { type } : {}) };
}

/** A CEL query's filter and columns, compiled; an invalid one is a 400 naming the first issue and its place. */
export function compileCelQuery(
  expression: string,
  columns: readonly CelColumn[] = [],
): { filter: CelProgram; columns: CelProgram[] } {
  const check = checkCel(expression, columns);
  const first = check.issues[0];
  if (first) {
    throw new ApiError(400, "LOUPE_CEL_INVALID", `${first.where} ${first.line}:${first.column}: ${first.message}`, {
      reason: "Invalid",
      details: {
        causes: check.issues.map((i) => ({
          field: i.where,
          reason: "FieldValueInvalid",
          message: `${i.line}:${i.column}: ${i.message}`,
        })),
      },
    });
  }
  const program = (text: string): CelProgram => {
    const parsed = environment.parse(text);
    return (object, health) => parsed({ object: celInput(object), health: health ?? {} });
  };
  return { filter: program(expression), columns: columns.map((c) => program(c.expression)) };
}

function compileOne(text: string, where: string, issues: CelIssue[]): { type: string } | undefined {
  let parsed: ReturnType<Environment["parse"]>;
  try {
    parsed = environment.parse(text);
  } catch (error) {
    issues.push(fromError(text, where, error));
    return undefined;
  }
  const nesting = comprehensionNesting(parsed.ast as unknown as AstNode);
  if (nesting.depth > CEL_LIMITS.maxComprehensionNesting) {
    const at = nesting.at ?? { start: 0, end: text.length };
    issues.push(
      issueAt(
        text,
        where,
        `comprehensions (all, exists, map, filter) nest at most ${CEL_LIMITS.maxComprehensionNesting} deep`,
        at.start,
        at.end,
      ),
    );
    return undefined;
  }
  const result = parsed.check();
  if (!result.valid) {
    issues.push(fromError(text, where, result.error));
    return undefined;
  }
  return { type: String(result.type) };
}

interface AstNode {
  op: string;
  args: unknown;
  start: number;
  end: number;
}

/** The deepest nesting of macro calls, and where the deepest one starts. */
function comprehensionNesting(node: AstNode): { depth: number; at?: { start: number; end: number } } {
  let best: { depth: number; at?: { start: number; end: number } } = { depth: 0 };
  const visit = (n: unknown, depth: number) => {
    if (Array.isArray(n)) {
      for (const child of n) visit(child, depth);
      return;
    }
    if (!n || typeof n !== "object" || !("op" in n)) return;
    const ast = n as AstNode;
    const args = Array.isArray(ast.args) ? ast.args : [ast.args];
    const isMacro = (ast.op === "rcall" || ast.op === "call") && MACROS.has(String(args[0]));
    const here = isMacro ? depth + 1 : depth;
    if (here > best.depth) best = { depth: here, at: { start: ast.start, end: ast.end } };
    for (const child of args) visit(child, here);
  };
  visit(node, 0);
  return best;
}

function fromError(text: string, where: string, error: unknown): CelIssue {
  const e = error as Located;
  const start = e.range?.start ?? e.node?.pos ?? 0;
  const end = Math.max(start, e.range?.end ?? start);
  return issueAt(text, where, e.summary ?? firstLine(e.message), start, end);
}

function issueAt(text: string, where: string, message: string, start: number, end: number): CelIssue {
  const before = text.slice(0, Math.min(start, text.length));
  const line = before.split("\n").length;
  const column = start - (before.lastIndexOf("\n") + 1) + 1;
  return { message, line, column, start, end, where };
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}

/** Objects as CEL sees them, converted once per object (stores replace objects, never change them). */
const inputs = new WeakMap<object, unknown>();

/**
 * An object as CEL input: JSON integers become CEL ints (bigint), as Kubernetes' CEL types them from the schema,
 * so `object.status.replicas + 1` works; other numbers stay doubles.
 */
export function celInput(object: unknown): unknown {
  if (!object || typeof object !== "object") return object;
  let converted = inputs.get(object);
  if (converted === undefined) {
    converted = toCel(celView(object as Record<string, unknown>), 0);
    inputs.set(object, converted);
  }
  return converted;
}

/**
 * What CEL sees of an object: apiVersion, kind, metadata (without managedFields and kubectl's last-applied
 * annotation, which copies the whole body) and status — what the shared caches keep (DESIGN §12); never spec or
 * a Secret's data.
 */
function celView(object: Record<string, unknown>): Record<string, unknown> {
  const { managedFields: _, ...metadata } = (object.metadata ?? {}) as Record<string, unknown>;
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: __, ...rest } = annotations;
    metadata.annotations = rest;
  }
  return {
    ...(object.apiVersion === undefined ? {} : { apiVersion: object.apiVersion }),
    ...(object.kind === undefined ? {} : { kind: object.kind }),
    metadata,
    ...(object.status === undefined ? {} : { status: object.status }),
  };
}

const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

function toCel(value: unknown, depth: number): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) ? BigInt(value) : value;
  if (!value || typeof value !== "object" || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => toCel(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toCel(v, depth + 1);
  return out;
}

/**
 * A CEL value as JSON for a table cell: ints (bigint) become numbers (strings past 2^53), maps objects,
 * timestamps RFC 3339 strings, bytes base64; anything else its string form.
 */
export function celToJson(value: unknown, depth = 0): unknown {
  if (depth > 8) return "…";
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "bigint":
      return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => celToJson(v, depth + 1));
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of [...value].slice(0, 100)) out[String(k)] = celToJson(v, depth + 1);
    return out;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 100)) out[k] = celToJson(v, depth + 1);
    return out;
  }
  return String(value);
}
