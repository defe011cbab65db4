import type { CatalogResource, Health, KubeObject, WatchEventType } from "@loupe/protocol";

/** An object as a source holds it, with its health verdict when the source has one. */
export interface SourceObject {
  object: KubeObject;
  health?: Health | undefined;
}

/** A change of one object of one kind. */
export interface SourceEvent extends SourceObject {
  type: WatchEventType;
}

/** What a query hears of one kind, synchronously and in order. */
export interface KindListener {
  /** The kind's complete state (its first list, or a replacement after which the events restart). */
  onSynced(objects: readonly SourceObject[]): void;
  onEvents(events: readonly SourceEvent[]): void;
  /** The kind cannot be read now (unreachable, timed out); it may recover with a later onSynced. */
  onError(message: string): void;
  /**
   * The user may not list the kind (403) or it is gone (404): it is left out, its hits dropped, and it is no
   * failure (a user allowed a few kinds would otherwise see hundreds). A later onSynced brings it back.
   */
  onForbidden(message: string): void;
}

/** What a query asks a source for. */
export interface SourceRequest {
  context: string;
  /** Whose credentials read the kinds ("" the server's own; else a user's, see WatchKey.identity). */
  identity: string;
  kinds: readonly CatalogResource[];
  /** Where the caller looks ("" all): a source reads only there, or more and the caller filters. */
  namespace: string;
  /** The listener of each kind. */
  listener: (kind: CatalogResource) => KindListener;
}

/**
 * Where cross-kind queries read objects from: shared caches of whole kinds (DESIGN §12), never a list per query.
 * Returns the function that stops listening to every kind of the request.
 */
export interface ObjectSource {
  watch(request: SourceRequest): () => void;
}
