import type { HistoryObject } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

/** `GET .../history/<object path>?at=`: the object as it was at `at` (RFC 3339; absent: its last recorded state). */
export const historyObjectUrl = (context: string, target: ResourceTarget, at?: string) =>
  `/api/v1/contexts/${encodeURIComponent(context)}/history/${k8sPath(target)}${at ? `?at=${encodeURIComponent(at)}` : ""}`;

export const historyObjectQueryOptions = (context: string, target: ResourceTarget, at: string | undefined) =>
  queryOptions({
    queryKey: ["contexts", context, "history-object", k8sPath(target), at ?? "latest"] as const,
    queryFn: ({ signal }) => api<HistoryObject>(historyObjectUrl(context, target, at), { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });

export const useHistoryObject = (context: string, target: ResourceTarget, at: string | undefined, enabled = true) =>
  useQuery({ ...historyObjectQueryOptions(context, target, at), enabled });
