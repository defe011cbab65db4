import { Composer, CST, type Document, isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, Parser } from "yaml";
import { type BodyLimits, type Parsed, refuse } from "./limits.ts";
import { measureValue } from "./measure.ts";

export type YamlLimits = Pick<BodyLimits, "maxDepth" | "maxYamlNodes" | "maxYamlAliases">;

/** Lexical tokens that each begin a node of their own (a key, a value, a list item, a collection, an alias). */
const NODE_TOKENS = new Set([
  "scalar",
  "single-quoted-scalar",
  "double-quoted-scalar",
  "alias",
  "seq-item-ind",
  "explicit-key-ind",
  "flow-map-start",
  "flow-seq-start",
]);

/**
 * Parses one YAML document within the limits, with work bounded by them rather than by the text: the lexer's tokens
 * are counted as they come and the parse stops at the node limit (each counted token begins a node, so the count
 * never overstates), or as soon as the parser's stack is deeper than the depth limit allows (so the composer, which
 * recurses, never meets a deep tree); the exact depth and duplicate keys are checked on the composed tree (without
 * recursion); aliases are expanded under the `yaml` package's own `maxAliasCount`, and the result is
 * measured again, aliases expanded. Duplicate keys are checked here in one pass: the package's own `uniqueKeys`
 * compares every key with every other, which is what made a wide map stall the server for seconds.
 *
 * Runs in a worker thread (yaml-pool.ts); pure, so tests call it directly.
 */
export function parseYaml(text: string, limits: YamlLimits): Parsed {
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let nodes = 0;
  for (const lexeme of new Lexer().lex(text)) {
    const type = CST.tokenType(lexeme);
    if (type && NODE_TOKENS.has(type) && ++nodes > limits.maxYamlNodes) {
      return { refusal: refuse.tooManyNodes("YAML", limits.maxYamlNodes) };
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The parser's stack holds the document, each collection being built and at most one scalar.
    if (parser.stack.length > limits.maxDepth + 2) return { refusal: refuse.tooDeep("YAML", limits.maxDepth) };
  }
  for (const token of parser.end()) tokens.push(token);

  let documents: Document.Parsed[];
  try {
    documents = [...new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)];
  } catch (error) {
    // Nesting too deep for the composer's recursion (which the parser's stack check above should prevent).
    if (error instanceof RangeError) return { refusal: refuse.tooDeep("YAML", limits.maxDepth) };
    throw error;
  }
  const where = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}`;
  };
  if (documents.length > 1) {
    const offset = documents[1]?.range[0] ?? 0;
    return { refusal: refuse.invalid("YAML", `MULTIPLE_DOCS at ${where(offset)}: send one object per request`) };
  }
  const document = documents[0];
  if (!document) return { value: undefined };
  const error = document.errors[0];
  if (error) {
    return { refusal: refuse.invalid("YAML", `${error.code} at ${where(error.pos[0])}: ${firstLine(error.message)}`) };
  }
  const refusal = checkTree(document, limits.maxDepth, where);
  if (refusal) return { refusal };

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: limits.maxYamlAliases });
  } catch (error) {
    if (error instanceof ReferenceError && /alias count/i.test(error.message)) {
      return { refusal: refuse.tooManyAliases(limits.maxYamlAliases) };
    }
    if (error instanceof RangeError) return { refusal: refuse.tooDeep("YAML", limits.maxDepth) };
    return { refusal: refuse.invalid("YAML", firstLine((error as Error).message)) };
  }
  const measured = measureValue(value, "YAML", { maxDepth: limits.maxDepth, maxNodes: limits.maxYamlNodes });
  return measured ? { refusal: measured } : { value };
}

/** Block nesting and duplicate keys, walking the document's tree with a stack of its own. */
function checkTree(document: Document.Parsed, maxDepth: number, where: (offset: number) => string) {
  const stack: { node: unknown; depth: number }[] = [{ node: document.contents, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { node, depth } = next;
    if (isMap(node)) {
      if (depth + 1 > maxDepth) return refuse.tooDeep("YAML", maxDepth);
      const keys = new Set<unknown>();
      for (const { key, value } of node.items) {
        if (isScalar(key)) {
          if (keys.has(key.value)) {
            return refuse.invalid("YAML", `DUPLICATE_KEY at ${where(key.range?.[0] ?? 0)}: Map keys must be unique`);
          }
          keys.add(key.value);
        } else if (key !== null && !isAlias(key)) {
          stack.push({ node: key, depth: depth + 1 });
        }
        stack.push({ node: value, depth: depth + 1 });
      }
    } else if (isSeq(node)) {
      if (depth + 1 > maxDepth) return refuse.tooDeep("YAML", maxDepth);
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split("\n")[0] ?? message;
}
