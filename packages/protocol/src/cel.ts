import { z } from "zod";

/** One `x-kubernetes-validations` entry (a CEL rule), as the CRD declares it. */
export const ValidationRule = z.object({
  rule: z.string(),
  message: z.string().optional(),
  messageExpression: z.string().optional(),
  reason: z.string().optional(),
  fieldPath: z.string().optional(),
  /** A transition rule that also runs on create (and when the old value is absent), with `oldSelf` optional. */
  optionalOldSelf: z.boolean().optional(),
});
export type ValidationRule = z.infer<typeof ValidationRule>;

/**
 * The part of a kind's structural schema that its CEL rules (`x-kubernetes-validations`) need, for checking them in
 * the browser: every node that carries rules or has a descendant that does, and below a node with rules its whole
 * subtree (a rule sees all of `self`). Only what decides a value's CEL type is kept: `type`, `format`, int-or-string,
 * the list type (which list items a transition rule's `oldSelf` correlates with), and the children.
 */
export interface CelNode {
  type?: string;
  format?: string;
  intOrString?: boolean;
  nullable?: boolean;
  /** `x-kubernetes-preserve-unknown-fields`: fields the schema does not name are kept (and are not visible to CEL). */
  preserveUnknownFields?: boolean;
  /** `x-kubernetes-embedded-resource`: apiVersion, kind and metadata are implied. */
  embeddedResource?: boolean;
  /** `x-kubernetes-list-type`: `atomic` (default), `set` or `map`. */
  listType?: string;
  /** `x-kubernetes-list-map-keys` of a `map` list. */
  listMapKeys?: string[];
  /** The schema's `default`: the API server sets it before it validates, so rules see it. */
  default?: unknown;
  rules?: ValidationRule[];
  properties?: Record<string, CelNode>;
  items?: CelNode;
  additionalProperties?: CelNode;
  /** Set where the subtree was cut: a type that contains itself (its values are dynamic to CEL). */
  truncated?: boolean;
}

export const CelNode: z.ZodType<CelNode> = z.object({
  type: z.string().optional(),
  format: z.string().optional(),
  intOrString: z.boolean().optional(),
  nullable: z.boolean().optional(),
  preserveUnknownFields: z.boolean().optional(),
  embeddedResource: z.boolean().optional(),
  listType: z.string().optional(),
  listMapKeys: z.array(z.string()).optional(),
  default: z.unknown().optional(),
  rules: z.array(ValidationRule).optional(),
  get properties() {
    return z.record(z.string(), CelNode).optional();
  },
  get items() {
    return CelNode.optional();
  },
  get additionalProperties() {
    return CelNode.optional();
  },
  truncated: z.boolean().optional(),
});
