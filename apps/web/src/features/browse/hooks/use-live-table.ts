import type { TableColumn } from "@loupe/protocol";
import { useMemo } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useListTable } from "../api/list-table.ts";
import { type ListRow, toListRow } from "../utils/table-rows.ts";

export interface LiveTable {
  columns: readonly TableColumn[];
  rows: readonly ListRow[];
  status: ConnectionStatus;
  /** Rows read so far and the expected total (undefined while unknown). */
  progress: { loaded: number; total: number | undefined };
  /** True once the whole initial list is in: from then on a change to the rows is news. */
  complete: boolean;
  error: Error | null;
  retry: () => void;
}

/**
 * One resource's rows in the Table format with the truth about their freshness: the list streams in page by page
 * (progress), then live events keep it current.
 */
export function useLiveTable(context: string, target: ResourceTarget, labelSelector: string | undefined): LiveTable {
  const list = useListTable(context, target, labelSelector);
  const snapshot = list.data;
  const rows = useMemo(() => (snapshot?.rows ?? []).map(toListRow), [snapshot?.rows]);
  const complete = snapshot?.complete === true && !list.isError;
  const total = complete
    ? rows.length
    : snapshot?.remaining !== undefined
      ? rows.length + snapshot.remaining
      : undefined;

  let status: ConnectionStatus;
  if (list.isError) status = { state: "error", message: list.error.message };
  else if (!complete) status = { state: "loading" };
  else status = { state: "snapshot" };

  return {
    columns: snapshot?.columns ?? [],
    rows,
    status,
    progress: { loaded: rows.length, total },
    complete,
    error: list.error,
    retry: () => void list.refetch(),
  };
}
