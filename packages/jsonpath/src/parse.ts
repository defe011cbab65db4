import type { CompareOp, Operand, Path, Segment, Step, Template } from "./ast.ts";

/** Longest template accepted, in characters. */
export const MAX_TEMPLATE_LENGTH = 1024;
/** Deepest `{range}` nesting accepted. */
const MAX_RANGE_DEPTH = 8;

/** A template that is not valid JSONPath; `position` is the 0-based character offset of the problem. */
export class JsonPathSyntaxError extends Error {
  readonly position: number;
  constructor(message: string, position: number) {
    super(`${message} (at character ${position + 1})`);
    this.name = "JsonPathSyntaxError";
    this.position = position;
  }
}

/**
 * Parses a kubectl JSONPath template: `{.spec.replicas}`, `{range .items[*]}{.metadata.name}{"\n"}{end}`, or
 * (custom-columns' relaxed form) a bare path such as `.spec.replicas` or `metadata.name`. Throws
 * {@link JsonPathSyntaxError} naming what is wrong and where.
 */
export function parseTemplate(source: string): Template {
  if (source.length > MAX_TEMPLATE_LENGTH) {
    throw new JsonPathSyntaxError(`a JSONPath of at most ${MAX_TEMPLATE_LENGTH} characters`, MAX_TEMPLATE_LENGTH);
  }
  const trimmed = source.trim();
  if (trimmed === "") throw new JsonPathSyntaxError("empty JSONPath", 0);
  if (!trimmed.includes("{")) {
    // kubectl custom-columns: `.a.b`, `a.b` (a leading dot is implied).
    const offset = source.indexOf(trimmed);
    const text = trimmed.startsWith(".") || trimmed.startsWith("$") ? trimmed : `.${trimmed}`;
    const shift = text.length - trimmed.length;
    const path = new PathParser(text, 0, text.length, offset - shift).parsePath();
    return { segments: [{ kind: "path", path }], bare: true };
  }
  const stack: { segments: Segment[]; path?: Path; at: number }[] = [{ segments: [], at: 0 }];
  let i = 0;
  let text = "";
  const flush = () => {
    if (text) stack[stack.length - 1]?.segments.push({ kind: "text", text });
    text = "";
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (c === "}") throw new JsonPathSyntaxError('unmatched "}"', i);
    if (c !== "{") {
      text += c;
      i++;
      continue;
    }
    flush();
    const close = findClose(source, i);
    const inner = source.slice(i + 1, close);
    const start = i + 1 + (inner.length - inner.trimStart().length);
    const action = inner.trim();
    const top = stack[stack.length - 1] as { segments: Segment[]; path?: Path; at: number };
    if (action === "") throw new JsonPathSyntaxError("empty action {}", i);
    if (action === "end") {
      if (stack.length === 1) throw new JsonPathSyntaxError("{end} without {range}", i);
      stack.pop();
      const parent = stack[stack.length - 1] as { segments: Segment[] };
      parent.segments.push({ kind: "range", path: top.path as Path, body: top.segments });
    } else if (/^range(\s|$)/.test(action)) {
      if (stack.length > MAX_RANGE_DEPTH)
        throw new JsonPathSyntaxError(`{range} nested deeper than ${MAX_RANGE_DEPTH}`, i);
      const rest = action.slice(5).trim();
      if (rest === "") throw new JsonPathSyntaxError("{range} needs a path", i);
      const restStart = start + action.indexOf(rest, 5);
      const path = new PathParser(source, restStart, restStart + rest.length, 0).parsePath();
      stack.push({ segments: [], path, at: i });
    } else if (action.startsWith('"') || action.startsWith("'")) {
      const { value, end } = readQuoted(source, start);
      if (end !== start + action.length) throw new JsonPathSyntaxError("unexpected text after a string", end);
      top.segments.push({ kind: "text", text: value });
    } else {
      // `{metadata.name}`: custom-columns' relaxed form implies the leading dot.
      const implied = /^[A-Za-z_]/.test(action);
      const text = implied ? `${source.slice(0, start)}.${source.slice(start)}` : source;
      const path = new PathParser(text, start, start + action.length + (implied ? 1 : 0), implied ? -1 : 0).parsePath();
      top.segments.push({ kind: "path", path });
    }
    i = close + 1;
  }
  flush();
  if (stack.length > 1)
    throw new JsonPathSyntaxError("{range} without {end}", (stack[stack.length - 1] as { at: number }).at);
  return { segments: stack[0]?.segments ?? [], bare: false };
}

