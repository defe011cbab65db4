import { useQueries } from "@tanstack/react-query";
import { api } from "../../../lib/api.ts";
import type { ResourceRef } from "../../../lib/resource-path.ts";
import type { BulkItem } from "./bulk-actions.ts";

/** Objects asked about one by one at most; beyond, a selection is asked about per namespace. */
const PER_OBJECT = 25;

interface AccessAnswer {
  allowed: boolean;
  reason: string;
}

/**
 * Whether the current user may `verb` (optionally a subresource of) the selected objects, asked as
 * SelfSubjectAccessReviews (`GET /api/v1/contexts/:context/access`): per object for a small selection (RBAC may name
 * objects), else per namespace. "allowed" when any answer allows it (the rest show their own 403 in the preview);
 * undefined while asking. A courtesy to offer only what RBAC may allow: the API server still decides per object.
 */
export function useBulkAccess(
  context: string,
  ref: ResourceRef,
  items: readonly BulkItem[],
  checks: readonly { verb: string; subresource?: string }[],
): (boolean | undefined)[] {
  const scopes =
    items.length <= PER_OBJECT
      ? items.map((i) => ({ namespace: i.namespace, name: i.name }))
      : [...new Set(items.map((i) => i.namespace ?? ""))].slice(0, PER_OBJECT).map((ns) => ({
          namespace: ns || undefined,
          name: undefined,
        }));
  const questions = checks.flatMap((check) => scopes.map((scope) => ({ ...check, ...scope })));
  const answers = useQueries({
    queries: questions.map((q) => {
      const params = new URLSearchParams({ verb: q.verb, group: ref.group, resource: ref.resource });
      if (q.namespace) params.set("namespace", q.namespace);
      if (q.name) params.set("name", q.name);
      if (q.subresource) params.set("subresource", q.subresource);
      return {
        queryKey: ["contexts", context, "access", q.verb, ref.group, ref.resource, q.namespace, q.name, q.subresource],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          api<AccessAnswer>(`/api/v1/contexts/${encodeURIComponent(context)}/access?${params}`, { signal }),
        staleTime: 30_000,
        retry: false,
      };
    }),
  });
  return checks.map((_, c) => {
    const mine = answers.slice(c * scopes.length, (c + 1) * scopes.length);
    if (mine.some((a) => a.data?.allowed)) return true;
    if (mine.some((a) => a.isPending)) return undefined;
    return false;
  });
}
