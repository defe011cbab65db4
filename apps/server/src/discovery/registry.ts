import type { ContextRegistry } from "../cluster/contexts.ts";
import { ResourceCatalog, type ResourceCatalogOptions } from "./catalog.ts";

/** One {@link ResourceCatalog} per context, made on first use. Unknown contexts throw the registry's 404. */
export class CatalogRegistry {
  readonly #contexts: ContextRegistry;
  readonly #options: ResourceCatalogOptions;
  readonly #catalogs = new Map<string, ResourceCatalog>();

  constructor(contexts: ContextRegistry, options: ResourceCatalogOptions = {}) {
    this.#contexts = contexts;
    this.#options = options;
  }

  for(context: string): ResourceCatalog {
    let catalog = this.#catalogs.get(context);
    if (!catalog) {
      catalog = new ResourceCatalog(this.#contexts.get(context), this.#options);
      this.#catalogs.set(context, catalog);
    }
    return catalog;
  }
}
