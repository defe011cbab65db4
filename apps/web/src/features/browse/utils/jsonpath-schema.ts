import { type FieldStep, fieldPaths, JsonPathSyntaxError, parseTemplate } from "@loupe/jsonpath";
import type { SchemaField } from "@loupe/protocol";

/**
 * Checks a custom column's JSONPath while it is typed: its syntax (the same parser the server evaluates with),
 * then each field it reads against the kind's schema (`kubectl explain`'s field tree from the schema route), and
 * offers the field names that can come next. Pure.
 */
export interface JsonPathCheck {
  /** A syntax error: the server would refuse the column. */
  error: string | undefined;
  /** Fields the schema does not know: allowed (the object may still have them), but probably a typo. */
  warnings: string[];
}

/** A node of the schema walk: the fields under it, and whether it is a list / a map / open to unknown fields. */
interface Node {
  path: string;
  type: string;
  children: readonly SchemaField[] | undefined;
  open: boolean;
}

const isList = (type: string) => type.startsWith("<[]");
const isMap = (type: string) => type.startsWith("<map[");

function rootNode(fields: readonly SchemaField[]): Node {
  return { path: "", type: "<Object>", children: fields, open: false };
}

function childNode(field: SchemaField): Node {
  return {
    path: field.path,
    type: field.type,
    children: field.children,
    open:
      field.preserveUnknownFields === true ||
      field.embeddedResource === true ||
      field.truncated !== undefined ||
      isMap(field.type) ||
      (field.type === "<Object>" && !field.children),
  };
}

/** Follows `steps` from the root; the node reached, or a problem, or "unknown" where the schema stops saying. */
function walk(fields: readonly SchemaField[], steps: readonly FieldStep[]): Node | { problem: string } | "unknown" {
  let node = rootNode(fields);
  let item = false;
  for (const step of steps) {
    if (step.kind === "any" || node.open) return "unknown";
    if (step.kind === "item") {
      if (!isList(node.type) || item) return { problem: `${node.path || "the object"} is not a list` };
      item = true;
      continue;
    }
    if (isList(node.type) && !item) {
      return { problem: `${node.path} is a list: use ${node.path.split(".").pop()}[*] or [0] before .${step.name}` };
    }
    item = false;
    const child = node.children?.find((f) => f.name === step.name);
    if (!child) {
      const names = (node.children ?? []).map((f) => f.name);
      const near = names.filter((n) => n.toLowerCase().startsWith(step.name.slice(0, 2).toLowerCase())).slice(0, 3);
      const where = node.path || "the object";
      return {
        problem: `${where} has no field "${step.name}"${near.length ? ` (did you mean ${near.join(", ")}?)` : ""}`,
      };
    }
    node = childNode(child);
  }
  return node;
}

export function checkJsonPath(source: string, fields: readonly SchemaField[] | undefined): JsonPathCheck {
  let template: ReturnType<typeof parseTemplate>;
  try {
    template = parseTemplate(source);
  } catch (error) {
    if (error instanceof JsonPathSyntaxError) return { error: error.message, warnings: [] };
    throw error;
  }
  if (!fields) return { error: undefined, warnings: [] };
  const warnings: string[] = [];
  for (const steps of fieldPaths(template)) {
    const reached = walk(fields, steps);
    if (typeof reached === "object" && "problem" in reached && !warnings.includes(reached.problem)) {
      warnings.push(reached.problem);
    }
  }
  return { error: undefined, warnings };
}

/** A completion: the text to put in place of the partial name, and what to show. */
export interface Completion {
  /** The whole JSONPath with the partial field name completed. */
  value: string;
  name: string;
  type: string;
}

/**
 * The field names that can follow what is typed at the end of `source` (`{.spec.repl` → `replicas`), each as the
 * whole JSONPath completed; empty when the end is not inside a field name the schema knows. Label and annotation
 * keys are not schema fields (they are a map), so nothing is offered there.
 */
export function completeJsonPath(source: string, fields: readonly SchemaField[] | undefined, limit = 20): Completion[] {
  if (!fields) return [];
  const open = source.lastIndexOf("{");
  const expression = open >= 0 ? source.slice(open + 1) : source;
  if (expression.includes("}")) return [];
  const match = /^(.*?)\.([A-Za-z0-9_-]*)$/.exec(expression.replace(/^range\s+/, ""));
  if (!match) return [];
  const [, parentText = "", partial = ""] = match;
  let steps: FieldStep[] = [];
  if (parentText !== "" && parentText !== "$") {
    try {
      const paths = fieldPaths(
        parseTemplate(`{${parentText.startsWith(".") || parentText.startsWith("$") ? parentText : `.${parentText}`}}`),
      );
      steps = paths[paths.length - 1] ?? [];
    } catch {
      return [];
    }
  }
  let node = walk(fields, steps);
  if (node === "unknown" || "problem" in node) return [];
  // `.containers.` after a list: complete the item's fields (the user will add [*] or [0]).
  if (isList(node.type) && steps[steps.length - 1]?.kind !== "item") node = { ...node };
  const head = source.slice(0, source.length - partial.length);
  return (node.children ?? [])
    .filter((f) => f.name.toLowerCase().startsWith(partial.toLowerCase()) && f.name !== partial)
    .slice(0, limit)
    .map((f) => ({ value: head + f.name, name: f.name, type: f.type }));
}
