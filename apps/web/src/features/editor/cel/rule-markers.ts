import type { CelNode } from "@loupe/protocol";
import { LineCounter, parseDocument } from "yaml";
import type { TextMarker } from "../utils/markers.ts";
import { locateSegments } from "../utils/yaml-paths.ts";
import { checkRules, type Unchecked } from "./evaluate.ts";

/** The CEL rules' verdict on the editor's text: a marker per broken rule, and the rules not checked here. */
export interface RuleMarkers {
  /** How many rules the kind has (0: nothing to check). */
  rules: number;
  markers: TextMarker[];
  unchecked: Unchecked[];
  evaluated: number;
}

const counts = new WeakMap<CelNode, number>();

/** How many rules the tree holds (counted once per schema). */
export function countRules(node: CelNode): number {
  let count = counts.get(node);
  if (count === undefined) {
    count = node.rules?.length ?? 0;
    for (const child of Object.values(node.properties ?? {})) count += countRules(child);
    if (node.items) count += countRules(node.items);
    if (node.additionalProperties) count += countRules(node.additionalProperties);
    counts.set(node, count);
  }
  return count;
}

/**
 * Evaluates the kind's CEL rules on the YAML `text` (its first document) — with `old`, the object as it was loaded,
 * for transition rules — and places each broken rule's message on its field's line (the rule's node, or its
 * `fieldPath`). Text that does not parse gives no markers: the YAML error is shown already. Pure.
 */
export function ruleMarkers(text: string, schema: CelNode | undefined, old?: unknown): RuleMarkers {
  if (!schema) return { rules: 0, markers: [], unchecked: [], evaluated: 0 };
  const none: RuleMarkers = { rules: countRules(schema), markers: [], unchecked: [], evaluated: 0 };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: false });
  if (doc.errors.length > 0) return none;
  const object: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof object !== "object" || object === null) return none;
  const check = checkRules(schema, object, old);
  const markers = check.violations.map((v): TextMarker => {
    const at = locateSegments(text, doc, lineCounter, v.path);
    const where = at.exact || v.field === "" ? "" : ` (at ${v.field})`;
    return {
      line: at.line,
      column: at.column,
      endLine: at.endLine,
      endColumn: at.endColumn,
      message: `${v.message}${where}`,
      severity: "error",
    };
  });
  return { rules: none.rules, markers, unchecked: check.unchecked, evaluated: check.evaluated };
}
