import type { KubeObject } from "@loupe/protocol";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { k8sPath, type ResourceTarget } from "../../../lib/resource-path.ts";
import { revealSecret } from "../api/reveal-secret.ts";

export interface RevealedSecret {
  /** The user asked to see the values. */
  revealed: boolean;
  /** The Secret with its values, once read (undefined while hidden, loading, or refused). */
  object: KubeObject | undefined;
  pending: boolean;
  /** Why the values cannot be shown (403: the user may not get the Secret). */
  error: Error | null;
  reveal: () => void;
  /** Hides the values again and drops them from the query cache. */
  hide: () => void;
}

const revealKey = (context: string, path: string) => ["secret-reveal", context, path] as const;

/**
 * One Secret's values, read only after an explicit `reveal()` and kept only while the component lives: the query is
 * never cached past its use (gcTime 0) and `hide()` removes it. `resourceVersion` is the version the page shows
 * (from the masked live object): when it changes, the values are read again, so what is revealed stays current.
 */
export function useRevealedSecret(
  context: string,
  target: ResourceTarget & { name: string },
  resourceVersion: string | undefined,
): RevealedSecret {
  const [revealed, setRevealed] = useState(false);
  const queryClient = useQueryClient();
  const path = k8sPath(target);
  const query = useQuery({
    queryKey: [...revealKey(context, path), resourceVersion ?? ""],
    queryFn: ({ signal }) => revealSecret(context, target, signal),
    enabled: revealed,
    gcTime: 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
    placeholderData: keepPreviousData,
  });
  const hide = useCallback(() => {
    setRevealed(false);
    queryClient.removeQueries({ queryKey: revealKey(context, path) });
  }, [queryClient, context, path]);
  const reveal = useCallback(() => setRevealed(true), []);
  return {
    revealed,
    object: revealed ? query.data : undefined,
    pending: revealed && query.isFetching && !query.data,
    error: revealed ? query.error : null,
    reveal,
    hide,
  };
}
