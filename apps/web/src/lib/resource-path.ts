/**
 * Loupe's URLs mirror Kubernetes' own paths under a context, so anyone who knows the API knows Loupe's:
 *   /c/<context>                                             the cluster
 *   /c/<context>/api/v1/pods                                 a list (all namespaces, or a cluster-scoped kind)
 *   /c/<context>/api/v1/namespaces/<ns>/pods                 a list in one namespace
 *   /c/<context>/apis/<group>/<version>/namespaces/<ns>/<resource>/<name>   one object
 *   /c/<context>/activity                                    the activity stream
 * The same `<kubernetes path>` addresses Loupe's REST proxy: /api/v1/contexts/<context>/k8s/<kubernetes path>.
 * Every segment is URI-encoded on the way out and decoded on the way in; nothing here knows any kind.
 */

/** A group/version/resource; `group` is "" for the core group. */
export interface ResourceRef {
  group: string;
  version: string;
  resource: string;
}

/** A list (namespace undefined = all namespaces or cluster-scoped) or, with `name`, one object. */
export interface ResourceTarget extends ResourceRef {
  namespace?: string;
  name?: string;
}

const enc = encodeURIComponent;

/** `api/v1/namespaces/default/configmaps/x` or `apis/g/v/...`, without a leading slash. */
export function k8sPath(target: ResourceTarget): string {
  const parts = target.group === "" ? ["api", target.version] : ["apis", target.group, target.version];
  if (target.namespace !== undefined) parts.push("namespaces", target.namespace);
  parts.push(target.resource);
  if (target.name !== undefined) parts.push(target.name);
  return parts.map(enc).join("/");
}

/**
 * Parses a Kubernetes resource path (the inverse of k8sPath). Returns null for anything that is not a list or object
 * path (subresources included): callers show "not found" rather than guess.
 */
export function parseK8sPath(path: string): ResourceTarget | null {
  let segments: string[];
  try {
    segments = path
      .split("/")
      .filter((s) => s !== "")
      .map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  let group: string;
  let rest: string[];
  let version: string | undefined;
  if (segments[0] === "api") {
    group = "";
    version = segments[1];
    rest = segments.slice(2);
  } else if (segments[0] === "apis") {
    group = segments[1] ?? "";
    version = segments[2];
    rest = segments.slice(3);
    if (group === "") return null;
  } else {
    return null;
  }
  if (!version || rest.length === 0) return null;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    if (rest.length > 4) return null;
    const [, namespace, resource, name] = rest as [string, string, string, string | undefined];
    return name === undefined ? { group, version, resource, namespace } : { group, version, resource, namespace, name };
  }
  if (rest.length > 2) return null;
  const [resource, name] = rest as [string, string | undefined];
  return name === undefined ? { group, version, resource } : { group, version, resource, name };
}

/** The SPA's URL of the context's home. */
export function contextUrl(context: string): string {
  return `/c/${enc(context)}`;
}

/** The SPA's URL of a list or object view, with optional query parameters (empty values left out). */
export function viewUrl(context: string, target: ResourceTarget, query?: Record<string, string | undefined>): string {
  return `${contextUrl(context)}/${k8sPath(target)}${queryString(query)}`;
}

/** The SPA's URL of the activity view. */
export function activityUrl(context: string, query?: Record<string, string | undefined>): string {
  return `${contextUrl(context)}/activity${queryString(query)}`;
}

/** The SPA's URL of the Problems view (`group` may be "", the core group: kept when set). */
export function problemsUrl(context: string, query?: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && (value !== "" || key === "group")) params.set(key, value);
  }
  const text = params.toString();
  return `${contextUrl(context)}/problems${text ? `?${text}` : ""}`;
}

/** Loupe's REST URL for a Kubernetes path under a context. */
export function apiUrl(context: string, target: ResourceTarget, query?: Record<string, string | undefined>): string {
  return `/api/v1/contexts/${enc(context)}/k8s/${k8sPath(target)}${queryString(query)}`;
}

function queryString(query: Record<string, string | undefined> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, value);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** `myservices.stable.example.com`, `pods`: how kubectl and RBAC messages name a resource. */
export function qualifiedName(ref: Pick<ResourceRef, "group" | "resource">): string {
  return ref.group === "" ? ref.resource : `${ref.resource}.${ref.group}`;
}

/** `apps/v1`, `v1`: the apiVersion string of a group/version. */
export function apiVersionOf(ref: Pick<ResourceRef, "group" | "version">): string {
  return ref.group === "" ? ref.version : `${ref.group}/${ref.version}`;
}

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
