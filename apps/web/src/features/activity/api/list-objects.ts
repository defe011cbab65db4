import type { KubeObject } from "@loupe/protocol";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl, k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

/** A list of whole objects (`?as=object`): the activity view needs bodies to say which fields changed. */
export const listObjects = (context: string, target: ResourceTarget, signal?: AbortSignal) =>
  api<{ items: KubeObject[]; metadata?: { resourceVersion?: string } }>(apiUrl(context, target, { as: "object" }), {
    signal,
  });

export const objectsQueryOptions = (context: string, target: ResourceTarget, refetchInterval: number) =>
  queryOptions({
    queryKey: ["contexts", context, "objects", k8sPath(target)],
    queryFn: ({ signal }) => listObjects(context, target, signal),
    refetchInterval,
  });
