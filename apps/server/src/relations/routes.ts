import type { Catalog, CatalogResource, Relations } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import { asUser } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";
import type { CatalogRegistry } from "../discovery/registry.ts";
import { ApiError } from "../errors.ts";
import type { Inventory } from "../inventory/index.ts";
import { resolveResourcePath } from "../resources/path.ts";
import { SchemaRegistry } from "../schema/kind-schemas.ts";
import type { IdentityTokens } from "../watch/identity-tokens.ts";
import { identityOf } from "../watch/identity-tokens.ts";
import type { WatchHub } from "../watch/watch-hub.ts";
import { AccessCache, type AccessCacheOptions } from "./access-cache.ts";
import { HeldViews } from "./held-views.ts";
import { InventoryChildren } from "./inventory-children.ts";
import { KindIndex } from "./kinds.ts";
import { ReferrerObjects, type ReferrerObjectsOptions } from "./referrer-objects.ts";
import { ReferrerIndex } from "./referrers.ts";
import { requiredFields } from "./required.ts";
import { listAround } from "./scan.ts";
import { UserReads } from "./source.ts";
import { walkRelations } from "./walk.ts";

export const MAX_DEPTH = 4;
export const MAX_NODES = 500;

const querystring = {
  type: "object",
  additionalProperties: false,
  properties: {
    depth: { type: "integer", minimum: 1, maximum: MAX_DEPTH, default: 1 },
    limit: { type: "integer", minimum: 1, maximum: MAX_NODES, default: 150 },
  },
} as const;

export interface RelationsOptions {
  contexts: ContextRegistry;
  catalogs: CatalogRegistry;
  /** The cross-kind cache: children come from its reverse ownerReference index. */
  inventory: Inventory;
  /** Incoming references are read from the hub's reflectors (whole objects), acting as the user. */
  hub: WatchHub;
  tokens: IdentityTokens;
  /** How long referrer kinds stay watched after a walk (referrer-objects.ts). */
  referrerObjects?: ReferrerObjectsOptions;
  /** How long access review answers are reused (access-cache.ts). */
  access?: AccessCacheOptions;
  /** Timeout of each upstream read (default 5 s) and of the whole walk (default 20 s). */
  readTimeoutMs?: number;
  walkTimeoutMs?: number;
}

/**
 * `GET /api/v1/contexts/:context/relations/<kubernetes object path>?depth=N&limit=M` (DESIGN §13): the object's
 * neighbourhood as nodes and edges (walk.ts), read as the user. The object itself must be readable by the user
 * (else its 403 or 404); every other node is shown only when the user may get it.
 */
export const relationsRoutes: FastifyPluginAsync<RelationsOptions> = async (app, options) => {
  const schemas = new SchemaRegistry(options.contexts);
  const watched = new ReferrerObjects(options.hub, options.tokens, {
    waitMs: options.readTimeoutMs ?? 5_000,
    ...options.referrerObjects,
  });
  const heldViews = new HeldViews();
  app.addHook("onClose", async () => {
    await watched.close();
    await heldViews.close();
  });
  const access = new AccessCache(options.access);
  const indexes = new WeakMap<Catalog, KindIndex>();
  const referrers = new Map<string, ReferrerIndex>();
  const referrersOf = (context: string) => {
    let index = referrers.get(context);
    if (!index) {
      index = new ReferrerIndex(schemas.for(context));
      referrers.set(context, index);
    }
    return index;
  };
  const indexOf = (catalog: Catalog) => {
    let index = indexes.get(catalog);
    if (!index) {
      index = new KindIndex(catalog.resources);
      indexes.set(catalog, index);
    }
    return index;
  };

  app.get<{ Params: { context: string; "*": string }; Querystring: { depth: number; limit: number } }>(
    "/api/v1/contexts/:context/relations/*",
    { config: { access: "read" }, schema: { querystring } },
    async (request, reply) => {
      const { context } = request.params;
      const client = asUser(options.contexts.get(context), request.kubeToken, requestFlow(request));
      const catalog = options.catalogs.for(context);
      const { path, entry } = await resolveResourcePath(request.params["*"], (g, v, r) => catalog.resolve(g, v, r));
      if (path.name === undefined || path.subresource !== undefined) {
        throw new ApiError(
          404,
          "LOUPE_NOT_AN_OBJECT_PATH",
          `"${request.params["*"]}" names no object: relations are asked of one object (…/<resource>/<name>)`,
          { reason: "NotFound" },
        );
      }
      const abort = new AbortController();
      // The browser went away (the response closes before it is sent): stop reading for it.
      reply.raw.once("close", () => abort.abort());
      const signal = AbortSignal.any([abort.signal, AbortSignal.timeout(options.walkTimeoutMs ?? 20_000)]);
      const user = { context, ...(request.kubeToken ? { token: request.kubeToken } : {}), flow: requestFlow(request) };
      const reads = new UserReads(client, {
        timeoutMs: options.readTimeoutMs,
        signal,
        access: { cache: access, scope: JSON.stringify([context, identityOf(request.kubeToken)]) },
      });
      // Kinds that can be watched come from the hub's reflectors (kept a while); the others are listed (500 at most).
      const listKind = (resource: CatalogResource, namespace: string | undefined) =>
        resource.verbs.includes("watch")
          ? watched.list(user, resource, namespace, signal)
          : reads.list(resource, namespace, { limit: 500 });
      const resource: CatalogResource = entry;
      const read = await reads.get(resource, path.namespace, path.name);
      if ("forbidden" in read) {
        throw new ApiError(403, "LOUPE_FORBIDDEN", `You may not get ${resource.resource} "${path.name}"`, {
          reason: "Forbidden",
        });
      }
      if ("missing" in read) {
        throw new ApiError(404, "LOUPE_NOT_FOUND", `${resource.kind} "${path.name}" does not exist`, {
          reason: "NotFound",
        });
      }
      const current = await catalog.get();
      const kinds = indexOf(current);
      const children = new InventoryChildren(
        options.inventory,
        { context, token: request.kubeToken, flow: requestFlow(request), identity: identityOf(request.kubeToken) },
        kinds,
        heldViews,
      );
      const referrers = referrersOf(context);
      try {
        const body: Relations = await walkRelations(
          { resource, namespace: path.namespace, name: path.name, object: read.ok },
          {
            depth: request.query.depth,
            limit: request.query.limit,
            kinds,
            reads,
            neighbours: {
              children: (node) => children.children(node),
              referrers: async (node) =>
                listAround(listKind, await referrers.referrersOf(current, kinds, node.resource), node),
            },
            required: requiredFields(schemas.for(context)),
          },
        );
        return body;
      } finally {
        await children.close();
      }
    },
  );
};
