import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useWatch } from "../../../lib/watch.ts";
import { catalogQueryOptions } from "../api/get-catalog.ts";

/** After a CRD changes, ask again this much later too: discovery serves a new CRD a moment after it is Established. */
const SETTLE_MS = 1_500;

/**
 * Keeps the context's catalog current while mounted: a watch on CustomResourceDefinitions (table mode: metadata
 * only, since CRD bodies carry whole schemas) refetches the catalog whenever one is added, changed or deleted, so a
 * new CRD shows in the navigation within a second or two. The catalog query's own slower interval covers what the
 * watch cannot see (APIServices, or a user not allowed to watch CRDs). The watch's first snapshot only schedules the
 * later refetch: the catalog was just read for the first page, and reading it again at once would compete with the
 * page's first list for the server; a CRD that changed between the two reads still shows within SETTLE_MS.
 */
export function useCatalogFollow(context: string): void {
  const queryClient = useQueryClient();
  const crds = useWatch({
    context,
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    table: true,
    // Names and resourceVersions are all this follows: not the CRDs' metadata (45 MB at 1,500 CRDs upstream).
    names: true,
  });
  const rows = crds.data?.mode === "table" ? crds.data.rows : undefined;
  const signature = rows?.map((r) => `${r.object.metadata.name}@${r.object.metadata.resourceVersion}`).join(",");
  const followed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (signature === undefined) return;
    const first = followed.current !== context;
    followed.current = context;
    const { queryKey } = catalogQueryOptions(context);
    if (!first) void queryClient.invalidateQueries({ queryKey });
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [context, signature, queryClient]);
}
