import { contextUrl } from "./resource-path.ts";

/**
 * The SPA's URLs of the Custom Resources views, beside resource-path.ts and editor-urls.ts:
 *   /c/<context>/crds[?q=…&group=…]                    every CRD, filterable
 *   /c/<context>/crds/<crd name>[?tab=schema&from=v1&to=v2]   one CRD
 *   /c/<context>/instances?kinds=<plural.group>,… | group=… | category=…   one live list across kinds
 */

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined> | undefined): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}

export function crdsUrl(context: string, params?: Record<string, string | undefined>): string {
  return `${contextUrl(context)}/crds${query(params)}`;
}

export function crdUrl(context: string, name: string, params?: Record<string, string | undefined>): string {
  return `${contextUrl(context)}/crds/${enc(name)}${query(params)}`;
}

/** `kinds`: `plural.group` names; `group`: every kind of that API group; `category`: every kind in it. */
export function instancesUrl(
  context: string,
  selection: { kinds?: readonly string[]; group?: string; category?: string },
): string {
  const params = { kinds: selection.kinds?.join(","), group: selection.group, category: selection.category };
  return `${contextUrl(context)}/instances${query(params)}`;
}
