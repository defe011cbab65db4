import { listPageUrl } from "../features/browse/api/list-url.ts";
import { catalogUrl, SESSION_URL } from "../lib/api.ts";
import { parseK8sPath } from "../lib/resource-path.ts";

/**
 * The GETs the view at `pathname` + `search` makes first, whatever else it renders: the session (every page), the
 * context's catalog (every view of a context), and a list's first page (a list view, with its label selector).
 * The URLs are built by the same functions the views use, so api() finds them (lib/early.ts).
 */
export function firstViewRequests(pathname: string, search: string): string[] {
  const urls = [SESSION_URL];
  const match = /^\/c\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match?.[1]) return urls;
  let context: string;
  try {
    context = decodeURIComponent(match[1]);
  } catch {
    return urls;
  }
  urls.push(catalogUrl(context));
  const target = parseK8sPath(match[2] ?? "");
  if (target && target.name === undefined) {
    const labelSelector = new URLSearchParams(search).get("labelSelector") || undefined;
    urls.push(listPageUrl(context, target, labelSelector));
  }
  return urls;
}
