import type { CrdSummary } from "@loupe/protocol";

/** The CRD home's filters, all kept in the URL. */
export interface CrdFilter {
  /** Words that must all match kind, group, name, short names or categories (case-insensitive). */
  text: string;
  scope: "" | "Namespaced" | "Cluster";
  /** Only CRDs needing attention (see {@link problemsOf}). */
  problems: boolean;
}

/** Why a CRD needs attention, in words; empty when it is healthy. */
export function problemsOf(crd: CrdSummary): string[] {
  const problems: string[] = [];
  const condition = (type: string) => crd.conditions.find((c) => c.type === type);
  for (const type of ["Established", "NamesAccepted"]) {
    const c = condition(type);
    if (c?.status !== "True")
      problems.push(`${type} is ${c?.status ?? "missing"}${c?.message ? `: ${c.message}` : ""}`);
  }
  const nonStructural = condition("NonStructuralSchema");
  if (nonStructural?.status === "True") problems.push("its schema is not structural");
  if (condition("Terminating")?.status === "True") problems.push("it is being deleted");
  if (crd.storedVersions.length > 1) {
    problems.push(`objects may still be stored as ${olderStored(crd).join(", ")} (storage is ${storageOf(crd)})`);
  }
  const deprecated = crd.versions.filter((v) => v.served && v.deprecated).map((v) => v.name);
  if (deprecated.length > 0) problems.push(`serves deprecated ${deprecated.join(", ")}`);
  return problems;
}

export function storageOf(crd: Pick<CrdSummary, "versions">): string | undefined {
  return crd.versions.find((v) => v.storage)?.name;
}

/** Stored versions other than the storage version: objects that a storage migration has not rewritten (yet). */
export function olderStored(crd: Pick<CrdSummary, "versions" | "storedVersions">): string[] {
  const storage = storageOf(crd);
  return crd.storedVersions.filter((v) => v !== storage);
}

/** The version to list a CRD's objects at: the storage version when served, else the first served one. */
export function listVersionOf(
  versions: readonly { name: string; served: boolean; storage: boolean }[],
): string | undefined {
  return versions.find((v) => v.served && v.storage)?.name ?? versions.find((v) => v.served)?.name;
}

/** The CRDs matching `filter`, in the order given. */
export function filterCrds(crds: readonly CrdSummary[], filter: CrdFilter): CrdSummary[] {
  const words = filter.text.toLowerCase().split(/\s+/).filter(Boolean);
  return crds.filter((crd) => {
    if (filter.scope && crd.scope !== filter.scope) return false;
    if (filter.problems && problemsOf(crd).length === 0) return false;
    if (words.length === 0) return true;
    const haystack = [crd.kind, crd.name, ...crd.shortNames, ...crd.categories].join(" ").toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export type CrdSortKey = "kind" | "group" | "scope" | "versions" | "conversion";

export function sortCrds(crds: CrdSummary[], key: CrdSortKey | null, desc: boolean): CrdSummary[] {
  if (!key) return crds;
  const value = (c: CrdSummary): string | number =>
    key === "versions" ? c.versions.length : key === "kind" ? c.kind.toLowerCase() : c[key];
  const sorted = [...crds].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return (x < y ? -1 : x > y ? 1 : 0) || a.name.localeCompare(b.name);
  });
  return desc ? sorted.reverse() : sorted;
}
