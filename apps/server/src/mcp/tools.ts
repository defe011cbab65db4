import type { CatalogResource, KubeObject, Table } from "@loupe/protocol";
import { QUERY_LIMITS } from "@loupe/protocol";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { asUser, readJson } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import type { CatalogRegistry } from "../discovery/registry.ts";
import { ApiError } from "../errors.ts";
import type { AccessCache } from "../history/access.ts";
import type { HistoryStore } from "../history/types.ts";
import { collectQuery } from "../query/collect.ts";
import type { QuerySessions } from "../query/query-service.ts";
import { upstreamPath } from "../resources/path.ts";
import type { SchemaRegistry } from "../schema/kind-schemas.ts";
import { registerHistoryTool } from "./history-tool.ts";
import { forMcp, problemKinds, schemaLines } from "./shape.ts";

/** What the tools act with: the caller's identity and token (user-token mode), and Loupe's services. */
export interface ToolContext {
  contexts: ContextRegistry;
  catalogs: CatalogRegistry;
  queries: QuerySessions;
  schemas: SchemaRegistry;
  /** The caller's Kubernetes token (user-token mode), undefined in kubeconfig mode. */
  token: string | undefined;
  /** Its identity (see IdentityTokens), held while the request runs. */
  identity: string;
  /** The rate-limit flow of the caller's upstream requests. */
  flow: string;
  /** The recorded history (DESIGN §11); undefined when it is off. */
  history: HistoryStore | undefined;
  /** Access reviews of history reads, cached per identity. */
  historyAccess: AccessCache;
}

// Names become path segments of upstream requests: never a slash, never a dot segment.
const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?!\.\.?$)[^/\\%]+$/, "not an object name");
const context = z.string().min(1).max(253).optional().describe("kubeconfig context; default: Loupe's current one");
const group = z
  .string()
  .max(253)
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?)?$/, "not an API group")
  .describe('API group; "" for the core group');
const namespace = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "not a namespace name")
  .optional()
  .describe("namespace; omitted: all namespaces (or cluster-scoped)");
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/**
 * The MCP tools: read-only, each calling the same services as the REST routes with the caller's credentials, so
 * the API server's RBAC decides as it does for the web app. Object bodies are returned without managedFields and
 * with Secret values masked (DESIGN §7: Loupe never hands out Secret values it was not asked to reveal by a user).
 */
