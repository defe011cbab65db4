import type { Table } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import { apiUrl } from "../../../lib/resource-path.ts";

/** The namespaces' names, sorted, for the namespace picker. */
export const listNamespaces = async (context: string) => {
  const table = await api<Table>(
    apiUrl(context, { group: "", version: "v1", resource: "namespaces" }, { includeObject: "Metadata" }),
  );
  return table.rows.map((row) => row.object.metadata.name).sort((a, b) => a.localeCompare(b));
};

export const namespacesQueryOptions = (context: string) =>
  queryOptions({
    queryKey: ["contexts", context, "namespace-names"],
    queryFn: () => listNamespaces(context),
    staleTime: 10_000,
  });

/** Namespace names; an error (e.g. 403) leaves the picker as a free-text field. */
export const useNamespaces = (context: string, enabled = true) =>
  useQuery({ ...namespacesQueryOptions(context), enabled });
