import type { TableColumn, TableRow, WatchTarget } from "@loupe/protocol";
import { skipToken, useQueries, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { watchSocket } from "../lib/socket.ts";
import { bindWatch, type WatchData, type WatchStatus, watchQueryKey, watchStatusQueryKey } from "../lib/watch.ts";

export interface KindRows {
  target: WatchTarget;
  /** Undefined until the kind's first snapshot. */
  rows: readonly TableRow[] | undefined;
  /** The server's columns, once the first snapshot is in. */
  columns: readonly TableColumn[] | undefined;
  status: WatchStatus;
}

/**
 * Table-mode watches of several kinds at once, one subscription each on the tab's socket (shared with any other
 * view watching the same kind), each kept in react-query like useWatch does. The order of the result is the order
 * of `targets`.
 */
export function useMultiWatch(targets: readonly WatchTarget[]): KindRows[] {
  const queryClient = useQueryClient();
  const hash = JSON.stringify(targets);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the targets are compared by value.
  useEffect(() => {
    const socket = watchSocket();
    const releases = targets.map((t) => bindWatch(queryClient, socket, t));
    return () => {
      for (const release of releases) release();
    };
  }, [queryClient, hash]);
  const data = useQueries({
    queries: targets.map((t) => ({
      queryKey: watchQueryKey(t),
      queryFn: skipToken,
      staleTime: Number.POSITIVE_INFINITY,
    })),
  }) as { data: WatchData | undefined }[];
  const statuses = useQueries({
    queries: targets.map((t) => ({ queryKey: watchStatusQueryKey(t), queryFn: skipToken })),
  }) as { data: WatchStatus | undefined }[];
  return targets.map((target, i) => {
    const d = data[i]?.data;
    return {
      target,
      rows: d?.mode === "table" ? d.rows : undefined,
      columns: d?.mode === "table" ? d.columns : undefined,
      status: statuses[i]?.data ?? { state: "syncing" },
    };
  });
}
