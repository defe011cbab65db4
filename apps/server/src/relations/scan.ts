import type { CatalogResource } from "@loupe/protocol";
import type { KindIndex } from "./kinds.ts";
import { type KubeObj, ReadFailed, type UserReads } from "./source.ts";
import type { Neighbours, WalkNode } from "./walk.ts";

/** Kinds that are records about other objects rather than relations of them (the page shows events itself). */
const NOT_SCANNED = new Set(["Event"]);

/** Items read per kind and namespace: a bound on what one relations request reads. */
export const SCAN_LIMIT = 500;

/**
 * The objects around a node, read by listing (as the user) every kind that can be listed: in the node's namespace
 * for a namespaced node (owners and the objects that name it live there), in every namespace for a cluster-scoped
 * one. Each list is read once per request however many nodes share a namespace (UserReads caches it), and holds at
 * most {@link SCAN_LIMIT} items. A kind the user may not list is skipped; one that fails or times out is a warning.
 */
export function listingNeighbours(kinds: KindIndex, reads: UserReads): Neighbours {
  return {
    async scan(node: WalkNode) {
      const namespace = node.resource.namespaced ? node.namespace : undefined;
      const scanned = kinds.resources.filter(
        (r) =>
          r.verbs.includes("list") &&
          !NOT_SCANNED.has(r.kind) &&
          // In a namespace only namespaced kinds can own or name it; around a cluster-scoped object, every kind.
          (namespace === undefined || r.namespaced),
      );
      const objects: { resource: CatalogResource; object: KubeObj }[] = [];
      const warnings: string[] = [];
      await Promise.all(
        scanned.map(async (resource) => {
          try {
            const read = await reads.list(resource, namespace, { limit: SCAN_LIMIT });
            if ("ok" in read) for (const object of read.ok) objects.push({ resource, object });
          } catch (error) {
            if (error instanceof ReadFailed) warnings.push(error.message);
            else throw error;
          }
        }),
      );
      return { objects, warnings };
    },
  };
}
