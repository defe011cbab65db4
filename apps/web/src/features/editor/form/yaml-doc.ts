import { isMap, isScalar, isSeq, parseDocument } from "yaml";

/**
 * The form's edits applied to the YAML text through the `yaml` Document API, so everything the form does not touch
 * — comments, key order, quoting, blank lines — stays as the user wrote it. Pure.
 */

export type FieldPath = (string | number)[];

/** The value at `path` of the text's first document (undefined when absent or when the text does not parse). */
export function readValue(text: string, path: FieldPath): unknown {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return undefined;
  const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  if (isScalar(node) || isMap(node) || isSeq(node)) return node.toJSON();
  return node;
}

/** The text with `value` set at `path` (`undefined`: the field removed); missing parents are created. */
export function writeValue(text: string, path: FieldPath, value: unknown): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  if (value === undefined) {
    if (doc.hasIn(path)) doc.deleteIn(path);
  } else {
    const current = doc.getIn(path, true);
    if (isScalar(current) && (typeof value !== "object" || value === null)) current.value = value;
    else doc.setIn(path, doc.createNode(value));
  }
  return doc.toString({ lineWidth: 0 });
}

/** The text with the list at `path` reordered: the item at `from` moved to `to` (comments move with it). */
export function moveItem(text: string, path: FieldPath, from: number, to: number): string {
  const doc = parseDocument(text);
  const list = doc.getIn(path, true);
  if (!isSeq(list) || to < 0 || to >= list.items.length) return text;
  const [item] = list.items.splice(from, 1);
  list.items.splice(to, 0, item);
  return doc.toString({ lineWidth: 0 });
}

/** The text with the map key at `path` renamed, keeping its value and place. */
export function renameKey(text: string, path: FieldPath, from: string, to: string): string {
  const doc = parseDocument(text);
  const map = path.length === 0 ? doc.contents : doc.getIn(path, true);
  if (!isMap(map) || to === "" || map.has(to)) return text;
  const pair = map.items.find((p) => isScalar(p.key) && p.key.value === from);
  if (!pair || !isScalar(pair.key)) return text;
  pair.key.value = to;
  return doc.toString({ lineWidth: 0 });
}
