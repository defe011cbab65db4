import type { QueryClient } from "@tanstack/react-query";
import { firstPageQueryOptions } from "../features/browse/api/list-table.ts";
import { catalogQueryOptions } from "../features/catalog/api/get-catalog.ts";
import { sessionQueryOptions } from "../features/session/api/session.ts";
import { parseK8sPath } from "../lib/resource-path.ts";

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
  const match = /^\/c\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  let context: string | undefined;
  try {
    context = match?.[1] ? decodeURIComponent(match[1]) : undefined;
  } catch {
    context = undefined;
  }
  if (context !== undefined) {
    prefetches.push(client.prefetchQuery(catalogQueryOptions(context)));
    const target = parseK8sPath(match?.[2] ?? "");
    const params = new URLSearchParams(search);
    // As first-view.ts asks for it (a field selector is not part of the early request).
    if (target && target.name === undefined && !params.get("fieldSelector")) {
      const { group, version, resource, namespace } = target;
      const labelSelector = params.get("labelSelector") || undefined;
      prefetches.push(
        client.prefetchQuery(firstPageQueryOptions(context, { group, version, resource, namespace }, labelSelector)),
      );
    }
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, waitMs);
  });
  return Promise.race([Promise.allSettled(prefetches).then(() => undefined), deadline]).finally(() =>
    clearTimeout(timer),
  );
}
