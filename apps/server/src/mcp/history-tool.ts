import type { CatalogResource } from "@loupe/protocol";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { asUser } from "../cluster/connection.ts";
import { ApiError } from "../errors.ts";
import { toWire } from "../history/wire.ts";
import type { ToolContext } from "./tools.ts";

/** The argument schemas and helpers every tool shares (defined in tools.ts). */
export interface SharedArgs {
  context: z.ZodOptional<z.ZodString>;
  group: z.ZodString;
  name: z.ZodString;
  namespace: z.ZodOptional<z.ZodString>;
  annotations: Record<string, boolean>;
  json: (value: unknown) => { content: { type: "text"; text: string }[] };
}

/**
 * `object_history`: what changed in one object, newest first, from the recorded history — only when the caller may
 * `get` the object now (as the history routes decide).
 */
export function registerHistoryTool(
  server: McpServer,
  ctx: ToolContext,
  contextOf: (given: string | undefined) => string,
  resolve: (c: string, g: string, v: string | undefined, r: string) => Promise<CatalogResource>,
  shared: SharedArgs,
): void {
  const { context, group, name, namespace, json } = shared;
  server.registerTool(
    "object_history",
    {
      title: "An object's history",
      description:
        "The recorded changes of one object, newest first: time, type (ADDED/MODIFIED/DELETED), the fields that changed (before → after) and who changed them (field managers).",
      inputSchema: {
        context,
        group,
        resource: name.describe("plural resource name or kind"),
        namespace,
        name,
        limit: z.number().int().min(1).max(100).optional().describe("changes at most (default 20)"),
      },
      annotations: { title: "An object's history", ...shared.annotations },
    },
    async (args) => {
      if (!ctx.history) {
        throw new ApiError(404, "LOUPE_HISTORY_OFF", "History is off on this server (started with --no-history)", {});
      }
      const c = contextOf(args.context);
      const kind = await resolve(c, args.group, undefined, args.resource);
      const connection = ctx.contexts.get(c);
      const client = asUser(connection, ctx.token, ctx.flow);
      const attributes = {
        group: kind.group,
        resource: kind.resource,
        namespace: kind.namespaced ? (args.namespace ?? "") : "",
      };
      const allowed =
        (await ctx.historyAccess.mayGet(client, ctx.identity, attributes)) ||
        (await ctx.historyAccess.mayGet(client, ctx.identity, { ...attributes, name: args.name }));
      if (!allowed) {
        throw new ApiError(
          403,
          "LOUPE_FORBIDDEN",
          `You may not get ${kind.resource} "${args.name}", so its history is not shown`,
          {},
        );
      }
      const rows = await ctx.history.query({
        cluster: connection.server,
        group: kind.group,
        resource: kind.resource,
        namespace: attributes.namespace,
        name: args.name,
        limit: args.limit ?? 20,
      });
      return json({ changes: rows.map(toWire) });
    },
  );
}