export function registerTools(server: McpServer, ctx: ToolContext): void {
  const contextOf = (given: string | undefined) => {
    const chosen = given ?? ctx.contexts.current;
    if (!chosen) throw new ApiError(503, "LOUPE_NO_CONTEXT", "No cluster is configured", {});
    return chosen;
  };
  const client = (ctxName: string) => asUser(ctx.contexts.get(ctxName), ctx.token, ctx.flow);
  const resolve = async (ctxName: string, g: string, version: string | undefined, resource: string) => {
    const catalog = await ctx.catalogs.for(ctxName).get();
    const found = catalog.resources.find(
      (r) =>
        r.group === g &&
        (r.resource === resource || r.kind.toLowerCase() === resource.toLowerCase()) &&
        (version ? r.version === version : r.version === r.preferredVersion),
    );
    if (!found) throw new ApiError(404, "LOUPE_NO_SUCH_RESOURCE", `No resource ${resource} in group "${g}"`, {});
    return found;
  };

  server.registerTool(
    "list_kinds",
    {
      title: "List kinds",
      description:
        "Every kind (resource) the cluster serves, built-in and custom: group, version, resource, kind, scope, short names, verbs. Filter by a word.",
      inputSchema: {
        context,
        filter: z
          .string()
          .max(100)
          .optional()
          .describe("only kinds whose kind, resource, group or short name contains this"),
        customOnly: z.boolean().optional().describe("only kinds defined by CustomResourceDefinitions"),
      },
      annotations: { title: "List kinds", ...READ_ONLY },
    },
    async ({ context: c, filter, customOnly }) => {
      const catalog = await ctx.catalogs.for(contextOf(c)).get();
      const word = filter?.toLowerCase();
      const kinds = catalog.resources
        .filter((r) => r.version === r.preferredVersion && (!customOnly || r.custom))
        .filter(
          (r) => !word || [r.kind, r.resource, r.group, ...r.shortNames].some((n) => n.toLowerCase().includes(word)),
        )
        .map((r) => ({
          group: r.group,
          version: r.version,
          versions: r.versions,
          resource: r.resource,
          kind: r.kind,
          namespaced: r.namespaced,
          shortNames: r.shortNames,
          verbs: r.verbs,
          custom: r.custom,
        }));
      return json({ kinds });
    },
  );

  server.registerTool(
    "list_objects",
    {
      title: "List objects",
      description:
        "The objects of one kind as a table (the columns kubectl shows, or a CRD's printer columns), optionally in one namespace and by label or field selector.",
      inputSchema: {
        context,
        group,
        version: z.string().max(63).optional().describe("default: the kind's preferred version"),
        resource: name.describe("plural resource name (e.g. deployments) or kind"),
        namespace,
        labelSelector: z.string().max(4096).optional(),
        fieldSelector: z.string().max(4096).optional(),
        limit: z.number().int().min(1).max(500).optional().describe("rows at most (default 100)"),
        continue: z.string().max(8192).optional().describe("the continue token of the previous page"),
      },
      annotations: { title: "List objects", ...READ_ONLY },
    },
    async (args) => {
      const c = contextOf(args.context);
      const kind = await resolve(c, args.group, args.version, args.resource);
      const path = upstreamPath({ ...kindPath(kind), ...(args.namespace ? { namespace: args.namespace } : {}) });
      const params = new URLSearchParams({ limit: String(args.limit ?? 100), includeObject: "Metadata" });
      if (args.labelSelector) params.set("labelSelector", args.labelSelector);
      if (args.fieldSelector) params.set("fieldSelector", args.fieldSelector);
      if (args.continue) params.set("continue", args.continue);
      const response = await client(c).fetch(`${path}?${params}`, {
        headers: { accept: "application/json;as=Table;v=v1;g=meta.k8s.io, application/json" },
      });
      const table = await readJson<Table>(response);
      const columns = table.columnDefinitions.map((d) => d.name);
      const rows = table.rows.map((row) => {
        const out: Record<string, unknown> = {};
        const meta = row.object.metadata;
        if (meta.namespace) out.namespace = meta.namespace;
        columns.forEach((column, i) => {
          out[column] = row.cells[i];
        });
        return out;
      });
      return json({
        kind: kind.kind,
        apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
        rows,
        ...(table.metadata.continue ? { continue: table.metadata.continue } : {}),
      });
    },
  );

  server.registerTool(
    "get_object",
    {
      title: "Get an object",
      description: "One object as JSON (managedFields left out; a Secret's values masked).",
      inputSchema: {
        context,
        group,
        version: z.string().max(63).optional(),
        resource: name.describe("plural resource name or kind"),
        namespace,
        name,
      },
      annotations: { title: "Get an object", ...READ_ONLY },
    },
    async (args) => {
      const c = contextOf(args.context);
      const kind = await resolve(c, args.group, args.version, args.resource);
      const path = upstreamPath({
        ...kindPath(kind),
        ...(kind.namespaced && args.namespace ? { namespace: args.namespace } : {}),
        name: args.name,
      });
      const object = await client(c).getJson<KubeObject>(path);
      return json(forMcp(object, kind));
    },
  );

  server.registerTool(
    "search",
    {
      title: "Search objects",
      description:
        "Search every kind the caller may list by object name, label (key=value) or kind name; every word must match. Optionally one namespace and a label selector.",
      inputSchema: {
        context,
        text: z.string().max(QUERY_LIMITS.searchTextLength),
        namespace,
        labelSelector: z.string().max(4096).optional(),
        limit: z.number().int().min(1).max(500).optional().describe("hits at most (default 100)"),
      },
      annotations: { title: "Search objects", ...READ_ONLY },
    },
    async (args) => {
      const result = await collectQuery(
        ctx.queries,
        contextOf(args.context),
        ctx.identity,
        {
          kind: "search",
          text: args.text,
          ...(args.namespace ? { namespace: args.namespace } : {}),
          ...(args.labelSelector ? { labelSelector: args.labelSelector } : {}),
          limit: args.limit ?? 100,
        },
        20_000,
      );
      return json({
        hits: result.hits.map(hitSummary),
        truncated: result.truncated,
        complete: result.complete,
        kindsRead: result.kinds,
        failedKinds: result.failed,
      });
    },
  );

  server.registerTool(
    "problems",
    {
      title: "Problems",
      description:
        "Every object that is not healthy (verdict InProgress, Failed, Terminating or Unknown, after the kstatus conventions) across all custom resources and the built-in workloads, PVCs, Pods and Services, with the reason and message.",
      inputSchema: {
        context,
        namespace,
        verdict: z.enum(["InProgress", "Failed", "Terminating", "Unknown"]).optional().describe("only this verdict"),
        limit: z.number().int().min(1).max(1000).optional().describe("objects at most (default 200)"),
      },
      annotations: { title: "Problems", ...READ_ONLY },
    },
    async (args) => {
      const c = contextOf(args.context);
      const catalog = await ctx.catalogs.for(c).get();
      const expression = args.verdict ? `health.verdict == "${args.verdict}"` : 'health.verdict != "Current"';
      const result = await collectQuery(
        ctx.queries,
        c,
        ctx.identity,
        {
          kind: "cel",
          expression,
          kinds: problemKinds(catalog.resources),
          ...(args.namespace ? { namespace: args.namespace } : {}),
          limit: args.limit ?? 200,
        },
        20_000,
      );
      return json({
        problems: result.hits.map(hitSummary),
        truncated: result.truncated,
        complete: result.complete,
        kindsRead: result.kinds,
        failedKinds: result.failed,
      });
    },
  );

  registerHistoryTool(server, ctx, contextOf, resolve, {
    context,
    group,
    name,
    namespace,
    annotations: READ_ONLY,
    json,
  });

  server.registerTool(
    "get_schema",
    {
      title: "A kind's schema",
      description:
        "The fields of a kind, kubectl-explain style: one line per field with its type, whether it is required, and its description (to a depth).",
      inputSchema: {
        context,
        group,
        version: z.string().max(63).optional(),
        kind: name.describe("kind (e.g. Deployment) or plural resource name"),
        depth: z.number().int().min(1).max(8).optional().describe("levels of fields (default 3)"),
      },
      annotations: { title: "A kind's schema", ...READ_ONLY },
    },
    async (args) => {
      const c = contextOf(args.context);
      const kind = await resolve(c, args.group, args.version, args.kind);
      const found = await ctx.schemas.for(c).get({ group: kind.group, version: kind.version, kind: kind.kind });
      return {
        content: [{ type: "text" as const, text: schemaLines(found.schema.fields, args.depth ?? 3).join("\n") }],
      };
    },
  );
}

function kindPath(kind: CatalogResource) {
  return { group: kind.group, version: kind.version, resource: kind.resource };
}

function hitSummary(hit: {
  kind?: string;
  apiVersion?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  hit: { resource: string; matched?: string[]; health?: { verdict: string; reason: string; message: string } };
}) {
  return {
    kind: hit.kind,
    apiVersion: hit.apiVersion,
    resource: hit.hit.resource,
    ...(hit.metadata.namespace ? { namespace: hit.metadata.namespace } : {}),
    name: hit.metadata.name,
    ...(hit.hit.matched ? { matched: hit.hit.matched } : {}),
    ...(hit.hit.health ? { health: hit.hit.health } : {}),
  };
}

function json(value: unknown) {
  return { content: [{ type: "text" as const, text: JSON.stringify(value, null, 1) }] };
}
