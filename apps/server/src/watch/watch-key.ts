import type { WatchTarget } from "@loupe/protocol";

/**
 * What one reflector lists and watches: every field of it is part of the upstream request, so two subscriptions
 * share a reflector exactly when their keys are equal. Empty strings mean "none" (all namespaces, no selector).
 */
export interface WatchKey {
  context: string;
  /**
   * Whose credentials the reflector uses: "" for the server's own (kubeconfig / service account), else a hash of
   * the signed-in user's token (user-token mode). Users never share a reflector, so RBAC holds per user.
   */
  identity: string;
  /** `""` is the core group. */
  group: string;
  version: string;
  resource: string;
  namespace: string;
  labelSelector: string;
  fieldSelector: string;
  /** Rows of the server-side Table format instead of whole objects. */
  table: boolean;
  /**
   * Table mode only: rows carry the whole object (`includeObject=Object`) rather than its metadata, for custom
   * columns computed over it (see columns/). Such a key has a reflector of its own.
   */
  objects?: boolean;
  /**
   * Table mode only, for following what exists (the server's own change-following, and clients that ask for
   * `names`): rows without any object
   * (`includeObject=None`), each made a name and a resourceVersion (see KubeListerWatcher). 1,500 CRDs are 23 KB of
   * names where their metadata is 45 MB (kubectl's last-applied annotation holds each whole CRD).
   */
  names?: boolean;
}

/** The key of a validated protocol target, with absent fields made explicit. */
export function watchKey(target: WatchTarget, identity = ""): WatchKey {
  return {
    context: target.context,
    identity,
    group: target.group,
    version: target.version,
    resource: target.resource,
    namespace: target.namespace ?? "",
    labelSelector: target.labelSelector ?? "",
    fieldSelector: target.fieldSelector ?? "",
    table: target.table ?? false,
    objects: (target.table ?? false) && target.names !== true && (target.columns?.length ?? 0) > 0,
    ...((target.table ?? false) && target.names === true ? { names: true } : {}),
  };
}

/** A string equal for equal keys (the hub's map key). */
export function keyString(key: WatchKey): string {
  return JSON.stringify([
    key.context,
    key.identity,
    key.group,
    key.version,
    key.resource,
    key.namespace,
    key.labelSelector,
    key.fieldSelector,
    key.table,
    key.objects === true,
    key.names === true,
  ]);
}

/** The collection's API path, e.g. `/apis/stable.example.com/v1/namespaces/a/crontabs` (no query). */
export function collectionPath(key: WatchKey): string {
  const base = key.group === "" ? `/api/${enc(key.version)}` : `/apis/${enc(key.group)}/${enc(key.version)}`;
  const namespace = key.namespace === "" ? "" : `/namespaces/${enc(key.namespace)}`;
  return `${base}${namespace}/${enc(key.resource)}`;
}

const enc = encodeURIComponent;
