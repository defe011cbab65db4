import fastifyCompress from "@fastify/compress";
import type { KubeConfig } from "@kubernetes/client-node";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { accessRoutes } from "./auth/access-routes.ts";
import { type AuthOptions, authPlugin } from "./auth/plugin.ts";
import { ContextRegistry } from "./cluster/contexts.ts";
import { crdRoutes } from "./crds/routes.ts";
import { CatalogRegistry } from "./discovery/registry.ts";
import { catalogRoutes } from "./discovery/routes.ts";
import { ApiError, formatValidationErrors, toErrorBody } from "./errors.ts";
import { type HistoryOptions, historyPlugin } from "./history/plugin.ts";
import { Inventory, type InventoryOptions } from "./inventory/index.ts";
import { mcpPlugin } from "./mcp/plugin.ts";
import { MetricsRegistry, metricsRoutes, registerProcessMetrics } from "./metrics.ts";
import { ProblemsService } from "./problems/problems-service.ts";
import { problemRoutes } from "./problems/routes.ts";
import { InventoryObjectSource } from "./query/inventory-source.ts";
import { QueryService, type QueryServiceOptions } from "./query/query-service.ts";
import { queryRoutes } from "./query/routes.ts";
import { relationsRoutes } from "./relations/routes.ts";
import { resourceRoutes } from "./resources/routes.ts";
import { apiServerHealthRoutes } from "./routes/apiserver-health.ts";
import { contextRoutes } from "./routes/contexts.ts";
import { healthRoutes } from "./routes/health.ts";
import { SchemaRegistry } from "./schema/kind-schemas.ts";
import { schemaRoutes } from "./schema/routes.ts";
import { AllowedHosts } from "./security/allowed-hosts.ts";
import { registerSecurity } from "./security/register.ts";
import { requireRouteAccess } from "./security/route-access.ts";
import { LOUPE_VERSION } from "./version.ts";
import { isSpaRoute, registerWeb } from "./web.ts";
import { type WatchOptions, watchPlugin } from "./ws/watch-plugin.ts";

export { openHistoryStore } from "./history/open-store.ts";

declare module "fastify" {
  interface FastifyInstance {
    /** Every route buildApp registered (method + URL pattern). */
    routeTable: readonly { method: string; url: string; access: string }[];
    /** The cross-kind cache over the watch hub (inventory/index.ts): Problems, search, queries, relations use it. */
    inventory: Inventory;
  }
}

export interface AppOptions {
  /** The kubeconfig whose contexts Loupe serves. */
  kubeConfig: KubeConfig;
  /** Folder of the built SPA to serve at `/`; `false` serves none (API-only tests). Default: none. */
  webRoot?: string | false;
  /** Fastify logger setting (default: off). main.ts turns on pino. */
  logger?: FastifyServerOptions["logger"];
  /** Largest request body accepted, in bytes (default 3 MiB, the API server's own limit). */
  bodyLimit?: number;
  /** How users authenticate to the API servers (default: the kubeconfig's credentials for everyone). */
  auth?: AuthOptions;
  /** Refuse every mutating request (default false). */
  readOnly?: boolean;
  /** The address the server listens on (`--host`; default 127.0.0.1): it is one of the hosts it may be reached by. */
  listenHost?: string;
  /** Further host names it may be reached by (`--allowed-host`), besides loopback: DNS rebinding (DESIGN §7). */
  allowedHosts?: readonly string[];
  /** Client-side rate limit per context (default 50 qps, burst 100). */
  qps?: number;
  burst?: number;
  /** Client-side rate limit of writes per context, apart from the reads' (default 200 qps, burst 200). */
  writeQps?: number;
  writeBurst?: number;
  /** Watch hub and WebSocket tuning (linger, backoff, queue limits); defaults in ws/watch-plugin.ts. */
  watch?: WatchOptions;
  /** Cross-kind query tuning (per-kind timeout, linger, kinds at most); defaults in query/query-service.ts. */
  queries?: Pick<QueryServiceOptions, "kindTimeoutMs" | "lingerMs" | "maxKinds">;
  /** Cross-kind cache tuning; defaults in inventory/inventory.ts. */
  inventory?: InventoryOptions;
  /** The recorded history (DESIGN §11); absent: off (the history routes answer 404 LOUPE_HISTORY_OFF). */
  history?: HistoryOptions;
}

/** The resources whose changes change what the API server serves. */
const API_SURFACE = [
  ["apiextensions.k8s.io", "customresourcedefinitions"],
  ["apiregistration.k8s.io", "apiservices"],
] as const;

