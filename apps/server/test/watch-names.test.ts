import { type ServerMessage, WatchErrorCode } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Kube, listenApp, type RunningApp, testKube, WatchClient, waitFor } from "./watch-support.ts";

const cluster = inject("cluster");
let running: RunningApp;
let kube: Kube;
let closeKube: () => Promise<void>;
const ns = `watch-names-${Date.now().toString(36)}`;

beforeAll(async () => {
  running = await listenApp(cluster.kubeconfigPath, { watch: { lingerMs: 0 } });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await kube.namespace(ns);
  await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, {
    metadata: { name: "first", annotations: { big: "x".repeat(10_000) } },
    data: { a: "1" },
  });
});
afterAll(async () => {
  await kube?.request("DELETE", `/api/v1/namespaces/${ns}`).catch(() => {});
  await closeKube?.();
  await running?.app.close();
});

describe("names-only table subscriptions", () => {
  const target = { context: "loupe-local", group: "", version: "v1", resource: "configmaps", namespace: ns };

  it("name each object with a resourceVersion that changes with it, and carry nothing else of it", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    const messages: ServerMessage[] = [];
    client.socket.on("message", (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
    try {
      client.subscribe("names", { ...target, table: true, names: true });
      await waitFor("the snapshot", () => client.view("names").snapshots === 1);
      const snapshot = messages.find((m) => m.type === "snapshot");
      if (!snapshot || !("rows" in snapshot)) throw new Error("no table snapshot");
      // The namespace's kube-root-ca.crt (the controllers make it) is there too.
      const first = snapshot.rows.find((r) => r.object.metadata.name === "first");
      const before = first?.object.metadata.resourceVersion;
      expect(before).toMatch(/^\d+$/);
      for (const row of snapshot.rows) {
        expect(Object.keys(row.object.metadata).sort()).toEqual(["name", "resourceVersion"]);
      }
      expect(JSON.stringify(snapshot)).not.toContain("xxxxxxxxxx");

      await kube.request(
        "PATCH",
        `/api/v1/namespaces/${ns}/configmaps/first`,
        { data: { a: "2" } },
        "application/merge-patch+json",
      );
      await kube.request("POST", `/api/v1/namespaces/${ns}/configmaps`, { metadata: { name: "second" } });
      await waitFor("both changes", () => {
        const events = messages.flatMap((m) => (m.type === "events" ? m.events : []));
        return events.some((e) => e.type === "ADDED") && events.some((e) => e.type === "MODIFIED");
      });
      const events = messages.flatMap((m) => (m.type === "events" ? m.events : []));
      const modified = events.find((e) => e.type === "MODIFIED");
      if (!modified || !("row" in modified)) throw new Error("no row event");
      expect(modified.row.object.metadata.name).toBe("first");
      expect(modified.row.object.metadata.resourceVersion).not.toBe(before);
    } finally {
      client.close();
    }
  });

  it("are refused outside table mode or with custom columns; the socket stays open", async () => {
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.subscribe("objects", { ...target, names: true });
      client.subscribe("columns", {
        ...target,
        table: true,
        names: true,
        columns: [{ name: "A", jsonPath: "{.data}" }],
      });
      await waitFor("two errors", () => client.errors.length === 2);
      expect(client.errors[0]).toMatchObject({ id: "objects", code: WatchErrorCode.BadMessage });
      expect(client.errors[0]?.message).toContain("table: true");
      expect(client.errors[1]).toMatchObject({ id: "columns", code: WatchErrorCode.BadMessage });
      client.subscribe("ok", { ...target, table: true, names: true });
      await waitFor("a snapshot after the errors", () => client.view("ok").snapshots === 1);
    } finally {
      client.close();
    }
  });
});
