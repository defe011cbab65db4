import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import WebSocket from "ws";

/** Bytes of a list's data as Loupe's web app read it before issue 14 (the reference of the cold-visit figure). */
export interface VisitReference {
  /** Every REST page (250, then 2,000 at a time), gzipped as the server sends them to a browser. */
  rest: number;
  /** The watch's snapshot over a WebSocket without compression. */
  socket: number;
  total: number;
  pages: number;
}

/**
 * The reference of the cold-visit bytes figure, measured in the same run against the same server: what a first
 * visit used to download — the whole list over REST page by page (first page 250 rows, then 2,000; gzip) and,
 * again, the watch's snapshot of the same rows over an uncompressed WebSocket. Bytes are those of the bodies and
 * messages as they cross the network (headers are not counted: a few hundred bytes).
 */
export async function measureVisitReference(options: {
  loupeUrl: string;
  /** `/apis/<group>/<version>/namespaces/<ns>/<resource>` */
  k8sPath: string;
  target: { group: string; version: string; resource: string; namespace: string };
}): Promise<VisitReference> {
  let rest = 0;
  let pages = 0;
  let token: string | undefined;
  do {
    const query = new URLSearchParams({ limit: token ? "2000" : "250", includeObject: "Metadata" });
    if (token) query.set("continue", token);
    const body = await gzipGet(`${options.loupeUrl}/api/v1/contexts/loupe-local/k8s${options.k8sPath}?${query}`);
    rest += body.wire;
    pages++;
    token = (JSON.parse(body.text) as { metadata?: { continue?: string } }).metadata?.continue || undefined;
  } while (token);
  const socket = await snapshotBytes(options.loupeUrl.replace(/^http/, "ws"), options.target);
  return { rest, socket, total: rest + socket, pages };
}

function gzipGet(url: string): Promise<{ wire: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { "accept-encoding": "gzip" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const raw = Buffer.concat(chunks);
        const text = res.headers["content-encoding"] === "gzip" ? gunzipSync(raw).toString() : raw.toString();
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${url} → ${res.statusCode}`));
        else resolve({ wire: raw.length, text });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

function snapshotBytes(
  wsBase: string,
  target: { group: string; version: string; resource: string; namespace: string },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${wsBase}/api/v1/watch`, { perMessageDeflate: false });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error("no snapshot in 120 s"));
    }, 120_000);
    socket.on("open", () =>
      socket.send(JSON.stringify({ type: "subscribe", id: "ref", context: "loupe-local", ...target, table: true })),
    );
    socket.on("message", (data: Buffer) => {
      if (!data.subarray(0, 40).toString().includes('"type":"snapshot"')) return;
      clearTimeout(timer);
      socket.close();
      resolve(data.length);
    });
    socket.on("error", reject);
  });
}
