import type { ContextRegistry } from "../cluster/contexts.ts";
import { ResourceCatalog, type ResourceCatalogOptions } from "./catalog.ts";

/** Calls `onChange` whenever the API surface of `context` may have changed (a CRD or APIService changed). */
export type CatalogChangeSource = (context: string, onChange: () => void) => void;

/**
 * One {@link ResourceCatalog} per context, made on first use. Unknown contexts throw the registry's 404. With a
 * change source, each catalog reloads as soon as CRDs or APIServices change, rather than after its max age.
 */
export class CatalogRegistry {
  readonly #contexts: ContextRegistry;
  readonly #options: ResourceCatalogOptions;
  readonly #catalogs = new Map<string, ResourceCatalog>();
  #changes: CatalogChangeSource | undefined;

  constructor(contexts: ContextRegistry, options: ResourceCatalogOptions = {}) {
    this.#contexts = contexts;
    this.#options = options;
  }

  /** Follow changes from now on (catalogs made later subscribe when they are made). */
  followChanges(source: CatalogChangeSource): void {
    this.#changes = source;
    for (const [context, catalog] of this.#catalogs) source(context, () => catalog.invalidate());
  }

  for(context: string): ResourceCatalog {
    let catalog = this.#catalogs.get(context);
    if (!catalog) {
      const created = new ResourceCatalog(this.#contexts.get(context), this.#options);
      this.#catalogs.set(context, created);
      this.#changes?.(context, () => created.invalidate());
      catalog = created;
    }
    return catalog;
  }
}
