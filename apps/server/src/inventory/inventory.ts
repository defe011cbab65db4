import type { CatalogRegistry } from "../discovery/registry.ts";
import { ApiError } from "../errors.ts";
import type { IdentityTokens } from "../watch/identity-tokens.ts";
import { identityOf } from "../watch/identity-tokens.ts";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import { Scope } from "./scope.ts";
import type { InventoryRequest, InventoryView } from "./types.ts";

/** Options of the {@link Inventory}; every field optional. */
export interface InventoryOptions {
  /** How long a kind the user may not list (403) or that is gone (404) waits before it is asked again (default 5 min). */
  forbiddenRetryMs?: number;
  /** Kinds one view covers at most (default 2,000); the catalog's first ones are taken. */
  maxKinds?: number;
  /** How long after a CRD or APIService change the kinds are chosen again, in ms (default 1,000). */
  catalogDebounceMs?: number;
  /** Kinds one scope lists at once; the others wait their turn (default 16). */
  maxListing?: number;
}

/** The resources whose changes change the catalog (app.ts follows the same through the hub). */
const API_SURFACE = [
  ["apiextensions.k8s.io", "customresourcedefinitions"],
  ["apiregistration.k8s.io", "apiservices"],
] as const;

interface ScopeEntry {
  scope: Scope;
  /** Releases the user's token (user-token mode). */
  releaseToken: () => void;
  /** Hub subscriptions to CRDs and APIServices, to follow the catalog. */
  follow: WatchSubscription[];
  debounce: ReturnType<typeof setTimeout> | undefined;
  recheck: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The cross-kind cache (see index.ts): opens views, shares scopes, follows the catalog. One per app.
 */
export class Inventory {
  readonly #hub: WatchHub;
  readonly #catalogs: CatalogRegistry;
  readonly #tokens: IdentityTokens;
  readonly #options: Required<InventoryOptions>;
  readonly #scopes = new Map<string, ScopeEntry>();
  #closed = false;

  constructor(
    deps: { hub: WatchHub; catalogs: CatalogRegistry; tokens: IdentityTokens },
    options: InventoryOptions = {},
  ) {
    this.#hub = deps.hub;
    this.#catalogs = deps.catalogs;
    this.#tokens = deps.tokens;
    this.#options = {
      forbiddenRetryMs: options.forbiddenRetryMs ?? 300_000,
      maxKinds: options.maxKinds ?? 2_000,
      catalogDebounceMs: options.catalogDebounceMs ?? 1_000,
      maxListing: options.maxListing ?? 16,
    };
  }

  /** Scopes alive (for metrics and tests). */
  get scopes(): number {
    return this.#scopes.size;
  }

  /**
   * Opens a view. Rejects (an ApiError) when the context does not exist or its catalog cannot be read; never
   * because of one kind: each kind's failure is in its status. The view starts at once; its first results arrive
   * through its listeners and `settled()`.
   */
  async open(request: InventoryRequest): Promise<InventoryView> {
    if (this.#closed) throw new ApiError(503, "LOUPE_SHUTTING_DOWN", "the server is shutting down");
    const catalog = await this.#catalogs.for(request.context).get();
    const identity = identityOf(request.token);
    const namespace = request.namespace ?? "";
    const id = JSON.stringify([request.context, identity, namespace]);
    let entry = this.#scopes.get(id);
    // A scope made earlier may hold an older catalog than the one just read: newer wins.
    entry?.scope.catalogChanged(catalog);
    if (!entry) {
      const releaseToken = request.token ? this.#tokens.hold(identity, request.token) : () => {};
      const flow = `inventory:${identity.slice(0, 16) || "server"}`;
      const scope = new Scope(
        { context: request.context, identity, namespace, flow, catalog },
        this.#hub,
        this.#options,
        () => this.#drop(id),
      );
      const created: ScopeEntry = { scope, releaseToken, follow: [], debounce: undefined, recheck: undefined };
      created.follow = this.#followCatalog(request.context, created);
      entry = created;
      this.#scopes.set(id, entry);
    }
    return entry.scope.open(request.select);
  }

  /** Closes every view and scope (app shutdown). */
  close(): void {
    this.#closed = true;
    for (const id of [...this.#scopes.keys()]) this.#drop(id);
  }

  #followCatalog(context: string, entry: ScopeEntry): WatchSubscription[] {
    const reload = (invalidate: boolean) => {
      const catalog = this.#catalogs.for(context);
      if (invalidate) catalog.invalidate();
      catalog.get().then(
        (fresh) => entry.scope.catalogChanged(fresh),
        () => {},
      );
    };
    const changed = () => {
      clearTimeout(entry.debounce);
      clearTimeout(entry.recheck);
      entry.debounce = setTimeout(() => reload(false), this.#options.catalogDebounceMs);
      // Discovery may serve a new CRD a moment after its last change event: look once more a little later.
      entry.recheck = setTimeout(() => reload(true), this.#options.catalogDebounceMs + 3_000);
      entry.debounce.unref?.();
      entry.recheck.unref?.();
    };
    return API_SURFACE.map(([group, resource]) => {
      let first = true;
      return this.#hub.subscribe(
        {
          context,
          identity: "",
          group,
          version: "v1",
          resource,
          namespace: "",
          labelSelector: "",
          fieldSelector: "",
          table: true,
          // Names only, as app.ts's catalog following (the same reflector): a change is all this needs.
          names: true,
        },
        {
          // The first snapshot is the catalog the scope started with; later ones (re-lists) may differ.
          onSynced: () => {
            if (!first) changed();
            first = false;
          },
          onEvents: changed,
          onStatus: () => {},
        },
      );
    });
  }

  #drop(id: string): void {
    const entry = this.#scopes.get(id);
    if (!entry) return;
    this.#scopes.delete(id);
    clearTimeout(entry.debounce);
    clearTimeout(entry.recheck);
    for (const subscription of entry.follow) subscription.close();
    entry.scope.stop();
    entry.releaseToken();
  }
}
