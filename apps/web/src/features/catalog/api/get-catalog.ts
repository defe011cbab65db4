import type { Catalog } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export const getCatalog = (context: string) => api<Catalog>(`/api/v1/contexts/${encodeURIComponent(context)}/catalog`);

/**
 * The context's resource catalog. The server keeps it current itself (it watches CRDs and APIServices), so asking
 * it again is cheap: a short refetch interval is what makes a CRD applied on the cluster appear — and a deleted one
 * go — without a reload. Structural sharing keeps an unchanged answer from re-rendering anything.
 */
export const catalogQueryOptions = (context: string) =>
  queryOptions({
    queryKey: ["contexts", context, "catalog"],
    queryFn: () => getCatalog(context),
    staleTime: 2_000,
    refetchInterval: 3_000,
  });

export const useCatalog = (context: string) => useQuery(catalogQueryOptions(context));