/** The index of the `}` closing the action that opens at `open`, skipping quoted strings. */
function findClose(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'") i = readQuoted(source, i).end - 1;
    else if (c === "\\") i++;
    else if (c === "{") throw new JsonPathSyntaxError('"{" inside an action', i);
    else if (c === "}") return i;
  }
  throw new JsonPathSyntaxError('unclosed "{"', open);
}

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };

/** Reads a quoted string starting at `at` (its quote); `end` is just past the closing quote. */
function readQuoted(source: string, at: number): { value: string; end: number } {
  const quote = source[at];
  let value = "";
  for (let i = at + 1; i < source.length; i++) {
    const c = source[i] as string;
    if (c === quote) return { value, end: i + 1 };
    if (c === "\\" && i + 1 < source.length) {
      const next = source[++i] as string;
      value += ESCAPES[next] ?? next;
    } else value += c;
  }
  throw new JsonPathSyntaxError("unterminated string", at);
}

/** kubectl's terminators of a field name (an unescaped one ends it). */
const TERMINATORS = new Set([" ", ".", ",", "[", "]", "$", "@", "{", "}", "(", ")", "=", "!", "<", ">", "\t"]);

/** Parses one path within `source[from, to)`; `shift` corrects reported positions for synthesized text. */
class PathParser {
  readonly #s: string;
  #i: number;
  readonly #end: number;
  readonly #shift: number;

  constructor(source: string, from: number, to: number, shift: number) {
    this.#s = source;
    this.#i = from;
    this.#end = to;
    this.#shift = shift;
  }

  #fail(message: string, at = this.#i): never {
    throw new JsonPathSyntaxError(message, Math.max(0, at + this.#shift));
  }

  #peek(offset = 0): string | undefined {
    const at = this.#i + offset;
    return at < this.#end ? this.#s[at] : undefined;
  }

