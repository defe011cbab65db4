/**
 * kubectl's JSONPath (k8s.io/client-go/util/jsonpath) for custom table columns: parsed once, evaluated per object.
 * Used by the server (cells of custom columns, over the objects its reflectors hold) and by the web app (syntax
 * and schema checks while a column is typed).
 */
export type { CompareOp, Operand, Path, Segment, Step, Template } from "./ast.ts";
export { evaluate, MAX_OUTPUT_LENGTH, select, text } from "./evaluate.ts";
export { type FieldStep, fieldPaths } from "./field-paths.ts";
export { JsonPathSyntaxError, MAX_TEMPLATE_LENGTH, parseTemplate } from "./parse.ts";

import { evaluate } from "./evaluate.ts";
import { parseTemplate } from "./parse.ts";

/** A parsed template bound to its evaluator; throws JsonPathSyntaxError for a bad template. */
export function compileJsonPath(source: string): (object: unknown) => string {
  const template = parseTemplate(source);
  return (object) => evaluate(template, object);
}
