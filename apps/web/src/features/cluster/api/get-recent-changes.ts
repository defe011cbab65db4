import type { HistoryPage } from "@loupe/protocol";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/** The latest recorded changes of the context (DESIGN §11 history), newest first; refreshed every 10 s. */
export const useRecentChanges = (context: string, limit = 12) =>
  useQuery({
    queryKey: ["contexts", context, "history", "recent", limit],
    queryFn: () => api<HistoryPage>(`/api/v1/contexts/${encodeURIComponent(context)}/history?limit=${limit}`),
    refetchInterval: 10_000,
    retry: false,
  });
