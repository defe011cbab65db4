import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HistoryChange, HistoryPage } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import type { HistoryOptions } from "../src/history/plugin.ts";
import { SqliteHistoryStore } from "../src/history/sqlite-store.ts";
import type { HistoryStore } from "../src/history/types.ts";
import { appFor } from "./support.ts";

/** A fresh SQLite history file in a temporary folder. */
export function tempHistoryPath(): string {
  return join(mkdtempSync(join(tmpdir(), "loupe-history-")), "history.db");
}

/** An app recording ConfigMaps and the sample CRDs' kinds into `store`. */
export async function recordingApp(
  kubeconfigPath: string,
  store: HistoryStore,
  history: Partial<HistoryOptions> = {},
  options: Parameters<typeof appFor>[1] = {},
): Promise<FastifyInstance> {
  const app = await appFor(kubeconfigPath, {
    ...options,
    history: { store, kinds: "/ConfigMap,stable.example.com/*", writer: { flushMs: 20 }, ...history },
  });
  await app.ready();
  for (const recorder of app.historyRecorders.values()) await recorder.synced();
  return app;
}

export function sqlite(path: string): SqliteHistoryStore {
  return new SqliteHistoryStore({ path });
}

/** GET a history route as the browser does; the JSON body and status. */
export async function historyGet(app: FastifyInstance, path: string, headers: Record<string, string> = {}) {
  const response = await app.inject({ method: "GET", url: `/api/v1/contexts/${path}`, headers });
  return { status: response.statusCode, body: response.json() as HistoryPage & Record<string, any> };
}

/** Polls the history list (flushing the recorder first) until `done` holds of its items; fails after 30 s. */
export async function waitForHistory(
  app: FastifyInstance,
  query: string,
  done: (items: HistoryChange[]) => boolean,
  context = "loupe-local",
): Promise<HistoryChange[]> {
  const deadline = Date.now() + 30_000;
  let items: HistoryChange[] = [];
  while (Date.now() < deadline) {
    await app.historyFlush();
    const { status, body } = await historyGet(app, `${context}/history?${query}`);
    if (status !== 200) throw new Error(`history answered ${status}: ${JSON.stringify(body)}`);
    items = body.items;
    if (done(items)) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`history never matched; last: ${JSON.stringify(items.map((c) => [c.type, c.name, c.gap]))}`);
}
