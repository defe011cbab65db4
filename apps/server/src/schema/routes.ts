import type { FastifyPluginAsync } from "fastify";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { type KindSchemasOptions, SchemaRegistry } from "./kind-schemas.ts";

const DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

const schemaParams = {
  type: "object",
  required: ["context", "group", "version", "kind"],
  properties: {
    context: { type: "string", minLength: 1, maxLength: 253 },
    /** An API group (a DNS subdomain), or `core` for the core group. */
    group: { type: "string", minLength: 1, maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
    version: { type: "string", minLength: 1, maxLength: 63, pattern: DNS_LABEL },
    kind: { type: "string", minLength: 1, maxLength: 253, pattern: "^[A-Za-z][A-Za-z0-9]*$" },
  },
} as const;

interface SchemaParams {
  context: string;
  group: string;
  version: string;
  kind: string;
}

/**
 * `GET /api/v1/contexts/:context/schema/:group/:version/:kind` (DESIGN §4): the kind's JSON Schema for the editor
 * and its field tree for the schema browser ({@link KindSchema}). Unknown context or kind → 404. The ETag is the
 * OpenAPI document's hash, so a browser revalidating an unchanged schema gets a 304 with no body. The answer is
 * kept serialized and gzipped (see KindSchemas), so only the first request of a kind converts anything.
 */
export const schemaRoutes: FastifyPluginAsync<{
  contexts: ContextRegistry;
  openApi?: KindSchemasOptions;
  /** The registry to serve from (shared with MCP); default: one of its own. */
  registry?: SchemaRegistry;
}> = async (app, { contexts, openApi, registry: given }) => {
  const registry = given ?? new SchemaRegistry(contexts, openApi);
  app.get<{ Params: SchemaParams }>(
    "/api/v1/contexts/:context/schema/:group/:version/:kind",
    { config: { access: "read" }, schema: { params: schemaParams } },
    async (request, reply) => {
      const { context, group, version, kind } = request.params;
      const found = await registry.for(context).get({ group: group === "core" ? "" : group, version, kind });
      const etag = `"${found.hash.slice(0, 32)}-${kind}"`;
      reply.header("etag", etag).header("cache-control", "no-cache").header("vary", "accept-encoding");
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      reply.header("content-type", "application/json; charset=utf-8");
      // The body ({@link KindSchema}) is kept serialized, and gzipped once: a cached answer is written as it is.
      if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) {
        return reply.header("content-encoding", "gzip").send(await found.gzipped());
      }
      return reply.send(found.body);
    },
  );
};