  /** The whole range as one path. */
  parsePath(): Path {
    const path = this.#path();
    this.#skipSpace();
    if (this.#i < this.#end) this.#fail(`unexpected "${this.#peek()}"`);
    return path;
  }

  #skipSpace(): void {
    while (this.#peek() === " " || this.#peek() === "\t") this.#i++;
  }

  /** A path at the cursor; stops at a character that cannot continue it. */
  #path(): Path {
    let root: "$" | "@" = "$";
    if (this.#peek() === "$" || this.#peek() === "@") {
      root = this.#peek() as "$" | "@";
      this.#i++;
    } else if (this.#peek() !== "." && this.#peek() !== "[") {
      this.#fail(`a path starts with ".", "$" or "@", not "${this.#peek() ?? "nothing"}"`);
    }
    const steps: Step[] = [];
    for (;;) {
      const c = this.#peek();
      if (c === ".") {
        if (this.#peek(1) === ".") {
          this.#i += 2;
          steps.push({ kind: "descend" });
          if (this.#peek() === "[") continue;
        } else this.#i++;
        if (this.#peek() === "*") {
          this.#i++;
          steps.push({ kind: "wildcard" });
          continue;
        }
        const name = this.#fieldName();
        // `{.}`, `{$.}`: the current object itself.
        if (name === "" && steps.length === 0 && this.#atPathEnd()) return { root, steps };
        if (name === "") this.#fail('a field name after "."');
        steps.push({ kind: "field", name });
      } else if (c === "[") {
        steps.push(this.#bracket());
      } else return { root, steps };
    }
  }

  #atPathEnd(): boolean {
    const c = this.#peek();
    return c === undefined || c === " " || c === ")";
  }

  /** A field name up to a terminator; `\x` stands for `x` (so `app\.kubernetes\.io/name` is one name). */
  #fieldName(): string {
    let name = "";
    while (this.#i < this.#end) {
      const c = this.#s[this.#i] as string;
      if (c === "\\") {
        if (this.#i + 1 >= this.#end) this.#fail('"\\" at the end');
        name += this.#s[this.#i + 1];
        this.#i += 2;
        continue;
      }
      if (TERMINATORS.has(c)) break;
      name += c;
      this.#i++;
    }
    return name;
  }

  /** `[...]` at the cursor. */
  #bracket(): Step {
    const open = this.#i;
    this.#i++;
    this.#skipSpace();
    let step: Step;
    if (this.#peek() === "*") {
      this.#i++;
      step = { kind: "wildcard" };
    } else if (this.#peek() === "?") {
      this.#i++;
      step = this.#filter();
    } else if (this.#peek() === "'" || this.#peek() === '"') {
      const members: Step[][] = [];
      for (;;) {
        this.#skipSpace();
        const quote = this.#peek();
        if (quote !== "'" && quote !== '"') this.#fail("a quoted field name");
        const close = this.#s.indexOf(quote, this.#i + 1);
        if (close < 0 || close >= this.#end) this.#fail("unterminated string");
        const key = this.#s.slice(this.#i + 1, close);
        if (key === "") this.#fail("an empty field name");
        // kubectl parses the key as the path `.<key>`: dots separate fields unless escaped.
        const sub = new PathParser(`.${key}`, 0, key.length + 1, this.#i + this.#shift);
        members.push(sub.parsePath().steps);
        this.#i = close + 1;
        this.#skipSpace();
        if (this.#peek() !== ",") break;
        this.#i++;
      }
      const only = members.length === 1 && members[0]?.length === 1 ? members[0][0] : undefined;
      step = only ?? { kind: "union", members };
    } else step = this.#indexes();
    this.#skipSpace();
    if (this.#peek() !== "]")
      this.#fail(
        this.#i >= this.#end ? 'unclosed "["' : `unexpected "${this.#peek()}" in [ ]`,
        this.#i >= this.#end ? open : this.#i,
      );
    this.#i++;
    return step;
  }

  #int(): number | undefined {
    const match = /^-?\d+/.exec(this.#s.slice(this.#i, this.#end));
    if (!match) return undefined;
    this.#i += match[0].length;
    const value = Number(match[0]);
    if (!Number.isSafeInteger(value)) this.#fail("an index too large");
    return value;
  }

  /** `n`, `a:b`, `a:b:c`, `:`, `0,2,4`. */
  #indexes(): Step {
    const first = this.#int();
    this.#skipSpace();
    if (this.#peek() === ":") {
      this.#i++;
      this.#skipSpace();
      const end = this.#int();
      this.#skipSpace();
      let step: number | undefined;
      if (this.#peek() === ":") {
        this.#i++;
        this.#skipSpace();
        step = this.#int();
        if (step === 0) this.#fail("a slice step of 0");
      }
      return { kind: "slice", start: first, end, step };
    }
    if (first === undefined)
      this.#fail(`"[" takes an index, a slice, "*", a quoted name or "?(…)", not "${this.#peek() ?? "nothing"}"`);
    if (this.#peek() !== ",") return { kind: "index", index: first };
    const members: Step[][] = [[{ kind: "index", index: first }]];
    while (this.#peek() === ",") {
      this.#i++;
      this.#skipSpace();
      const next = this.#int();
      if (next === undefined) this.#fail('an index after ","');
      members.push([{ kind: "index", index: next }]);
      this.#skipSpace();
    }
    return { kind: "union", members };
  }

  /** `?(left)` or `?(left op right)`, the cursor after `?`. */
  #filter(): Step {
    if (this.#peek() !== "(") this.#fail('"?" must be followed by "("');
    this.#i++;
    this.#skipSpace();
    const left = this.#operand();
    this.#skipSpace();
    let op: CompareOp | undefined;
    let right: Operand | undefined;
    const two = this.#s.slice(this.#i, Math.min(this.#i + 2, this.#end));
    if (two === "==" || two === "!=" || two === "<=" || two === ">=") {
      op = two;
      this.#i += 2;
    } else if (two.startsWith("<") || two.startsWith(">")) {
      op = two[0] as CompareOp;
      this.#i++;
    } else if (this.#peek() === "=") this.#fail('"=" is not an operator; use "=="');
    if (op) {
      this.#skipSpace();
      right = this.#operand();
      this.#skipSpace();
    }
    if (this.#peek() !== ")")
      this.#fail(this.#i >= this.#end ? 'unclosed "?("' : `unexpected "${this.#peek()}" in a filter`);
    this.#i++;
    return { kind: "filter", left, op, right };
  }

  #operand(): Operand {
    const c = this.#peek();
    if (c === "@" || c === "$" || c === ".") return { kind: "path", path: this.#path() };
    if (c === "'" || c === '"') {
      const { value, end } = readQuoted(this.#s, this.#i);
      if (end > this.#end) this.#fail("unterminated string");
      this.#i = end;
      return { kind: "literal", value };
    }
    const match = /^(-?\d+(\.\d+)?([eE][-+]?\d+)?|true|false|nil|null)/.exec(this.#s.slice(this.#i, this.#end));
    if (!match) this.#fail(`a path, a quoted string, a number or true/false, not "${c ?? "nothing"}"`);
    this.#i += match[0].length;
    const text = match[0];
    const value =
      text === "true" ? true : text === "false" ? false : text === "nil" || text === "null" ? null : Number(text);
    return { kind: "literal", value };
  }
}
