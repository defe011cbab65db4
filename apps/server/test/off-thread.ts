import { Worker } from "node:worker_threads";

// HTTP clients that run in threads of their own. The server under test runs in the test's thread, so a client there
// would share its event loop: a stall would delay the measuring too, and sending a 3 MB body would count as the
// server's work. From another thread, a client sees the server as any other client does.

/** A second client that asks `GET /healthz` every `intervalMs` and records how long each answer took. */
export interface HealthzPoller {
  /** Stops polling; every wait in ms, in order (one still unanswered counts with the time it has waited so far). */
  stop(): Promise<number[]>;
}

const POLLER = `
const { parentPort, workerData } = require("node:worker_threads");
const { url, intervalMs } = workerData;
const waits = [];
let stopping = false;
let pendingSince;
parentPort.on("message", () => {
  stopping = true;
  if (pendingSince !== undefined) waits.push(performance.now() - pendingSince);
  parentPort.postMessage(waits);
});
(async () => {
  while (!stopping) {
    const tick = performance.now();
    pendingSince = tick;
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
    } catch {}
    if (stopping) break;
    pendingSince = undefined;
    waits.push(performance.now() - tick);
    const rest = intervalMs - (performance.now() - tick);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
  }
})();
`;

export async function pollHealthz(baseUrl: string, intervalMs = 50): Promise<HealthzPoller> {
  const worker = new Worker(POLLER, { eval: true, workerData: { url: `${baseUrl}/healthz`, intervalMs } });
  // A few answers first: the poller is running before the caller starts the load.
  await new Promise((resolve) => setTimeout(resolve, intervalMs * 3));
  return {
    stop: () =>
      new Promise<number[]>((resolve, reject) => {
        worker.once("message", (waits: number[]) => {
          void worker.terminate();
          resolve(waits);
        });
        worker.once("error", reject);
        worker.postMessage("stop");
      }),
  };
}

const FETCHER = `
const { parentPort, workerData } = require("node:worker_threads");
parentPort.once("message", async () => {
  try {
    const started = performance.now();
    const response = await fetch(workerData.url, workerData.init);
    const text = await response.text();
    parentPort.postMessage({ status: response.status, text, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
parentPort.postMessage("ready");
`;

export interface PreparedRequest {
  /** Sends it; its status, its JSON body, and how long the answer took. */
  send(): Promise<{ status: number; body: Record<string, unknown>; ms: number }>;
}

/**
 * One request to be sent from another thread, which is started, and given the body, now: `send()` then costs this
 * thread nothing but a message.
 */
export async function prepareOffThread(
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<PreparedRequest> {
  const worker = new Worker(FETCHER, { eval: true, workerData: { url, init } });
  await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    send: () =>
      new Promise((resolve, reject) => {
        worker.once("message", (answer: { status: number; text: string; ms: number } | { error: string }) => {
          void worker.terminate();
          if ("error" in answer) reject(new Error(answer.error));
          else resolve({ status: answer.status, body: JSON.parse(answer.text), ms: answer.ms });
        });
        worker.once("error", reject);
        worker.postMessage("go");
      }),
  };
}
