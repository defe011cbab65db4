import { ApiError, api } from "../../../lib/api.ts";
import { apiUrl, k8sPath, type ResourceRef } from "../../../lib/resource-path.ts";

/**
 * Actions on many objects at once, one API request per object (as kubectl does), each object's answer reported on
 * its own: nothing is skipped and one failure never stops the others. `dryRun` sends `dryRun=All`: the API server
 * validates, admits and authorizes everything but stores nothing — the preview.
 */
export type BulkAction =
  | { kind: "delete"; propagationPolicy: "Background" | "Foreground" | "Orphan" }
  | { kind: "labels" | "annotations"; set: Record<string, string>; remove: string[] }
  | { kind: "scale"; replicas: number };

/** One selected object. */
export interface BulkItem {
  key: string;
  name: string;
  namespace: string | undefined;
}

export interface BulkResult extends BulkItem {
  ok: boolean;
  /** What happened, in words: "deleted", "labels set", or the API server's message. */
  message: string;
  /** The HTTP status of a failure (403 forbidden, 404 gone, 409 conflict, 422 invalid). */
  status?: number;
}

/** Requests in flight at once (the server's rate limiter shares upstream capacity fairly beyond this). */
export const BULK_CONCURRENCY = 8;

const DONE: Record<BulkAction["kind"], string> = {
  delete: "deleted",
  labels: "labels changed",
  annotations: "annotations changed",
  scale: "scaled",
};

/** One object's request. */
async function apply(
  context: string,
  ref: ResourceRef,
  item: BulkItem,
  action: BulkAction,
  dryRun: boolean,
  signal: AbortSignal | undefined,
): Promise<void> {
  const target = { ...ref, namespace: item.namespace, name: item.name };
  const dry = dryRun ? "All" : undefined;
  if (action.kind === "delete") {
    await api(apiUrl(context, target, { dryRun: dry, propagationPolicy: action.propagationPolicy }), {
      method: "DELETE",
      signal,
    });
    return;
  }
  const mergePatch = { "content-type": "application/merge-patch+json" };
  if (action.kind === "scale") {
    const query = dry ? "?dryRun=All" : "";
    await api(`/api/v1/contexts/${encodeURIComponent(context)}/k8s/${k8sPath(target)}/scale${query}`, {
      method: "PATCH",
      headers: mergePatch,
      body: JSON.stringify({ spec: { replicas: action.replicas } }),
      signal,
    });
    return;
  }
  const values: Record<string, string | null> = { ...action.set };
  for (const key of action.remove) values[key] = null;
  await api(apiUrl(context, target, { dryRun: dry }), {
    method: "PATCH",
    headers: mergePatch,
    body: JSON.stringify({ metadata: { [action.kind]: values } }),
    signal,
  });
}

/**
 * Runs `action` on every item, BULK_CONCURRENCY at a time, calling `onResult` as each answers (in completion order).
 * Resolves with all results in the items' order. An abort stops starting new requests; the ones not started are
 * reported as "not run (cancelled)", never left out.
 */
export async function runBulk(
  context: string,
  ref: ResourceRef,
  items: readonly BulkItem[],
  action: BulkAction,
  options: { dryRun: boolean; signal?: AbortSignal; onResult?: (result: BulkResult) => void },
): Promise<BulkResult[]> {
  const results: BulkResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      const item = items[at] as BulkItem;
      let result: BulkResult;
      if (options.signal?.aborted) result = { ...item, ok: false, message: "not run (cancelled)" };
      else {
        try {
          await apply(context, ref, item, action, options.dryRun, options.signal);
          result = { ...item, ok: true, message: options.dryRun ? `would be ${DONE[action.kind]}` : DONE[action.kind] };
        } catch (error) {
          const status = error instanceof ApiError ? error.status : undefined;
          result = {
            ...item,
            ok: false,
            message: (error as Error).message,
            ...(status === undefined ? {} : { status }),
          };
        }
      }
      results[at] = result;
      options.onResult?.(result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, items.length) }, worker));
  return results;
}

const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Why `key` is not a valid label or annotation key (Kubernetes' qualified name), or undefined. */
export function keyProblem(key: string): string | undefined {
  const slash = key.lastIndexOf("/");
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return `"${key}": the prefix must be a DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !LABEL_NAME.test(name)) {
    return `"${key}": a name of at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit`;
  }
  return undefined;
}

/**
 * kubectl's `label`/`annotate` arguments: `key=value` sets, `key-` removes, separated by spaces or commas (so an
 * annotation value here holds neither). Returns the change or the problems.
 */
export function parseChanges(
  text: string,
  kind: "labels" | "annotations",
): { set: Record<string, string>; remove: string[] } | { problems: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const problems: string[] = [];
  for (const part of text.split(/[\s,]+/).filter(Boolean)) {
    const eq = part.indexOf("=");
    if (eq < 0 && part.endsWith("-")) {
      const key = part.slice(0, -1);
      const problem = keyProblem(key);
      if (problem) problems.push(problem);
      else remove.push(key);
      continue;
    }
    if (eq <= 0) {
      problems.push(`"${part}": write key=value to set, key- to remove`);
      continue;
    }
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    const problem = keyProblem(key);
    if (problem) problems.push(problem);
    else if (kind === "labels" && (value.length > 63 || !LABEL_VALUE.test(value))) {
      problems.push(
        `"${value}": a label value is at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit`,
      );
    } else set[key] = value;
  }
  if (problems.length > 0) return { problems };
  if (Object.keys(set).length === 0 && remove.length === 0)
    return { problems: ["Nothing to change: write key=value or key-."] };
  return { set, remove };
}
