import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { jsonTextOf, PATCH_TYPES, registerBodyParsers } from "../bodies/parsers.ts";
import { asUser, type KubeClient, readJson } from "../cluster/connection.ts";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { requestFlow } from "../cluster/flow.ts";
import type { CatalogRegistry } from "../discovery/registry.ts";
import { ApiError } from "../errors.ts";
import { type ResourcePath, resolveResourcePath, upstreamPath } from "./path.ts";

const TABLE_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io, application/json";

/** Query parameters Kubernetes defines that Loupe passes through, and Loupe's own (`as`). Others are a 400. */
const querystring = {
  type: "object",
  additionalProperties: false,
  properties: {
    as: { type: "string", enum: ["table", "object"] },
    includeObject: { type: "string", enum: ["None", "Metadata", "Object"] },
    labelSelector: { type: "string", maxLength: 4096 },
    fieldSelector: { type: "string", maxLength: 4096 },
    limit: { type: "integer", minimum: 1, maximum: 100_000 },
    continue: { type: "string", maxLength: 8192 },
    resourceVersion: { type: "string", maxLength: 128 },
    resourceVersionMatch: { type: "string", enum: ["Exact", "NotOlderThan"] },
    dryRun: { type: "string", enum: ["All"] },
    fieldManager: { type: "string", minLength: 1, maxLength: 128 },
    fieldValidation: { type: "string", enum: ["Ignore", "Warn", "Strict"] },
    force: { type: "boolean" },
    propagationPolicy: { type: "string", enum: ["Background", "Foreground", "Orphan"] },
    gracePeriodSeconds: { type: "integer", minimum: 0 },
  },
} as const;

type Query = Partial<Record<keyof (typeof querystring)["properties"], string | number | boolean>>;
type KubeRequest = FastifyRequest<{ Params: { context: string; "*": string }; Querystring: Query }>;

/** Parameters each verb may carry upstream (the rest are ours or meaningless for that verb). */
const PASS = {
  list: ["labelSelector", "fieldSelector", "limit", "continue", "resourceVersion", "resourceVersionMatch"],
  get: ["resourceVersion"],
  write: ["dryRun", "fieldManager", "fieldValidation"],
  patch: ["dryRun", "fieldManager", "fieldValidation", "force"],
  delete: ["dryRun", "propagationPolicy", "gracePeriodSeconds"],
} as const;

/**
 * `/api/v1/contexts/:context/k8s/<kubernetes path>`: one route per Kubernetes verb, generic over every resource the
 * catalog knows (no per-kind code). GET lists in the Table format (unless `as=object`) or gets one object; POST
 * creates; PUT replaces and must carry the resourceVersion the user started from (so a concurrent change is a 409,
 * never a silent overwrite); PATCH's Content-Type picks merge, JSON or server-side apply (`fieldManager=loupe`);
 * DELETE deletes one object. The API server's answers, errors included, pass through unchanged.
 */
export const resourceRoutes: FastifyPluginAsync<{ contexts: ContextRegistry; catalogs: CatalogRegistry }> = async (
  app,
  { contexts, catalogs },
) => {
  registerBodyParsers(app);

  const handler = async (request: KubeRequest, reply: FastifyReply) => {
    const connection = asUser(contexts.get(request.params.context), request.kubeToken, requestFlow(request));
    const catalog = catalogs.for(request.params.context);
    const { path } = await resolveResourcePath(request.params["*"], (g, v, r) => catalog.resolve(g, v, r));
    const target = upstreamPath(path);
    const query = request.query;

    switch (request.method) {
      case "GET":
        if (path.name === undefined) {
          const table = query.as !== "object";
          const params = pick(query, PASS.list);
          if (table) params.set("includeObject", String(query.includeObject ?? "Metadata"));
          const headers = { accept: table ? TABLE_ACCEPT : "application/json" };
          return stream(reply, await connection.fetch(withQuery(target, params), { headers }));
        }
        return stream(reply, await connection.fetch(withQuery(target, pick(query, PASS.get)), json()));
      case "POST":
        if (path.name !== undefined || path.subresource)
          throw badVerb(request, "POST creates in a collection: name no object");
        return forward(reply, await send(connection, "POST", target, writeParams(query, PASS.write), body(request)));
      case "PUT": {
        requireName(request, path);
        const object = body(request);
        if (!hasResourceVersion(object)) {
          throw new ApiError(
            400,
            "LOUPE_RESOURCE_VERSION_REQUIRED",
            "A replace (PUT) must carry metadata.resourceVersion, the version you started from, so that a change made meanwhile is a conflict instead of being overwritten",
            {
              reason: "BadRequest",
              details: { causes: [{ field: "metadata.resourceVersion", reason: "FieldValueRequired" }] },
            },
          );
        }
        return forward(reply, await send(connection, "PUT", target, writeParams(query, PASS.write), object));
      }
      case "PATCH": {
        requireName(request, path);
        const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
        if (!PATCH_TYPES.includes(type)) {
          throw new ApiError(
            415,
            "LOUPE_UNSUPPORTED_PATCH",
            `PATCH needs a Content-Type of ${PATCH_TYPES.join(", ")}; got "${type || "none"}"`,
            { reason: "UnsupportedMediaType" },
          );
        }
        const params = writeParams(query, PASS.patch);
        return forward(reply, await send(connection, "PATCH", target, params, request.body as string, type));
      }
      case "DELETE": {
        requireName(request, path);
        if (path.subresource) throw badVerb(request, "DELETE takes an object, not a subresource");
        const params = pick(query, PASS.delete);
        const options = request.body && typeof request.body === "object" ? request.body : undefined;
        return forward(reply, await send(connection, "DELETE", target, params, options));
      }
      default:
        throw badVerb(request, "unsupported method");
    }
  };
  // One handler, two routes: reading is `read`, the rest `mutating` (DESIGN §7: the class is the route's own).
  const url = "/api/v1/contexts/:context/k8s/*";
  app.route<{ Params: { context: string; "*": string }; Querystring: Query }>({
    method: "GET",
    url,
    config: { access: "read" },
    schema: { querystring },
    handler,
  });
  app.route<{ Params: { context: string; "*": string }; Querystring: Query }>({
    method: ["POST", "PUT", "PATCH", "DELETE"],
    url,
    config: { access: "mutating" },
    schema: { querystring },
    handler,
  });
};

