import { listPageUrl } from "../features/browse/api/list-url.ts";
import { catalogUrl, SESSION_URL } from "../lib/api.ts";
import { parseK8sPath, type ResourceTarget } from "../lib/resource-path.ts";

/** What the view at `pathname` + `search` shows first: its context, and the list it shows (with its label selector). */
export interface FirstView {
  context?: string;
  list?: { target: ResourceTarget; labelSelector: string | undefined };
}

/**
 * Reads the address as the router will: `/c/<context>/<kubernetes path>`. A list is named only without a field
 * selector (the early request carries none).
 */
export function firstView(pathname: string, search: string): FirstView {
  const match = /^\/c\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match?.[1]) return {};
  let context: string;
  try {
    context = decodeURIComponent(match[1]);
  } catch {
    return {};
  }
  const path = parseK8sPath(match[2] ?? "");
  const params = new URLSearchParams(search);
  if (!path || path.name !== undefined || params.get("fieldSelector")) return { context };
  const { group, version, resource, namespace } = path;
  return {
    context,
    list: { target: { group, version, resource, namespace }, labelSelector: params.get("labelSelector") || undefined },
  };
}

/**
 * The GETs the view at `pathname` + `search` makes first, whatever else it renders: the session (every page), the
 * context's catalog (every view of a context), and a list's first page (a list view, with its label selector).
 * The URLs are built by the same functions the views use, so api() finds them (lib/early.ts).
 */
export function firstViewRequests(pathname: string, search: string): string[] {
  const { context, list } = firstView(pathname, search);
  const urls = [SESSION_URL];
  if (context === undefined) return urls;
  urls.push(catalogUrl(context));
  if (list) urls.push(listPageUrl(context, list.target, list.labelSelector));
  return urls;
}
