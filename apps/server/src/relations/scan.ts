import type { CatalogResource } from "@loupe/protocol";
import { ReadFailed, type UserReads } from "./source.ts";
import type { Around, WalkNode } from "./walk.ts";

/** Kinds that are records about other objects rather than relations of them (the page shows events itself). */
const NOT_SCANNED = new Set(["Event"]);

/** Items read per kind and namespace: a bound on what one relations request reads. */
export const SCAN_LIMIT = 500;

/**
 * Reads, as the user, the objects of `resources` around `node` — in its namespace for a namespaced node, in every
 * namespace for a cluster-scoped one — each list once per request however many nodes share a namespace
 * (UserReads caches it) and at most {@link SCAN_LIMIT} items. A kind the user may not list is skipped; one that
 * fails or times out is a warning.
 */
export async function listAround(reads: UserReads, resources: readonly CatalogResource[], node: WalkNode) {
  const namespace = node.resource.namespaced ? node.namespace : undefined;
  const around: Around = { objects: [], warnings: [] };
  await Promise.all(
    resources
      .filter((r) => r.verbs.includes("list") && !NOT_SCANNED.has(r.kind) && (namespace === undefined || r.namespaced))
      .map(async (resource) => {
        try {
          const read = await reads.list(resource, namespace, { limit: SCAN_LIMIT });
          if ("ok" in read) for (const object of read.ok) around.objects.push({ resource, object });
        } catch (error) {
          if (error instanceof ReadFailed) around.warnings.push(error.message);
          else throw error;
        }
      }),
  );
  return around;
}
