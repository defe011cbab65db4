import { z } from "zod";
import { CelNode, ValidationRule } from "./cel.ts";

/** Why a {@link SchemaField} has no children although its type has fields. */
export const FieldTruncation = z.enum(["cycle", "depth"]);
export type FieldTruncation = z.infer<typeof FieldTruncation>;

/**
 * One field of a kind, `kubectl explain` style, for the schema browser. Fields of array items are the array's
 * children (`spec.containers.name`, as kubectl spells it); map values are not descended into.
 */
export interface SchemaField {
  /** Dotted path from the object's root, e.g. `spec.cronSpec`. */
  path: string;
  name: string;
  /**
   * kubectl's notation: `<string>`, `<integer>`, `<boolean>`, `<number>`, `<Object>`, `<[]Object>`, `<[]string>`,
   * `<map[string]string>`, `<IntOrString>`, `<Quantity>`, or the short name of a referenced type (`<ObjectMeta>`).
   */
  type: string;
  required: boolean;
  description?: string;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  /** `nullable: true`: null is accepted. */
  nullable?: boolean;
  /** `x-kubernetes-int-or-string`: an integer or a string. */
  intOrString?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`: fields the schema does not name are kept. */
  preserveUnknownFields?: boolean;
  /** `x-kubernetes-embedded-resource`: a whole object with apiVersion, kind and metadata. */
  embeddedResource?: boolean;
  /** `x-kubernetes-validations` (CEL rules the API server checks). */
  validations?: ValidationRule[];
  /** Set when the children were left out: a type that contains itself, or the depth limit. */
  truncated?: FieldTruncation;
  children?: SchemaField[];
}

export const SchemaField: z.ZodType<SchemaField> = z.object({
  path: z.string(),
  name: z.string(),
  type: z.string(),
  required: z.boolean(),
  description: z.string().optional(),
  enum: z.array(z.unknown()).optional(),
  default: z.unknown().optional(),
  format: z.string().optional(),
  pattern: z.string().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  exclusiveMinimum: z.boolean().optional(),
  exclusiveMaximum: z.boolean().optional(),
  minLength: z.number().int().optional(),
  maxLength: z.number().int().optional(),
  minItems: z.number().int().optional(),
  maxItems: z.number().int().optional(),
  nullable: z.boolean().optional(),
  intOrString: z.boolean().optional(),
  preserveUnknownFields: z.boolean().optional(),
  embeddedResource: z.boolean().optional(),
  validations: z.array(ValidationRule).optional(),
  truncated: FieldTruncation.optional(),
  get children() {
    return z.array(SchemaField).optional();
  },
});

/**
 * `GET /api/v1/contexts/:context/schema/:group/:version/:kind` (group `core` in the URL for the core group).
 * `jsonSchema` is one self-contained draft-07 JSON Schema (references point into its own `definitions`) that
 * monaco-yaml and ajv both load; its `apiVersion` and `kind` are enums of this kind's exact values.
 */
export const KindSchema = z.object({
  /** "" for the core group. */
  group: z.string(),
  version: z.string(),
  kind: z.string(),
  jsonSchema: z.record(z.string(), z.unknown()),
  /** The kind's top-level fields (apiVersion, kind, metadata, spec, ...), each with its subtree. */
  fields: z.array(SchemaField),
  /** The schema nodes the kind's CEL rules need (see {@link CelNode}); absent when the kind has no rules. */
  cel: CelNode.optional(),
});
export type KindSchema = z.infer<typeof KindSchema>;
