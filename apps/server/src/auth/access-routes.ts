import type { FastifyPluginAsync } from "fastify";
import { asUser, readJson } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";

const MUTATING = new Set(["create", "update", "patch", "delete", "deletecollection"]);

interface AccessQuery {
  verb: string;
  group?: string;
  resource: string;
  namespace?: string;
  name?: string;
  subresource?: string;
}

/**
 * `GET /api/v1/contexts/:context/access?verb=&group=&resource=[&namespace=&name=&subresource=]` — may the current
 * user do this? Asked of the API server as a SelfSubjectAccessReview (as that user, in user-token mode), so the UI
 * can hide or disable what RBAC refuses. A GET, so it works in read-only mode, where every mutating verb is
 * answered "no" with the reason. The UI's answer is a courtesy: the server and RBAC still enforce.
 */
export const accessRoutes: FastifyPluginAsync<{ contexts: ContextRegistry; readOnly: boolean }> = async (
  app,
  { contexts, readOnly },
) => {
  app.get<{ Params: { context: string }; Querystring: AccessQuery }>(
    "/api/v1/contexts/:context/access",
    {
      config: { access: "read" },
      schema: {
        querystring: {
          type: "object",
          required: ["verb", "resource"],
          additionalProperties: false,
          properties: {
            verb: { type: "string", minLength: 1, maxLength: 64 },
            group: { type: "string", maxLength: 253 },
            resource: { type: "string", minLength: 1, maxLength: 253 },
            namespace: { type: "string", maxLength: 253 },
            name: { type: "string", maxLength: 253 },
            subresource: { type: "string", maxLength: 64 },
          },
        },
      },
    },
    async (request) => {
      const { verb, group = "", resource, namespace, name, subresource } = request.query;
      if (readOnly && MUTATING.has(verb)) {
        return { allowed: false, reason: "Loupe runs read-only", readOnly: true };
      }
      const client = asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request));
      const response = await client.fetch("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          apiVersion: "authorization.k8s.io/v1",
          kind: "SelfSubjectAccessReview",
          spec: { resourceAttributes: { verb, group, resource, namespace, name, subresource } },
        }),
      });
      const review = await readJson<{ status?: { allowed?: boolean; denied?: boolean; reason?: string } }>(response);
      return { allowed: review.status?.allowed === true, reason: review.status?.reason ?? "", readOnly };
    },
  );
};
