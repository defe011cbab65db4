import type { WatchTarget } from "@loupe/protocol";
import { type QueryClient, skipToken, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { type SubscriptionMessage, type WatchSocket, watchSocket } from "./socket.ts";
import {
  applyEvents,
  fromSnapshot,
  type WatchData,
  type WatchStatus,
  watchQueryKey,
  watchStatusQueryKey,
} from "./watch-cache.ts";

export { type WatchData, type WatchStatus, watchQueryKey, watchStatusQueryKey } from "./watch-cache.ts";

/** Only the subscribe capability of the socket (tests pass a fake). */
export type Subscriber = Pick<WatchSocket, "subscribe">;

interface Binding {
  count: number;
  stop: () => void;
}

const bindings = new WeakMap<QueryClient, Map<string, Binding>>();

/**
 * Keeps `watchQueryKey(target)` in `queryClient` equal to the server's state: a snapshot replaces the entry,
 * events patch it, and `watchStatusQueryKey(target)` follows the subscription's state. Components watching the
 * same target share one subscription (reference-counted); the returned function releases this one's share.
 * Data stays in the cache after the last release, for react-query's gcTime, marked by its last status.
 */
export function bindWatch(queryClient: QueryClient, socket: Subscriber, target: WatchTarget): () => void {
  let perClient = bindings.get(queryClient);
  if (!perClient) {
    perClient = new Map();
    bindings.set(queryClient, perClient);
  }
  const dataKey = watchQueryKey(target);
  const statusKey = watchStatusQueryKey(target);
  const hash = JSON.stringify(dataKey);
  let binding = perClient.get(hash);
  if (!binding) {
    const stop = socket.subscribe(target, (message: SubscriptionMessage) => {
      switch (message.type) {
        case "snapshot":
          queryClient.setQueryData<WatchData>(dataKey, fromSnapshot(message));
          break;
        case "events":
          queryClient.setQueryData<WatchData>(dataKey, (old) => applyEvents(old, message.events));
          break;
        case "status":
          queryClient.setQueryData<WatchStatus>(statusKey, {
            state: message.state,
            ...(message.message === undefined ? {} : { message: message.message }),
          });
          break;
        case "error":
          queryClient.setQueryData<WatchStatus>(statusKey, {
            state: "error",
            message: message.message,
            code: message.code,
          });
          break;
      }
    });
    binding = { count: 0, stop };
    perClient.set(hash, binding);
  }
  binding.count++;
  let released = false;
  return () => {
    if (released || !binding) return;
    released = true;
    binding.count--;
    if (binding.count === 0) {
      binding.stop();
      perClient.delete(hash);
    }
  };
}

const SYNCING: WatchStatus = { state: "syncing" };

/**
 * Watches `target` live while the component is mounted (null: nothing). `data` is undefined until the first
 * snapshot; `status` is for a connection indicator. Reading goes through react-query, so any component may also
 * read `watchQueryKey(target)` with its own `useQuery`.
 */
export function useWatch(
  target: WatchTarget | null,
  socket: Subscriber = watchSocket(),
): { data: WatchData | undefined; status: WatchStatus } {
  const queryClient = useQueryClient();
  const dataKey = target ? watchQueryKey(target) : (["watch", null] as const);
  const statusKey = target ? watchStatusQueryKey(target) : (["watch-status", null] as const);
  const hash = JSON.stringify(dataKey);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the target is compared by its key, not its identity.
  useEffect(() => (target ? bindWatch(queryClient, socket, target) : undefined), [queryClient, socket, hash]);
  const data = useQuery<WatchData>({ queryKey: dataKey, queryFn: skipToken, staleTime: Number.POSITIVE_INFINITY });
  const status = useQuery<WatchStatus>({ queryKey: statusKey, queryFn: skipToken });
  return { data: data.data, status: status.data ?? SYNCING };
}
