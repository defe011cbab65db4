import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import type { JsonSchema } from "../json-schema.ts";

/**
 * Compiles a schema made by toJsonSchema() with ajv in strict mode (the default: an unknown keyword or a typeless
 * `pattern` is an error, so a leftover OpenAPI extension fails the test) and the formats of ajv-formats. Test helper.
 */
export function compile(schema: JsonSchema): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strictTypes: true });
  // ajv-formats is CommonJS: under Node's ESM the default import is module.exports, whose `default` is the plugin.
  formats.default(ajv);
  return ajv.compile(schema);
}

/** The instance paths (`/spec/replicas`) and keywords of the last validation's errors, for readable assertions. */
export function errorsOf(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.keyword}`);
}
