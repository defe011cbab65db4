import { createServer, type ServerResponse } from "node:http";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { ClusterConnection, readJson } from "../connection.ts";

// One kind whose list hangs (a conversion webhook that never answers, an aggregated API that is down) must not hang
// Loupe: every request that is not a watch stream has a timeout, and its error names the request, not the server.
let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of close) await c();
  close = [];
});

/** A stand-in API server: `/hang` never answers, `/slow-body` sends half a body, the rest answers `{}`. */
async function hangingServer(): Promise<ClusterConnection> {
  const open: ServerResponse[] = [];
  const server = createServer((request, response) => {
    open.push(response);
    if (request.url?.startsWith("/hang")) return;
    response.writeHead(200, { "content-type": "application/json" });
    if (request.url?.startsWith("/slow-body")) response.write('{"items":[');
    else response.end("{}");
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
  const connection = new ClusterConnection(kc, "c", { timeoutMs: 300 });
  close.push(async () => {
    await connection.close();
    for (const response of open) response.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return connection;
}

describe("upstream timeouts", () => {
  it("a request the API server never answers fails with a 504 that names it", async () => {
    const connection = await hangingServer();
    const error = await connection.getJson("/hang/apis/example.com/v2/widgets?limit=250").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ statusCode: 504, code: "LOUPE_UPSTREAM_TIMEOUT", reason: "Timeout" });
    expect((error as ApiError).message).toBe(
      'The API server of context "c" did not answer GET /hang/apis/example.com/v2/widgets within 0.3 s',
    );
    // The connection is still good for everything else.
    expect(await connection.getJson("/apis")).toEqual({});
  });

  it("a body that stops halfway fails with a 504 too", async () => {
    const connection = await hangingServer();
    const response = await connection.fetch("/slow-body");
    const error = await readJson(response).catch((e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 504, code: "LOUPE_UPSTREAM_TIMEOUT" });
  });

  it("the caller's own abort stays an abort", async () => {
    const connection = await hangingServer();
    const controller = new AbortController();
    const pending = connection.fetch("/hang", { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.not.toMatchObject({ statusCode: 504 });
  });
});
