import type { Relations } from "@loupe/protocol";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

/** `GET /api/v1/contexts/:context/relations/<object path>?depth=&limit=` */
export const relationsUrl = (
  context: string,
  target: ResourceTarget & { name: string },
  depth: number,
  limit: number,
) => `/api/v1/contexts/${encodeURIComponent(context)}/relations/${k8sPath(target)}?depth=${depth}&limit=${limit}`;

/**
 * An object's neighbourhood, kept current: read again when the object itself changes (its resourceVersion is part
 * of the key) and every 15 s while the page is visible, for changes elsewhere (a new child, a deleted target).
 */
export function useRelations(
  context: string,
  target: ResourceTarget & { name: string },
  options: { depth: number; limit: number; resourceVersion: string | undefined },
) {
  return useQuery({
    queryKey: [
      "contexts",
      context,
      "relations",
      k8sPath(target),
      options.depth,
      options.limit,
      options.resourceVersion,
    ],
    queryFn: ({ signal }) => api<Relations>(relationsUrl(context, target, options.depth, options.limit), { signal }),
    enabled: options.resourceVersion !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
    staleTime: 5_000,
  });
}
