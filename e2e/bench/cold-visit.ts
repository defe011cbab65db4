import { connect, createServer, type Server, type Socket } from "node:net";
import type { Browser } from "playwright-core";
import { sampleMemory } from "./crd-scale.ts";
import { ITEMS } from "./data.ts";
import type { LoupeProcess } from "./loupe.ts";
import { loadTable } from "./table-page.ts";

/** One cold visit to a list in Chromium: what crossed the wire, what the page and the server hold after it. */
export interface ColdVisitResult {
  size: number;
  /** Bytes Loupe sent to the browser (TCP payload: headers, bodies, WebSocket frames), all of it. */
  bytesTotal: number;
  /** Of which on the WebSocket connection (snapshot and events). */
  bytesSocket: number;
  /** Of which answers to `/api/…` requests (session, catalog, list pages). */
  bytesApi: number;
  /** Of which the app's files (`/`, `/assets/…`). */
  bytesStatic: number;
  /** The list's data: `bytesApi + bytesSocket`. */
  bytesData: number;
  /** The page's JS heap after the table is complete, after a garbage collection (bytes). */
  pageHeap: number;
  /** Server RSS before the visit (catalog read, an unrelated list served), its peak during, and after (bytes). */
  rssIdle: number;
  rssPeak: number;
  rssAfter: number;
  /** From navigation to a usable table of `size` rows (ms). */
  usable: number;
}

/**
 * Figure: a first visit (fresh server, fresh browser context) to the table of `size` Items, through a TCP proxy that
 * counts the bytes Loupe sends, so compression (HTTP and WebSocket) counts as it does on a real network.
 */
export async function measureColdVisit(options: {
  browser: Browser;
  startLoupe: () => Promise<LoupeProcess>;
  namespace: string;
  size: number;
  log: (line: string) => void;
}): Promise<ColdVisitResult> {
  const { size } = options;
  const loupe = await options.startLoupe();
  const proxy = await countingProxy(new URL(loupe.url));
  try {
    for (const path of ["/api/v1/contexts/loupe-local/catalog", "/api/v1/contexts/loupe-local/k8s/api/v1/namespaces"]) {
      await (await fetch(`${loupe.url}${path}`)).arrayBuffer();
    }
    const idle = await sampleMemory(loupe, 3_000);
    let peak = idle.rss;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await loupe.rss().catch(() => 0));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const path = `/c/loupe-local/apis/${ITEMS.group}/v1/namespaces/${options.namespace}/${ITEMS.plural}`;
    const { page, load } = await loadTable(options.browser, `${proxy.url}${path}`, size, 120_000 + size * 10);
    let pageHeap = Number.NaN;
    try {
      if (load.rows !== size) throw new Error(`the table shows ${load.rows} rows, not ${size}`);
      // Whatever else is still on its way (a list page the snapshot made moot) has a moment to arrive and count.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("HeapProfiler.collectGarbage");
      pageHeap = (await cdp.send("Runtime.getHeapUsage")).usedSize;
    } finally {
      await page.context().close();
    }
    sampling = false;
    await sampler;
    const after = await sampleMemory(loupe, 3_000);
    const result: ColdVisitResult = {
      size,
      bytesTotal: proxy.bytes.total,
      bytesSocket: proxy.bytes.socket,
      bytesApi: proxy.bytes.api,
      bytesStatic: proxy.bytes.total - proxy.bytes.socket - proxy.bytes.api,
      bytesData: proxy.bytes.api + proxy.bytes.socket,
      pageHeap,
      rssIdle: idle.rss,
      rssPeak: peak,
      rssAfter: after.rss,
      usable: load.usable,
    };
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(2);
    options.log(
      `bench: cold visit to ${size.toLocaleString("en")} rows: ${mb(result.bytesTotal)} MB on the wire ` +
        `(app files ${mb(result.bytesStatic)}, REST ${mb(result.bytesApi)}, WebSocket ${mb(result.bytesSocket)}), ` +
        `page heap ${mb(pageHeap)} MB, ` +
        `server RSS ${mb(idle.rss)} → peak ${mb(peak)} → ${mb(after.rss)} MB, usable at ${load.usable.toFixed(0)} ms`,
    );
    return result;
  } finally {
    await proxy.close();
    await loupe.stop();
  }
}

/**
 * A loopback TCP proxy to `target` that counts the bytes coming back: in all, on WebSocket connections, and in
 * answers to `/api/…` requests (a response is counted for the last request line its connection sent: browsers do
 * not pipeline HTTP/1.1).
 */
async function countingProxy(target: URL): Promise<{
  url: string;
  bytes: { total: number; socket: number; api: number };
  close: () => Promise<void>;
}> {
  const bytes = { total: 0, socket: 0, api: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let path = "";
    let isSocket = false;
    client.on("data", (chunk: Buffer) => {
      const line = /^(?:GET|POST|PUT|PATCH|DELETE|HEAD) (\S+) HTTP\/1\.1\r\n/.exec(
        chunk.subarray(0, 2048).toString("latin1"),
      );
      if (line && !isSocket) {
        path = line[1] as string;
        isSocket = path.startsWith("/api/v1/watch");
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      bytes.total += chunk.length;
      if (isSocket) bytes.socket += chunk.length;
      else if (path.startsWith("/api/")) bytes.api += chunk.length;
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    bytes,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
