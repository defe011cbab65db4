import { PROBLEMS_MAX_ROWS, type ProblemKind, type ProblemRow, ProblemsQuery } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import { requestFlow } from "../cluster/flow.ts";
import { ApiError } from "../errors.ts";
import type { ProblemsService } from "./problems-service.ts";
import { collect, ProblemFilter, toRow } from "./problems-snapshot.ts";

interface Query {
  namespace?: string;
  group?: string;
  category?: string;
  verdict?: string;
  limit?: number;
  waitSeconds?: number;
}

/** `GET …/problems`'s answer: the same view a Problems subscription's first snapshot gives. */
export interface ProblemsResponse {
  kinds: ProblemKind[];
  rows: ProblemRow[];
  /** Matching problems in all (rows stop at the limit). */
  total: number;
  /** Every kind was listed (or failed, or is forbidden) before the answer; false: the wait ran out first. */
  complete: boolean;
}

/**
 * `GET /api/v1/contexts/:context/problems?namespace=&group=&category=&verdict=Failed,InProgress&limit=&waitSeconds=`:
 * every object that is not healthy, once (scripts, the MCP endpoint). It waits up to `waitSeconds` (default 10,
 * at most 30) for every kind to be listed. A `read` route: in user-token mode the lists are the user's, so RBAC
 * decides what is seen. The live view is the `query` WebSocket message (kind `problems`).
 */
export const problemRoutes: FastifyPluginAsync<{ problems: ProblemsService }> = async (app, { problems }) => {
  app.get<{ Params: { context: string }; Querystring: Query }>(
    "/api/v1/contexts/:context/problems",
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
            namespace: { type: "string", maxLength: 63 },
            group: { type: "string", maxLength: 253 },
            category: { type: "string", maxLength: 63 },
            verdict: { type: "string", maxLength: 64 },
            limit: { type: "integer", minimum: 1, maximum: PROBLEMS_MAX_ROWS },
            waitSeconds: { type: "integer", minimum: 0, maximum: 30 },
          },
        },
      },
    },
    async (request): Promise<ProblemsResponse> => {
      const { namespace, group, category, verdict, limit, waitSeconds = 10 } = request.query;
      const parsed = ProblemsQuery.safeParse({
        kind: "problems",
        namespace: namespace || undefined,
        group,
        category: category || undefined,
        verdicts: verdict ? verdict.split(",").map((v) => v.trim()) : undefined,
        limit,
      });
      if (!parsed.success) {
        const problemsText = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
        throw new ApiError(400, "LOUPE_BAD_QUERY", `invalid problems query: ${problemsText}`, { reason: "BadRequest" });
      }
      const { index, release } = await problems.acquire(
        request.params.context,
        parsed.data.namespace ?? "",
        request.kubeToken,
        requestFlow(request),
      );
      try {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const complete = await Promise.race([
          index.settled().then(() => true),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(false), waitSeconds * 1000);
          }),
        ]);
        clearTimeout(timer);
        const view = collect(index, new ProblemFilter(parsed.data));
        const rows = [...view.problems.values()].flat().map(toRow);
        return { kinds: view.kinds, rows, total: view.total, complete };
      } finally {
        release();
      }
    },
  );
};
