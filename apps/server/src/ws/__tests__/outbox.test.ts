import type { KubeObject, ServerMessage, WatchEvent } from "@loupe/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MetricsRegistry } from "../../metrics.ts";
import type { WatchSnapshot } from "../../watch/reflector.ts";
import { createWatchMetrics } from "../../watch/watch-metrics.ts";
import { Outbox, type OutboxOptions, type Sink } from "../outbox.ts";

class FakeSink implements Sink {
  open = true;
  bufferedAmount = 0;
  sent: ServerMessage[] = [];

  send(text: string): void {
    this.sent.push(JSON.parse(text));
  }

  sendParts(parts: readonly (string | Buffer)[]): void {
    this.send(parts.map((part) => part.toString()).join(""));
  }
}

const obj = (name: string, rv: string, uid = `u-${name}`): KubeObject => ({
  metadata: { name, namespace: "ns", uid, resourceVersion: rv },
});
const modified = (name: string, rv: string): WatchEvent => ({ type: "MODIFIED", object: obj(name, rv) });
const tick = () => vi.advanceTimersByTimeAsync(0);

function setup(options: OutboxOptions = {}) {
  const sink = new FakeSink();
  const metrics = createWatchMetrics(new MetricsRegistry());
  const outbox = new Outbox(sink, metrics, { retryMs: 10, ...options });
  let snapshot: WatchSnapshot = { resourceVersion: "S", items: [obj("a", "1")] };
  const source = {
    snapshotBytes: () => Buffer.from(JSON.stringify(snapshot)),
    set: (next: WatchSnapshot) => {
      snapshot = next;
    },
  };
  outbox.open("w");
  outbox.attach("w", source);
  return { sink, metrics, outbox, source };
}

function summary(message: ServerMessage): string {
  if (message.type === "events") {
    return `events ${message.events.map((e) => ("object" in e ? `${e.type[0]}${e.object.metadata.name}@${e.object.metadata.resourceVersion}` : "?")).join(",")}`;
  }
  if (message.type === "snapshot") return `snapshot ${message.resourceVersion}`;
  if (message.type === "status") return `status ${message.state}`;
  if (message.type === "progress") return `progress ${message.done}/${message.kinds}`;
  return `error ${message.code}`;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Outbox", () => {
  it("sends the snapshot, then one events message per subscription per tick, then statuses", async () => {
    const { sink, outbox, metrics } = setup();
    outbox.status("w", "syncing", undefined);
    outbox.snapshot("w");
    outbox.events("w", [modified("a", "2")]);
    outbox.status("w", "live", undefined);
    await tick();
    expect(sink.sent.map(summary)).toEqual(["snapshot S", "status syncing", "status live"]);
    outbox.events("w", [modified("a", "3")]);
    outbox.events("w", [modified("b", "4")]);
    await tick();
    expect(sink.sent.slice(3).map(summary)).toEqual(["events Ma@3,Mb@4"]);
    expect(metrics.eventsOut.value).toBe(2);
  });

  it("coalesces pending events of one object while the socket is backed up, keeping DELETED before re-ADDED", async () => {
    const { sink, outbox, metrics } = setup();
    sink.bufferedAmount = 10 * 1024 * 1024;
    for (let i = 0; i < 10; i++) outbox.events("w", [modified("a", `a${i}`), modified("b", `b${i}`)]);
    outbox.events("w", [{ type: "DELETED", object: obj("c", "c1", "old") }]);
    outbox.events("w", [{ type: "ADDED", object: obj("c", "c2", "new") }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(sink.sent).toEqual([]);
    expect(outbox.pendingEvents).toBe(4);
    sink.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.sent.map(summary)).toEqual(["events Ma@a9,Mb@b9,Dc@c1,Ac@c2"]);
    expect(metrics.coalesced.value).toBe(18);
    expect(outbox.pendingEvents).toBe(0);
  });

  it("past the hard limit drops the backlog and sends a snapshot taken when the socket has room", async () => {
    const { sink, outbox, metrics, source } = setup({ maxPendingEvents: 3 });
    sink.bufferedAmount = 10 * 1024 * 1024;
    for (let i = 0; i < 10; i++) outbox.events("w", [modified(`o${i}`, "1")]);
    expect(metrics.resyncs.value).toBe(1);
    expect(outbox.pendingEvents).toBe(0);
    source.set({ resourceVersion: "later", items: [] });
    sink.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.sent.map(summary)).toEqual(["snapshot later"]);
  });

  it("splits big batches and stops mid-way when the socket fills up", async () => {
    const { sink, outbox } = setup({ maxEventsPerMessage: 2, highWaterBytes: 100 });
    const send = sink.send.bind(sink);
    sink.send = (text) => {
      send(text);
      sink.bufferedAmount += text.length;
    };
    outbox.events(
      "w",
      ["a", "b", "c", "d", "e"].map((n) => modified(n, "1")),
    );
    await tick();
    expect(sink.sent.map(summary)).toEqual(["events Ma@1,Mb@1"]);
    sink.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.sent.map(summary)).toEqual(["events Ma@1,Mb@1", "events Mc@1,Md@1"]);
    sink.bufferedAmount = 0;
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.sent).toHaveLength(3);
  });

  it("sends nothing more for a closed subscription or a disposed socket", async () => {
    const { sink, outbox } = setup();
    outbox.events("w", [modified("a", "2")]);
    outbox.close("w");
    outbox.error({ type: "error", code: "X", message: "m" });
    await tick();
    expect(sink.sent.map(summary)).toEqual(["error X"]);
    outbox.open("v");
    outbox.events("v", [modified("a", "3")]);
    outbox.dispose();
    await tick();
    expect(sink.sent).toHaveLength(1);
    expect(outbox.pendingEvents).toBe(0);
  });
});
