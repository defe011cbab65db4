import type { ApiServerHealth } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import { asUser } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";

/**
 * `GET /api/v1/contexts/:context/apiserver-health` (read): the context's API server's `/readyz?verbose`, asked with
 * the user's credentials and parsed into checks, for the cluster home. Answers 200 with `ok: false` when the API
 * server is not ready or does not answer within 5 s: its health is the content, not an error of this route.
 */
export const apiServerHealthRoutes: FastifyPluginAsync<{ contexts: ContextRegistry }> = async (app, { contexts }) => {
  app.get<{ Params: { context: string } }>(
    "/api/v1/contexts/:context/apiserver-health",
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
    async (request): Promise<ApiServerHealth> => {
      const client = asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request));
      const started = performance.now();
      try {
        const response = await client.fetch("/readyz?verbose", { signal: AbortSignal.timeout(5_000) });
        const text = (await response.text()).slice(0, 64 * 1024);
        return {
          ok: response.ok,
          status: response.status,
          ...parseReadyz(text, response.ok),
          latencyMs: elapsed(started),
        };
      } catch (error) {
        return { ok: false, status: 0, checks: [], message: (error as Error).message, latencyMs: elapsed(started) };
      }
    },
  );
};

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** `[+]name ok` / `[-]name failed: reason` lines; the last line (`readyz check passed` / `failed`) as the message. */
export function parseReadyz(text: string, ok: boolean): { checks: { name: string; ok: boolean }[]; message?: string } {
  const checks: { name: string; ok: boolean }[] = [];
  let message: string | undefined;
  for (const line of text.split("\n")) {
    const match = /^\[([+-])\]([^\s]+)/.exec(line.trim());
    if (match?.[1] && match[2]) checks.push({ name: match[2], ok: match[1] === "+" });
    else if (line.trim()) message = line.trim();
  }
  if (ok && message?.endsWith("check passed")) return { checks };
  return message === undefined ? { checks } : { checks, message: message.slice(0, 500) };
}
