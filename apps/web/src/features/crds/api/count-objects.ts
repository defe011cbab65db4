import type { Table } from "@loupe/protocol";
import { queryOptions, useQueries } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl, type ResourceRef } from "../../../lib/resource-path.ts";

/** Counts in flight at once: a count is one small list each, but a thousand at once would crowd the API server. */
const PARALLEL = 4;
let running = 0;
const waiting: (() => void)[] = [];

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await task();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * How many objects of a resource exist (all namespaces): one `limit=1` list, whose `remainingItemCount` plus the
 * row it returned is the total (no continue token: the row count). Asked only when the user asks for counts.
 */
export async function countObjects(context: string, ref: ResourceRef, signal?: AbortSignal): Promise<number> {
  const table = await limited(() =>
    api<Table>(apiUrl(context, { ...ref }, { limit: "1", includeObject: "None" }), { signal }),
  );
  const rows = table.rows?.length ?? 0;
  return rows + (table.metadata?.remainingItemCount ?? 0);
}

export const objectCountQueryOptions = (context: string, ref: ResourceRef) =>
  queryOptions({
    queryKey: ["contexts", context, "count", ref.group, ref.version, ref.resource],
    queryFn: ({ signal }) => countObjects(context, ref, signal),
    staleTime: 30_000,
    retry: false,
  });

/** The counts of `refs`, by `plural.group`; asked only while `enabled`. */
export function useObjectCounts(context: string, refs: readonly ResourceRef[], enabled: boolean) {
  return useQueries({
    queries: refs.map((ref) => ({ ...objectCountQueryOptions(context, ref), enabled })),
  });
}
