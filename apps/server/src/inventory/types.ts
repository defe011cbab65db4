import type { CatalogResource, Health, KubeObject, TableRow } from "@loupe/protocol";

/** One kind the inventory covers: a resource of the catalog at its preferred version. */
export interface InventoryKind {
  /** `group/version/resource` (`/v1/pods` for the core group): the kind's key in every map and message. */
  id: string;
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  categories: readonly string[];
  /** Defined by a CustomResourceDefinition. */
  custom: boolean;
}

/** Which catalog resources a view wants (called for each listable resource at its preferred version). */
export type KindSelector = (resource: CatalogResource) => boolean;

/**
 * - `syncing`: listing; `live`: listed and watching; `reconnecting`: the watch dropped, retrying;
 * - `error`: cannot be listed (a dead conversion webhook, a timeout): retried with backoff, the message says why;
 * - `forbidden`: the user may not list it (403) or it is gone (404): not retried until the catalog changes or
 *   the retry period passes; such kinds are not the user's, so views hide them rather than show an error.
 */
export type KindState = "syncing" | "live" | "reconnecting" | "error" | "forbidden";

export interface KindStatus {
  kind: InventoryKind;
  state: KindState;
  message?: string;
  /** Objects held now (0 until listed). */
  count: number;
}

/** One object as the inventory holds it: slim (identity, labels, owners, generation, timestamps, status). */
export interface InventoryItem {
  kind: InventoryKind;
  /** Metadata (name, namespace, uid, resourceVersion, generation, timestamps, labels, ownerReferences) and status. */
  object: KubeObject;
  /** The server's verdict (absent for kinds whose status is not read, e.g. CRDs). */
  health: Health | undefined;
  /** The row's cells (the kind's printer columns), as the API server made them. */
  cells: readonly unknown[];
}

/** A change of one object; `DELETED` carries its last state. */
export interface InventoryChange {
  type: "ADDED" | "MODIFIED" | "DELETED";
  item: InventoryItem;
}

/**
 * What a view hears, synchronously and in order, from the moment it listens. It must not block (queue, then
 * work). `onReset(kind)`: the kind's objects were replaced (first list, or a re-list with new columns): read them
 * again with {@link InventoryView.items}; `onChanges`: changes since; `onKindStatus`: a kind's state changed, or
 * kinds were added or removed (the catalog changed: a CRD came or went).
 */
export interface InventoryListener {
  onReset?(kind: InventoryKind): void;
  onChanges?(changes: readonly InventoryChange[]): void;
  onKindStatus?(status: KindStatus): void;
  onKindsChanged?(kinds: readonly InventoryKind[]): void;
}

/** A view of the inventory for one (context, identity, namespace scope) and a set of kinds. */
export interface InventoryView {
  /** The kinds covered now (follows the catalog). */
  kinds(): readonly InventoryKind[];
  /** Every kind's state and count. */
  status(): KindStatus[];
  /** The objects held now, of one kind (by id) or of all. A fresh iterable each call. */
  items(kindId?: string): Iterable<InventoryItem>;
  /** Resolves once every kind covered when called has been listed or has failed (first results are complete). */
  settled(): Promise<void>;
  /**
   * Adds a listener; the returned function removes it. The listener hears `onReset` at once for every kind listed
   * already, so resets plus changes are the whole state, whenever it starts listening.
   */
  listen(listener: InventoryListener): () => void;
  /** Releases the view: its kinds stop being watched when no other view needs them (after the hub's linger). */
  close(): void;
}

/** What a view is opened for. */
export interface InventoryRequest {
  context: string;
  /** The user's token in user-token mode (RBAC decides what they see); absent: the server's own credentials. */
  token?: string;
  /** One namespace, or all (`""` / absent). A namespace scope leaves cluster-scoped kinds out. */
  namespace?: string;
  /** Which listable kinds (preferred versions). */
  select: KindSelector;
  /** The rate-limit flow upstream requests queue in (default: the inventory's own). */
  flow?: string;
}

export type { TableRow };
