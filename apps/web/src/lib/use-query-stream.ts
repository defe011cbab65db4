import type { QueryHit, QueryProgressMessage, QuerySpec, WatchState } from "@loupe/protocol";
import { useEffect, useState } from "react";
import { type SubscriptionMessage, watchSocket } from "./socket.ts";

/** What a query subscription has delivered so far. */
export interface QueryStream {
  hits: QueryHit[];
  progress: QueryProgressMessage | undefined;
  state: WatchState;
  /** The server refused or stopped the query (an invalid expression, too expensive, ...). */
  error: { code: string; message: string } | undefined;
}

const EMPTY: QueryStream = { hits: [], progress: undefined, state: "syncing", error: undefined };

/** `resource.group/namespace/name`: a hit's identity across kinds. */
export function hitKey(hit: QueryHit): string {
  return `${hit.hit.resource}.${hit.hit.group}/${hit.metadata.namespace ?? ""}/${hit.metadata.name}`;
}

/**
 * Runs a cross-kind query over the tab's watch socket while the component is mounted (or until `spec` changes;
 * undefined runs nothing) and returns its hits as they stream in, live. Updates are applied at most once per
 * animation frame, so thousands of hits arriving kind by kind render a few times, not thousands.
 */
export function useQueryStream(context: string, spec: QuerySpec | undefined): QueryStream {
  const [stream, setStream] = useState<QueryStream>(EMPTY);
  const key = spec ? JSON.stringify(spec) : "";
  useEffect(() => {
    setStream(EMPTY);
    if (!key) return;
    const query = JSON.parse(key) as QuerySpec;
    let hits = new Map<string, QueryHit>();
    let progress: QueryProgressMessage | undefined;
    let state: WatchState = "syncing";
    let error: QueryStream["error"];
    let frame = 0;
    const publish = () => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setStream({ hits: [...hits.values()], progress, state, error });
      });
    };
    const stop = watchSocket().subscribeQuery(context, query, (message: SubscriptionMessage) => {
      switch (message.type) {
        case "snapshot":
          hits = new Map(("items" in message ? message.items : []).map((o) => [hitKey(o as QueryHit), o as QueryHit]));
          error = undefined;
          break;
        case "events":
          for (const event of message.events) {
            if (!("object" in event)) continue;
            const hit = event.object as QueryHit;
            if (event.type === "DELETED") hits.delete(hitKey(hit));
            else hits.set(hitKey(hit), hit);
          }
          break;
        case "progress":
          progress = message;
          break;
        case "status":
          state = message.state;
          break;
        case "error":
          error = { code: message.code, message: message.message };
          state = "error";
          break;
      }
      publish();
    });
    return () => {
      stop();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [context, key]);
  return stream;
}
