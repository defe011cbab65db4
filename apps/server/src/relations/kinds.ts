import type { CatalogResource } from "@loupe/protocol";

/**
 * The kinds a cluster serves, looked up the ways a reference names them: by kind (and group), or by a field
 * name's prefix (`secretName` → Secret, `imagePullSecrets` → Secret, `claimName` → PersistentVolumeClaim,
 * `serviceAccountName` → ServiceAccount). One entry per resource, at its preferred version; subresources and
 * kinds that cannot be read (no `get`) are left out. Pure over one catalog.
 */
export class KindIndex {
  readonly #byKind = new Map<string, CatalogResource[]>();
  readonly #all: CatalogResource[];

  constructor(resources: readonly CatalogResource[]) {
    this.#all = resources.filter(
      (r) => r.version === r.preferredVersion && !r.resource.includes("/") && r.verbs.includes("get"),
    );
    for (const resource of this.#all) {
      const key = resource.kind.toLowerCase();
      const list = this.#byKind.get(key) ?? [];
      list.push(resource);
      this.#byKind.set(key, list);
    }
    // Built-ins first, then by group name: the usual reading of a bare kind.
    for (const list of this.#byKind.values()) list.sort((a, b) => rankGroup(a.group) - rankGroup(b.group));
  }

  get resources(): readonly CatalogResource[] {
    return this.#all;
  }

  /**
   * Resources of `kind` (case-insensitive). With `group` (`""` for core), only that group's; without, every group
   * serving the kind, the referrer's own group first, then core and the built-in groups.
   */
  byKind(kind: string, group?: string, preferGroup?: string): CatalogResource[] {
    const all = this.#byKind.get(kind.toLowerCase()) ?? [];
    if (group !== undefined) return all.filter((r) => r.group === group);
    if (preferGroup === undefined) return all;
    return [...all].sort((a, b) => Number(b.group === preferGroup) - Number(a.group === preferGroup));
  }

  /** The resource of one group/resource, at its preferred version. */
  byResource(group: string, resource: string): CatalogResource | undefined {
    return this.#all.find((r) => r.group === group && r.resource === resource);
  }

  /**
   * The kinds a field-name prefix names: the kind of that name (`configMap` → ConfigMap); else kinds the prefix ends
   * with at a word boundary (`imagePullSecret` → Secret, the longest such kind); else, when `loose`, the one kind
   * whose name ends with the prefix (`claim` → PersistentVolumeClaim) — none when several do (`class`).
   */
  forPrefix(prefix: string, loose: boolean, preferGroup?: string): CatalogResource[] {
    if (prefix.length < 2) return [];
    const exact = this.byKind(prefix, undefined, preferGroup);
    if (exact.length > 0) return exact;
    // `imagePullSecret`: a camelCase tail that is a kind.
    for (let i = 1; i < prefix.length; i++) {
      const c = prefix.charAt(i);
      if (c >= "A" && c <= "Z") {
        const tail = this.byKind(prefix.slice(i), undefined, preferGroup);
        if (tail.length > 0) return tail;
      }
    }
    if (!loose || prefix.length < 4) return [];
    const ending = `${prefix.charAt(0).toUpperCase()}${prefix.slice(1)}`;
    const kinds = new Set<string>();
    let found: CatalogResource[] = [];
    for (const [key, list] of this.#byKind) {
      const kind = list[0]?.kind ?? key;
      if (kind.endsWith(ending) && kind !== ending) {
        kinds.add(kind);
        found = list;
      }
    }
    return kinds.size === 1 ? found : [];
  }
}

function rankGroup(group: string): number {
  if (group === "") return 0;
  return group.endsWith(".k8s.io") || !group.includes(".") ? 1 : 2;
}
