import { useQueries } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import type { ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import type { ResourceRef } from "../../../lib/resource-path.ts";
import { objectsQueryOptions } from "../api/list-objects.ts";
import { type ActivityEntry, diffStates, encodeRef, type ObjectState } from "../utils/activity.ts";

/** A kind the user picked to follow. */
export interface ActivitySource {
  ref: ResourceRef;
  kind: string;
  namespaced: boolean;
}

/** The most entries a page keeps (the oldest go first). */
export const ACTIVITY_LIMIT = 2_000;

const POLL_MS = 1_500;

/**
 * The changes to the picked kinds (in one namespace, or all), newest first. Each kind's current objects are
 * compared with the previous state (diffStates), so the first state is the baseline and only later changes are
 * reported. While `paused`, new entries wait in a buffer (their count is `waiting`) and join the list on resume.
 */
export function useActivity(
  context: string,
  sources: readonly ActivitySource[],
  namespace: string | undefined,
  paused: boolean,
) {
  const targets = sources.map((s) => ({ ...s.ref, namespace: s.namespaced ? namespace : undefined }));
  const results = useQueries({ queries: targets.map((t) => objectsQueryOptions(context, t, POLL_MS)) });
  const states = useRef(new Map<string, { data: unknown; state: ObjectState }>());
  const [entries, setEntries] = useState<readonly ActivityEntry[]>([]);
  const [buffer, setBuffer] = useState<readonly ActivityEntry[]>([]);
  const scope = `${context}|${namespace ?? ""}`;
  const scopeRef = useRef(scope);
  if (scopeRef.current !== scope) {
    scopeRef.current = scope;
    states.current = new Map();
  }

  const signature = results.map((r) => r.dataUpdatedAt).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` changes exactly when some source's data does.
  useEffect(() => {
    const fresh: ActivityEntry[] = [];
    const now = Date.now();
    results.forEach((result, i) => {
      const source = sources[i];
      if (!source || !result.data) return;
      const key = encodeRef(source.ref);
      const memory = states.current.get(key);
      if (memory && memory.data === result.data) return;
      const { next, entries: found } = diffStates(
        memory?.state ?? null,
        result.data.items,
        source.ref,
        source.kind,
        now,
      );
      states.current.set(key, { data: result.data, state: next });
      fresh.push(...found);
    });
    if (fresh.length === 0) return;
    fresh.reverse();
    if (paused) setBuffer((b) => [...fresh, ...b].slice(0, ACTIVITY_LIMIT));
    else setEntries((e) => [...fresh, ...e].slice(0, ACTIVITY_LIMIT));
  }, [signature]);

  useEffect(() => {
    if (paused || buffer.length === 0) return;
    setEntries((e) => [...buffer, ...e].slice(0, ACTIVITY_LIMIT));
    setBuffer([]);
  }, [paused, buffer]);

  const clear = useCallback(() => {
    setEntries([]);
    setBuffer([]);
  }, []);

  const failed = results.find((r) => r.isError);
  const status: ConnectionStatus = failed?.error
    ? { state: "error", message: failed.error.message }
    : results.some((r) => r.isPending)
      ? { state: "loading" }
      : { state: "snapshot", message: `Re-read every ${POLL_MS / 1000} s` };
  const errors = results
    .map((r, i) => ({ source: sources[i] as ActivitySource, error: r.error }))
    .filter((x) => x.error);
  return { entries, waiting: buffer.length, clear, status, errors };
}
