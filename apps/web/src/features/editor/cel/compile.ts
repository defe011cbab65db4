import { type CelResult, celEnv, parse, plan } from "@bufbuild/cel";
import { kubernetesFunctions } from "./functions.ts";

/** A rule compiled for evaluation, or why it cannot be evaluated in the browser. */
export type Compiled =
  | { ok: true; run: (bindings: Record<string, unknown>) => CelResult; usesOldSelf: boolean }
  | { ok: false; reason: string };

const ENV = celEnv({ funcs: kubernetesFunctions });
const cache = new Map<string, Compiled>();
const MAX_CACHED = 2_000;

/**
 * Parses and plans `expression` once (kept in a bounded cache: typing never recompiles the kind's rules). The
 * optional syntax (`?.`, `[?]`) and anything else @bufbuild/cel cannot parse is "not checked in the browser".
 */
export function compile(expression: string): Compiled {
  let found = cache.get(expression);
  if (found) return found;
  try {
    const planned = plan(ENV, parse(expression));
    found = {
      ok: true,
      run: (bindings) => planned(bindings as never),
      usesOldSelf: /\boldSelf\b/.test(withoutStrings(expression)),
    };
  } catch (error) {
    found = { ok: false, reason: `cannot be parsed here: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(expression, found);
  return found;
}

/** The expression with its string literals blanked, so `'oldSelf'` in a message does not make a transition rule. */
function withoutStrings(expression: string): string {
  return expression.replace(/(r|R)?("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/g, '""');
}

/**
 * Whether a runtime error means "this library lacks something" (the API server type-checked the rule when the CRD
 * was written, so it has every function and overload) rather than "the rule fails on this object" (a missing
 * field, an out-of-range index, which the API server reports as a failure too).
 */
export function isUnsupported(message: string): boolean {
  return /unbound function|no such overload|no matching overload|unsupported|not implemented/i.test(message);
}
