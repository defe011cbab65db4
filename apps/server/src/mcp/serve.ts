import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { FastifyReply, FastifyRequest } from "fastify";
import { LOUPE_VERSION } from "../version.ts";
import { registerTools, type ToolContext } from "./tools.ts";

/**
 * Answers one MCP POST (plugin.ts): a stateless server with the read-only tools, acting as `tools` says, over a
 * transport that answers in JSON. Loaded on the first call, so the SDK costs nothing to a server nobody asks.
 * `release` runs once the response is closed. The reply must have been hijacked.
 */
export async function serveMcp(
  request: FastifyRequest,
  reply: FastifyReply,
  options: { tools: ToolContext; release: () => void },
): Promise<void> {
  const server = new McpServer(
    { name: "loupe", version: LOUPE_VERSION },
    {
      instructions:
        "Read-only access to the Kubernetes clusters Loupe serves, with the caller's permissions: list kinds, list and get objects, search across kinds, the problems (unhealthy objects), a kind's schema, an object's recorded history.",
    },
  );
  registerTools(server, options.tools);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  reply.raw.on("close", () => {
    options.release();
    void transport.close();
    void server.close();
  });
  await server.connect(transport);
  await transport.handleRequest(request.raw, reply.raw, request.body);
}
