import type { KubeObject } from "@loupe/protocol";
import { api } from "../../../lib/api.ts";
import { apiUrl, type ResourceTarget } from "../../../lib/resource-path.ts";

const json = (body: unknown) => ({ headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** The live object now (for its resourceVersion and the review diff). */
export const getCurrent = (context: string, target: ResourceTarget) => api<KubeObject>(apiUrl(context, target));

/**
 * Replaces the live object with a recorded state, carrying the resourceVersion the user reviewed against: if the
 * object changed since, the API server answers 409 and nothing is overwritten.
 */
export function restoreObject(context: string, target: ResourceTarget, state: KubeObject, resourceVersion: string) {
  const body = { ...state, metadata: { ...state.metadata, resourceVersion } };
  return api<KubeObject>(apiUrl(context, target), { method: "PUT", ...json(body) });
}

/** Creates a deleted object again from a recorded state (server-set metadata and status left out). */
export function recreateObject(context: string, target: ResourceTarget, state: KubeObject) {
  const { name, namespace, labels, annotations, finalizers, ownerReferences } =
    state.metadata as KubeObject["metadata"] & {
      finalizers?: string[];
      ownerReferences?: unknown[];
    };
  const { status: _status, ...rest } = state as KubeObject & { status?: unknown };
  const body = {
    ...rest,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(finalizers ? { finalizers } : {}),
      ...(ownerReferences ? { ownerReferences } : {}),
    },
  };
  return api<KubeObject>(apiUrl(context, { ...target, name: undefined }), { method: "POST", ...json(body) });
}
