import { z } from "zod";

/**
 * One resource of one group-version, as discovery reports it, normalized from aggregated (v2 / v2beta1) or legacy
 * discovery. Every served version of a resource has its own entry; `preferredVersion` names the version the UI
 * opens by default: the group's preferred one when it serves this resource, else the highest-priority one that does.
 */
export const CatalogResource = z.object({
  /** API group; "" for the core group. */
  group: z.string(),
  version: z.string(),
  /** Plural resource name, as in URLs (`myservices`). */
  resource: z.string(),
  kind: z.string(),
  singular: z.string(),
  namespaced: z.boolean(),
  verbs: z.array(z.string()),
  shortNames: z.array(z.string()),
  categories: z.array(z.string()),
  /** Subresource names, e.g. `status`, `scale`. */
  subresources: z.array(z.string()),
  /**
   * This resource's default version: the group's preferred version when that serves the resource, else the
   * highest-priority version that does (GA > beta > alpha, then by number), as kubectl resolves it.
   */
  preferredVersion: z.string(),
  /** Every version of this group that serves this resource, `preferredVersion` first, then in the group's order. */
  versions: z.array(z.string()),
  /** Defined by a CustomResourceDefinition (rather than built in or aggregated). */
  custom: z.boolean(),
});
export type CatalogResource = z.infer<typeof CatalogResource>;

export const CatalogGroup = z.object({
  /** "" for the core group. */
  name: z.string(),
  preferredVersion: z.string(),
  /** Served versions, preferred first. */
  versions: z.array(z.string()),
});
export type CatalogGroup = z.infer<typeof CatalogGroup>;

/** `GET /api/v1/contexts/:context/catalog` */
export const Catalog = z.object({
  context: z.string(),
  /** Which discovery the catalog came from. */
  source: z.enum(["aggregated-v2", "aggregated-v2beta1", "legacy"]),
  groups: z.array(CatalogGroup),
  resources: z.array(CatalogResource),
});
export type Catalog = z.infer<typeof Catalog>;
