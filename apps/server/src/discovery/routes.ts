import type { Catalog } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import type { CatalogRegistry } from "./registry.ts";

/** `GET /api/v1/contexts/:context/catalog`: every group/version/resource the context's API server serves. */
export const catalogRoutes: FastifyPluginAsync<{ catalogs: CatalogRegistry }> = async (app, { catalogs }) => {
  app.get<{ Params: { context: string } }>(
    "/api/v1/contexts/:context/catalog",
    {
      config: { access: "read" },
      schema: {
        params: {
          type: "object",
          required: ["context"],
          properties: { context: { type: "string", minLength: 1, maxLength: 253 } },
        },
      },
    },
    async (request): Promise<Catalog> => catalogs.for(request.params.context).get(),
  );
};
