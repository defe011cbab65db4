/**
 * The inventory: a cross-kind, server-side cache of slim objects, for views that span kinds (Problems, search,
 * saved queries, relations). DESIGN §12.
 *
 * How to use it (from a route or a WebSocket subscription; `app.inventory` is the app's one instance):
 *
 *   const view = await app.inventory.open({
 *     context,                       // a kubeconfig context; an unknown one rejects with the registry's 404
 *     token: request.kubeToken,      // user-token mode: RBAC decides (kinds the user may not list are `forbidden`)
 *     namespace,                     // optional: one namespace (cluster-scoped kinds are then left out)
 *     select: (r) => r.custom,       // which catalog resources (preferred versions that can be listed and watched)
 *     flow,                          // optional: the rate-limit flow of the upstream requests
 *   });
 *   view.listen({ onReset(kind) {…}, onChanges(changes) {…}, onKindStatus(status) {…}, onKindsChanged(kinds) {…} });
 *   for (const item of view.items()) …   // {kind, object, health, cells}: what is held now
 *   await view.settled();                // every kind listed (or failed / forbidden): results are complete
 *   view.close();                        // always, when the consumer goes away
 *
 * Promises:
 * - No second set of watches: each kind is one subscription to the WatchHub's Table key for (context, identity,
 *   resource, namespace or all) — the key an all-namespaces table uses — so a hundred views (tabs, MCP clients)
 *   of the same scope cost one upstream list+watch per kind, shared with the tables.
 * - Slim objects only: rows are cut by the reflector (watch/slim-row.ts) to identity, labels, ownerReferences,
 *   generation, timestamps, resourceVersion and a bounded status, with the health verdict (health/) attached; no
 *   spec, managedFields, annotations or data. Objects are not copied: items are read from the reflectors' stores.
 * - Each kind fails alone: a kind that cannot be listed is `error` with its message (retried with backoff); one
 *   the user may not list (403) or that is gone (404) is `forbidden` and asked again later; neither blocks others.
 * - Follows the catalog: a CRD created or deleted adds or removes its kind (`onKindsChanged`), within a second.
 * - Listeners are called synchronously from the hub, in order, and must not block.
 */
export { Inventory, type InventoryOptions } from "./inventory.ts";
export { ALL_KINDS, isInventoried, kindId } from "./kinds.ts";
export type {
  InventoryChange,
  InventoryItem,
  InventoryKind,
  InventoryListener,
  InventoryRequest,
  InventoryView,
  KindSelector,
  KindState,
  KindStatus,
} from "./types.ts";
