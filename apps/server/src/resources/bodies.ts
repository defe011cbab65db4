import type { FastifyInstance } from "fastify";
import { parse, YAMLParseError } from "yaml";
import { ApiError } from "../errors.ts";

/** The PATCH flavours Kubernetes understands, picked by Content-Type. */
export const PATCH_TYPES = [
  "application/merge-patch+json",
  "application/json-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

/**
 * Body parsers of the resource routes. Objects may come as JSON (Fastify's own parser) or YAML (parsed here, so
 * `curl --data-binary @file.yaml` works). Patches stay the text the client sent, checked for syntax first, so the
 * API server receives exactly what the user wrote. Syntax errors are a 400 saying where.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  app.addContentTypeParser(
    ["application/yaml", "application/x-yaml"],
    { parseAs: "string" },
    (_request, text, done) => {
      try {
        done(null, parseYaml(text as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  app.addContentTypeParser(
    PATCH_TYPES.filter((t) => t.endsWith("+json")),
    { parseAs: "string" },
    (_request, text, done) => {
      try {
        JSON.parse(text as string);
        done(null, text);
      } catch (error) {
        done(invalid("JSON", (error as Error).message), undefined);
      }
    },
  );
  app.addContentTypeParser("application/apply-patch+yaml", { parseAs: "string" }, (_request, text, done) => {
    try {
      parseYaml(text as string);
      done(null, text);
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

function parseYaml(text: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const where = error.linePos?.[0] ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : "";
      throw invalid("YAML", `${error.code}${where}: ${error.message.split("\n")[0]}`);
    }
    throw invalid("YAML", (error as Error).message);
  }
}

function invalid(language: string, message: string): ApiError {
  return new ApiError(400, `LOUPE_INVALID_${language}`, `The request body is not valid ${language}: ${message}`, {
    reason: "BadRequest",
  });
}