function json() {
  return { headers: { accept: "application/json" } };
}

function send(
  connection: KubeClient,
  method: string,
  target: string,
  params: URLSearchParams,
  payload: unknown,
  contentType = "application/json",
) {
  const text =
    payload === undefined
      ? undefined
      : typeof payload === "string"
        ? payload
        : (jsonTextOf(payload) ?? JSON.stringify(payload));
  return connection.fetch(withQuery(target, params), {
    method,
    headers: { accept: "application/json", ...(text === undefined ? {} : { "content-type": contentType }) },
    body: text,
  });
}

/** Sends the API server's answer on: its status and JSON body, `Warning` and `Retry-After` headers. */
async function forward(reply: FastifyReply, response: Awaited<ReturnType<KubeClient["fetch"]>>) {
  // Deprecation warnings, and when the API server asked to come back later past Loupe's own retries, when.
  for (const name of ["warning", "retry-after"]) {
    const value = response.headers.get(name);
    if (value) reply.header(name, value);
  }
  const body = await readJson<unknown>(response);
  return reply.code(response.status).send(body);
}

/**
 * Like {@link forward}, but a successful JSON answer is streamed through as the API server sends it, never parsed
 * nor buffered whole: a list of 50,000 objects costs the server a chunk at a time, not the list twice (text and
 * objects). Failures are read and answered in the uniform error shape as forward() does.
 */
async function stream(reply: FastifyReply, response: Awaited<ReturnType<KubeClient["fetch"]>>) {
  const type = response.headers.get("content-type") ?? "";
  if (!response.ok || !response.body || !type.startsWith("application/json")) return forward(reply, response);
  for (const name of ["warning", "retry-after"]) {
    const value = response.headers.get(name);
    if (value) reply.header(name, value);
  }
  reply.code(response.status).header("content-type", "application/json; charset=utf-8");
  return reply.send(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>));
}

function pick(query: Query, names: readonly string[]): URLSearchParams {
  const params = new URLSearchParams();
  for (const name of names) {
    const value = query[name as keyof Query];
    if (value !== undefined) params.set(name, String(value));
  }
  return params;
}

/** Writes record Loupe as their field manager unless the caller names another. */
function writeParams(query: Query, names: readonly string[]): URLSearchParams {
  const params = pick(query, names);
  if (!params.has("fieldManager")) params.set("fieldManager", "loupe");
  return params;
}

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

function body(request: KubeRequest): Record<string, unknown> {
  const value = request.body;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new ApiError(
      400,
      "LOUPE_BODY_NOT_AN_OBJECT",
      "The request body must be one Kubernetes object (JSON or YAML)",
      {
        reason: "BadRequest",
      },
    );
  }
  return value as Record<string, unknown>;
}

function hasResourceVersion(object: Record<string, unknown>): boolean {
  const metadata = object.metadata as { resourceVersion?: unknown } | undefined;
  return typeof metadata?.resourceVersion === "string" && metadata.resourceVersion !== "";
}

function requireName(request: KubeRequest, path: ResourcePath): void {
  if (path.name === undefined) throw badVerb(request, `${request.method} needs an object: add /<name> to the path`);
}

function badVerb(request: KubeRequest, why: string): ApiError {
  return new ApiError(405, "LOUPE_METHOD_NOT_ALLOWED", `${request.method} ${request.params["*"]}: ${why}`, {
    reason: "MethodNotAllowed",
  });
}
