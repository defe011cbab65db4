import type { CustomColumn, TableColumn } from "@loupe/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useWatch, type WatchData } from "../../../lib/watch.ts";
import { listTableQueryKey, useListTable } from "../api/list-table.ts";
import { type ListRow, toListRow } from "../utils/table-rows.ts";

export interface LiveTable {
  columns: readonly TableColumn[];
  rows: readonly ListRow[];
  status: ConnectionStatus;
  /** Rows read so far and the expected total (undefined while unknown). */
  progress: { loaded: number; total: number | undefined };
  /** True once a whole list is in: from then on a change to the rows is news. */
  complete: boolean;
  error: Error | null;
  retry: () => void;
}

/**
 * One resource's rows in the Table format, with the truth about their freshness. Two sources feed one view:
 * - the watch socket (lib/watch.ts, table mode): the server's snapshot, then live events merged into the cache;
 * - until that snapshot arrives, the REST list streamed page by page, so a big list paints at once and shows
 *   progress. Once the watch has data the REST stream is cancelled and the watch alone is shown.
 * The indicator says `loading` while pages arrive, `syncing` until the watch is live, then what the watch says.
 *
 * `custom` columns are part of the subscription (the server computes their cells); changing them starts a new
 * one, and until its snapshot arrives the previous one's rows stay on screen (the new columns' cells empty).
 */
export function useLiveTable(
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  fieldSelector?: string,
  custom: readonly CustomColumn[] = [],
): LiveTable {
  const watch = useWatch({
    context,
    group: target.group,
    version: target.version,
    resource: target.resource,
    namespace: target.namespace,
    labelSelector,
    ...(fieldSelector ? { fieldSelector } : {}),
    table: true,
    ...(custom.length > 0 ? { columns: [...custom] } : {}),
  });
  const current = watch.data?.mode === "table" ? watch.data : undefined;
  // The last live table of the same list (same target and selectors), shown while new custom columns load.
  const listId = JSON.stringify([context, target, labelSelector ?? "", fieldSelector ?? ""]);
  const previous = useRef<{ id: string; data: Extract<WatchData, { mode: "table" }> } | undefined>(undefined);
  if (current) previous.current = { id: listId, data: current };
  else if (previous.current && previous.current.id !== listId) previous.current = undefined;
  const live = current ?? previous.current?.data;
  const list = useListTable(context, target, labelSelector, live === undefined, fieldSelector);
  const queryClient = useQueryClient();
  const restKey = listTableQueryKey(context, target, labelSelector, fieldSelector);
  const haveLive = live !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the REST key is compared by value.
  useEffect(() => {
    if (haveLive) void queryClient.cancelQueries({ queryKey: restKey });
  }, [haveLive, queryClient, JSON.stringify(restKey)]);

  const snapshot = list.data;
  const sourceRows = live ? live.rows : snapshot?.rows;
  const rows = useMemo(() => (sourceRows ?? []).map(toListRow), [sourceRows]);
  const restComplete = snapshot?.complete === true && !list.isError;
  const complete = haveLive || restComplete;
  const columns = live && live.columns.length > 0 ? live.columns : (snapshot?.columns ?? []);
  const total = complete
    ? rows.length
    : snapshot?.remaining !== undefined
      ? rows.length + snapshot.remaining
      : undefined;
  const error = haveLive ? null : list.error;

  let status: ConnectionStatus;
  const state = watch.status.state;
  if (state === "error") status = { state: "error", message: watch.status.message };
  else if (state === "reconnecting") status = { state: "reconnecting", message: watch.status.message };
  else if (state === "live" && haveLive) status = { state: "live" };
  else if (error) status = { state: "error", message: error.message };
  else status = { state: complete ? "syncing" : "loading", message: watch.status.message };

  return {
    columns,
    rows,
    status,
    progress: { loaded: rows.length, total },
    complete,
    error,
    retry: () => void list.refetch(),
  };
}
