import { CUSTOM_COLUMN_FORMAT, type ServerMessage, type TableRow, WatchErrorCode } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SECRET_MASK } from "../src/columns/custom-columns.ts";
import { type Kube, listenApp, type RunningApp, testKube, WatchClient, waitFor } from "./watch-support.ts";

const cluster = inject("cluster");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const ns = `custom-columns-${Date.now().toString(36)}`;

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { lingerMs: 0 } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  for (const [name, color] of [
    ["red", "#f00"],
    ["plain", undefined],
  ] as const) {
    await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, {
      metadata: { name, labels: { "app.kubernetes.io/name": `app-${name}` } },
      data: color ? { color } : {},
    });
  }
  await kube.request("POST", `/api/v1/namespaces/${ns}/secrets`, {
    metadata: { name: "creds" },
    stringData: { password: "hunter2" },
  });
});
afterAll(async () => {
  await kube?.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube?.();
  await running?.app.close();
});

/** Every message of the socket, in order. */
function record(client: WatchClient): ServerMessage[] {
  const messages: ServerMessage[] = [];
  client.socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
  return messages;
}

const cellsOf = (rows: readonly TableRow[], from: number) =>
  Object.fromEntries(rows.map((row) => [row.object.metadata.name, row.cells.slice(from)]));

describe("custom columns over the watch socket", () => {
  it("appends one cell per column to the snapshot and to live events, with metadata-only rows", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    const messages = record(client);
    try {
      client.subscribe("cm", {
        context: "loupe-local",
        group: "",
        version: "v1",
        resource: "configmaps",
        namespace: ns,
        labelSelector: "app.kubernetes.io/name",
        table: true,
        columns: [
          { name: "Color", jsonPath: "{.data.color}" },
          { name: "App", jsonPath: "{.metadata.labels.app\\.kubernetes\\.io/name}" },
          { name: "Out of range", jsonPath: "{.spec.items[3].name}" },
        ],
      });
      await waitFor("the snapshot", () => client.view("cm").snapshots === 1);
      const snapshot = messages.find((m) => m.type === "snapshot");
      if (!snapshot || !("rows" in snapshot)) throw new Error("no table snapshot");
      const custom = snapshot.columns.filter((c) => c.format === CUSTOM_COLUMN_FORMAT);
      expect(custom.map((c) => [c.name, c.description])).toEqual([
        ["Color", "{.data.color}"],
        ["App", "{.metadata.labels.app\\.kubernetes\\.io/name}"],
        ["Out of range", "{.spec.items[3].name}"],
      ]);
      const from = snapshot.columns.length - 3;
      expect(cellsOf(snapshot.rows, from)).toEqual({ red: ["#f00", "app-red", ""], plain: ["", "app-plain", ""] });
      // The whole object was read for the columns, but only its metadata travels.
      for (const row of snapshot.rows) expect(row.object).not.toHaveProperty("data");

      await kube.request(
        "PATCH",
        `/api/v1/namespaces/${ns}/configmaps/plain`,
        { data: { color: "blue" } },
        "application/merge-patch+json",
      );
      await waitFor("the change", () =>
        messages.some((m) => m.type === "events" && m.events.some((e) => "row" in e && e.row.cells.includes("blue"))),
      );
      const event = messages
        .flatMap((m) => (m.type === "events" ? m.events : []))
        .find((e) => "row" in e && e.row.object.metadata.name === "plain");
      if (!event || !("row" in event)) throw new Error("no row event");
      expect(event.row.cells.slice(from)).toEqual(["blue", "app-plain", ""]);
      expect(event.row.object).not.toHaveProperty("data");
    } finally {
      client.close();
    }
  });

  it("refuses a bad JSONPath or columns outside table mode, naming the column; the socket stays open", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    try {
      const target = { context: "loupe-local", group: "", version: "v1", resource: "configmaps", namespace: ns };
      client.subscribe("bad", { ...target, table: true, columns: [{ name: "Broken", jsonPath: "{.data[0" }] });
      client.subscribe("objects", { ...target, columns: [{ name: "A", jsonPath: ".data" }] });
      await waitFor("two errors", () => client.errors.length === 2);
      expect(client.errors[0]).toMatchObject({ id: "bad", code: WatchErrorCode.BadMessage });
      expect(client.errors[0]?.message).toMatch(/columns\[0\] "Broken": .*at character/);
      expect(client.errors[1]).toMatchObject({ id: "objects", code: WatchErrorCode.BadMessage });
      expect(client.errors[1]?.message).toContain("table: true");
      client.subscribe("ok", { ...target, table: true });
      await waitFor("a snapshot after the errors", () => client.view("ok").snapshots === 1);
    } finally {
      client.close();
    }
  });

  it("never shows a Secret's values in a custom column", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    const messages = record(client);
    try {
      client.subscribe("s", {
        context: "loupe-local",
        group: "",
        version: "v1",
        resource: "secrets",
        namespace: ns,
        table: true,
        columns: [
          { name: "Password", jsonPath: "{.data.password}" },
          { name: "Keys", jsonPath: "{.data}" },
        ],
      });
      await waitFor("the snapshot", () => client.view("s").snapshots === 1);
      const snapshot = messages.find((m) => m.type === "snapshot");
      if (!snapshot || !("rows" in snapshot)) throw new Error("no table snapshot");
      const row = snapshot.rows.find((r) => r.object.metadata.name === "creds");
      expect(row?.cells.slice(-2)).toEqual([SECRET_MASK, JSON.stringify({ password: SECRET_MASK })]);
      expect(JSON.stringify(snapshot)).not.toContain(Buffer.from("hunter2").toString("base64"));
    } finally {
      client.close();
    }
  });
});
