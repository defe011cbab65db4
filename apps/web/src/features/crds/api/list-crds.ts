import type { CrdList } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

export const crdListUrl = (context: string) => `/api/v1/contexts/${encodeURIComponent(context)}/crds`;

/**
 * Every CRD of the context, projected by the server (no schemas). Kept current by useCrdFollow, which refetches
 * when the CRD watch sees a change; nothing polls.
 */
export const crdListQueryOptions = (context: string) =>
  queryOptions({
    queryKey: ["contexts", context, "crds"],
    queryFn: ({ signal }) => api<CrdList>(crdListUrl(context), { signal }),
    staleTime: 30_000,
  });

export const useCrdList = (context: string) => useQuery(crdListQueryOptions(context));
