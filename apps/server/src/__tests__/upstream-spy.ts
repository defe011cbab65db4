import { createServer, type Server } from "node:http";
import { connect } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";

export interface RawResponse {
  status: number;
  head: string;
  body: string;
}

/**
 * Sends one HTTP/1.1 request exactly as written (request target, header case, no normalization by a client
 * library) and resolves with the status and body. A `101 Switching Protocols` resolves at once (the socket is
 * closed: the upgrade is what the caller wanted to see).
 */
export function rawRequest(
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string,
): Promise<RawResponse> {
  const lines = [`${method} ${target} HTTP/1.1`, "connection: close"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  if (body !== undefined) lines.push(`content-length: ${Buffer.byteLength(body)}`);
  const request = `${lines.join("\r\n")}\r\n\r\n${body ?? ""}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(request));
    let data = "";
    const finish = () => {
      const end = data.indexOf("\r\n\r\n");
      const head = end === -1 ? data : data.slice(0, end);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: end === -1 ? "" : data.slice(end + 4) });
    };
    socket.setTimeout(10_000, () => {
      socket.destroy();
      reject(new Error(`${method} ${target}: no answer in 10 s`));
    });
    socket.on("data", (chunk: Buffer) => {
      data += chunk.toString("utf8");
      if (/^HTTP\/1\.1 101 /.test(data) && data.includes("\r\n\r\n")) {
        socket.destroy();
        finish();
      }
    });
    socket.on("end", finish);
    socket.on("error", reject);
  });
}

/** What a stand-in API server answers: status, headers and body (default 200, `{}`). */
export type SpyAnswer = { status?: number; headers?: Record<string, string>; body?: string };

/** A stand-in API server that records what reached it and answers with `respond` (default: 200 `{}`). */
export async function upstreamSpy(
  respond: (method: string, url: string) => SpyAnswer = () => ({}),
): Promise<{ server: Server; port: number; seen: string[]; kubeConfig: KubeConfig }> {
  const seen: string[] = [];
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const answer = respond(request.method ?? "", request.url ?? "");
    response.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    response.end(answer.body ?? "{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: "spy", server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: "loupe", token: "loupe-own-token" }],
    contexts: [{ name: "spy", cluster: "spy", user: "loupe" }],
    currentContext: "spy",
  });
  return { server, port, seen, kubeConfig };
}
