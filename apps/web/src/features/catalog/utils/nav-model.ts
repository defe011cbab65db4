import type { CatalogResource } from "@loupe/protocol";
import { type GroupSection, scoreKind, sectionsOf } from "./kinds.ts";

/** Past this many custom kinds, custom groups start collapsed (a Crossplane cluster has hundreds of groups). */
export const COLLAPSE_PAST = 60;
/** Kinds drawn at most while filtering: the rest is a count that asks for a narrower filter. */
export const MAX_FILTERED_KINDS = 300;

export interface NavModel {
  custom: GroupSection[];
  builtin: GroupSection[];
  /** Custom kinds per category (`kubectl get <category>`), categories sorted by name. */
  categories: { name: string; kinds: CatalogResource[] }[];
  /** Kinds matching the filter beyond MAX_FILTERED_KINDS, not drawn. */
  hidden: number;
  /** Whether custom groups start collapsed. */
  collapse: boolean;
  byKey: Map<string, CatalogResource>;
}

/**
 * What the sidebar draws, from the catalog's kinds (one per group/resource) and the filter: custom and built-in
 * groups, categories of custom kinds, and how many matches are left out. Pure and linear in the kinds, so a
 * keystroke at 1,500 CRDs costs well under a frame.
 */
export function navModel(kinds: readonly CatalogResource[], filter: string): NavModel {
  const q = filter.trim().replace(/^:/, "").toLowerCase();
  let matching = q === "" ? kinds : kinds.filter((k) => scoreKind(q, k) > 0);
  let hidden = 0;
  if (q !== "" && matching.length > MAX_FILTERED_KINDS) {
    hidden = matching.length - MAX_FILTERED_KINDS;
    matching = matching.slice(0, MAX_FILTERED_KINDS);
  }
  const sections = sectionsOf(matching);
  const categories = new Map<string, CatalogResource[]>();
  let customCount = 0;
  const byKey = new Map<string, CatalogResource>();
  for (const k of kinds) {
    byKey.set(`${k.group}/${k.resource}`, k);
    if (!k.custom) continue;
    customCount++;
    for (const c of k.categories) {
      const list = categories.get(c) ?? [];
      list.push(k);
      categories.set(c, list);
    }
  }
  return {
    ...sections,
    categories: [...categories.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, list]) => ({ name, kinds: list })),
    hidden,
    collapse: customCount > COLLAPSE_PAST,
    byKey,
  };
}
