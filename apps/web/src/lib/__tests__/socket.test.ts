import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type SubscriptionMessage, WatchSocket, type WebSocketLike, watchUrl } from "../socket.ts";

class FakeSocket implements WebSocketLike {
  readyState = 0;
  sent: unknown[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  send(data: string): void {
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(message: unknown): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const target = { context: "c", group: "", version: "v1", resource: "pods" };

function setup() {
  const sockets: FakeSocket[] = [];
  const client = new WatchSocket({
    url: "ws://loupe.test/api/v1/watch",
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    minDelayMs: 100,
    maxDelayMs: 400,
    random: () => 1,
  });
  const heard: SubscriptionMessage[] = [];
  return { client, sockets, heard, listener: (m: SubscriptionMessage) => heard.push(m) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("WatchSocket", () => {
  it("connects on the first subscription, multiplexes, and routes messages by id", () => {
    const { client, sockets, heard, listener } = setup();
    const other: SubscriptionMessage[] = [];
    client.subscribe(target, listener);
    client.subscribe({ ...target, resource: "secrets" }, (m) => other.push(m));
    expect(sockets).toHaveLength(1);
    sockets[0]?.open();
    expect(sockets[0]?.sent).toEqual([
      { type: "subscribe", id: "w1", ...target },
      { type: "subscribe", id: "w2", ...target, resource: "secrets" },
    ]);
    sockets[0]?.receive({ type: "snapshot", id: "w1", resourceVersion: "1", items: [] });
    sockets[0]?.receive({ type: "status", id: "w2", state: "live" });
    expect(heard.map((m) => m.type)).toEqual(["status", "snapshot"]);
    expect(other.map((m) => (m.type === "status" ? m.state : m.type))).toEqual(["syncing", "live"]);
  });

  it("unsubscribes on the open socket and forgets the listener", () => {
    const { client, sockets, heard, listener } = setup();
    const stop = client.subscribe(target, listener);
    sockets[0]?.open();
    stop();
    stop();
    expect(sockets[0]?.sent.at(-1)).toEqual({ type: "unsubscribe", id: "w1" });
    expect(sockets[0]?.sent).toHaveLength(2);
    sockets[0]?.receive({ type: "status", id: "w1", state: "live" });
    expect(heard).toHaveLength(1);
  });

  it("says reconnecting when the socket drops, reconnects with growing capped delays, and subscribes again", async () => {
    const { client, sockets, heard, listener } = setup();
    client.subscribe(target, listener);
    sockets[0]?.open();
    sockets[0]?.close();
    expect(heard.at(-1)).toMatchObject({ type: "status", id: "w1", state: "reconnecting" });
    const delays: number[] = [];
    for (const expected of [100, 200, 400, 400]) {
      const before = sockets.length;
      await vi.advanceTimersByTimeAsync(expected - 1);
      expect(sockets).toHaveLength(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(sockets).toHaveLength(before + 1);
      delays.push(expected);
      sockets.at(-1)?.close();
    }
    await vi.advanceTimersByTimeAsync(400);
    const last = sockets.at(-1) as FakeSocket;
    last.open();
    expect(last.sent).toEqual([{ type: "subscribe", id: "w1", ...target }]);
    last.receive({ type: "snapshot", id: "w1", resourceVersion: "2", items: [] });
    // A message resets the backoff.
    last.close();
    await vi.advanceTimersByTimeAsync(100);
    expect(sockets.at(-1)).not.toBe(last);
  });

  it("stops for good on close", async () => {
    const { client, sockets, listener } = setup();
    client.subscribe(target, listener);
    sockets[0]?.open();
    client.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sockets).toHaveLength(1);
  });

  it("masks Secret values before any listener hears them (snapshot items carry no kind; events do)", () => {
    const { client, sockets, heard, listener } = setup();
    client.subscribe({ ...target, resource: "secrets" }, listener);
    sockets[0]?.open();
    const value = Buffer.from("s3cr3t-value").toString("base64");
    sockets[0]?.receive({
      type: "snapshot",
      id: "w1",
      resourceVersion: "1",
      items: [{ metadata: { name: "s" }, data: { key: value } }],
    });
    sockets[0]?.receive({
      type: "events",
      id: "w1",
      events: [
        {
          type: "MODIFIED",
          object: { kind: "Secret", apiVersion: "v1", metadata: { name: "s" }, data: { key: value } },
        },
      ],
    });
    const text = JSON.stringify(heard);
    expect(text).not.toContain(value);
    expect(text.match(/•••• masked \(12 bytes, [0-9a-f]{6}\)/g)).toHaveLength(2);
  });

  it("derives the URL from the page's origin", () => {
    expect(watchUrl({ protocol: "http:", host: "127.0.0.1:7755" })).toBe("ws://127.0.0.1:7755/api/v1/watch");
    expect(watchUrl({ protocol: "https:", host: "loupe.example" })).toBe("wss://loupe.example/api/v1/watch");
  });

  it("runs a query as a subscription: sends it, routes its progress, starts it again after a reconnect", () => {
    const { client, sockets, heard, listener } = setup();
    const query = { kind: "search" as const, text: "web" };
    const stop = client.subscribeQuery("c", query, listener);
    sockets[0]?.open();
    expect(sockets[0]?.sent).toEqual([{ type: "query", id: "q1", context: "c", query }]);
    sockets[0]?.receive({
      type: "progress",
      id: "q1",
      kinds: 2,
      done: 1,
      failed: [],
      failedCount: 0,
      hits: 0,
      truncated: false,
      complete: false,
    });
    expect(heard.map((m) => m.type)).toEqual(["status", "progress"]);
    sockets[0]?.close();
    vi.advanceTimersByTime(100);
    sockets[1]?.open();
    expect(sockets[1]?.sent).toEqual([{ type: "query", id: "q1", context: "c", query }]);
    stop();
    expect(sockets[1]?.sent.at(-1)).toEqual({ type: "unsubscribe", id: "q1" });
  });
});
