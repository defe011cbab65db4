import type { KubeObject } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl, k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

export const getObject = (context: string, target: ResourceTarget, signal?: AbortSignal) =>
  api<KubeObject>(apiUrl(context, target), { signal });

export const objectQueryKey = (context: string, target: ResourceTarget) =>
  ["contexts", context, "object", k8sPath(target)] as const;

/** One object as the API server returns it (the whole body, managedFields included). */
export const objectQueryOptions = (context: string, target: ResourceTarget) =>
  queryOptions({
    queryKey: objectQueryKey(context, target),
    queryFn: ({ signal }) => getObject(context, target, signal),
  });

export const useObject = (context: string, target: ResourceTarget, options: { refetchInterval?: number } = {}) =>
  useQuery({ ...objectQueryOptions(context, target), ...options });
