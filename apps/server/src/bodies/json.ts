import { type BodyLimits, type BodyRefusal, type Parsed, refuse } from "./limits.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Measures JSON text before it is parsed: its deepest nesting and its number of nodes (keys and values), stopping at
 * the first limit passed. One pass, no allocation, strings skipped with `indexOf`; about 3 ms a megabyte. Text that is
 * not JSON is measured loosely (JSON.parse says what is wrong with it afterwards).
 */
export function scanJson(text: string, limits: Pick<BodyLimits, "maxDepth" | "maxJsonNodes">): BodyRefusal | undefined {
  let depth = 0;
  let nodes = 0;
  let inScalar = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      inScalar = false;
      if (++nodes > limits.maxJsonNodes) return refuse.tooManyNodes("JSON", limits.maxJsonNodes);
      i = endOfString(text, i);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      inScalar = false;
      if (++nodes > limits.maxJsonNodes) return refuse.tooManyNodes("JSON", limits.maxJsonNodes);
      if (++depth > limits.maxDepth) return refuse.tooDeep("JSON", limits.maxDepth);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      inScalar = false;
      depth--;
    } else if (c === COMMA || c === COLON || c <= 0x20) {
      inScalar = false;
    } else if (!inScalar) {
      // The first character of a number, true, false or null.
      inScalar = true;
      if (++nodes > limits.maxJsonNodes) return refuse.tooManyNodes("JSON", limits.maxJsonNodes);
    }
  }
  return undefined;
}

/** Index of the quote that closes the string opened at `start` (or the text's end if none does). */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/** JSON text within the limits, parsed; a refusal (too deep, too many nodes, not JSON) otherwise. */
export function parseJson(text: string, limits: Pick<BodyLimits, "maxDepth" | "maxJsonNodes">): Parsed {
  const refusal = scanJson(text, limits);
  if (refusal) return { refusal };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { refusal: refuse.invalid("JSON", (error as Error).message) };
  }
}
