import type { Catalog, CatalogResource } from "@loupe/protocol";
import type { InventoryKind, KindSelector } from "./types.ts";

/** The id of a kind: `group/version/resource`. */
export function kindId(group: string, version: string, resource: string): string {
  return `${group}/${version}/${resource}`;
}

/** Whether the inventory can hold a resource at all: its preferred version, listable and watchable. */
export function isInventoried(resource: CatalogResource): boolean {
  return (
    resource.version === resource.preferredVersion &&
    resource.verbs.includes("list") &&
    resource.verbs.includes("watch") &&
    !resource.resource.includes("/")
  );
}

/** The kinds of `catalog` a view covers: inventoried, selected, and namespaced when the scope is one namespace. */
export function selectKinds(catalog: Catalog, select: KindSelector, namespace: string): InventoryKind[] {
  const kinds: InventoryKind[] = [];
  for (const r of catalog.resources) {
    if (!isInventoried(r) || (namespace !== "" && !r.namespaced) || !select(r)) continue;
    kinds.push({
      id: kindId(r.group, r.version, r.resource),
      group: r.group,
      version: r.version,
      resource: r.resource,
      kind: r.kind,
      namespaced: r.namespaced,
      categories: r.categories,
      custom: r.custom,
    });
  }
  return kinds;
}

/** Every kind the user may list (search, relations). */
export const ALL_KINDS: KindSelector = () => true;
