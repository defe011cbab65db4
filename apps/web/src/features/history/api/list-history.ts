import type { HistoryPage } from "@loupe/protocol";
import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/** The filters of `GET /api/v1/contexts/:context/history` (empty ones are left out). */
export interface HistoryFilters {
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  since?: string;
  until?: string;
  type?: "ADDED" | "MODIFIED" | "DELETED";
  manager?: string;
  limit?: number;
}

export function historyUrl(context: string, filters: HistoryFilters, continueToken?: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  if (continueToken) params.set("continue", continueToken);
  const query = params.toString();
  return `/api/v1/contexts/${encodeURIComponent(context)}/history${query ? `?${query}` : ""}`;
}

export const historyQueryOptions = (context: string, filters: HistoryFilters) =>
  infiniteQueryOptions({
    queryKey: ["contexts", context, "history", filters] as const,
    queryFn: ({ pageParam, signal }) => api<HistoryPage>(historyUrl(context, filters, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.continue,
  });

/** Recorded changes newest first, a page at a time (`fetchNextPage` goes further back). */
export const useHistory = (context: string, filters: HistoryFilters, options: { refetchInterval?: number } = {}) =>
  useInfiniteQuery({ ...historyQueryOptions(context, filters), ...options });
