import type { KindSchema } from "@loupe/protocol";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "./api.ts";

/**
 * A kind's JSON Schema and `kubectl explain` field tree (`GET /api/v1/contexts/:context/schema/<group|core>/<version>/<kind>`),
 * shared by the editor (validation, completion, hover, templates) and the schema browser. A schema changes only
 * when a CRD does, so it stays fresh for a minute; the server answers revalidations with 304 (ETag).
 */
export const kindSchemaUrl = (context: string, ref: { group: string; version: string; kind: string }) =>
  `/api/v1/contexts/${encodeURIComponent(context)}/schema/${encodeURIComponent(ref.group || "core")}/${encodeURIComponent(ref.version)}/${encodeURIComponent(ref.kind)}`;

export const kindSchemaQueryOptions = (context: string, ref: { group: string; version: string; kind: string }) =>
  queryOptions({
    queryKey: ["contexts", context, "schema", ref.group, ref.version, ref.kind],
    queryFn: ({ signal }) => api<KindSchema>(kindSchemaUrl(context, ref), { signal }),
    staleTime: 60_000,
  });

export const useKindSchema = (context: string, ref: { group: string; version: string; kind: string }) =>
  useQuery(kindSchemaQueryOptions(context, ref));
