import { createHash } from "node:crypto";
import {
  HistoryAtQuery,
  type HistoryChange,
  type HistoryObject,
  type HistoryPage,
  HistoryQuery,
} from "@loupe/protocol";
import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { z } from "zod";
import { asUser, type KubeClient } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";
import { ApiError } from "../errors.ts";
import { AccessCache, type GetAttributes } from "./access.ts";
import type { HistoryStore, StoredChange } from "./types.ts";
import { decodeContinue, encodeContinue, parseObjectPath, toWire } from "./wire.ts";

export interface HistoryRoutesOptions {
  contexts: ContextRegistry;
  /** Undefined when history is off (`--no-history`): the routes answer 404 saying so. */
  store: HistoryStore | undefined;
  access?: AccessCache;
}

/** Rows read from the store per request at most, however many the user may not see. */
const SCAN_FACTOR = 10;
/** Distinct per-object access reviews per request at most (each is cached afterwards). */
const MAX_OBJECT_REVIEWS = 100;

/**
 * `GET /api/v1/contexts/:context/history` and `GET /api/v1/contexts/:context/history/<object path>?at=` (DESIGN
 * §11). Both are `read` routes and return only what the user may `get` now: each kind and namespace (then each
 * object, for RBAC rules naming objects) is checked with a SelfSubjectAccessReview made as the user, cached
 * briefly. History is keyed by the context's API server, so contexts of one cluster share it.
 */
export const historyRoutes: FastifyPluginAsync<HistoryRoutesOptions> = async (app, options) => {
  const access = options.access ?? new AccessCache();

  const storeOf = (): HistoryStore => {
    if (!options.store) {
      throw new ApiError(404, "LOUPE_HISTORY_OFF", "History is off on this server (started with --no-history)", {
        reason: "NotFound",
      });
    }
    return options.store;
  };

  app.get<{ Params: { context: string }; Querystring: Record<string, string> }>(
    "/api/v1/contexts/:context/history",
    { config: { access: "read" } },
    async (request): Promise<HistoryPage> => {
      const query = parse(HistoryQuery, request.query);
      const store = storeOf();
      const connection = options.contexts.get(request.params.context);
      const client = asUser(connection, request.kubeToken, requestFlow(request));
      const identity = identityOf(request);
      const limit = query.limit ?? 100;
      const filter = {
        cluster: connection.server,
        group: query.group,
        resource: query.resource,
        namespace: query.namespace,
        name: query.name,
        uid: query.uid,
        since: query.since === undefined ? undefined : Date.parse(query.since),
        until: query.until === undefined ? undefined : Date.parse(query.until),
        type: query.type,
        manager: query.manager,
      };
      let beforeId = query.continue === undefined ? undefined : decodeContinue(query.continue);
      const items: HistoryChange[] = [];
      let scanned = 0;
      let reviews = 0;
      let exhausted = false;
      let lastId: number | undefined;
      scan: while (items.length < limit && scanned < limit * SCAN_FACTOR) {
        const rows = await store.query({ ...filter, beforeId, limit: Math.min(limit, HISTORY_BATCH) });
        if (rows.length === 0) {
          exhausted = true;
          break;
        }
        for (const row of rows) {
          const verdict = await visible(client, identity, row, () => ++reviews <= MAX_OBJECT_REVIEWS);
          if (verdict === "stop") break scan;
          scanned++;
          lastId = row.id;
          if (verdict) items.push(toWire(row));
          if (items.length >= limit) break scan;
        }
        beforeId = rows[rows.length - 1]?.id;
        if (rows.length < Math.min(limit, HISTORY_BATCH)) {
          exhausted = true;
          break;
        }
      }
      // More may follow unless the store ran out; the token resumes after the last row looked at.
      const more = !exhausted && lastId !== undefined;
      return { items, ...(more ? { continue: encodeContinue(lastId as number) } : {}) };
    },
  );

  app.get<{ Params: { context: string; "*": string }; Querystring: Record<string, string> }>(
    "/api/v1/contexts/:context/history/*",
    { config: { access: "read" } },
    async (request): Promise<HistoryObject> => {
      const query = parse(HistoryAtQuery, request.query);
      const path = parseObjectPath(request.params["*"]);
      const store = storeOf();
      const connection = options.contexts.get(request.params.context);
      const client = asUser(connection, request.kubeToken, requestFlow(request));
      const attributes = { group: path.group, resource: path.resource, namespace: path.namespace };
      const identity = identityOf(request);
      const allowed =
        (await access.mayGet(client, identity, attributes)) ||
        (await access.mayGet(client, identity, { ...attributes, name: path.name }));
      const what = `${path.resource}${path.group ? `.${path.group}` : ""} "${path.name}"`;
      if (!allowed) {
        throw new ApiError(403, "LOUPE_FORBIDDEN", `You may not get ${what}, so its history is not shown`, {
          reason: "Forbidden",
        });
      }
      const at = query.at === undefined ? Date.now() : Date.parse(query.at);
      const found = await store.objectAt({ cluster: connection.server, ...path }, at);
      if (!found) {
        throw new ApiError(
          404,
          "LOUPE_HISTORY_NOT_FOUND",
          `Nothing is recorded of ${what} at ${new Date(at).toISOString()}`,
          {
            reason: "NotFound",
          },
        );
      }
      return { change: toWire(found.change), deleted: found.change.type === "DELETED", object: found.object };
    },
  );

  /** Whether the user may see `row` now; "stop" when the request's budget of per-object reviews is spent. */
  async function visible(
    client: KubeClient,
    identity: string,
    row: StoredChange,
    budget: () => boolean,
  ): Promise<boolean | "stop"> {
    const attributes: GetAttributes = { group: row.group, resource: row.resource, namespace: row.namespace };
    if (await access.mayGet(client, identity, attributes)) return true;
    if (!budget()) return "stop";
    return access.mayGet(client, identity, { ...attributes, name: row.name });
  }
};

/** Rows asked of the store at once. */
const HISTORY_BATCH = 200;

function identityOf(request: FastifyRequest): string {
  return request.kubeToken ? createHash("sha256").update(request.kubeToken).digest("hex") : "";
}

function parse<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "query";
  const message =
    issue?.code === "unrecognized_keys"
      ? `Unknown query parameter ${issue.keys.map((k) => `"${k}"`).join(", ")}`
      : `Query parameter "${field}": ${issue?.message ?? "invalid"}`;
  throw new ApiError(400, "LOUPE_BAD_QUERY", message, { reason: "BadRequest" });
}
