import type { ConversionProbe, CrdList, CrdSummary } from "@loupe/protocol";
import type { FastifyPluginAsync } from "fastify";
import { asUser } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";
import { type ConversionSpec, probeConversion } from "./probe.ts";
import { summarizeCrd } from "./summary.ts";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
/**
 * CRDs read per upstream page. Each page is parsed, projected and dropped before the next is asked for, so the
 * server holds one page of whole CRDs at a time (a Crossplane CRD can weigh a megabyte), never the whole list.
 */
export const CRD_PAGE = 50;

const context = { type: "string", minLength: 1, maxLength: 253 } as const;
/** A CRD's name is `<plural>.<group>`: a DNS subdomain. */
const crdName = { type: "string", minLength: 3, maxLength: 253, pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" } as const;

/**
 * The Custom Resources home's routes. Both read with the user's credentials (user-token mode: RBAC decides), both
 * are `read`:
 * - `GET /api/v1/contexts/:context/crds`: every CRD, projected to a {@link CrdSummary} (no schemas).
 * - `GET /api/v1/contexts/:context/crds/:name/conversion-probe`: whether the CRD's conversion webhook answers
 *   (crds/probe.ts: only through the API server's service proxy, never a URL).
 * The CRD's full body (schemas, printer columns) is read through the generic `k8s/` route when one CRD is shown.
 */
export const crdRoutes: FastifyPluginAsync<{ contexts: ContextRegistry }> = async (app, { contexts }) => {
  app.get<{ Params: { context: string } }>(
    "/api/v1/contexts/:context/crds",
    {
      config: { access: "read" },
      schema: { params: { type: "object", required: ["context"], properties: { context } } },
    },
    async (request): Promise<CrdList> => {
      const client = asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request));
      const items: CrdSummary[] = [];
      let resourceVersion = "";
      let token: string | undefined;
      do {
        const params = new URLSearchParams({ limit: String(CRD_PAGE) });
        if (token) params.set("continue", token);
        const page = await client.getJson<{
          metadata?: { continue?: string; resourceVersion?: string };
          items?: unknown[];
        }>(`${CRDS}?${params}`);
        for (const item of page.items ?? []) items.push(summarizeCrd(item));
        resourceVersion ||= page.metadata?.resourceVersion ?? "";
        token = page.metadata?.continue || undefined;
      } while (token);
      items.sort((a, b) => a.group.localeCompare(b.group) || a.kind.localeCompare(b.kind));
      return { context: request.params.context, resourceVersion, items };
    },
  );

  app.get<{ Params: { context: string; name: string } }>(
    "/api/v1/contexts/:context/crds/:name/conversion-probe",
    {
      config: { access: "read" },
      schema: {
        params: { type: "object", required: ["context", "name"], properties: { context, name: crdName } },
      },
    },
    async (request): Promise<ConversionProbe> => {
      const client = asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request));
      const crd = await client.getJson<{
        spec?: { group?: string; versions?: { name?: string; storage?: boolean }[]; conversion?: ConversionSpec };
      }>(`${CRDS}/${encodeURIComponent(request.params.name)}`);
      return probeConversion(client, {
        name: request.params.name,
        group: crd.spec?.group ?? "",
        storageVersion: crd.spec?.versions?.find((v) => v.storage)?.name,
        conversion: crd.spec?.conversion,
      });
    },
  );
};
