import type { Catalog, CatalogResource } from "@loupe/protocol";

/**
 * Views of the catalog for navigation and the palette. The catalog has one entry per served version; the UI shows
 * each resource once, at its group's preferred version (never just the first listed), and offers the others.
 */

/** One entry per (group, resource) that can be listed, at the preferred version. */
export function kindsOf(catalog: Catalog): CatalogResource[] {
  const byKey = new Map<string, CatalogResource>();
  for (const entry of catalog.resources) {
    if (!entry.verbs.includes("list")) continue;
    const key = `${entry.group}/${entry.resource}`;
    const seen = byKey.get(key);
    if (!seen || rank(entry) < rank(seen)) byKey.set(key, entry);
  }
  return [...byKey.values()];
}

/** Lower is better: the preferred version, else the earliest in the entry's own `versions` order. */
function rank(entry: CatalogResource): number {
  if (entry.version === entry.preferredVersion) return -1;
  const i = entry.versions.indexOf(entry.version);
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

export interface GroupSection {
  /** API group; "" is the core group. */
  group: string;
  resources: CatalogResource[];
}

/** Resources grouped by API group, custom resources apart from built-ins; groups and kinds sorted by name. */
export function sectionsOf(kinds: readonly CatalogResource[]): { custom: GroupSection[]; builtin: GroupSection[] } {
  const make = (custom: boolean) => {
    const groups = new Map<string, CatalogResource[]>();
    for (const k of kinds) {
      if (k.custom !== custom) continue;
      const list = groups.get(k.group) ?? [];
      list.push(k);
      groups.set(k.group, list);
    }
    return [...groups.entries()]
      .sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)))
      .map(([group, resources]) => ({ group, resources: resources.sort((a, b) => a.kind.localeCompare(b.kind)) }));
  };
  return { custom: make(true), builtin: make(false) };
}

/** The catalog entry of one group/version/resource, if the cluster serves it. */
export function findResource(
  catalog: Catalog,
  ref: { group: string; version: string; resource: string },
): CatalogResource | undefined {
  return catalog.resources.find(
    (r) => r.group === ref.group && r.version === ref.version && r.resource === ref.resource,
  );
}

/** The entry serving `kind` at `apiVersion` (for owner references), falling back to the kind at any version. */
export function findKind(catalog: Catalog, group: string, version: string, kind: string): CatalogResource | undefined {
  const candidates = catalog.resources.filter((r) => r.group === group && r.kind === kind);
  return candidates.find((r) => r.version === version) ?? candidates.find((r) => r.version === r.preferredVersion);
}

/**
 * Kinds matching what the user typed, best first, as kubectl resolves names (and k9s' `:ct`): an exact shortName,
 * then an exact plural / singular / kind / `plural.group`, then a category (`all`), then prefixes, then substrings.
 * A leading `:` is ignored. Ties put custom resources first, then sort by kind.
 *
 * Fast enough for every keystroke at 1,500+ kinds: the kinds are sorted in tie order once per list (cached), the
 * scores are a handful of small integers, so the best `limit` come from one pass into per-score buckets — no sort,
 * no string comparison per keystroke (a localeCompare sort of 1,500 matches took tens of ms).
 */
export function searchKinds(query: string, kinds: readonly CatalogResource[], limit = 50): CatalogResource[] {
  const q = query.trim().replace(/^:/, "").toLowerCase();
  const index = searchIndex(kinds);
  if (q === "") return index.slice(0, limit).map((e) => e.entry);
  const buckets = new Map<number, CatalogResource[]>();
  for (const item of index) {
    const score = scoreIndexed(q, item);
    if (score === 0) continue;
    const bucket = buckets.get(score);
    if (!bucket) buckets.set(score, [item.entry]);
    else if (bucket.length < limit) bucket.push(item.entry);
  }
  const out: CatalogResource[] = [];
  for (const score of [...buckets.keys()].sort((a, b) => b - a)) {
    for (const entry of buckets.get(score) ?? []) {
      if (out.length === limit) return out;
      out.push(entry);
    }
  }
  return out;
}

interface Indexed {
  entry: CatalogResource;
  kind: string;
  plural: string;
  singular: string;
  qualified: string;
  group: string;
  shortNames: string[];
  categories: string[];
}

const indexes = new WeakMap<readonly CatalogResource[], Indexed[]>();

/** The kinds with their names in lower case, in tie order (custom first, then by kind, then group). */
function searchIndex(kinds: readonly CatalogResource[]): Indexed[] {
  let index = indexes.get(kinds);
  if (!index) {
    const collator = new Intl.Collator(undefined, { sensitivity: "variant" });
    index = [...kinds]
      .sort(
        (a, b) =>
          Number(b.custom) - Number(a.custom) || collator.compare(a.kind, b.kind) || collator.compare(a.group, b.group),
      )
      .map((entry) => {
        const plural = entry.resource.toLowerCase();
        return {
          entry,
          kind: entry.kind.toLowerCase(),
          plural,
          singular: entry.singular.toLowerCase(),
          qualified: entry.group === "" ? plural : `${plural}.${entry.group.toLowerCase()}`,
          group: entry.group.toLowerCase(),
          shortNames: entry.shortNames.map((n) => n.toLowerCase()),
          categories: entry.categories.map((c) => c.toLowerCase()),
        };
      });
    indexes.set(kinds, index);
  }
  return index;
}

function scoreIndexed(q: string, e: Indexed): number {
  if (e.shortNames.includes(q)) return 100;
  if (q === e.qualified) return 95;
  if (q === e.plural || q === e.singular || q === e.kind) return 90;
  if (e.categories.includes(q)) return 60;
  if (e.qualified.startsWith(q) || e.kind.startsWith(q) || e.singular.startsWith(q)) return 40;
  if (e.shortNames.some((s) => s.startsWith(q))) return 35;
  if (e.kind.includes(q) || e.plural.includes(q) || e.group.includes(q)) return 20;
  return 0;
}

/** How well `q` (lower-case) names `entry`; 0 = not at all. */
export function scoreKind(q: string, entry: CatalogResource): number {
  const kind = entry.kind.toLowerCase();
  const plural = entry.resource.toLowerCase();
  const singular = entry.singular.toLowerCase();
  const qualified = entry.group === "" ? plural : `${plural}.${entry.group.toLowerCase()}`;
  if (entry.shortNames.some((s) => s.toLowerCase() === q)) return 100;
  if (q === qualified) return 95;
  if (q === plural || q === singular || q === kind) return 90;
  if (entry.categories.some((c) => c.toLowerCase() === q)) return 60;
  if (qualified.startsWith(q) || kind.startsWith(q) || singular.startsWith(q)) return 40;
  if (entry.shortNames.some((s) => s.toLowerCase().startsWith(q))) return 35;
  if (kind.includes(q) || plural.includes(q) || entry.group.toLowerCase().includes(q)) return 20;
  return 0;
}
