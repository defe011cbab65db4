import type { CatalogResource } from "@loupe/protocol";
import type { Inventory, InventoryItem, InventoryView } from "../inventory/index.ts";
import { kindId } from "../inventory/index.ts";
import type { IdentityTokens } from "../watch/identity-tokens.ts";
import type { KindListener, ObjectSource, SourceEvent, SourceRequest } from "./object-source.ts";

/**
 * How long the objects of kinds listed already are handed to the query at a stretch before the socket gets its
 * turn: a search over an inventory that holds every kind (50,000 objects) sends its first hits after the first
 * slice, not after all of them were matched.
 */
const RESET_SLICE_MS = 8;

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
    /** Kinds whose objects are to be handed over, in order (see {@link RESET_SLICE_MS}). */
    const resets = new Set<string>();
    let draining: ReturnType<typeof setImmediate> | undefined;
    const drain = () => {
      draining = undefined;
      const started = performance.now();
      for (const id of resets) {
        if (stopped || !view) return;
        resets.delete(id);
        byId.get(id)?.listener.onSynced([...view.items(id)].map(toSource));
        if (performance.now() - started >= RESET_SLICE_MS) break;
      }
      if (resets.size > 0 && !stopped) draining = setImmediate(drain);
    };
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
              // Read when handed over, not now: changes heard meanwhile are in it (the runner ignores changes
              // of a kind it has not been handed yet).
              resets.delete(kind.id);
              resets.add(kind.id);
              draining ??= setImmediate(drain);
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
              else resets.delete(status.kind.id);
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
      if (draining) clearImmediate(draining);
      resets.clear();
      unlisten?.();
      view?.close();
    };
  }
}

function toSource(item: InventoryItem) {
  return { object: item.object, health: item.health };
}
