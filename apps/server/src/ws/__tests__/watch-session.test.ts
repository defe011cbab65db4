import { EventEmitter } from "node:events";
import { ServerMessage, type SubscribeMessage } from "@loupe/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WebSocket } from "ws";
import { FakeListerWatcher, metrics, obj, page } from "../../watch/__tests__/fakes.ts";
import { WatchHub } from "../../watch/watch-hub.ts";
import { WatchSession, type WatchSessionOptions } from "../watch-session.ts";

/** The part of a `ws` socket a session uses; what it sends is parsed into `received`. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly received: ServerMessage[] = [];
  #fragments = "";

  /** A message, or one fragment of it (`fin: false` until its last). */
  send(data: string | Buffer, options: { fin?: boolean } = {}): void {
    this.#fragments += String(data);
    if (options.fin === false) return;
    this.received.push(ServerMessage.parse(JSON.parse(this.#fragments)));
    this.#fragments = "";
  }

  ping(): void {}
  terminate(): void {}

  deliver(message: unknown): void {
    this.emit("message", Buffer.from(JSON.stringify(message)), false);
  }
}

const subscribe = (id: string, resource = id): SubscribeMessage => ({
  type: "subscribe",
  id,
  context: "dev",
  group: "",
  version: "v1",
  resource,
  namespace: "ns",
});

function setup(options: WatchSessionOptions = {}) {
  const started: { resource: string; flow: string }[] = [];
  const m = metrics();
  const hub = new WatchHub(
    (key, flow) => {
      started.push({ resource: key.resource, flow });
      const lw = new FakeListerWatcher();
      lw.listAnswers = [page("L", [obj("a", "1")])];
      return lw;
    },
    m,
    { lingerMs: 60_000, reflector: { watchTimeoutSeconds: 300 } },
  );
  const open = () => {
    const socket = new FakeSocket();
    new WatchSession(socket as unknown as WebSocket, hub, m, options);
    return socket;
  };
  return { hub, started, open };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("WatchSession's bound on new reflectors", () => {
  it("starts a burst at once, then the rest at the rate, each told it waits; nothing is refused", async () => {
    const { hub, started, open } = setup({ reflectorStarts: { perSecond: 2, burst: 3 } });
    const socket = open();
    for (const id of ["r1", "r2", "r3", "r4", "r5"]) socket.deliver(subscribe(id));
    expect(started.map((s) => s.resource)).toEqual(["r1", "r2", "r3"]);
    await vi.advanceTimersByTimeAsync(0);
    const waiting = socket.received.filter((m) => m.type === "status" && m.message?.startsWith("waiting"));
    expect(waiting.map((m) => m.type === "status" && [m.id, m.state])).toEqual([
      ["r4", "syncing"],
      ["r5", "syncing"],
    ]);
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(500);
    expect(started).toHaveLength(5);
    await vi.advanceTimersByTimeAsync(100);
    expect(socket.received.filter((m) => m.type === "snapshot")).toHaveLength(5);
    expect(socket.received.filter((m) => m.type === "error")).toEqual([]);
    socket.emit("close");
    await hub.close();
  });

  it("never holds back a subscription to a key already watched, and cancels a waiting one on unsubscribe", async () => {
    const { hub, started, open } = setup({ reflectorStarts: { perSecond: 1, burst: 1 } });
    const first = open();
    first.deliver(subscribe("a"));
    first.deliver(subscribe("b"));
    first.deliver(subscribe("a-again", "a"));
    first.deliver({ type: "unsubscribe", id: "b" });
    first.deliver(subscribe("c"));
    await vi.advanceTimersByTimeAsync(0);
    expect(started.map((s) => s.resource)).toEqual(["a"]);
    expect(first.received.some((m) => m.type === "snapshot" && m.id === "a-again")).toBe(true);
    // b gave its turn back: c takes the next start, and b never starts.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started.map((s) => s.resource)).toEqual(["a", "c"]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started.map((s) => s.resource)).toEqual(["a", "c"]);
    // A socket that closes while some wait starts none of them.
    first.deliver(subscribe("d"));
    first.deliver(subscribe("e"));
    first.emit("close");
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started.map((s) => s.resource)).toEqual(["a", "c", "d"]);
    await hub.close();
  });

  it("lets a page re-subscribe its 100 watches at once by default, each socket its own flow", async () => {
    const { hub, started, open } = setup();
    const one = open();
    const two = open();
    for (let i = 0; i < 100; i++) one.deliver(subscribe(`one-${i}`));
    two.deliver(subscribe("two-0"));
    expect(started).toHaveLength(101);
    const flows = new Set(started.slice(0, 100).map((s) => s.flow));
    expect(flows.size).toBe(1);
    expect([...flows][0]).toMatch(/^socket:/);
    expect(started[100]?.flow).toMatch(/^socket:/);
    expect(started[100]?.flow).not.toBe(started[0]?.flow);
    one.emit("close");
    two.emit("close");
    await hub.close();
  });
});
