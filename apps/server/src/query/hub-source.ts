import type { CatalogResource, KubeObject } from "@loupe/protocol";
import type { WatchHub } from "../watch/watch-hub.ts";
import type { KindListener, ObjectSource } from "./object-source.ts";

/** Rate-limit flow of the reflectors queries start (see KubeRequest.flow). */
export const QUERY_FLOW = "query";

/**
 * An {@link ObjectSource} over the watch hub: each kind is one shared reflector of whole objects (the namespace
 * asked for or all, no selector, the kind's preferred version), as the user in user-token mode, so the API
 * server's RBAC decides what a query reads.
 */
export class HubObjectSource implements ObjectSource {
  readonly #hub: WatchHub;

  constructor(hub: WatchHub) {
    this.#hub = hub;
  }

  watch(
    context: string,
    identity: string,
    kind: CatalogResource,
    namespace: string,
    listener: KindListener,
  ): () => void {
    const key = {
      context,
      identity,
      group: kind.group,
      version: kind.version,
      resource: kind.resource,
      namespace: kind.namespaced ? namespace : "",
      labelSelector: "",
      fieldSelector: "",
      table: false,
    };
    let subscription: ReturnType<WatchHub["subscribe"]> | undefined;
    let pendingSync = false;
    const synced = () => {
      const snapshot = subscription?.snapshot();
      if (!snapshot) {
        pendingSync = true;
        return;
      }
      listener.onSynced("items" in snapshot ? snapshot.items : snapshot.rows.map((r) => r.object as KubeObject));
    };
    subscription = this.#hub.subscribe(
      key,
      {
        onSynced: synced,
        onEvents: (events) =>
          listener.onEvents(events.map((e) => ("object" in e ? e : { type: e.type, object: e.row.object }))),
        onStatus: (state, message) => {
          if (state === "error") listener.onError(message ?? "cannot be listed");
        },
      },
      QUERY_FLOW,
    );
    // The hub calls onSynced during subscribe() when the reflector is ready: the handle did not exist yet.
    if (pendingSync) synced();
    return () => subscription?.close();
  }
}
