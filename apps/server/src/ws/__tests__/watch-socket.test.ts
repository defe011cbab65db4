import { createServer } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { ServerMessage, WATCH_PATH } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type WebSocket from "ws";
import { buildApp } from "../../app.ts";
import { MetricsRegistry } from "../../metrics.ts";

// No cluster here: the kubeconfig points at a port where nothing listens.
async function deadKubeConfig(): Promise<KubeConfig> {
  const port = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "dead", server: `https://127.0.0.1:${port}`, skipTLSVerify: false }],
    users: [{ name: "someone", token: "t" }],
    contexts: [{ name: "dead", cluster: "dead", user: "someone" }],
    currentContext: "dead",
  });
  return kc;
}

function messages(socket: WebSocket): ServerMessage[] {
  const received: ServerMessage[] = [];
  socket.on("message", (data) => received.push(ServerMessage.parse(JSON.parse(data.toString()))));
  return received;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe("watch WebSocket without a cluster (injectWS)", () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
  });

  it("refuses bad messages, reports an unreachable API server as state error, and closes cleanly", async () => {
    app = await buildApp({ kubeConfig: await deadKubeConfig(), watch: { lingerMs: 0 } });
    await app.ready();
    const socket = await app.injectWS(WATCH_PATH, { headers: { host: "127.0.0.1:7755" } });
    const received = messages(socket);
    socket.send("[]");
    socket.send(
      JSON.stringify({ type: "subscribe", id: "x", context: "nope", group: "", version: "v1", resource: "pods" }),
    );
    socket.send(
      JSON.stringify({ type: "subscribe", id: "y", context: "dead", group: "", version: "v1", resource: "pods" }),
    );
    await until(() => received.some((m) => m.type === "status" && m.state === "error"));
    expect(received[0]).toMatchObject({ type: "error", code: "LOUPE_WS_BAD_MESSAGE" });
    expect(received[1]).toMatchObject({ type: "error", id: "x", code: "LOUPE_CONTEXT_NOT_FOUND" });
    const status = received.find((m) => m.type === "status" && m.state === "error");
    expect(status).toMatchObject({ id: "y" });
    expect(status?.type === "status" && status.message).toContain("cannot be reached");

    const metrics = await app.inject({ method: "GET", url: "/metrics" });
    expect(metrics.headers["content-type"]).toContain("text/plain");
    expect(metrics.body).toContain("loupe_watch_subscriptions 1\n");
    expect(metrics.body).toContain("# TYPE loupe_watch_events_in_total counter\n");
    socket.terminate();
  });
});

describe("MetricsRegistry", () => {
  it("renders counters and gauges in the Prometheus text format and refuses duplicates", () => {
    const registry = new MetricsRegistry();
    registry.counter("a_total", "A things.").inc(3);
    registry.gauge("b", "B now.", () => 7);
    expect(registry.render()).toBe(
      "# HELP a_total A things.\n# TYPE a_total counter\na_total 3\n# HELP b B now.\n# TYPE b gauge\nb 7\n",
    );
    expect(() => registry.gauge("b", "again")).toThrow("twice");
    expect(() => registry.counter("bad-name", "x")).toThrow("invalid");
  });
});
