import type { QueryClient } from "@tanstack/react-query";
import { firstPageQueryOptions } from "../features/browse/api/list-table.ts";
import { catalogQueryOptions } from "../features/catalog/api/get-catalog.ts";
import { sessionQueryOptions } from "../features/session/api/session.ts";
import { firstView } from "./first-view.ts";

/**
 * Puts the first view's answers into the query cache before React's first render: the session, the context's
 * catalog and a list's first page, which start-early.ts requested while this chunk was loading (api() takes those
 * requests, so nothing is asked twice). With the answers in the cache the first render draws the whole page at
 * once — header, sidebar and the table's first rows — instead of a "Connecting…" shell followed by one render and
 * layout per answer as each arrives. Resolves when all are in, or after `waitMs`, whichever is first: a slow
 * answer never holds the page back longer than that (its view then renders as it always did, and shows progress).
 */
export function primeFirstView(client: QueryClient, pathname: string, search: string, waitMs: number): Promise<void> {
  const prefetches = [client.prefetchQuery(sessionQueryOptions())];
  const { context, list } = firstView(pathname, search);
  if (context !== undefined) {
    prefetches.push(client.prefetchQuery(catalogQueryOptions(context)));
    if (list) prefetches.push(client.prefetchQuery(firstPageQueryOptions(context, list.target, list.labelSelector)));
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  return Promise.race([Promise.allSettled(prefetches).then(() => undefined), deadline]).finally(() =>
    clearTimeout(timer),
  );
}
