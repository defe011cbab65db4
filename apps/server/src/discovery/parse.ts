import type { CatalogGroup, CatalogResource } from "@loupe/protocol";
import { defaultVersion } from "./version-priority.ts";

/** `apidiscovery.k8s.io` v2 / v2beta1 APIGroupDiscoveryList, the fields Loupe reads. */
export interface AggregatedDiscovery {
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      resources?: {
        resource: string;
        responseKind?: { group?: string; version?: string; kind?: string };
        scope?: "Namespaced" | "Cluster";
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string }[];
      }[];
    }[];
  }[];
}

/** Legacy discovery: `/apis` (APIGroupList) and a group-version's APIResourceList. */
export interface LegacyGroupList {
  groups?: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
}
export interface LegacyResourceList {
  resources?: {
    name: string;
    singularName?: string;
    namespaced: boolean;
    kind: string;
    verbs?: string[];
    shortNames?: string[];
    categories?: string[];
  }[];
}

export interface ParsedDiscovery {
  groups: CatalogGroup[];
  resources: CatalogResource[];
}

/**
 * Normalizes aggregated discovery (`/api` + `/apis` answers). Versions come in the server's preference order, so
 * the first is the preferred one. `custom` is filled in later from the CRD list.
 */
export function parseAggregated(lists: AggregatedDiscovery[]): ParsedDiscovery {
  const groups: CatalogGroup[] = [];
  const resources: CatalogResource[] = [];
  for (const item of lists.flatMap((l) => l.items ?? [])) {
    const name = item.metadata?.name ?? "";
    const versions = (item.versions ?? []).map((v) => v.version);
    const preferredVersion = versions[0];
    if (preferredVersion === undefined) continue;
    groups.push({ name, preferredVersion, versions });
    for (const version of item.versions ?? []) {
      for (const r of version.resources ?? []) {
        resources.push({
          group: name,
          version: version.version,
          resource: r.resource,
          kind: r.responseKind?.kind ?? "",
          singular: r.singularResource ?? "",
          namespaced: r.scope === "Namespaced",
          verbs: r.verbs ?? [],
          shortNames: r.shortNames ?? [],
          categories: r.categories ?? [],
          subresources: (r.subresources ?? []).map((s) => s.subresource),
          preferredVersion, // the resource's own default: see withVersions
          versions: [],
          custom: false,
        });
      }
    }
  }
  return { groups, resources: withVersions(resources, groups) };
}

/** Normalizes legacy discovery: the group list plus one APIResourceList per group-version. */
export function parseLegacy(
  groups: CatalogGroup[],
  lists: { group: string; version: string; list: LegacyResourceList }[],
): ParsedDiscovery {
  const resources: CatalogResource[] = [];
  for (const { group, version, list } of lists) {
    const all = list.resources ?? [];
    for (const r of all.filter((x) => !x.name.includes("/"))) {
      resources.push({
        group,
        version,
        resource: r.name,
        kind: r.kind,
        singular: r.singularName || r.kind.toLowerCase(),
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        subresources: all.filter((x) => x.name.startsWith(`${r.name}/`)).map((x) => x.name.slice(r.name.length + 1)),
        preferredVersion: version, // the resource's own default: see withVersions
        versions: [],
        custom: false,
      });
    }
  }
  return { groups, resources: withVersions(resources, groups) };
}

/**
 * Fills each entry's `versions` (every version of its group serving the same resource: the default first, then in
 * group order) and `preferredVersion` (the resource's own default: see {@link defaultVersion}).
 */
function withVersions(resources: CatalogResource[], groups: CatalogGroup[]): CatalogResource[] {
  const byGroup = new Map(groups.map((g) => [g.name, g]));
  const byResource = new Map<string, string[]>();
  for (const r of resources) {
    const key = `${r.group}/${r.resource}`;
    byResource.set(key, [...(byResource.get(key) ?? []), r.version]);
  }
  return resources.map((r) => {
    const group = byGroup.get(r.group);
    const served = byResource.get(`${r.group}/${r.resource}`) ?? [r.version];
    const ordered = group ? group.versions.filter((v) => served.includes(v)) : served;
    const preferred = defaultVersion(group?.preferredVersion, ordered) ?? r.version;
    return { ...r, preferredVersion: preferred, versions: [preferred, ...ordered.filter((v) => v !== preferred)] };
  });
}
