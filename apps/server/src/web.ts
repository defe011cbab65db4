import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** The built SPA's folder (apps/web/dist). */
export const DEFAULT_WEB_ROOT = join(import.meta.dirname, "..", "..", "web", "dist");

/**
 * Serves the built SPA's files. The caller's not-found handler answers client-side routes with index.html
 * (see {@link isSpaRoute}) so that a reload lands on the same view.
 */
export async function registerWeb(app: FastifyInstance, root: string): Promise<void> {
  if (!existsSync(join(root, "index.html"))) {
    throw new Error(`web: no built SPA at ${root} (run the web build first)`);
  }
  // The build writes .br and .gz beside each text file (scripts/ensure-web.ts): served as they are, no work per request.
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ["index.html"],
    cacheControl: false,
    preCompressed: true,
  });
}

/**
 * A GET for a client-side route: not an API path and not a file (files the SPA has are served as such). Every
 * view under `/c/` is a route whatever its last segment looks like: object names often end in `.crt`, `.com`
 * (CRDs are named `<plural>.<group>`) or `.yaml`, and a reload of their page must land on the same view.
 */
export function isSpaRoute(method: string, url: string): boolean {
  const path = url.split("?")[0] ?? "";
  if (method !== "GET" || path.startsWith("/api/")) return false;
  return path.startsWith("/c/") || !/\.[a-z0-9]+$/i.test(path);
}
