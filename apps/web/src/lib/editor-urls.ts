import { contextUrl, k8sPath, type ResourceTarget } from "./resource-path.ts";

/**
 * The SPA's URLs of the editor's views, beside the list and object views of resource-path.ts:
 *   /c/<context>/edit/<kubernetes object path>[?subresource=status]   edit an object (or its status)
 *   /c/<context>/new/<kubernetes collection path>                     create one from the kind's template
 *   /c/<context>/schema/<group or core>/<version>/<kind>[?field=spec.x] the kind's fields, kubectl-explain style
 */

export function editUrl(context: string, target: ResourceTarget, subresource?: "status"): string {
  return `${contextUrl(context)}/edit/${k8sPath(target)}${subresource ? `?subresource=${subresource}` : ""}`;
}

export function newUrl(context: string, collection: ResourceTarget): string {
  return `${contextUrl(context)}/new/${k8sPath({ ...collection, name: undefined })}`;
}

export function schemaUrl(
  context: string,
  ref: { group: string; version: string; kind: string },
  field?: string,
): string {
  const path = [ref.group || "core", ref.version, ref.kind].map(encodeURIComponent).join("/");
  return `${contextUrl(context)}/schema/${path}${field ? `?field=${encodeURIComponent(field)}` : ""}`;
}

/** The multi-document apply (`kubectl apply -f` in the browser). */
export function applyUrl(context: string): string {
  return `${contextUrl(context)}/apply`;
}
