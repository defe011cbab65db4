import type { CatalogResource, KubeObject } from "@loupe/protocol";
import type { WatchHub } from "../watch/watch-hub.ts";
import type { KindListener, ObjectSource, SourceRequest } from "./object-source.ts";

/** Rate-limit flow of the reflectors queries start (see KubeRequest.flow). */
export const QUERY_FLOW = "query";

/**
 * An {@link ObjectSource} straight over the watch hub: each kind is one shared reflector of whole objects (the
 * namespace asked for or all, no selector, the kind's preferred version), as the user in user-token mode, so the
 * API server's RBAC decides what a query reads. Health is computed by the query. (The app uses the inventory,
 * see inventory-source.ts; this one serves tests and servers without it.)
 */
export class HubObjectSource implements ObjectSource {
  readonly #hub: WatchHub;

  constructor(hub: WatchHub) {
    this.#hub = hub;
  }

  watch(request: SourceRequest): () => void {
    const stops = request.kinds.map((kind) =>
      this.#watchKind(request.context, request.identity, kind, request.namespace, request.listener(kind)),
    );
    return () => {
      for (const stop of stops) stop();
    };
  }

  #watchKind(
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
    const synced = () => {
      const snapshot = subscription?.snapshot();
      if (!snapshot) return;
      const objects = "items" in snapshot ? snapshot.items : snapshot.rows.map((r) => r.object as KubeObject);
      listener.onSynced(objects.map((object) => ({ object })));
    };
    try {
      subscription = this.#hub.subscribe(
        key,
        {
          onSynced: synced,
          onEvents: (events) =>
            listener.onEvents(
              events.map((e) => ({ type: e.type, object: "object" in e ? e.object : (e.row.object as KubeObject) })),
            ),
          onStatus: (state, message) => {
            if (state !== "error") return;
            // The API server's words for a 403/404 (the hub passes no code).
            if (/forbidden|could not find the requested resource/i.test(message ?? ""))
              listener.onForbidden(message ?? "");
            else listener.onError(message ?? "cannot be listed");
          },
        },
        QUERY_FLOW,
      );
    } catch (error) {
      listener.onError((error as Error).message);
      return () => {};
    }
    // The hub calls onSynced during subscribe() when the reflector is ready: the handle did not exist yet.
    synced();
    return () => subscription?.close();
  }
}
