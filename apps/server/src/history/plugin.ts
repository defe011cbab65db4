import type { FastifyPluginAsync } from "fastify";
import fp from "fastify-plugin";
import type { ContextRegistry } from "../cluster/contexts.ts";
import type { CatalogRegistry } from "../discovery/registry.ts";
import type { MetricsRegistry } from "../metrics.ts";
import { ChangeWriter, type ChangeWriterOptions } from "./change-writer.ts";
import { createHistoryMetrics } from "./history-metrics.ts";
import { KindMatcher } from "./kinds.ts";
import { ContextRecorder } from "./recorder.ts";
import { Retention } from "./retention.ts";
import { historyRoutes } from "./routes.ts";
import type { HistoryStore } from "./types.ts";

/** The history's settings (DESIGN §11); main.ts maps the `--history-*` flags here. */
export interface HistoryOptions {
  /** Where changes go (see open-store.ts). The app migrates it at start and closes it at the end. */
  store: HistoryStore;
  /** Contexts to record (default: the kubeconfig's current one). */
  contexts?: readonly string[];
  /** `--history-kinds` patterns (default `default`: every custom resource and the common built-ins). */
  kinds?: string;
  /** Changes older than this are removed, in ms (default 30 days). */
  retainMs?: number;
  /** The oldest changes are removed while the history is larger than this, in bytes (default 2 GB). */
  maxBytes?: number;
  /** How often retention runs, in ms (default 60,000). */
  retentionIntervalMs?: number;
  /** Batching of writes. */
  writer?: ChangeWriterOptions;
  /** Clock of recorded changes (default Date.now). */
  now?: () => number;
}

export interface HistoryPluginOptions {
  history: HistoryOptions | undefined;
  contexts: ContextRegistry;
  catalogs: CatalogRegistry;
  metrics: MetricsRegistry;
  /** Named readiness checks `/readyz` runs; the history adds one that writes to the database. */
  readiness: Map<string, () => Promise<void>>;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The recorders by context (empty when history is off), for tests and the bench. */
    historyRecorders: ReadonlyMap<string, ContextRecorder>;
    /** Writes everything the recorders queued (tests). */
    historyFlush: () => Promise<void>;
  }
}

/**
 * The history (apps/server/src/history): migrates the store, records the configured contexts through the watch
 * hub (so it needs the watch plugin first), enforces retention continuously, serves the history routes and its
 * metrics, and makes `/readyz` fail when the database cannot be written. Off (`history` undefined), the routes
 * still exist and answer 404 LOUPE_HISTORY_OFF.
 */
export const historyPlugin = fp(history, { name: "loupe-history", fastify: "5.x", dependencies: ["loupe-watch"] });

async function history(
  app: Parameters<FastifyPluginAsync<HistoryPluginOptions>>[0],
  options: HistoryPluginOptions,
): Promise<void> {
  const settings = options.history;
  const recorders = new Map<string, ContextRecorder>();
  app.decorate("historyRecorders", recorders);
  if (!settings) {
    app.decorate("historyFlush", async () => {});
    await app.register(historyRoutes, { contexts: options.contexts, store: undefined });
    return;
  }
  const store = settings.store;
  await store.migrate();
  const metrics = createHistoryMetrics(options.metrics);
  const log = app.log.child({ component: "history" });
  const onError = (error: unknown) => log.error({ err: error }, "history write failed");
  const writer = new ChangeWriter(store, metrics, { ...settings.writer, onError });
  app.decorate("historyFlush", () => writer.flush());
  const kinds = new KindMatcher(settings.kinds);
  const retention = new Retention(store, metrics, {
    retainMs: settings.retainMs ?? 30 * 86_400_000,
    maxBytes: settings.maxBytes ?? 2e9,
    intervalMs: settings.retentionIntervalMs ?? 60_000,
    onError: (error) => log.error({ err: error }, "history retention failed"),
  });
  options.readiness.set("history", async () => {
    try {
      await store.probe();
    } catch (error) {
      metrics.failing.set(1);
      throw error;
    }
  });
  await app.register(historyRoutes, { contexts: options.contexts, store });

  const names = settings.contexts ?? (options.contexts.current ? [options.contexts.current] : []);
  for (const context of names) {
    const recorder = new ContextRecorder({
      hub: app.watchHub,
      store,
      writer,
      catalog: options.catalogs.for(context),
      kinds,
      context,
      cluster: options.contexts.get(context).server,
      now: settings.now,
      onError: (error) => log.warn({ err: error, context }, "history recorder"),
    });
    recorders.set(context, recorder);
  }
  app.addHook("onReady", async () => {
    retention.start();
    // A cluster that cannot be reached at start is retried when its CRDs' watch comes up (ContextRecorder#soon).
    await Promise.all(
      [...recorders.values()].map((r) => r.start().catch((error) => log.warn({ err: error }, "history recorder"))),
    );
  });
  app.addHook("onClose", async () => {
    for (const recorder of recorders.values()) recorder.close();
    retention.stop();
    await writer.close();
    await store.close();
  });
}
