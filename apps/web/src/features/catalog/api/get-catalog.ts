import type { Catalog } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, catalogUrl } from "../../../lib/api.ts";

export const getCatalog = (context: string) => api<Catalog>(catalogUrl(context));

/**
 * The context's resource catalog. The server revalidates it with ETags, so asking again is cheap. A CRD applied
 * on the cluster appears (and a deleted one goes) without a reload: useCatalogFollow refetches on every CRD
 * change; the interval here is the fallback for what that watch cannot see. Structural sharing keeps an unchanged
 * answer from re-rendering anything.
 */
export const catalogQueryOptions = (context: string) =>
  queryOptions({
    queryKey: ["contexts", context, "catalog"],
    queryFn: () => getCatalog(context),
    staleTime: 2_000,
    refetchInterval: 15_000,
  });

export const useCatalog = (context: string) => useQuery(catalogQueryOptions(context));
