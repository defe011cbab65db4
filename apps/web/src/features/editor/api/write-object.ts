import { stringify } from "yaml";
import { api } from "../../../lib/api.ts";
import { apiUrl, type ResourceTarget } from "../../../lib/resource-path.ts";
import { applyPatchBody, type KubeObject } from "../utils/object-text.ts";

/**
 * The editor's writes, one function per Kubernetes verb, through Loupe's REST proxy (`api()` adds the CSRF header
 * and throws a typed ApiError carrying the API server's Status). Each returns what the API server answered.
 * `subresource` targets `.../<name>/status` or `.../<name>/scale`; `dryRun` sends `dryRun=All` (validated and
 * admitted, never stored).
 */

export type Subresource = "status" | "scale";

export interface WriteOptions {
  dryRun?: boolean;
  subresource?: Subresource | undefined;
  /** Answer with the Secret's values (the editor of a revealed Secret); masked otherwise (lib/secret-mask.ts). */
  revealSecrets?: boolean;
}

/** Loupe's URL of an object, or of one of its subresources, with query parameters (empty ones left out). */
export function objectUrl(
  context: string,
  target: ResourceTarget,
  subresource: Subresource | undefined,
  query: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return `${apiUrl(context, target)}${subresource ? `/${subresource}` : ""}${search ? `?${search}` : ""}`;
}

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** PUT: replace. The object must carry the resourceVersion the user started from; a newer one on the server is a 409. */
export function replaceObject(context: string, target: ResourceTarget, object: KubeObject, options: WriteOptions = {}) {
  const url = objectUrl(context, target, options.subresource, { dryRun: options.dryRun ? "All" : undefined });
  return api<KubeObject>(url, { method: "PUT", ...json(object), revealSecrets: options.revealSecrets });
}

/**
 * PATCH `application/apply-patch+yaml` as field manager `loupe`. `force` takes over fields other managers own:
 * the UI only sends it as an explicit second step after showing the conflict.
 */
export function applyObject(
  context: string,
  target: ResourceTarget,
  object: KubeObject,
  options: WriteOptions & { force?: boolean } = {},
) {
  const url = objectUrl(context, target, options.subresource, {
    fieldManager: "loupe",
    force: options.force ? "true" : undefined,
    dryRun: options.dryRun ? "All" : undefined,
  });
  const body = stringify(applyPatchBody(object), { lineWidth: 0, aliasDuplicateObjects: false });
  return api<KubeObject>(url, {
    method: "PATCH",
    headers: { "content-type": "application/apply-patch+yaml" },
    body,
    revealSecrets: options.revealSecrets,
  });
}

/** POST: create in the collection `target` names (no name). */
export function createObject(
  context: string,
  collection: ResourceTarget,
  object: KubeObject,
  options: WriteOptions = {},
) {
  const url = `${apiUrl(context, { ...collection, name: undefined })}${options.dryRun ? "?dryRun=All" : ""}`;
  return api<KubeObject>(url, { method: "POST", ...json(object) });
}

export type PropagationPolicy = "Background" | "Foreground" | "Orphan";

/**
 * DELETE with a propagation policy. The answer is the object itself while finalizers hold it (Foreground and Orphan
 * add one each, and only the garbage collector removes them), or a Status once it is gone.
 */
export function deleteObject(context: string, target: ResourceTarget, propagationPolicy: PropagationPolicy) {
  return api<KubeObject>(objectUrl(context, target, undefined, { propagationPolicy }), { method: "DELETE" });
}

/** An `autoscaling/v1` Scale, as the scale subresource reads and writes it. */
export interface Scale {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  spec: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export function getScale(context: string, target: ResourceTarget, signal?: AbortSignal) {
  return api<Scale>(objectUrl(context, target, "scale"), { signal });
}

/** PUT the Scale read before with new replicas: its resourceVersion makes a concurrent change a 409. */
export function putScale(context: string, target: ResourceTarget, scale: Scale, replicas: number) {
  const body: Scale = { ...scale, spec: { ...scale.spec, replicas } };
  return api<Scale>(objectUrl(context, target, "scale"), { method: "PUT", ...json(body) });
}

/** GET the object as it is now (for the conflict view); no cache. `revealSecrets`: a revealed Secret's editor. */
export function readObject(
  context: string,
  target: ResourceTarget,
  subresource?: Subresource,
  options: { revealSecrets?: boolean } = {},
) {
  return api<KubeObject>(objectUrl(context, target, subresource === "scale" ? undefined : subresource), options);
}
