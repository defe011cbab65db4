// A worker thread holding the benchmark's Loupe WebSocket clients, so their reading never delays the main
// thread's paced writer and raw-stream reader (and so the figures are not blurred by one busy event loop).
import { parentPort } from "node:worker_threads";
import { openWatchClient, stampOf, type WatchClient, type WatchTarget } from "./watch-clients.ts";

/** Messages the main thread sends; each gets one answer with the same `op`. */
export type SubscriberRequest =
  | { op: "open"; url: string; targets: WatchTarget[]; clients: number }
  | { op: "collect"; tag: string; count: number }
  | { op: "missing"; tag: string; count: number }
  | { op: "clear" }
  | { op: "close" };

/** For `collect`: per client, the arrival times of `<tag>:0…count-1` (NaN where missing). */
export type SubscriberAnswer =
  | { op: "open"; clients: number }
  | { op: "collect"; arrivals: Float64Array[] }
  | { op: "missing"; missing: number }
  | { op: "clear" }
  | { op: "close" }
  | { op: "error"; message: string };

const port = parentPort;
if (!port) throw new Error("subscriber-worker.ts runs as a worker thread");
const clients: WatchClient[] = [];

port.on("message", (request: SubscriberRequest) => {
  void handle(request).then(
    (answer) => {
      const transfer = answer.op === "collect" ? answer.arrivals.map((a) => a.buffer as ArrayBuffer) : [];
      port.postMessage(answer, transfer);
    },
    (error: Error) => port.postMessage({ op: "error", message: error.message } satisfies SubscriberAnswer),
  );
});

async function handle(request: SubscriberRequest): Promise<SubscriberAnswer> {
  switch (request.op) {
    case "open":
      // A few at a time: opening 100 sockets at once would measure the connection storm instead.
      while (clients.length < request.clients) {
        const batch = Math.min(10, request.clients - clients.length);
        clients.push(
          ...(await Promise.all(Array.from({ length: batch }, () => openWatchClient(request.url, request.targets)))),
        );
      }
      return { op: "open", clients: clients.length };
    case "collect":
      return { op: "collect", arrivals: clients.map((c) => c.arrivals.collect(request.tag, request.count)) };
    case "missing": {
      let missing = 0;
      for (const client of clients) {
        for (let k = 0; k < request.count; k++) if (!client.arrivals.times.has(stampOf(request.tag, k))) missing++;
      }
      return { op: "missing", missing };
    }
    case "clear":
      for (const client of clients) client.arrivals.times.clear();
      return { op: "clear" };
    case "close":
      for (const client of clients.splice(0)) client.close();
      setImmediate(() => process.exit(0));
      return { op: "close" };
  }
}
