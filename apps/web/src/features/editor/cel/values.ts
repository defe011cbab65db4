import { type CelInput, celEnv, isCelError, parse, plan } from "@bufbuild/cel";
import type { CelNode } from "@loupe/protocol";

/**
 * JSON values (as parsed from the editor's YAML) turned into the CEL values the API server would bind to `self`,
 * following the schema the way Kubernetes declares CEL types from a structural schema:
 * `integer` → int, `number` → double, `int-or-string` → int or string, `format: date-time`/`date` → timestamp,
 * `format: duration` → duration, `format: byte` → bytes, objects → maps keyed by their (escaped) property names, maps
 * (`additionalProperties`) → maps keyed as they are, arrays → lists. A value the schema does not expect is passed
 * as it is (the API server's schema validation refuses it; CEL then sees a dynamic value).
 */

const ENV = celEnv();
const toTimestamp = plan(ENV, parse("timestamp(s)"));
const toDuration = plan(ENV, parse("duration(s)"));

/** CEL's reserved words, which Kubernetes escapes as `__word__` when they name a property. */
const RESERVED = new Set([
  "true",
  "false",
  "null",
  "in",
  "as",
  "break",
  "const",
  "continue",
  "else",
  "for",
  "function",
  "if",
  "import",
  "let",
  "loop",
  "package",
  "namespace",
  "return",
  "var",
  "void",
  "while",
]);

/**
 * A property name as CEL rules spell it (Kubernetes' escaping): a reserved word `w` → `__w__`, then `__` →
 * `__underscores__`, `.` → `__dot__`, `-` → `__dash__`, `/` → `__slash__`. Undefined for a name CEL cannot reach.
 */
export function escapeProperty(name: string): string | undefined {
  if (RESERVED.has(name)) return `__${name}__`;
  let out = "";
  for (let i = 0; i < name.length; i++) {
    const ch = name[i] as string;
    if (ch === "_" && name[i + 1] === "_") {
      out += "__underscores__";
      i++;
    } else if (ch === ".") out += "__dot__";
    else if (ch === "-") out += "__dash__";
    else if (ch === "/") out += "__slash__";
    else out += ch;
  }
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(out) ? out : undefined;
}

export function toCel(value: unknown, node: CelNode | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return number(value, node);
  if (typeof value === "string") return string(value, node);
  if (typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item) => toCel(item, node?.items));
  if (typeof value === "object") return object(value as Record<string, unknown>, node);
  return null;
}

function number(value: number, node: CelNode | undefined): CelInput {
  const integer = node?.type === "integer" || node?.intOrString === true || node?.type === undefined;
  if (integer && Number.isInteger(value) && node?.type !== "number") return BigInt(value);
  return value;
}

function string(value: string, node: CelNode | undefined): CelInput {
  if (node?.type !== "string") return value;
  const converted =
    node.format === "date-time" || node.format === "datetime" || node.format === "date"
      ? toTimestamp({ s: value })
      : node.format === "duration"
        ? toDuration({ s: value })
        : node.format === "byte"
          ? bytes(value)
          : value;
  // A string the format refuses is the schema validation's to report; CEL sees the string.
  return isCelError(converted) ? value : (converted as CelInput);
}

function bytes(value: string): CelInput {
  try {
    return Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  } catch {
    return value;
  }
}

function object(value: Record<string, unknown>, node: CelNode | undefined): CelInput {
  const out = new Map<string, CelInput>();
  if (node?.properties || node?.embeddedResource) {
    // An object with declared properties: a CEL object type, whose fields are the escaped property names.
    for (const [key, child] of Object.entries(value)) {
      const declared = node.properties?.[key];
      if (!declared && !isEmbeddedField(key, node)) continue; // unknown fields are invisible to CEL
      const name = escapeProperty(key);
      if (name !== undefined) out.set(name, toCel(child, declared));
    }
    return out;
  }
  for (const [key, child] of Object.entries(value)) out.set(key, toCel(child, node?.additionalProperties));
  return out;
}

function isEmbeddedField(key: string, node: CelNode): boolean {
  return node.embeddedResource === true && (key === "apiVersion" || key === "kind" || key === "metadata");
}
