import { useCallback, useEffect, useRef, useState } from "react";
import type { ConnectionState, ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import type { ResourceRef } from "../../../lib/resource-path.ts";
import { type SubscriptionMessage, watchSocket } from "../../../lib/socket.ts";
import {
  type ActivityEntry,
  applyWatchEvents,
  diffStates,
  encodeRef,
  type ObjectEvent,
  type ObjectState,
} from "../utils/activity.ts";

/** A kind the user picked to follow. */
export interface ActivitySource {
  ref: ResourceRef;
  kind: string;
  namespaced: boolean;
}

/** The most entries a page keeps (the oldest go first). */
export const ACTIVITY_LIMIT = 2_000;

interface SourceState {
  status: { state: ConnectionState; message?: string };
}

/**
 * The changes to the picked kinds (in one namespace, or all), newest first, from the tab's watch socket
 * (lib/socket.ts, object mode): each event becomes an entry, a MODIFIED one naming the fields that changed since
 * the version held. A first snapshot is the baseline (not news); a later one (after a reconnect or a resync) is
 * compared with what was held, so what changed meanwhile is reported once. While `paused`, entries wait in a
 * buffer (`waiting`) and join the list on resume.
 */
export function useActivity(
  context: string,
  sources: readonly ActivitySource[],
  namespace: string | undefined,
  paused: boolean,
) {
  const [entries, setEntries] = useState<readonly ActivityEntry[]>([]);
  const [buffer, setBuffer] = useState<readonly ActivityEntry[]>([]);
  const [states, setStates] = useState<ReadonlyMap<string, SourceState>>(new Map());
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  const key = JSON.stringify([context, namespace ?? "", sources.map((s) => [encodeRef(s.ref), s.namespaced])]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` covers context, namespace and sources by value.
  useEffect(() => {
    const socket = watchSocket();
    const held = new Map<string, ObjectState | null>();
    const publish = (fresh: ActivityEntry[]) => {
      if (fresh.length === 0) return;
      fresh.reverse();
      if (pausedRef.current) setBuffer((b) => [...fresh, ...b].slice(0, ACTIVITY_LIMIT));
      else setEntries((e) => [...fresh, ...e].slice(0, ACTIVITY_LIMIT));
    };
    const setStatus = (id: string, status: SourceState["status"]) => setStates((m) => new Map(m).set(id, { status }));

    const stops = sources.map((source) => {
      const id = encodeRef(source.ref);
      held.set(id, null);
      return socket.subscribe(
        { context, ...source.ref, namespace: source.namespaced ? namespace : undefined },
        (message: SubscriptionMessage) => {
          const now = Date.now();
          switch (message.type) {
            case "snapshot": {
              if (!("items" in message)) return;
              const { next, entries: found } = diffStates(
                held.get(id) ?? null,
                message.items,
                source.ref,
                source.kind,
                now,
              );
              held.set(id, next);
              publish(found);
              return;
            }
            case "events": {
              const before = held.get(id);
              if (!before) return;
              const events = message.events.filter((e): e is ObjectEvent => "object" in e);
              const { next, entries: found } = applyWatchEvents(before, events, source.ref, source.kind, now);
              held.set(id, next);
              publish(found);
              return;
            }
            case "status":
              setStatus(id, { state: message.state, message: message.message });
              return;
            case "error":
              setStatus(id, { state: "error", message: message.message });
              return;
          }
        },
      );
    });
    return () => {
      for (const stop of stops) stop();
      setStates(new Map());
    };
  }, [key]);

  useEffect(() => {
    if (paused || buffer.length === 0) return;
    setEntries((e) => [...buffer, ...e].slice(0, ACTIVITY_LIMIT));
    setBuffer([]);
  }, [paused, buffer]);

  const clear = useCallback(() => {
    setEntries([]);
    setBuffer([]);
  }, []);

  const all = sources.map((s) => ({ source: s, status: states.get(encodeRef(s.ref))?.status }));
  const failed = all.filter((x) => x.status?.state === "error");
  const worst = (state: ConnectionState) => all.some((x) => x.status?.state === state);
  let status: ConnectionStatus;
  if (sources.length === 0) status = { state: "snapshot", message: "No kind followed" };
  else if (failed.length > 0)
    status = { state: "error", message: `${failed.length} of ${sources.length} kinds cannot be watched` };
  else if (worst("reconnecting")) status = { state: "reconnecting" };
  else if (all.every((x) => x.status?.state === "live")) status = { state: "live" };
  else status = { state: "syncing" };
  const errors = failed.map((x) => ({ source: x.source, error: new Error(x.status?.message ?? "watch refused") }));
  return { entries, waiting: buffer.length, clear, status, errors };
}
