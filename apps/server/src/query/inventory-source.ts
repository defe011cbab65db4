import type { CatalogResource } from "@loupe/protocol";
import type { Inventory, InventoryItem, InventoryView } from "../inventory/index.ts";
import { kindId } from "../inventory/index.ts";
import type { IdentityTokens } from "../watch/identity-tokens.ts";
import type { KindListener, ObjectSource, SourceEvent, SourceRequest } from "./object-source.ts";

/**
 * An {@link ObjectSource} over the inventory (DESIGN §12): the shared cross-kind cache of slim objects (metadata,
 * bounded status) with their health verdicts, one view per query for all of its kinds. In user-token mode the
 * view acts with the user's token (held for the identity by whoever opened the query): kinds the user may not
 * list are reported as failed, never read with the server's credentials.
 */
export class InventoryObjectSource implements ObjectSource {
  readonly #inventory: Inventory;
  readonly #tokens: IdentityTokens;

  constructor(inventory: Inventory, tokens: IdentityTokens) {
    this.#inventory = inventory;
    this.#tokens = tokens;
  }

  watch(request: SourceRequest): () => void {
    const byId = new Map<string, { kind: CatalogResource; listener: KindListener }>();
    for (const kind of request.kinds) {
      byId.set(kindId(kind.group, kind.version, kind.resource), { kind, listener: request.listener(kind) });
    }
    const token = this.#tokens.token(request.identity);
    if (request.identity !== "" && !token) {
      for (const { listener } of byId.values())
        listener.onError("no credentials are held for this user: sign in again");
      return () => {};
    }
    let stopped = false;
    let view: InventoryView | undefined;
    let unlisten: (() => void) | undefined;
    this.#inventory
      .open({
        context: request.context,
        ...(token ? { token } : {}),
        namespace: request.namespace,
        select: (r) => byId.has(kindId(r.group, r.version, r.resource)),
      })
      .then(
        (opened) => {
          if (stopped) {
            opened.close();
            return;
          }
          view = opened;
          const forbidden = new Set<string>();
          const failedState = (state: string, id: string, message: string | undefined) => {
            const listener = byId.get(id)?.listener;
            if (state === "forbidden") {
              forbidden.add(id);
              listener?.onForbidden(message ?? "forbidden");
            } else if (state === "error") listener?.onError(message ?? "cannot be listed");
          };
          unlisten = opened.listen({
            onReset: (kind) => {
              // A kind that turned forbidden is reset to empty: that is no list.
              if (forbidden.has(kind.id)) return;
              byId.get(kind.id)?.listener.onSynced([...opened.items(kind.id)].map(toSource));
            },
            onChanges: (changes) => {
              const grouped = new Map<string, SourceEvent[]>();
              for (const change of changes) {
                const list = grouped.get(change.item.kind.id) ?? [];
                list.push({ type: change.type, ...toSource(change.item) });
                grouped.set(change.item.kind.id, list);
              }
              for (const [id, events] of grouped) byId.get(id)?.listener.onEvents(events);
            },
            onKindStatus: (status) => {
              if (status.state !== "forbidden") forbidden.delete(status.kind.id);
              failedState(status.state, status.kind.id, status.message);
            },
          });
          // Kinds that failed before we listened.
          for (const status of opened.status()) failedState(status.state, status.kind.id, status.message);
        },
        (error: unknown) => {
          if (stopped) return;
          for (const { listener } of byId.values()) listener.onError((error as Error).message);
        },
      );
    return () => {
      stopped = true;
      unlisten?.();
      view?.close();
    };
  }
}

function toSource(item: InventoryItem) {
  return { object: item.object, health: item.health };
}
