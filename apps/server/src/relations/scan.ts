import type { CatalogResource } from "@loupe/protocol";
import { type KubeObj, type Read, ReadFailed } from "./source.ts";
import type { Around, WalkNode } from "./walk.ts";

/** Kinds that are records about other objects rather than relations of them (the page shows events itself). */
const NOT_SCANNED = new Set(["Event"]);

/** Reads the objects of one kind in a namespace (undefined: every namespace) as the user. */
export type KindLister = (resource: CatalogResource, namespace: string | undefined) => Promise<Read<KubeObj[]>>;

/**
 * Reads, as the user, the objects of `resources` around `node` — in its namespace for a namespaced node, in every
 * namespace for a cluster-scoped one — through `list` (the watched objects of referrer-objects.ts: each kind and
 * namespace listed once, then followed). A kind the user may not list is skipped; one that fails or is not listed
 * in time is a warning.
 */
export async function listAround(list: KindLister, resources: readonly CatalogResource[], node: WalkNode) {
  const namespace = node.resource.namespaced ? node.namespace : undefined;
  const around: Around = { objects: [], warnings: [] };
  await Promise.all(
    resources
      .filter((r) => r.verbs.includes("list") && !NOT_SCANNED.has(r.kind) && (namespace === undefined || r.namespaced))
      .map(async (resource) => {
        try {
          const read = await list(resource, namespace);
          if ("ok" in read) for (const object of read.ok) around.objects.push({ resource, object });
        } catch (error) {
          if (error instanceof ReadFailed) around.warnings.push(error.message);
          else throw error;
        }
      }),
  );
  return around;
}
