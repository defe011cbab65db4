import type { FastifyPluginAsync } from "fastify";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";
import type { CatalogRegistry } from "../discovery/registry.ts";
import { AccessCache } from "../history/access.ts";
import type { HistoryStore } from "../history/types.ts";
import { holdIdentity } from "../query/hold-identity.ts";
import type { QuerySessions } from "../query/query-service.ts";
import type { SchemaRegistry } from "../schema/kind-schemas.ts";
import type { IdentityTokens } from "../watch/identity-tokens.ts";

/** Where the MCP endpoint is served. */
export const MCP_PATH = "/api/v1/mcp";

export interface McpOptions {
  contexts: ContextRegistry;
  catalogs: CatalogRegistry;
  queries: QuerySessions;
  schemas: SchemaRegistry;
  tokens: IdentityTokens;
  /** The recorded history, when it is on (the object_history tool). */
  history: HistoryStore | undefined;
}

/**
 * The MCP endpoint (DESIGN §12) at `/api/v1/mcp`: Model Context Protocol over streamable HTTP, stateless (every
 * POST carries one JSON-RPC message or batch and is answered in JSON; no session id, no server-sent stream, so
 * GET and DELETE answer 405), read-only tools only. Its access class is `rpc` (security/route-access.ts): in
 * user-token mode the caller presents its Kubernetes token as `Authorization: Bearer` (or a session cookie), and
 * every tool acts with it, so RBAC decides as for the REST API.
 */
export const mcpPlugin: FastifyPluginAsync<McpOptions> = async (app, options) => {
  const historyAccess = new AccessCache();
  let serve: Promise<typeof import("./serve.ts")> | undefined;
  app.route({
    method: ["GET", "DELETE"],
    url: MCP_PATH,
    config: { access: "rpc" },
    handler: async (_request, reply) =>
      reply
        .code(405)
        .header("allow", "POST")
        .send({
          jsonrpc: "2.0",
          error: { code: -32000, message: "Method not allowed: this endpoint is stateless, POST only" },
          id: null,
        }),
  });

  app.post(MCP_PATH, { config: { access: "rpc" }, bodyLimit: 256 * 1024 }, async (request, reply) => {
    const held = holdIdentity(options.tokens, request.kubeToken);
    // The MCP SDK, its zod schemas and the tools load on the first call, not at start (~6 MB resident idle).
    serve ??= import("./serve.ts");
    let serveMcp: typeof import("./serve.ts")["serveMcp"];
    try {
      ({ serveMcp } = await serve);
    } catch (error) {
      held.release();
      throw error;
    }
    reply.hijack();
    await serveMcp(request, reply, {
      tools: {
        contexts: options.contexts,
        catalogs: options.catalogs,
        queries: options.queries,
        schemas: options.schemas,
        token: request.kubeToken,
        identity: held.identity,
        flow: requestFlow(request),
        history: options.history,
        historyAccess,
      },
      release: held.release,
    });
  });
};
