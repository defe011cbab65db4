import { WATCH_MAX_MESSAGE_BYTES, WatchErrorCode } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listenApp, type RunningApp, WatchClient, waitFor } from "./watch-support.ts";

const cluster = inject("cluster");
let running: RunningApp;

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { lingerMs: 0 } });
});
afterAll(async () => {
  await running?.app.close();
});

const target = { context: "loupe-local", group: "", version: "v1", resource: "namespaces" };

describe("watch WebSocket protocol", () => {
  it("answers malformed, oversized, unknown and invalid messages with an error and keeps the socket open", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.send("{not json");
      client.send(JSON.stringify({ type: "subscribe", id: "big", pad: "x".repeat(WATCH_MAX_MESSAGE_BYTES) }));
      client.send({ type: "resubscribe", id: "a" });
      client.send({ id: "no-type" });
      client.send({ type: "subscribe", id: "bad", ...target, resource: "namespaces/../secrets" });
      client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      await waitFor("six errors", () => client.errors.length === 6);
      expect(client.errors.map((e) => e.code)).toEqual([
        WatchErrorCode.BadMessage,
        WatchErrorCode.MessageTooLarge,
        WatchErrorCode.UnknownType,
        WatchErrorCode.BadMessage,
        WatchErrorCode.BadMessage,
        WatchErrorCode.BadMessage,
      ]);
      expect(client.errors[2]?.message).toContain('"resubscribe"');
      expect(client.errors[4]).toMatchObject({ id: "bad" });
      expect(client.errors[4]?.message).toContain("resource");
      expect(client.open).toBe(true);

      client.subscribe("ok", target);
      await waitFor("a snapshot after the bad messages", () => client.view("ok").snapshots === 1);
      expect(client.view("ok").items.has("default")).toBe(true);
      client.subscribe("ok", target);
      await waitFor("the duplicate id error", () => client.errors.length === 7);
      expect(client.errors[6]).toMatchObject({ id: "ok", code: WatchErrorCode.DuplicateId });
    } finally {
      client.close();
    }
  });

  it("answers an unknown context with an error for that id only", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.subscribe("nowhere", { ...target, context: "no-such-context" });
      client.subscribe("here", target);
      await waitFor(
        "the error and the snapshot",
        () => client.errors.length === 1 && client.view("here").snapshots === 1,
      );
      expect(client.errors[0]).toMatchObject({ id: "nowhere", code: "LOUPE_CONTEXT_NOT_FOUND" });
      expect(client.view("nowhere").snapshots).toBe(0);
    } finally {
      client.close();
    }
  });

  it("reports an unknown resource as state error with the API server's message", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.subscribe("missing", { ...target, group: "nothing.example.com", resource: "widgets" });
      await waitFor("the error state", () => client.view("missing").statuses.includes("error"));
      expect(client.view("missing").snapshots).toBe(0);
      client.unsubscribe("missing");
      client.subscribe("missing", target);
      await waitFor("a snapshot for the reused id", () => client.view("missing").snapshots === 1);
    } finally {
      client.close();
    }
  });

  it("refuses a cross-origin upgrade and allows same-origin and origin-less clients", async () => {
    await expect(WatchClient.connect(running.watchUrl, { origin: "https://evil.example" })).rejects.toThrow(
      "upgrade refused: 403",
    );
    await expect(WatchClient.connect(running.watchUrl, { origin: "null" })).rejects.toThrow("upgrade refused: 403");
    const same = await WatchClient.connect(running.watchUrl, { origin: running.baseUrl });
    const none = await WatchClient.connect(running.watchUrl);
    expect(same.open && none.open).toBe(true);
    same.close();
    none.close();
  });

  it("pings clients and drops the ones that never answer", async () => {
    const app = await listenApp(cluster.kubeconfigPath, { watch: { session: { pingIntervalMs: 100 } } });
    try {
      const client = await WatchClient.connect(app.watchUrl);
      let pings = 0;
      client.socket.on("ping", () => pings++);
      await waitFor("two pings answered", () => pings >= 2);
      expect(client.open).toBe(true);
      // A client that stops answering (here: no automatic pong) is terminated after one missed ping.
      const silent = await WatchClient.connect(app.watchUrl, { autoPong: false });
      await waitFor("the silent client to be dropped", () => !silent.open, 5_000);
      expect(client.open).toBe(true);
      client.close();
    } finally {
      await app.app.close();
    }
  });
});
