import { z } from "zod";

/**
 * The CustomResourceDefinitions of a context, projected: what the Custom Resources home shows of each CRD, never its
 * schemas (a Crossplane provider's CRDs weigh tens of megabytes; DESIGN §3: nothing holds whole CRD objects).
 */

export const CrdVersionSummary = z.object({
  name: z.string(),
  served: z.boolean(),
  storage: z.boolean(),
  deprecated: z.boolean(),
  /** The CRD's own deprecation warning for this version, if it sets one. */
  deprecationWarning: z.string().optional(),
});
export type CrdVersionSummary = z.infer<typeof CrdVersionSummary>;

/** One status condition of a CRD (`Established`, `NamesAccepted`, `NonStructuralSchema`, `Terminating`, …). */
export const CrdCondition = z.object({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
});
export type CrdCondition = z.infer<typeof CrdCondition>;

export const CrdSummary = z.object({
  /** `<plural>.<group>` */
  name: z.string(),
  uid: z.string(),
  resourceVersion: z.string(),
  creationTimestamp: z.string().optional(),
  group: z.string(),
  kind: z.string(),
  plural: z.string(),
  singular: z.string(),
  scope: z.enum(["Namespaced", "Cluster"]),
  shortNames: z.array(z.string()),
  categories: z.array(z.string()),
  /** In the CRD's own order (which is not a priority order). */
  versions: z.array(CrdVersionSummary),
  /** `status.storedVersions`: every version objects may still be stored in. More than one = a migration is due. */
  storedVersions: z.array(z.string()),
  conversion: z.enum(["None", "Webhook"]),
  conditions: z.array(CrdCondition),
});
export type CrdSummary = z.infer<typeof CrdSummary>;

/** `GET /api/v1/contexts/:context/crds` */
export const CrdList = z.object({
  context: z.string(),
  /** The list's resourceVersion (opaque). */
  resourceVersion: z.string(),
  items: z.array(CrdSummary),
});
export type CrdList = z.infer<typeof CrdList>;

/**
 * `GET /api/v1/contexts/:context/crds/:name/conversion-probe`: whether the CRD's conversion webhook answers. Loupe
 * only ever reaches the Service the CRD names, through the API server's service proxy, with the user's credentials;
 * a webhook given by URL is reported, never fetched.
 */
export const ConversionProbe = z.object({
  name: z.string(),
  /**
   * `none`: the CRD converts nothing (strategy None); `url`: the webhook is a URL, which Loupe does not fetch;
   * `answered`: the webhook answered a ConversionReview; `failed`: it did not answer, or not as a webhook must.
   */
  outcome: z.enum(["none", "url", "answered", "failed"]),
  /** `namespace/name:port/path` of the webhook's Service, when it has one. */
  service: z.string().optional(),
  /** The host of a URL webhook (never fetched). */
  url: z.string().optional(),
  /** HTTP status the probe got, when it got one. */
  status: z.number().optional(),
  /** What happened, in words. */
  message: z.string(),
  /** Milliseconds the probe took. */
  elapsedMs: z.number(),
});
export type ConversionProbe = z.infer<typeof ConversionProbe>;
