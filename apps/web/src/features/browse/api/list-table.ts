import type { Table, TableColumn, TableRow } from "@loupe/protocol";
import { queryOptions, experimental_streamedQuery as streamedQuery, useQuery } from "@tanstack/react-query";
import { ApiError, api } from "../../../lib/api.ts";
import { k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";
import { listPageUrl } from "./list-url.ts";

/** A list as read so far, in the server-side Table format. `complete` turns true when the last page arrived. */
export interface TableSnapshot {
  columns: TableColumn[];
  rows: TableRow[];
  /** The list's resourceVersion (from its first page): where a watch would continue from. */
  resourceVersion: string | undefined;
  /** The API server's estimate of rows still to come, when it gives one. */
  remaining: number | undefined;
  complete: boolean;
}

interface Page {
  /** True for the first page of a (re)started list: drop what came before. */
  first: boolean;
  table: Table;
}

const EMPTY: TableSnapshot = {
  columns: [],
  rows: [],
  resourceVersion: undefined,
  remaining: undefined,
  complete: false,
};

/**
 * Reads a list page by page (`limit` + `continue`), yielding each page as it arrives so the table can show rows and
 * progress while a big list streams in. An expired continue token (410 Gone) restarts the list from the top, as
 * DESIGN §4 says; any other error ends the stream with that ApiError.
 */
export async function* listTablePages(
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  signal?: AbortSignal,
  fieldSelector?: string,
): AsyncGenerator<Page> {
  let token: string | undefined;
  let first = true;
  for (;;) {
    let table: Table;
    try {
      table = await api<Table>(listPageUrl(context, target, labelSelector, token, fieldSelector), { signal });
    } catch (error) {
      if (!first && error instanceof ApiError && error.status === 410) {
        token = undefined;
        first = true;
        continue;
      }
      throw error;
    }
    yield { first, table };
    first = false;
    token = table.metadata.continue || undefined;
    if (!token) return;
  }
}

function reduce(acc: TableSnapshot, page: Page): TableSnapshot {
  const base = page.first ? EMPTY : acc;
  const token = page.table.metadata.continue;
  return {
    columns: page.table.columnDefinitions.length > 0 ? page.table.columnDefinitions : base.columns,
    rows: base.rows.length === 0 ? page.table.rows : base.rows.concat(page.table.rows),
    resourceVersion: page.first ? page.table.metadata.resourceVersion : base.resourceVersion,
    remaining: token ? page.table.metadata.remainingItemCount : 0,
    complete: !token,
  };
}

export const listTableQueryKey = (
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  fieldSelector?: string,
) =>
  [
    "contexts",
    context,
    "table",
    k8sPath(target),
    labelSelector ?? "",
    ...(fieldSelector ? [fieldSelector] : []),
  ] as const;

/**
 * A resource's list in the Table format, streamed page by page into one cache entry: what the table shows (with
 * progress) when the watch cannot be had (see use-live-table.ts).
 */
export const listTableQueryOptions = (
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  fieldSelector?: string,
) =>
  queryOptions({
    queryKey: listTableQueryKey(context, target, labelSelector, fieldSelector),
    queryFn: streamedQuery<Page, TableSnapshot>({
      streamFn: ({ signal }) => listTablePages(context, target, labelSelector, signal, fieldSelector),
      reducer: reduce,
      initialValue: EMPTY,
      refetchMode: "replace",
    }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });

/**
 * A list's first page alone (a small one, see list-url.ts), in the same shape: what a first visit shows until the
 * watch's snapshot arrives. The rest of the list is never read over REST while the watch works, so a big list
 * crosses the network once (as the snapshot), not twice; the full streamed list is the fallback when it does not.
 */
export const firstPageQueryOptions = (
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  fieldSelector?: string,
) =>
  queryOptions({
    queryKey: [
      "contexts",
      context,
      "table-first-page",
      k8sPath(target),
      labelSelector ?? "",
      ...(fieldSelector ? [fieldSelector] : []),
    ] as const,
    queryFn: async ({ signal }) =>
      reduce(EMPTY, {
        first: true,
        table: await api<Table>(listPageUrl(context, target, labelSelector, undefined, fieldSelector), { signal }),
      }),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });

/** `enabled` false once the watch has the rows. */
export const useFirstPage = (
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  enabled = true,
  fieldSelector?: string,
) => useQuery({ ...firstPageQueryOptions(context, target, labelSelector, fieldSelector), enabled });

/** The whole list over REST: only when the watch cannot give it (its subscription failed). */
export const useListTable = (
  context: string,
  target: ResourceTarget,
  labelSelector: string | undefined,
  enabled = true,
  fieldSelector?: string,
) => useQuery({ ...listTableQueryOptions(context, target, labelSelector, fieldSelector), enabled });
