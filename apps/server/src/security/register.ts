import fastifyHelmet from "@fastify/helmet";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { ApiError } from "../errors.ts";
import type { AllowedHosts } from "./allowed-hosts.ts";
import { targetProblem } from "./request-target.ts";
import { routeAccess } from "./route-access.ts";

/** The header every mutating REST call must carry (DESIGN §7): a cross-site form or fetch cannot set it. */
export const CSRF_HEADER = "x-requested-with";
export const CSRF_VALUE = "loupe";

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

/** Options of {@link registerSecurity}. */
export interface SecurityOptions {
  /** Refuse every `mutating` route. */
  readOnly: boolean;
  /** The hosts Loupe may be reached by (DNS rebinding). */
  hosts: AllowedHosts;
}

/**
 * The checks every request passes before any route runs (DESIGN §7), in this order:
 * 1. its `Host` is one Loupe may be reached by (421 otherwise: DNS rebinding);
 * 2. its target is a normalized path (400 otherwise: see {@link targetProblem});
 * 3. what its route's access class demands ({@link RouteAccess}): with `readOnly`, no `mutating` route runs;
 *    `mutating` and `session` routes need the CSRF header and, when the browser names one, Loupe's own origin
 *    (`Origin`, `Sec-Fetch-Site`); `rpc` routes a JSON body and Loupe's own origin when one is named; a WebSocket
 *    upgrade needs Loupe's own origin when one is named.
 * The session a `read` or `mutating` route needs in user-token mode is the auth plugin's check, after these.
 * Also adds @fastify/helmet's security headers, with the CSP above, to every response.
 */
export async function registerSecurity(app: FastifyInstance, options: SecurityOptions): Promise<void> {
  const { hosts, readOnly } = options;
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Loupe serves only itself; no cross-origin embedding or opening.
    crossOriginEmbedderPolicy: false,
    frameguard: { action: "deny" },
  });
  app.addHook("onRequest", async (request) => {
    const host = request.headers.host;
    if (!hosts.allows(host)) {
      throw new ApiError(
        421,
        "LOUPE_HOST_NOT_ALLOWED",
        `Loupe is not served as "${String(host ?? "").slice(0, 256)}": start it with --allowed-host <name> to allow a name`,
        { reason: "Forbidden" },
      );
    }
    const problem = targetProblem(request.raw.url ?? "");
    if (problem)
      throw new ApiError(400, "LOUPE_BAD_PATH", `Refused request target: ${problem}`, { reason: "BadRequest" });
    if (request.headers.upgrade?.toLowerCase() === "websocket") requireOwnOrigin(request, hosts);
    const access = routeAccess(request);
    if (access === "rpc") {
      requireRpc(request, hosts);
      return;
    }
    if (access !== "mutating" && access !== "session") return;
    if (readOnly && access === "mutating") {
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
    requireOwnOrigin(request, hosts);
  });
}

/**
 * An `rpc` request (see RouteAccess): a POST's body must be JSON by its Content-Type — a cross-site form can only
 * send text/plain, urlencoded or multipart, and a cross-site fetch of JSON needs a preflight Loupe never answers —
 * and a browser's request must come from Loupe's own origin.
 */
function requireRpc(request: FastifyRequest, hosts: AllowedHosts): void {
  const type = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (request.method === "POST" && type !== "application/json") {
    throw new ApiError(415, "LOUPE_RPC_JSON_ONLY", "This endpoint takes application/json only", {
      reason: "UnsupportedMediaType",
    });
  }
  requireOwnOrigin(request, hosts);
}

/**
 * A browser's request must come from Loupe's own page: an `Origin`, when sent, must be Loupe's (never `null`), and
 * `Sec-Fetch-Site`, when sent, `same-origin` or `none` (typed by the user). Clients that send neither (curl,
 * kubectl-like tools) pass: they hold no victim's cookies to ride on.
 */
function requireOwnOrigin(request: FastifyRequest, hosts: AllowedHosts): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !hosts.allowsOrigin(origin, request.headers.host)) {
    throw new ApiError(403, "LOUPE_CROSS_ORIGIN", `Requests from origin ${origin.slice(0, 256)} are refused`, {
      reason: "Forbidden",
    });
  }
  const site = request.headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") {
    throw new ApiError(403, "LOUPE_CROSS_ORIGIN", `Requests from a ${String(site).slice(0, 32)} page are refused`, {
      reason: "Forbidden",
    });
  }
}
