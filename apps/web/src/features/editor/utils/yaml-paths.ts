import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from "yaml";

/**
 * Field paths as the API server writes them in `Status.details.causes[].field`, mapped to places in the editor's
 * YAML. Kubernetes spells paths three ways, all understood here:
 *   - validation (field.Path):   `spec.replicas`, `spec.containers[0].image`, `metadata.labels[app.kubernetes.io/name]`
 *   - server-side apply:         `.spec.replicas`, `.spec.containers[name="nginx"].image`, `.spec.finalizers[="x"]`
 *   - JSON pointers are not used in causes and are not handled.
 * Pure: no DOM, no Monaco (the editor turns a {@link TextRange} into a marker).
 */

/** One step of a field path: a map key, a list index, or a keyed-list selector (`[name="nginx"]`, `[="x"]`). */
export type PathSegment = string | number | { selector: Record<string, string> } | { value: string };

/** A span of the text, 1-based lines and columns as Monaco counts them; `end*` is exclusive. */
export interface TextRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a path landed: `exact` when every segment was found, else the deepest ancestor that exists. */
export interface PathLocation extends TextRange {
  exact: boolean;
  /** How many segments were found. */
  depth: number;
}

/** Splits a Kubernetes field path into segments. Never throws: an unparsable bracket is taken as a map key. */
export function parseFieldPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let i = path.startsWith(".") ? 1 : 0;
  let key = "";
  const flush = () => {
    if (key !== "") segments.push(key);
    key = "";
  };
  while (i < path.length) {
    const ch = path[i] as string;
    if (ch === ".") {
      flush();
      i++;
      continue;
    }
    if (ch === "[") {
      flush();
      const close = findClose(path, i);
      const inner = path.slice(i + 1, close);
      segments.push(bracket(inner));
      i = close + 1;
      continue;
    }
    key += ch;
    i++;
  }
  flush();
  return segments;
}

/** Index of the `]` closing the bracket opened at `open`, skipping quoted strings. */
function findClose(path: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < path.length; i++) {
    const ch = path[i];
    if (ch === "\\" && quoted) i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === "]" && !quoted) return i;
  }
  return path.length;
}

function bracket(inner: string): PathSegment {
  if (/^\d+$/.test(inner)) return Number(inner);
  if (inner.startsWith('="')) return { value: unquote(inner.slice(1)) };
  const selector: Record<string, string> = {};
  const parts = /^([A-Za-z_][\w-]*="(?:[^"\\]|\\.)*",?)+$/.test(inner)
    ? [...inner.matchAll(/([A-Za-z_][\w-]*)=("(?:[^"\\]|\\.)*")/g)]
    : [];
  for (const [, name, value] of parts) selector[name as string] = unquote(value as string);
  if (parts.length > 0) return { selector };
  return inner.startsWith('"') ? unquote(inner) : inner;
}

function unquote(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "string" ? value : String(value);
  } catch {
    return text.replace(/^"|"$/g, "");
  }
}

/**
 * The place of `path` in the YAML `text` (the first document): the key of the deepest pair found through the end of
 * its value's first line, or the list item. A path into nothing that exists lands on its deepest existing ancestor
 * (`exact: false`); a path with no match at all, or text that does not parse, lands on line 1.
 */
export function locateFieldPath(text: string, path: string): PathLocation {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  return locateSegments(text, doc, lineCounter, parseFieldPath(path));
}

/** {@link locateFieldPath} on a document already parsed with `lineCounter` (many paths, one parse). */
export function locateSegments(
  text: string,
  doc: Document.Parsed,
  lineCounter: LineCounter,
  segments: readonly PathSegment[],
): PathLocation {
  const fallback: PathLocation = {
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: Math.max(2, lineLength(text, 1) + 1),
    exact: false,
    depth: 0,
  };
  let node: unknown = doc.contents;
  let found: { start: number; end: number } | null = null;
  let depth = 0;
  for (const segment of segments) {
    const next = step(node, segment);
    if (!next) break;
    depth++;
    node = next.node;
    found = next.span;
  }
  if (!found) return { ...fallback, exact: segments.length === 0 };
  const start = lineCounter.linePos(found.start);
  let end = lineCounter.linePos(Math.max(found.start, found.end));
  // A marker spanning a whole nested block is noise: stop at the end of the first line.
  if (end.line !== start.line) end = { line: start.line, col: lineLength(text, start.line) + 1 };
  return {
    line: start.line,
    column: start.col,
    endLine: end.line,
    endColumn: Math.max(end.col, start.col + 1),
    exact: depth === segments.length,
    depth,
  };
}

function step(node: unknown, segment: PathSegment): { node: unknown; span: { start: number; end: number } } | null {
  if (typeof segment === "string") {
    if (!isMap(node)) return null;
    const pair = node.items.find((p) => isPair(p) && keyText(p) === segment);
    if (!pair) return null;
    return { node: pair.value, span: pairSpan(pair) };
  }
  if (!isSeq(node)) return null;
  let index = -1;
  if (typeof segment === "number") index = segment;
  else if ("value" in segment)
    index = node.items.findIndex((item) => isScalar(item) && String(item.value) === segment.value);
  else {
    index = node.items.findIndex(
      (item) =>
        isMap(item) &&
        Object.entries(segment.selector).every(([k, v]) => {
          const pair = item.items.find((p) => isPair(p) && keyText(p) === k);
          return pair !== undefined && isScalar(pair.value) && String(pair.value.value) === v;
        }),
    );
  }
  const item = node.items[index] as Node | undefined;
  if (!item?.range) return null;
  return { node: item, span: { start: item.range[0], end: item.range[1] } };
}

function keyText(pair: Pair): string {
  const key = pair.key as unknown;
  return isScalar(key) ? String(key.value) : String(key);
}

function pairSpan(pair: Pair): { start: number; end: number } {
  const key = pair.key as Node | null;
  const value = pair.value as Node | null;
  const start = key?.range?.[0] ?? value?.range?.[0] ?? 0;
  const end = value?.range?.[1] ?? key?.range?.[1] ?? start;
  return { start, end };
}

function lineLength(text: string, line: number): number {
  return (text.split("\n")[line - 1] ?? "").replace(/\r$/, "").length;
}
