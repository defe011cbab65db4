import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.ts";

/** The header every mutating REST call must carry (DESIGN §7): a cross-site form or fetch cannot set it. */
export const CSRF_HEADER = "x-requested-with";
export const CSRF_VALUE = "loupe";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The Content-Security-Policy of every response: scripts, styles, workers and connections only from Loupe's own
 * origin. Styles allow 'unsafe-inline' because the editor (Monaco) sets style attributes at run time; workers may
 * be blob: URLs, which Monaco's loader uses.
 */
export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'", "data:"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", "blob:"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
};

/**
 * Refuses what must never reach a route: with `readOnly`, every mutating call to a cluster (whatever the
 * credentials allow); otherwise any mutating `/api/` call without the CSRF header. Adds @fastify/helmet's security
 * headers, with the CSP above, to every response.
 */
export async function registerSecurity(app: FastifyInstance, options: { readOnly: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Loupe serves only itself; no cross-origin embedding or opening.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: "deny" },
  });
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith("/api/")) return;
    if (options.readOnly && request.url.startsWith("/api/v1/contexts/")) {
      throw new ApiError(403, "LOUPE_READ_ONLY", `Loupe runs read-only: ${request.method} is refused`, {
        reason: "Forbidden",
      });
    }
    if (request.headers[CSRF_HEADER] !== CSRF_VALUE) {
      throw new ApiError(
        403,
        "LOUPE_CSRF_HEADER_MISSING",
        `Mutating requests must carry the header "X-Requested-With: ${CSRF_VALUE}"`,
        { reason: "Forbidden" },
      );
    }
  });
}
