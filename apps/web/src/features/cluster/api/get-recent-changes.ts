import type { HistoryPage } from "@loupe/protocol";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/**
 * Whether this server records history: its `/readyz` lists a `history` check exactly then. Asked first so a server
 * without history is not sent a request it can only answer 404 (which the browser reports as an error).
 */
export const useHistoryEnabled = () =>
  useQuery({
    queryKey: ["loupe", "readyz"],
    queryFn: async () => {
      const response = await fetch("/readyz", { headers: { accept: "application/json" } });
      const body = (await response.json()) as { checks?: Record<string, unknown> };
      return body.checks !== undefined && "history" in body.checks;
    },
    staleTime: 60_000,
  });

/** The latest recorded changes of the context (history), newest first; refreshed every 10 s; only when recorded. */
export const useRecentChanges = (context: string, enabled: boolean, limit = 12) =>
  useQuery({
    queryKey: ["contexts", context, "history", "recent", limit],
    queryFn: () => api<HistoryPage>(`/api/v1/contexts/${encodeURIComponent(context)}/history?limit=${limit}`),
    refetchInterval: 10_000,
    retry: false,
    enabled,
  });
