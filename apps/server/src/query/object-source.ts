import type { CatalogResource, KubeObject, WatchEventType } from "@loupe/protocol";

/** A change of one object of one kind. */
export interface SourceEvent {
  type: WatchEventType;
  object: KubeObject;
}

/** What a query hears of one kind, synchronously and in order. */
export interface KindListener {
  /** The kind's complete state (its first list, or a replacement after which the events restart). */
  onSynced(objects: readonly KubeObject[]): void;
  onEvents(events: readonly SourceEvent[]): void;
  /** The kind cannot be read now (forbidden, gone, unreachable); it may recover with a later onSynced. */
  onError(message: string): void;
}

/**
 * Where cross-kind queries read objects from: shared caches of whole kinds (DESIGN §12), never a list per query.
 * `identity` is whose credentials read the kind ("" the server's own; else a user's, see WatchKey.identity);
 * `namespace` ("" all) is where the caller looks: a source may read only there (a user allowed to list in one
 * namespace only must), or more. Returns the function that stops listening.
 */
export interface ObjectSource {
  watch(
    context: string,
    identity: string,
    kind: CatalogResource,
    namespace: string,
    listener: KindListener,
  ): () => void;
}
