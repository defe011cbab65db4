import type { CelNode, ValidationRule } from "@loupe/protocol";
import { componentName, type OpenApiDocument, type OpenApiSchema } from "./openapi-v3.ts";

/**
 * The {@link CelNode} tree of the component schema `name`: what the browser needs to evaluate the kind's CEL rules
 * (`x-kubernetes-validations`) as the API server does. Undefined when no node reachable from the kind has a rule
 * (every built-in kind today, most CRDs). `$ref`s are followed (CRD schemas have none; built-ins do); a type met
 * again on its own path is cut (`truncated`) and its values are dynamic to CEL. Pure.
 */
export function celSchema(document: OpenApiDocument, name: string): CelNode | undefined {
  const schemas = document.components?.schemas ?? {};
  const root = schemas[name];
  if (!root) return undefined;
  return build(root, schemas, [name], false);
}

/**
 * One node, or undefined when it is not needed: a node is kept when it has rules, a kept descendant, or (`inside`)
 * an ancestor with rules, which sees the whole subtree as `self`.
 */
function build(
  node: OpenApiSchema,
  schemas: Record<string, OpenApiSchema>,
  seen: string[],
  inside: boolean,
): CelNode | undefined {
  const resolved = resolve(node, schemas, seen);
  if (resolved === "cycle") return inside ? { truncated: true } : undefined;
  const { schema, path } = resolved;
  const rules = schema["x-kubernetes-validations"];
  const hasRules = Array.isArray(rules) && rules.length > 0;
  const keep = inside || hasRules;
  const out: CelNode = {};
  let needed = keep;
  if (schema.properties) {
    const properties: Record<string, CelNode> = {};
    for (const [key, value] of Object.entries(schema.properties)) {
      const child = build(value, schemas, path, keep);
      if (child) properties[key] = child;
    }
    if (Object.keys(properties).length > 0) {
      out.properties = properties;
      needed = true;
    }
  }
  for (const key of ["items", "additionalProperties"] as const) {
    const value = schema[key];
    if (!value || typeof value !== "object") continue;
    const child = build(value, schemas, path, keep);
    if (child) {
      out[key] = child;
      needed = true;
    }
  }
  if (!needed) return undefined;
  if (typeof schema.type === "string") out.type = schema.type;
  if (typeof schema.format === "string") out.format = schema.format;
  if (schema["x-kubernetes-int-or-string"] === true || schema.format === "int-or-string") out.intOrString = true;
  if (schema.nullable === true) out.nullable = true;
  if (schema["x-kubernetes-preserve-unknown-fields"] === true) out.preserveUnknownFields = true;
  if (schema["x-kubernetes-embedded-resource"] === true) out.embeddedResource = true;
  if (typeof schema["x-kubernetes-list-type"] === "string") out.listType = schema["x-kubernetes-list-type"];
  const keys = schema["x-kubernetes-list-map-keys"];
  if (Array.isArray(keys) && keys.every((k) => typeof k === "string")) out.listMapKeys = keys;
  if (schema.default !== undefined) out.default = schema.default;
  if (hasRules) out.rules = rules.map(copyRule);
  return out;
}

/** Follows `$ref` and a lone `allOf: [{$ref}]` (how built-ins attach a description to a referenced type). */
function resolve(
  node: OpenApiSchema,
  schemas: Record<string, OpenApiSchema>,
  seen: string[],
): { schema: OpenApiSchema; path: string[] } | "cycle" {
  let schema = node;
  let path = seen;
  for (let hops = 0; hops < 8; hops++) {
    const ref =
      typeof schema.$ref === "string"
        ? schema.$ref
        : schema.allOf?.length === 1 && typeof schema.allOf[0]?.$ref === "string"
          ? schema.allOf[0].$ref
          : undefined;
    if (ref === undefined) break;
    const target = componentName(ref);
    const found = target === undefined ? undefined : schemas[target];
    if (target === undefined || !found) return { schema: {}, path };
    if (path.includes(target)) return "cycle";
    path = [...path, target];
    schema = found;
  }
  return { schema, path };
}

function copyRule(rule: ValidationRule): ValidationRule {
  const out: ValidationRule = { rule: rule.rule };
  if (typeof rule.message === "string") out.message = rule.message;
  if (typeof rule.messageExpression === "string") out.messageExpression = rule.messageExpression;
  if (typeof rule.reason === "string") out.reason = rule.reason;
  if (typeof rule.fieldPath === "string") out.fieldPath = rule.fieldPath;
  if (rule.optionalOldSelf === true) out.optionalOldSelf = true;
  return out;
}
