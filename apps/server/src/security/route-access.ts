import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";

/**
 * A route's access class (DESIGN §7), declared where the route is registered (`config: { access }`) and enforced
 * after routing, whatever the URL looked like:
 * - `public`: anyone who reaches Loupe (health, metrics, the web app's files, who is signed in);
 * - `session`: signing in and out: a browser must prove it is Loupe's page (CSRF header, same origin), no session;
 * - `read`: reads a cluster: needs a session in user-token mode; safe methods only;
 * - `mutating`: writes to a cluster: a session, the CSRF header, Loupe's own origin, and not `--read-only`.
 * - `rpc`: a read-only remote-procedure endpoint for programs (MCP): JSON-RPC rides on POST, but nothing it runs
 *   writes to a cluster, so it runs under `--read-only` too. It needs a session in user-token mode, which a
 *   program may present as `Authorization: Bearer <Kubernetes token>` instead of a cookie; its POSTs must be
 *   `application/json` (a cross-site form cannot send that without a CORS preflight Loupe never grants) and come
 *   from Loupe's own origin when a browser names one.
 */
export type RouteAccess = "public" | "session" | "read" | "mutating" | "rpc";

export const ROUTE_ACCESS: readonly RouteAccess[] = ["public", "session", "read", "mutating", "rpc"];

/** Methods a `read` or `public` route may answer: they change nothing. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route's access class; every route must declare one (buildApp refuses to start otherwise). */
    access?: RouteAccess;
  }
}

/** The access class of the route a request was routed to; undefined for the not-found handler. */
export function routeAccess(request: FastifyRequest): RouteAccess | undefined {
  if (request.is404) return undefined;
  const access = request.routeOptions.config.access;
  return ROUTE_ACCESS.includes(access as RouteAccess) ? access : undefined;
}

/** Whether a route of this class needs the user's session (user-token mode) before it runs. */
export function needsSession(access: RouteAccess | undefined): boolean {
  return access === "read" || access === "mutating" || access === "rpc";
}

/**
 * Makes every route declare its class: a route registered without one, or a `read`/`public` route answering a
 * method that changes something, makes `app.ready()` fail naming it — fail closed at start-up, not in production.
 * `defaultPublic` names plugins whose routes are public by nature (the web app's static files) by a predicate
 * over the route's options.
 */
export function requireRouteAccess(app: FastifyInstance, defaultPublic: (route: RouteOptions) => boolean): void {
  const routes: RouteOptions[] = [];
  app.addHook("onRoute", (route) => {
    if (route.config?.access === undefined && defaultPublic(route)) {
      route.config = { ...route.config, access: "public" };
    }
    routes.push(route);
  });
  app.addHook("onReady", async () => {
    const problems: string[] = [];
    for (const route of routes) {
      const methods = [route.method].flat();
      const access = route.config?.access;
      if (!ROUTE_ACCESS.includes(access as RouteAccess)) {
        problems.push(`${methods.join(",")} ${route.url} declares no access class`);
      } else if ((access === "read" || access === "public") && methods.some((m) => !SAFE_METHODS.has(m))) {
        problems.push(`${methods.join(",")} ${route.url} is "${access}" but answers a method that changes things`);
      }
    }
    if (problems.length > 0) throw new Error(`routes without a proper access class: ${problems.join("; ")}`);
  });
}
