import type { Relations } from "@loupe/protocol";
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { api } from "../../../lib/api.ts";
import { k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

/** `GET /api/v1/contexts/:context/relations/<object path>?depth=&limit=` */
export const relationsUrl = (
  context: string,
  target: ResourceTarget & { name: string },
  depth: number,
  limit: number,
) => `/api/v1/contexts/${encodeURIComponent(context)}/relations/${k8sPath(target)}?depth=${depth}&limit=${limit}`;

/** The relations query; the object page prefetches the Related panel's as it opens, beside the object's own read. */
export const relationsQueryOptions = (
  context: string,
  target: ResourceTarget & { name: string },
  depth: number,
  limit: number,
) =>
  queryOptions({
    queryKey: ["contexts", context, "relations", k8sPath(target), depth, limit],
    queryFn: ({ signal }) => api<Relations>(relationsUrl(context, target, depth, limit), { signal }),
    staleTime: 5_000,
  });

/** What the Related panel asks for. */
export const PANEL_DEPTH = 1;
export const PANEL_LIMIT = 200;

/**
 * An object's neighbourhood, kept current: asked for as the page opens (in parallel with the object itself), read
 * again when the object changes (a new resourceVersion) and every 15 s while the page is visible, for changes
 * elsewhere (a new child, a deleted target).
 */
export function useRelations(
  context: string,
  target: ResourceTarget & { name: string },
  options: { depth: number; limit: number; resourceVersion: string | undefined },
) {
  const query = useQuery({
    ...relationsQueryOptions(context, target, options.depth, options.limit),
    // Undefined once the object is deleted: nothing to ask about.
    enabled: options.resourceVersion !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const seen = useRef(options.resourceVersion);
  const { refetch } = query;
  useEffect(() => {
    const version = options.resourceVersion;
    if (version === undefined) return;
    if (seen.current !== undefined && seen.current !== version) void refetch();
    seen.current = version;
  }, [options.resourceVersion, refetch]);
  return query;
}
