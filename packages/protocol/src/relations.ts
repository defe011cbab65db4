import { z } from "zod";
import { Health } from "./health.ts";

/** One object of an object's neighbourhood. */
export const RelationNode = z.object({
  /** Unique in the answer: `<group>/<resource>/<namespace>/<name>` (group "" for core, namespace "" when cluster-scoped). */
  id: z.string(),
  group: z.string(),
  version: z.string(),
  resource: z.string(),
  kind: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  uid: z.string().optional(),
  /** Hops from the object asked about (0 for it). */
  depth: z.number().int(),
  /** A reference the schema says must resolve names an object that does not exist. */
  missing: z.boolean().optional(),
  /** The object's health (DESIGN §12), as tables and the Problems view show it. */
  health: Health.optional(),
});
export type RelationNode = z.infer<typeof RelationNode>;

/**
 * A relation, always drawn from → to: `owner` from an owner to the object it owns (ownerReferences);
 * `reference` from the object whose field names another to that one; `selector` from the object whose label
 * selector matches to the object it selects.
 */
export const RelationEdge = z.object({
  from: z.string(),
  to: z.string(),
  type: z.enum(["owner", "reference", "selector"]),
  /** The field that makes the reference or selection (`spec.secretName`, `spec.rules[0].backendRefs[0]`). */
  field: z.string().optional(),
  /** An ownerReference with `controller: true`. */
  controller: z.boolean().optional(),
});
export type RelationEdge = z.infer<typeof RelationEdge>;

/** `GET /api/v1/contexts/:context/relations/<kubernetes object path>?depth=N&limit=M` */
export const Relations = z.object({
  root: z.string(),
  depth: z.number().int(),
  nodes: z.array(RelationNode),
  edges: z.array(RelationEdge),
  /** The node limit cut the walk short: there is more beyond what is listed. */
  truncated: z.boolean(),
  /** What could not be looked at (a kind that timed out or may not be listed), one sentence each. */
  warnings: z.array(z.string()),
});
export type Relations = z.infer<typeof Relations>;
