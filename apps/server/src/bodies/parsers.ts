import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";
import { parseJson } from "./json.ts";
import { type BodyLimits, type BodyRefusal, DEFAULT_BODY_LIMITS, type Parsed } from "./limits.ts";
import { YamlPool } from "./yaml-pool.ts";

/** The PATCH flavours Kubernetes understands, picked by Content-Type. */
export const PATCH_TYPES = [
  "application/merge-patch+json",
  "application/json-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

const STARTS_LIKE_JSON = /^\s*[{[]/;

/** The JSON text each parsed JSON object body came from, so it goes upstream as sent rather than re-serialized. */
const sentAs = new WeakMap<object, string>();

/** The JSON text `body` was parsed from, if it came as JSON (see {@link registerBodyParsers}). */
export function jsonTextOf(body: unknown): string | undefined {
  return body !== null && typeof body === "object" ? sentAs.get(body) : undefined;
}

/**
 * Body parsers of the resource routes, within the limits of limits.ts. Objects may come as JSON or YAML (so
 * `curl --data-binary @file.yaml` works). Patches stay the text the client sent, checked first, so the API server
 * receives exactly what the user wrote; so do JSON objects ({@link jsonTextOf}: re-serializing would cost the event
 * loop as much again as parsing). JSON is measured (json.ts) before JSON.parse, on the event loop; YAML is
 * parsed in a worker thread (yaml-pool.ts), unless it is JSON text, which is YAML too and far cheaper. An empty
 * object body is no body (a DELETE with `Content-Type: application/json` and nothing else deletes, as upstream);
 * an empty patch is a 400. Every refusal is an {@link ApiError}: 400 for syntax, depth and aliases, 413 for size.
 */
export function registerBodyParsers(app: FastifyInstance, limits: BodyLimits = DEFAULT_BODY_LIMITS): void {
  const pool = new YamlPool(limits);
  app.addHook("onClose", () => pool.close());

  const parseYamlText = async (text: string, wantValue: boolean): Promise<Parsed> => {
    if (STARTS_LIKE_JSON.test(text)) {
      // Anything the JSON path refuses (flow YAML, or JSON past its limits) gets YAML's exact verdict instead.
      const json = parseJson(text, limits);
      if ("value" in json) return json;
    }
    return pool.parse(text, wantValue);
  };

  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    async (_request: FastifyRequest, text: string) => {
      if (isBlank(text)) return undefined;
      const value = accepted(parseJson(text, limits));
      if (value !== null && typeof value === "object") sentAs.set(value, text);
      return value;
    },
  );
  app.addContentTypeParser(
    PATCH_TYPES.filter((t) => t.endsWith("+json")),
    { parseAs: "string" },
    async (_request: FastifyRequest, text: string) => {
      requirePatch(text);
      accepted(parseJson(text, limits));
      return text;
    },
  );
  app.addContentTypeParser(
    ["application/yaml", "application/x-yaml"],
    { parseAs: "string" },
    async (_request: FastifyRequest, text: string) =>
      isBlank(text) ? undefined : accepted(await parseYamlText(text, true)),
  );
  app.addContentTypeParser(
    "application/apply-patch+yaml",
    { parseAs: "string" },
    async (_request: FastifyRequest, text: string) => {
      requirePatch(text);
      accepted(await parseYamlText(text, false));
      return text;
    },
  );
}

function isBlank(text: string): boolean {
  return !/\S/.test(text);
}

function requirePatch(text: string): void {
  if (isBlank(text)) {
    throw new ApiError(400, "LOUPE_PATCH_EMPTY", "A PATCH needs a body: the patch to apply", { reason: "BadRequest" });
  }
}

function accepted(parsed: Parsed): unknown {
  if ("refusal" in parsed) throw toApiError(parsed.refusal);
  return parsed.value;
}

function toApiError({ statusCode, code, message, reason }: BodyRefusal): ApiError {
  return new ApiError(statusCode, code, message, { reason });
}