/**
 * Builds the Loupe server without listening: tests drive it with `app.inject`, main.ts calls `listen`. Closing the
 * app closes every cluster connection.
 */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimit ?? 3 * 1024 * 1024,
    // Kubernetes object names may be 253 characters; paths with namespaces, names and subresources get long.
    routerOptions: { maxParamLength: 1024 },
    // Unknown query parameters are an error naming them, not silently dropped.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", useDefaults: true } },
    schemaErrorFormatter: formatValidationErrors,
    // Errors Fastify answers before routing (a malformed or overlong URL), in the uniform shape too.
    frameworkErrors: (error, _request, reply) => {
      const body = toErrorBody(error);
      (reply as FastifyReply).code(body.statusCode).send(body);
    },
  });
  // Every route as registered, for checks that must cover all of them (read-only mode, the route list).
  const routeTable: { method: string; url: string; access: string }[] = [];
  app.decorate("routeTable", routeTable);
  // Every route declares its access class; @fastify/static's routes (the web app's files, with `rootPath`) are public.
  requireRouteAccess(
    app,
    (route) => typeof (route.config as { rootPath?: unknown } | undefined)?.rootPath === "string",
  );
  app.addHook("onRoute", (route) => {
    const access = route.config?.access ?? "";
    for (const method of [route.method].flat()) routeTable.push({ method, url: route.url, access });
  });
  const contexts = new ContextRegistry(options.kubeConfig, {
    qps: options.qps,
    burst: options.burst,
    writeQps: options.writeQps,
    writeBurst: options.writeBurst,
    userAgent: `loupe/${LOUPE_VERSION}`,
  });
  app.addHook("onClose", () => contexts.close());

  app.setErrorHandler((error, request, reply) => {
    const body = toErrorBody(error);
    if (body.statusCode >= 500 && !(error instanceof ApiError)) request.log.error({ err: error }, "request failed");
    reply.code(body.statusCode).send(body);
  });
  const hosts = new AllowedHosts({ listenHost: options.listenHost, allowedHosts: options.allowedHosts });
  await registerSecurity(app, { readOnly: options.readOnly ?? false, hosts });
  // Text responses ≥ 1 KiB are gzipped (a 2,000-row table page is 1.4 MB raw). Not brotli for dynamic bodies: its
  // encoder holds megabytes of window per response, which a busy server feels (the web app's files are served
  // precompressed as .br by web.ts). Request bodies are never decompressed: a small gzip could inflate past every
  // body limit.
  await app.register(fastifyCompress, {
    globalDecompression: false,
    threshold: 1024,
    encodings: ["gzip"],
    zlibOptions: { level: 6 },
  });
  await app.register(authPlugin, { auth: options.auth ?? { mode: "kubeconfig" }, contexts });
  await app.register(accessRoutes, { contexts, readOnly: options.readOnly ?? false });
  // Further readiness checks by name (the history's database), run by /readyz besides the API server's.
  const readiness = new Map<string, () => Promise<void>>();
  await app.register(healthRoutes, { contexts, readiness });
  await app.register(contextRoutes, { contexts });
  const catalogs = new CatalogRegistry(contexts);
  await app.register(catalogRoutes, { catalogs });
  await app.register(resourceRoutes, { contexts, catalogs });
  const schemas = new SchemaRegistry(contexts);
  await app.register(schemaRoutes, { contexts, registry: schemas });
  await app.register(crdRoutes, { contexts });
  const metrics = new MetricsRegistry();
  registerProcessMetrics(metrics);
  await app.register(metricsRoutes, { metrics });
  await app.register(watchPlugin, { ...options.watch, contexts, metrics });
  await app.register(historyPlugin, { history: options.history, contexts, catalogs, metrics, readiness });
  catalogs.followChanges((context, onChange) => {
    // Names-only Table rows: the catalog needs to know that something changed, not even the CRDs' metadata (whose
    // last-applied annotations hold whole CRDs: 45 MB for 1,500 of them, listed again for every context).
    for (const [group, resource] of API_SURFACE) {
      const key = {
        context,
        identity: "",
        group,
        version: "v1",
        resource,
        namespace: "",
        labelSelector: "",
        fieldSelector: "",
        table: true,
        names: true,
      };
      app.watchHub.subscribe(key, { onSynced: onChange, onEvents: onChange, onStatus: () => {} });
    }
  });
  const inventory = new Inventory({ hub: app.watchHub, catalogs, tokens: app.identityTokens }, options.inventory);
  app.decorate("inventory", inventory);
  app.addHook("onClose", () => inventory.close());
  const problems = new ProblemsService(inventory);
  app.watchQueries.register("problems", ({ id, context, query }, caller, wake) =>
    problems.subscribe(id, context, query, caller.token, caller.flow, wake),
  );
  await app.register(problemRoutes, { problems });
  await app.register(apiServerHealthRoutes, { contexts });
  // Search and saved queries read the inventory; MCP calls the same services as the REST routes.
  const queries = new QueryService({
    catalogs,
    source: new InventoryObjectSource(inventory, app.identityTokens),
    ...options.queries,
  });
  app.queryService = queries;
  app.addHook("onClose", async () => queries.close());
  await app.register(queryRoutes, { queries, tokens: app.identityTokens });
  await app.register(mcpPlugin, {
    contexts,
    catalogs,
    queries,
    schemas,
    tokens: app.identityTokens,
    history: options.history?.store,
  });
  await app.register(relationsRoutes, {
    contexts,
    catalogs,
    inventory,
    hub: app.watchHub,
    tokens: app.identityTokens,
  });
  const web = Boolean(options.webRoot);
  if (options.webRoot) await registerWeb(app, options.webRoot);
  app.setNotFoundHandler(async (request, reply) => {
    if (web && isSpaRoute(request.method, request.url)) {
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    }
    const path = request.url.split("?")[0];
    throw new ApiError(404, "LOUPE_NOT_FOUND", `No route ${request.method} ${path}`, { reason: "NotFound" });
  });
  return app;
}
