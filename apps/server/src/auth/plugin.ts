import fastifyCookie from "@fastify/cookie";
import fastifyRateLimit from "@fastify/rate-limit";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ContextRegistry } from "../cluster/contexts.ts";
import { ApiError } from "../errors.ts";
import { needsSession, routeAccess } from "../security/route-access.ts";
import { SessionCodec } from "./session.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** In user-token mode, the signed-in user's bearer token; routes act as that user. Undefined otherwise. */
    kubeToken: string | undefined;
  }
}

/** How Loupe authenticates to API servers. */
export type AuthOptions =
  | {
      /** The server's own credentials (kubeconfig, or the in-cluster service account) for everyone. */
      mode: "kubeconfig";
    }
  | {
      /** Each user signs in with a bearer token that is forwarded to the API server: Kubernetes RBAC decides. */
      mode: "user-token";
      /** Secret the session cookies are sealed with; replicas sharing it share sessions (≥ 32 bytes). */
      sessionSecret: string;
      /**
       * A header an OIDC-authenticating proxy in front of Loupe sets with the user's token (e.g.
       * `x-forwarded-access-token`); trusted only when configured. Default: none (cookie sessions only).
       */
      tokenHeader?: string;
      /** Session lifetime (default 8 h). */
      sessionTtlMs?: number;
      /** Mark the cookie Secure (default: when the request came over TLS, as Fastify's `request.protocol` says). */
      secureCookie?: boolean;
      /** Sign-in attempts per client address per minute (default 10). */
      signInPerMinute?: number;
    };

export const SESSION_COOKIE = "loupe_session";

/**
 * Sign-in and per-request identity. In `user-token` mode, every `read` and `mutating` route (see
 * security/route-access.ts) requires a session (or the trusted proxy header), and its request carries the user's
 * token in `request.kubeToken`; the token is never sent back to the browser (the cookie is HttpOnly and sealed) nor logged. `/api/v1/session` signs in (POST, rate
 * limited), tells who is signed in (GET) and signs out (DELETE). In `kubeconfig` mode GET says so and nothing is
 * required.
 */
export const authPlugin = fp<{ auth: AuthOptions; contexts: ContextRegistry }>(async (app, { auth, contexts }) => {
  app.decorateRequest("kubeToken", undefined);
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new ApiError(429, "LOUPE_RATE_LIMITED", `Too many sign-in attempts; try again in ${context.after}`, {
        reason: "TooManyRequests",
      }),
  });

  if (auth.mode === "kubeconfig") {
    app.get("/api/v1/session", { config: { access: "public" } }, async () => ({ mode: "kubeconfig" as const }));
    return;
  }

  const codec = new SessionCodec(auth.sessionSecret);
  const ttl = auth.sessionTtlMs ?? 8 * 60 * 60 * 1000;
  const header = auth.tokenHeader?.toLowerCase();

  const identify = (request: FastifyRequest): string | undefined => {
    // Programs calling an `rpc` route (MCP) present their Kubernetes token as kubectl does; the API server
    // authenticates it on every call Loupe makes for them.
    if (routeAccess(request) === "rpc") {
      const bearer = /^Bearer\s+(\S{1,16384})$/i.exec(request.headers.authorization ?? "")?.[1];
      if (bearer) return bearer;
    }
    if (header) {
      const value = request.headers[header];
      if (typeof value === "string" && value) return value.replace(/^Bearer\s+/i, "");
    }
    return codec.open(request.cookies[SESSION_COOKIE])?.token;
  };

  // After routing and the security checks: the route's class says whether it needs a session, never its URL.
  app.addHook("onRequest", async (request) => {
    if (!needsSession(routeAccess(request))) return;
    const token = identify(request);
    if (!token) {
      throw new ApiError(401, "LOUPE_UNAUTHENTICATED", "Sign in with a Kubernetes bearer token first", {
        reason: "Unauthorized",
      });
    }
    request.kubeToken = token;
  });

  app.get("/api/v1/session", { config: { access: "public" } }, async (request) => {
    const session = codec.open(request.cookies[SESSION_COOKIE]);
    if (session) return { mode: "user-token" as const, user: session.user, groups: session.groups };
    if (header && request.headers[header]) return { mode: "user-token" as const, user: null, proxied: true };
    return { mode: "user-token" as const, user: null };
  });

  app.post<{ Body: { token: string } }>(
    "/api/v1/session",
    {
      config: { access: "session", rateLimit: { max: auth.signInPerMinute ?? 10, timeWindow: "1 minute" } },
      schema: {
        body: {
          type: "object",
          required: ["token"],
          additionalProperties: false,
          properties: { token: { type: "string", minLength: 1, maxLength: 16_384 } },
        },
      },
    },
    async (request, reply) => {
      const context = contexts.current;
      if (context === null) throw new ApiError(503, "LOUPE_NO_CONTEXT", "No cluster is configured", {});
      const who = await reviewSelf(contexts, context, request.body.token);
      const session = { token: request.body.token, user: who.username, groups: who.groups, expires: Date.now() + ttl };
      reply.setCookie(SESSION_COOKIE, codec.seal(session), {
        httpOnly: true,
        sameSite: "strict",
        secure: auth.secureCookie ?? request.protocol === "https",
        path: "/",
        maxAge: Math.floor(ttl / 1000),
      });
      return reply.code(201).send({ mode: "user-token", user: who.username, groups: who.groups });
    },
  );

  app.delete("/api/v1/session", { config: { access: "session" } }, async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.code(204).send();
  });
});

/** Asks the API server who holds `token` (SelfSubjectReview); a token it refuses is a 401. */
async function reviewSelf(contexts: ContextRegistry, context: string, token: string) {
  const response = await contexts.get(context).fetch("/apis/authentication.k8s.io/v1/selfsubjectreviews", {
    method: "POST",
    token,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
  });
  if (response.status === 401) {
    await response.body?.cancel();
    throw new ApiError(401, "LOUPE_BAD_TOKEN", "The API server does not accept this token", { reason: "Unauthorized" });
  }
  if (!response.ok) {
    throw new ApiError(response.status, "LOUPE_SIGN_IN_FAILED", `Sign-in check failed: HTTP ${response.status}`, {});
  }
  const review = (await response.json()) as { status?: { userInfo?: { username?: string; groups?: string[] } } };
  return { username: review.status?.userInfo?.username ?? "unknown", groups: review.status?.userInfo?.groups ?? [] };
}
