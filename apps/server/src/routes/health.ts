import type { HealthReport } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import type { ContextRegistry } from "../cluster/contexts.ts";

/**
 * `/healthz`: the process is up (liveness; never touches the API server).
 * `/readyz`: the default context's API server answers its own `/readyz` within 3 s (readiness), 503 otherwise.
 */
export const healthRoutes: FastifyPluginAsync<{ contexts: ContextRegistry }> = async (app, { contexts }) => {
  app.get("/healthz", { config: { access: "public" } }, async (): Promise<HealthReport> => ({ status: "ok" }));

  app.get("/readyz", { config: { access: "public" } }, async (_request, reply): Promise<HealthReport> => {
    const name = contexts.current;
    if (name === null) {
      reply.code(503);
      return { status: "unavailable", checks: {} };
    }
    let check: { ok: boolean; message?: string };
    try {
      const response = await contexts.get(name).fetch("/readyz", { signal: AbortSignal.timeout(3_000) });
      const text = await response.text();
      check = response.ok ? { ok: true } : { ok: false, message: `HTTP ${response.status}: ${text.slice(0, 200)}` };
    } catch (error) {
      check = { ok: false, message: (error as Error).message };
    }
    reply.code(check.ok ? 200 : 503);
    return { status: check.ok ? "ok" : "unavailable", checks: { [name]: check } };
  });
};
