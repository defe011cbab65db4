import type { ContextList, CustomColumn, TableColumn, TableRow } from "@loupe/protocol";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef } from "react";
import { useMultiWatch } from "../../../hooks/use-multi-watch.ts";
import { api } from "../../../lib/api.ts";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import type { WatchStatus } from "../../../lib/watch.ts";
import { type ListRow, toListRow } from "../utils/table-rows.ts";
import type { LiveTable } from "./use-live-table.ts";

/** The kubeconfig's contexts (`GET /api/v1/contexts`), for choosing the clusters of a table. */
export const useContextNames = () =>
  useQuery({ queryKey: ["contexts"], queryFn: () => api<ContextList>("/api/v1/contexts") }).data?.contexts.map(
    (c) => c.name,
  ) ?? [];

/** One more cluster's share of a table: its rows (keyed and marked by context), columns and state. */
export interface ClusterTable {
  context: string;
  columns: readonly TableColumn[];
  rows: readonly ListRow[];
  status: WatchStatus;
  /** True once its snapshot is in. */
  complete: boolean;
}

/**
 * The same list (resource, namespace, selectors, custom columns) watched live in each of `contexts`, one
 * subscription each over the tab's one socket. A context that fails (unreachable, forbidden, no such resource)
 * fails alone: its status says why and the others go on.
 */
export function useOtherClusters(
  contexts: readonly string[],
  target: ResourceTarget,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
  custom: readonly CustomColumn[],
): ClusterTable[] {
  const targets = contexts.map((context) => ({
    context,
    group: target.group,
    version: target.version,
    resource: target.resource,
    namespace: target.namespace,
    labelSelector,
    ...(fieldSelector ? { fieldSelector } : {}),
    table: true,
    ...(custom.length > 0 ? { columns: [...custom] } : {}),
  }));
  return useMultiWatch(targets).map(({ target: t, rows, columns, status }) => ({
    context: t.context,
    columns: columns ?? [],
    rows: rows ? clusterRows(rows, t.context) : EMPTY,
    status,
    complete: rows !== undefined,
  }));
}

const EMPTY: readonly ListRow[] = [];
/** Rows per snapshot/events state, so an unchanged cluster keeps the same array from render to render. */
const converted = new WeakMap<readonly TableRow[], { context: string; rows: ListRow[] }>();

function clusterRows(rows: readonly TableRow[], context: string): ListRow[] {
  const cached = converted.get(rows);
  if (cached?.context === context) return cached.rows;
  const out = rows.map((row) => inCluster(toListRow(row), context));
  converted.set(rows, { context, rows: out });
  return out;
}

/** A row marked with its cluster, its key made unique across clusters. */
export function inCluster(row: ListRow, context: string): ListRow {
  return { ...row, key: `${context}\u0000${row.key}`, cluster: context };
}

/** A row standing for a cluster whose list failed: shown in the table, in that cluster's place. */
export function problemRow(context: string, message: string): ListRow {
  return {
    key: `${context}\u0000!problem`,
    name: "",
    namespace: undefined,
    cells: [],
    creationTimestamp: undefined,
    labels: {},
    resourceVersion: undefined,
    cluster: context,
    problem: message,
  };
}

/** Most further contexts one table shows. */
export const MAX_CLUSTERS = 10;

/**
 * The rows and columns of a table over the page's context plus the contexts named in `clustersParam` (comma
 * separated, the URL's `clusters=`): every row marked with its cluster, and a problem row for each cluster whose
 * list fails. With no further context, the page's own rows as they are.
 */
export function useClusterRows(
  clustersParam: string,
  context: string,
  live: LiveTable,
  list: {
    target: ResourceTarget;
    labelSelector: string | undefined;
    fieldSelector: string | undefined;
    custom: readonly CustomColumn[];
  },
): { clusters: string[]; multi: boolean; merged: { rows: readonly ListRow[]; columns: readonly TableColumn[] } } {
  const clusters = useMemo(
    () => [...new Set(clustersParam.split(",").filter((c) => c && c !== context))].slice(0, MAX_CLUSTERS),
    [clustersParam, context],
  );
  const others = useOtherClusters(clusters, list.target, list.labelSelector, list.fieldSelector, list.custom);
  const multi = clusters.length > 0;
  const othersKey = others.map((o) => `${o.context}:${o.status.state}:${o.status.message ?? ""}`).join("|");
  // A version that moves when any cluster's rows array changes (they are stable while their data is).
  const seen = useRef<{ rows: readonly (readonly ListRow[])[]; version: number }>({ rows: [], version: 0 });
  const rowsNow = others.map((o) => o.rows);
  if (rowsNow.length !== seen.current.rows.length || rowsNow.some((r, i) => r !== seen.current.rows[i])) {
    seen.current = { rows: rowsNow, version: seen.current.version + 1 };
  }
  const version = seen.current.version;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `others` is new on every render; othersKey and version say when it changed.
  const merged = useMemo(() => {
    if (!multi) return { rows: live.rows, columns: live.columns };
    const rows: ListRow[] = live.rows.map((row) => inCluster(row, context));
    if (live.status.state === "error" || live.error) {
      rows.push(problemRow(context, live.error?.message ?? live.status.message ?? "cannot list"));
    }
    for (const other of others) {
      rows.push(...other.rows);
      if (other.status.state === "error") rows.push(problemRow(other.context, other.status.message ?? "cannot list"));
    }
    const columns = live.columns.length > 0 ? live.columns : (others.find((o) => o.columns.length > 0)?.columns ?? []);
    return { rows, columns };
  }, [multi, live.rows, live.columns, live.status.state, live.status.message, live.error, context, othersKey, version]);
  return { clusters, multi, merged };
}
