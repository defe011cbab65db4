import type { HealthReport } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import type { ContextRegistry } from "../cluster/contexts.ts";

/**
 * `/healthz`: the process is up (liveness; never touches the API server).
 * `/readyz`: the default context's API server answers its own `/readyz` within 3 s, and every check of
 * `readiness` (the history database takes a write) passes within 3 s (readiness); 503 otherwise.
 */
export const healthRoutes: FastifyPluginAsync<{
  contexts: ContextRegistry;
  readiness?: ReadonlyMap<string, () => Promise<void>>;
}> = async (app, { contexts, readiness }) => {
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
    const checks: Record<string, { ok: boolean; message?: string }> = { [name]: check };
    for (const [checkName, run] of readiness ?? []) {
      try {
        await Promise.race([
          run(),
          new Promise((_, reject) => setTimeout(() => reject(new Error("no answer within 3 s")), 3_000).unref()),
        ]);
        checks[checkName] = { ok: true };
      } catch (error) {
        checks[checkName] = { ok: false, message: (error as Error).message };
      }
    }
    const ok = Object.values(checks).every((c) => c.ok);
    reply.code(ok ? 200 : 503);
    return { status: ok ? "ok" : "unavailable", checks };
  });
};
