import type { FastifyInstance } from "fastify";
import { ApiError } from "./errors.ts";

/** The header every mutating REST call must carry (DESIGN §7): a cross-site form or fetch cannot set it. */
export const CSRF_HEADER = "x-requested-with";
export const CSRF_VALUE = "loupe";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The Content-Security-Policy of every response: scripts, styles, workers and connections only from Loupe's own
 * origin. Styles allow 'unsafe-inline' because the editor (Monaco) sets style attributes at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/**
 * Refuses what must never reach a route: with `readOnly`, every mutating `/api/` call (whatever the credentials
 * allow); otherwise any mutating `/api/` call without the CSRF header. Adds security headers to every response.
 */
export function registerSecurity(app: FastifyInstance, options: { readOnly: boolean }): void {
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith("/api/")) return;
    if (options.readOnly) {
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
  app.addHook("onSend", async (_request, reply) => {
    reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "no-referrer");
    reply.header("x-frame-options", "DENY");
  });
}
