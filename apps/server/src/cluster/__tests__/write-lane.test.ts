import { createServer } from "node:http";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { ClusterConnection } from "../connection.ts";

// Writes (a bulk label of many objects) have a budget of their own: they never wait for the reads' tokens and never
// take them, so a user's bulk write cannot delay another user's lists and watches, nor the other way round.
let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of close) await c();
  close = [];
});

/** A stand-in API server answering `{}` to everything, counting requests by method. */
async function countingServer(options: ConstructorParameters<typeof ClusterConnection>[2]) {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.method ?? "");
    response.writeHead(200, { "content-type": "application/json" });
    response.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "c", cluster: "c", user: "u" }],
    currentContext: "c",
  });
  const connection = new ClusterConnection(kc, "c", options);
  close.push(async () => {
    await connection.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { connection, seen };
}

/** Sends `count` requests of `method`, and resolves with how many answered within `ms`. */
async function answeredWithin(connection: ClusterConnection, method: string, count: number, ms: number) {
  let answered = 0;
  const all = Array.from({ length: count }, () =>
    connection.fetch("/apis/example.com/v1/namespaces/a/widgets/w", { method }).then(async (r) => {
      await r.arrayBuffer();
      answered++;
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  const within = answered;
  await Promise.all(all);
  return within;
}

describe("the writes' rate limit", () => {
  it("writes beyond the reads' budget go at once when the writes' budget allows them", async () => {
    const { connection, seen } = await countingServer({ qps: 1, burst: 2, writeQps: 1, writeBurst: 20 });
    expect(await answeredWithin(connection, "PATCH", 20, 500)).toBe(20);
    // The reads' bucket is still full: two reads go at once, the third waits for a token (1 qps).
    expect(await answeredWithin(connection, "GET", 3, 500)).toBe(2);
    expect(seen.filter((m) => m === "PATCH")).toHaveLength(20);
  });

  it("writes wait for their own tokens, reads meanwhile are not held up", async () => {
    const { connection } = await countingServer({ qps: 1, burst: 5, writeQps: 1, writeBurst: 2 });
    const writes = answeredWithin(connection, "DELETE", 4, 500);
    expect(await answeredWithin(connection, "GET", 5, 300)).toBe(5);
    expect(await writes).toBe(2);
  });
});
