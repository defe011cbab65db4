import type { ContextList, ServerVersion } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import { asUser } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";

const contextParams = {
  type: "object",
  required: ["context"],
  properties: { context: { type: "string", minLength: 1, maxLength: 253 } },
} as const;

/** `GET /api/v1/contexts` and `GET /api/v1/contexts/:context/version` (DESIGN §4). */
export const contextRoutes: FastifyPluginAsync<{ contexts: ContextRegistry }> = async (app, { contexts }) => {
  app.get(
    "/api/v1/contexts",
    { config: { access: "read" } },
    async (): Promise<ContextList> => ({
      contexts: contexts.list(),
      current: contexts.current,
    }),
  );

  app.get<{ Params: { context: string } }>(
    "/api/v1/contexts/:context/version",
    { config: { access: "read" }, schema: { params: contextParams } },
    async (request): Promise<ServerVersion> =>
      asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request)).getJson<ServerVersion>(
        "/version",
      ),
  );
};
