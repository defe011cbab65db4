import { type CelCheckResult, QUERY_LIMITS, type SearchResult } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import type { IdentityTokens } from "../watch/identity-tokens.ts";
import { checkCel } from "./cel.ts";
import { collectQuery } from "./collect.ts";
import { holdIdentity } from "./hold-identity.ts";
import type { QuerySessions } from "./query-service.ts";

export interface QueryRoutesOptions {
  queries: QuerySessions;
  tokens: IdentityTokens;
}

/**
 * `GET /api/v1/contexts/:context/search`: a search across kinds, answered once every kind is read (or after
 * `timeoutSeconds`), as the user (user-token mode: their RBAC decides which kinds are read). The live, streaming
 * form is the watch socket's `query` message. `GET /api/v1/cel/check`: compiles a CEL expression and says where it
 * is wrong.
 */
export const queryRoutes: FastifyPluginAsync<QueryRoutesOptions> = async (app, { queries, tokens }) => {
  app.get<{
    Params: { context: string };
    Querystring: { q?: string; namespace?: string; labelSelector?: string; limit?: number; timeoutSeconds?: number };
  }>(
    "/api/v1/contexts/:context/search",
    {
      config: { access: "read" },
      schema: {
        params: {
          type: "object",
          required: ["context"],
          properties: { context: { type: "string", minLength: 1, maxLength: 253 } },
        },
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            q: { type: "string", maxLength: QUERY_LIMITS.searchTextLength },
            namespace: { type: "string", maxLength: 63, pattern: "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$" },
            labelSelector: { type: "string", maxLength: 4096 },
            limit: { type: "integer", minimum: 1, maximum: QUERY_LIMITS.maxResults },
            timeoutSeconds: { type: "integer", minimum: 1, maximum: 60 },
          },
        },
      },
    },
    async (request): Promise<SearchResult> => {
      const { q, namespace, labelSelector, limit, timeoutSeconds } = request.query;
      const held = holdIdentity(tokens, request.kubeToken);
      try {
        return await collectQuery(
          queries,
          request.params.context,
          held.identity,
          {
            kind: "search",
            text: q ?? "",
            ...(namespace ? { namespace } : {}),
            ...(labelSelector ? { labelSelector } : {}),
            ...(limit ? { limit } : {}),
          },
          (timeoutSeconds ?? 15) * 1000,
        );
      } finally {
        held.release();
      }
    },
  );

  app.get<{ Querystring: { expression: string; as?: "filter" | "value" } }>(
    "/api/v1/cel/check",
    {
      config: { access: "read" },
      schema: {
        querystring: {
          type: "object",
          required: ["expression"],
          additionalProperties: false,
          properties: {
            expression: { type: "string", minLength: 1, maxLength: QUERY_LIMITS.expressionLength },
            // `filter` (default): a query's expression, which must be true or false; `value`: a column's.
            as: { type: "string", enum: ["filter", "value"] },
          },
        },
      },
    },
    async (request): Promise<CelCheckResult> => checkCel(request.query.expression, [], request.query.as !== "value"),
  );
};
