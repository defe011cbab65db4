import { ALL_KINDS, type Inventory, type InventoryView } from "../inventory/index.ts";
import type { Held, HeldViews } from "./held-views.ts";
import type { KindIndex } from "./kinds.ts";
import type { KubeObj } from "./source.ts";
import type { Around, WalkNode } from "./walk.ts";

/** How long a walk waits for the inventory's first lists of a namespace before answering with what it has. */
const SETTLE_MS = 8_000;

/**
 * Children from the inventory (DESIGN §13: the reverse ownerReference index over the shared caches): one view per
 * namespace the walk reaches (all namespaces for a cluster-scoped owner), opened with the user's token so the
 * kinds they may not list are left out, indexed once by owner uid. The views are held between walks (held-views.ts),
 * so a panel read again finds them warm. The inventory's reflectors are the WatchHub's, shared with tables and other
 * views. Objects come slim (metadata, status) with their health.
 */
export class InventoryChildren {
  readonly #inventory: Inventory;
  readonly #request: { context: string; token?: string; flow?: string; identity: string };
  readonly #kinds: KindIndex;
  readonly #held: HeldViews;
  readonly #taken: { key: string; held: Held }[] = [];
  readonly #views = new Map<
    string,
    Promise<{ view: InventoryView; byOwner: Map<string, Around["objects"]>; pending: number }>
  >();

  constructor(
    inventory: Inventory,
    request: { context: string; token?: string; flow?: string; identity: string },
    kinds: KindIndex,
    held: HeldViews,
  ) {
    this.#inventory = inventory;
    this.#request = request;
    this.#kinds = kinds;
    this.#held = held;
  }

  async children(node: WalkNode & { object: KubeObj }): Promise<Around> {
    const namespace = node.resource.namespaced ? (node.namespace ?? "") : "";
    let indexed = this.#views.get(namespace);
    if (!indexed) {
      indexed = this.#open(namespace);
      this.#views.set(namespace, indexed);
    }
    const { byOwner, pending } = await indexed;
    const uid = node.object.metadata.uid ?? "";
    return {
      objects: byOwner.get(uid) ?? [],
      warnings: pending > 0 ? [`${pending} kinds were still being listed: children of those kinds may be missing`] : [],
    };
  }

  /** Hands the views the walk used back (they stay open a while for the next walk). */
  async close(): Promise<void> {
    await Promise.allSettled(this.#views.values());
    for (const { key, held } of this.#taken.splice(0)) this.#held.release(key, held);
  }

  async #open(namespace: string) {
    const { context, token, flow, identity } = this.#request;
    const key = JSON.stringify([context, identity, namespace]);
    const taken = this.#held.acquire(key, () =>
      this.#inventory.open({
        context,
        ...(token ? { token } : {}),
        ...(flow ? { flow } : {}),
        namespace,
        select: ALL_KINDS,
      }),
    );
    this.#taken.push({ key, held: taken.held });
    const view = await taken.view;
    if (!taken.held.settledOnce) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        view.settled(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, SETTLE_MS);
        }),
      ]);
      clearTimeout(timer);
      taken.held.settledOnce = true;
    }
    const pending = view.status().filter((s) => s.state === "syncing").length;
    const byOwner = new Map<string, Around["objects"]>();
    for (const item of view.items()) {
      const owners = (item.object.metadata as KubeObj["metadata"]).ownerReferences;
      if (!owners || owners.length === 0) continue;
      const resource = this.#kinds.byResource(item.kind.group, item.kind.resource);
      if (!resource) continue;
      for (const owner of owners) {
        const list = byOwner.get(owner.uid) ?? [];
        list.push({ resource, object: item.object as KubeObj, ...(item.health ? { health: item.health } : {}) });
        byOwner.set(owner.uid, list);
      }
    }
    return { view, byOwner, pending };
  }
}
