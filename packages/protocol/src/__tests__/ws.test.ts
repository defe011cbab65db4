import { describe, expect, expectTypeOf, it } from "vitest";
import { ClientMessage, type ServerMessage, ServerMessage as ServerMessageSchema, type WatchEvent } from "../ws.ts";

const subscribe = { type: "subscribe", id: "a", context: "dev", group: "", version: "v1", resource: "configmaps" };

describe("watch protocol schemas", () => {
  it("accept the client's messages, core group included", () => {
    expect(ClientMessage.parse(subscribe)).toEqual(subscribe);
    const full = {
      ...subscribe,
      group: "stable.example.com",
      resource: "crontabs",
      namespace: "team-a",
      labelSelector: "app=web,tier!=db",
      fieldSelector: "metadata.name=x",
      table: true,
    };
    expect(ClientMessage.parse(full)).toEqual(full);
    expect(ClientMessage.parse({ type: "unsubscribe", id: "a" })).toEqual({ type: "unsubscribe", id: "a" });
  });

  it("refuse names that could reshape the upstream URL, and name the field", () => {
    for (const [field, value] of [
      ["resource", "configmaps/../../secrets"],
      ["namespace", "a/b"],
      ["group", "../x"],
      ["version", "v1?watch=0"],
      ["id", ""],
      ["table", "yes"],
    ] as const) {
      const result = ClientMessage.safeParse({ ...subscribe, [field]: value });
      expect(result.success, field).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual([field]);
    }
    expect(ClientMessage.safeParse({ type: "resubscribe", id: "a" }).success).toBe(false);
  });

  it("describe both snapshot shapes and both event shapes", () => {
    const meta = { name: "x", namespace: "n", uid: "u", resourceVersion: "7" };
    const row = { cells: ["x"], object: { kind: "PartialObjectMetadata", metadata: meta } };
    const column = { name: "Name", type: "string", format: "name", description: "", priority: 0 };
    const messages = [
      { type: "snapshot", id: "a", resourceVersion: "7", items: [{ metadata: meta }] },
      { type: "snapshot", id: "a", resourceVersion: "7", columns: [column], rows: [row] },
      { type: "events", id: "a", events: [{ type: "DELETED", object: { metadata: meta } }] },
      { type: "events", id: "a", events: [{ type: "ADDED", row }] },
      { type: "status", id: "a", state: "reconnecting", message: "connection reset" },
      { type: "error", code: "LOUPE_WS_BAD_MESSAGE", message: "not JSON" },
    ];
    for (const message of messages) expect(ServerMessageSchema.parse(message)).toEqual(message);
    expect(ServerMessageSchema.safeParse({ type: "status", id: "a", state: "stale" }).success).toBe(false);
  });

  it("infer types that discriminate on type", () => {
    expectTypeOf<Extract<ServerMessage, { type: "events" }>["events"]>().toEqualTypeOf<WatchEvent[]>();
    expectTypeOf<Extract<ClientMessage, { type: "unsubscribe" }>>().toEqualTypeOf<{
      type: "unsubscribe";
      id: string;
    }>();
  });
});
