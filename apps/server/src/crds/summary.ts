import type { CrdCondition, CrdSummary, CrdVersionSummary } from "@loupe/protocol";

/** The parts of a CustomResourceDefinition (apiextensions.k8s.io/v1) the projection reads; the rest is ignored. */
interface CrdObject {
  metadata?: { name?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string; plural?: string; singular?: string; shortNames?: string[]; categories?: string[] };
    versions?: {
      name?: string;
      served?: boolean;
      storage?: boolean;
      deprecated?: boolean;
      deprecationWarning?: string;
    }[];
    conversion?: { strategy?: string };
  };
  status?: {
    storedVersions?: string[];
    conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((s): s is string => typeof s === "string") : [];

/**
 * A CRD as the Custom Resources home shows it: names, versions with their flags, stored versions, conversion
 * strategy and conditions. Schemas, printer columns and webhook configuration are dropped, so a list of summaries
 * weighs a few hundred bytes per CRD whatever the size of its schemas. Pure; tolerates missing fields (a CRD being
 * created may have no status yet).
 */
export function summarizeCrd(object: unknown): CrdSummary {
  const crd = (object ?? {}) as CrdObject;
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const versions: CrdVersionSummary[] = (spec.versions ?? []).map((v) => ({
    name: String(v.name ?? ""),
    served: v.served === true,
    storage: v.storage === true,
    deprecated: v.deprecated === true,
    ...(typeof v.deprecationWarning === "string" ? { deprecationWarning: v.deprecationWarning } : {}),
  }));
  const conditions: CrdCondition[] = (crd.status?.conditions ?? []).map((c) => ({
    type: String(c.type ?? ""),
    status: String(c.status ?? "Unknown"),
    ...(typeof c.reason === "string" ? { reason: c.reason } : {}),
    ...(typeof c.message === "string" ? { message: c.message } : {}),
  }));
  return {
    name: String(crd.metadata?.name ?? ""),
    uid: String(crd.metadata?.uid ?? ""),
    resourceVersion: String(crd.metadata?.resourceVersion ?? ""),
    ...(crd.metadata?.creationTimestamp ? { creationTimestamp: crd.metadata.creationTimestamp } : {}),
    group: String(spec.group ?? ""),
    kind: String(names.kind ?? ""),
    plural: String(names.plural ?? ""),
    singular: String(names.singular ?? names.kind?.toLowerCase() ?? ""),
    scope: spec.scope === "Cluster" ? "Cluster" : "Namespaced",
    shortNames: strings(names.shortNames),
    categories: strings(names.categories),
    versions,
    storedVersions: strings(crd.status?.storedVersions),
    conversion: spec.conversion?.strategy === "Webhook" ? "Webhook" : "None",
    conditions,
  };
}
