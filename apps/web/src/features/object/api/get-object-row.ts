import type { Table } from "@loupe/protocol";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl, k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";

/**
 * One object's row in the server-side Table format — the columns and cells the list shows for it (a CRD's
 * additionalPrinterColumns of this version, kubectl's columns for built-ins): the list route narrowed by
 * `metadata.name`. Keyed by the object's resourceVersion, so the cells follow the live object.
 */
export function useObjectRow(
  context: string,
  target: ResourceTarget & { name: string },
  resourceVersion: string | undefined,
) {
  const list = { ...target, name: undefined };
  return useQuery({
    queryKey: ["contexts", context, "object-row", k8sPath(target), resourceVersion ?? ""] as const,
    queryFn: ({ signal }) =>
      api<Table>(apiUrl(context, list, { fieldSelector: `metadata.name=${target.name}`, includeObject: "Metadata" }), {
        signal,
      }),
    enabled: resourceVersion !== undefined,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
