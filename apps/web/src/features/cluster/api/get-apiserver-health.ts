import type { ApiServerHealth } from "@loupe/protocol";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/** The API server's `/readyz?verbose`, parsed by Loupe; refreshed every 15 s while shown. */
export const useApiServerHealth = (context: string) =>
  useQuery({
    queryKey: ["contexts", context, "apiserver-health"],
    queryFn: () => api<ApiServerHealth>(`/api/v1/contexts/${encodeURIComponent(context)}/apiserver-health`),
    refetchInterval: 15_000,
  });
