import type { WatchTarget } from "@loupe/protocol";
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { SubscriptionListener } from "../socket.ts";
import { bindWatch, type Subscriber, type WatchData, watchQueryKey, watchStatusQueryKey } from "../watch.ts";

class FakeSubscriber implements Subscriber {
  listeners: SubscriptionListener[] = [];
  stopped = 0;

  subscribe(_target: WatchTarget, listener: SubscriptionListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.stopped++;
    };
  }
}

const target: WatchTarget = { context: "c", group: "", version: "v1", resource: "configmaps", namespace: "ns" };
const meta = (name: string, rv: string) => ({ metadata: { name, namespace: "ns", uid: name, resourceVersion: rv } });

describe("bindWatch", () => {
  it("writes snapshot, events and status into react-query's cache, one subscription per target", () => {
    const queryClient = new QueryClient();
    const socket = new FakeSubscriber();
    const release = [bindWatch(queryClient, socket, target), bindWatch(queryClient, socket, { ...target })];
    expect(socket.listeners).toHaveLength(1);
    const hear = socket.listeners[0] as SubscriptionListener;

    hear({ type: "status", id: "w1", state: "syncing" });
    hear({ type: "snapshot", id: "w1", resourceVersion: "1", items: [meta("a", "1")] });
    hear({ type: "events", id: "w1", events: [{ type: "ADDED", object: meta("b", "2") }] });
    hear({ type: "status", id: "w1", state: "live" });
    const data = queryClient.getQueryData<WatchData>(watchQueryKey(target));
    expect(data?.mode === "objects" && data.items.map((o) => o.metadata.name)).toEqual(["a", "b"]);
    expect(data?.resourceVersion).toBe("2");
    expect(queryClient.getQueryData(watchStatusQueryKey(target))).toEqual({ state: "live" });

    hear({ type: "error", id: "w1", code: "LOUPE_CONTEXT_NOT_FOUND", message: 'No context "c"' });
    expect(queryClient.getQueryData(watchStatusQueryKey(target))).toEqual({
      state: "error",
      code: "LOUPE_CONTEXT_NOT_FOUND",
      message: 'No context "c"',
    });

    release[0]?.();
    release[0]?.();
    expect(socket.stopped).toBe(0);
    release[1]?.();
    expect(socket.stopped).toBe(1);
    bindWatch(queryClient, socket, target);
    expect(socket.listeners).toHaveLength(2);
  });
});
