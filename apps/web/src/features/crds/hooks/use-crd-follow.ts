import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import { useWatch } from "../../../lib/watch.ts";
import { crdQueryOptions } from "../api/get-crd.ts";
import { crdListQueryOptions } from "../api/list-crds.ts";

/** Changes within this window are read in one refetch (installing a provider creates hundreds of CRDs at once). */
const BATCH_MS = 400;

/**
 * Keeps the CRD views live: the WebSocket watch of CRDs in table mode (metadata only; the same subscription the
 * catalog follows, so it costs nothing more) tells which CRDs changed, and the views refetch what they show —
 * the projected list, and the one CRD a page shows when its resourceVersion moved. Returns the watch's state
 * for a connection indicator.
 */
export function useCrdFollow(context: string, name?: string): ConnectionStatus {
  const queryClient = useQueryClient();
  const watch = useWatch({
    context,
    group: "apiextensions.k8s.io",
    version: "v1",
    resource: "customresourcedefinitions",
    table: true,
    // Names and resourceVersions are all this follows: not the CRDs' metadata (45 MB at 1,500 CRDs upstream).
    names: true,
  });
  const rows = watch.data?.mode === "table" ? watch.data.rows : undefined;
  const versions = useMemo(() => {
    if (!rows) return undefined;
    const map = new Map<string, string>();
    for (const row of rows) map.set(row.object.metadata.name, row.object.metadata.resourceVersion ?? "");
    return map;
  }, [rows]);
  const signature = versions ? [...versions].map(([n, rv]) => `${n}@${rv}`).join(",") : undefined;
  const mine = name === undefined ? undefined : (versions?.get(name) ?? "gone");
  const first = useRef(true);
  useEffect(() => {
    if (signature === undefined) return;
    // The first snapshot is the state the list was just read in: refetch only if it was read before the watch.
    const { queryKey } = crdListQueryOptions(context);
    if (first.current) {
      first.current = false;
      // Still being read (a refetch would cancel and restart it), or read a moment ago: nothing to catch up on.
      const state = queryClient.getQueryState(queryKey);
      if (state?.fetchStatus === "fetching") return;
      if (state && Date.now() - state.dataUpdatedAt < 2_000) return;
    }
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey }), BATCH_MS);
    return () => clearTimeout(timer);
  }, [context, signature, queryClient]);
  useEffect(() => {
    if (name === undefined || mine === undefined) return;
    void queryClient.invalidateQueries({ queryKey: crdQueryOptions(context, name).queryKey, exact: true });
  }, [context, name, mine, queryClient]);

  const state = watch.status.state;
  if (state === "error") return { state: "error", message: watch.status.message };
  if (state === "reconnecting") return { state: "reconnecting", message: watch.status.message };
  if (state === "live" && rows) return { state: "live" };
  return { state: "syncing" };
}
