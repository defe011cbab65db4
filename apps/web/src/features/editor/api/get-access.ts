import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";

/** What to ask: may the current user `verb` this resource (object, subresource)? */
export interface AccessQuery {
  verb: string;
  group: string;
  resource: string;
  namespace?: string | undefined;
  name?: string | undefined;
  subresource?: string | undefined;
}

export interface AccessAnswer {
  allowed: boolean;
  reason: string;
  readOnly: boolean;
}

/**
 * `GET /api/v1/contexts/:context/access` (a SelfSubjectAccessReview, answered "no" for writes in read-only mode).
 * A courtesy to warn or disable before the user tries: the API server still decides, and its 403 is shown as is.
 */
export const accessQueryOptions = (context: string, q: AccessQuery) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(q)) if (value) params.set(key, value);
  if (q.group === "") params.set("group", "");
  return queryOptions({
    queryKey: ["contexts", context, "access", q.verb, q.group, q.resource, q.namespace, q.name, q.subresource],
    queryFn: ({ signal }) =>
      api<AccessAnswer>(`/api/v1/contexts/${encodeURIComponent(context)}/access?${params}`, { signal }),
    staleTime: 30_000,
    retry: false,
  });
};

/** The answer, or undefined while asking or when the question could not be asked (then nothing is disabled). */
export function useAccess(context: string, q: AccessQuery): AccessAnswer | undefined {
  return useQuery(accessQueryOptions(context, q)).data;
}
