import type { CustomColumn, TableColumn } from "@loupe/protocol";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useWatch, type WatchData } from "../../../lib/watch.ts";
import { firstPageQueryOptions, listTableQueryKey, useFirstPage, useListTable } from "../api/list-table.ts";
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
 * One resource's rows in the Table format, with the truth about their freshness. The sources of one view:
 * - the watch socket (lib/watch.ts, table mode): the server's snapshot, then live events merged into the cache;
 * - until that snapshot arrives, the list's first REST page (250 rows), so a big list paints at once and shows
 *   its size. The rest comes once, in the snapshot: a first visit does not download the list twice;
 * - when the watch fails (a kind that cannot be watched, a refused subscription), the whole REST list, page by
 *   page, so the rows still show, with the watch's error beside them.
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
  const watchFailed = watch.status.state === "error";
  const first = useFirstPage(context, target, labelSelector, live === undefined, fieldSelector);
  const full = useListTable(context, target, labelSelector, live === undefined && watchFailed, fieldSelector);
  const queryClient = useQueryClient();
  const restKeys = [
    listTableQueryKey(context, target, labelSelector, fieldSelector),
    firstPageQueryOptions(context, target, labelSelector, fieldSelector).queryKey,
  ];
  const haveLive = live !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the REST keys are compared by value.
  useEffect(() => {
    if (haveLive) for (const queryKey of restKeys) void queryClient.cancelQueries({ queryKey });
  }, [haveLive, queryClient, JSON.stringify(restKeys)]);

  const list = full.data && (full.data.rows.length > 0 || full.data.complete) ? full : first;
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
  const error = haveLive ? null : (full.error ?? first.error);

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
    retry: () => {
      void first.refetch();
      if (watchFailed) void full.refetch();
    },
  };
}
