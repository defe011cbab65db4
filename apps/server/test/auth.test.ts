import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, inject, it } from "vitest";
import { appFor, unique } from "./support.ts";

// user-token mode against the real API server: RBAC decides per user, sessions are sealed cookies any replica with
// the same secret can open, and a token never comes back out.
const cluster = inject("cluster");
const SECRET = "a-test-session-secret-of-at-least-32-bytes!!";
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function userTokenApp(secret = SECRET, extra: Record<string, unknown> = {}) {
  const app = await appFor(cluster.kubeconfigPath, { auth: { mode: "user-token", sessionSecret: secret, ...extra } });
  apps.push(app);
  return app;
}

async function signIn(app: FastifyInstance, token: string) {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/session",
    headers: { "x-requested-with": "loupe", "content-type": "application/json" },
    payload: { token },
  });
  const cookie = response.cookies.find((c) => c.name === "loupe_session");
  return { response, cookie: cookie ? `loupe_session=${cookie.value}` : "", raw: cookie };
}

const list = "/api/v1/contexts/loupe-local/k8s/apis/stable.example.com/v1/namespaces/default/myservices";
const createIn = (app: FastifyInstance, cookie: string, name: string) =>
  app.inject({
    method: "POST",
    url: list,
    headers: { cookie, "x-requested-with": "loupe", "content-type": "application/json" },
    payload: {
      apiVersion: "stable.example.com/v1",
      kind: "MyService",
      metadata: { name },
      spec: { name: "x", image: "x:1", replicas: 1 },
    },
  });

describe("user-token mode", () => {
  it("requires a session for cluster routes, but not for health", async () => {
    const app = await userTokenApp();
    const anonymous = await app.inject({ method: "GET", url: list });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().code).toBe("LOUPE_UNAUTHENTICATED");
    expect((await app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    expect((await app.inject({ method: "GET", url: "/api/v1/session" })).json()).toEqual({
      mode: "user-token",
      user: null,
    });
  });

  it("refuses a token the API server does not accept", async () => {
    const app = await userTokenApp();
    const { response, cookie } = await signIn(app, "not-a-valid-token");
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe("LOUPE_BAD_TOKEN");
    expect(cookie).toBe("");
  });

  it("lets each user do what RBAC allows them: the viewer reads but may not create; the admin may", async () => {
    const app = await userTokenApp();
    const viewer = await signIn(app, cluster.tokens.viewer);
    expect(viewer.response.statusCode).toBe(201);
    expect(viewer.response.json()).toMatchObject({ user: "loupe-viewer" });
    expect(viewer.raw).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect((await app.inject({ method: "GET", url: list, headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    const refused = await createIn(app, viewer.cookie, unique("by-viewer"));
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('User "loupe-viewer" cannot create resource "myservices"');

    const access = await app.inject({
      method: "GET",
      url: "/api/v1/contexts/loupe-local/access?verb=create&group=stable.example.com&resource=myservices&namespace=default",
      headers: { cookie: viewer.cookie },
    });
    expect(access.json()).toMatchObject({ allowed: false });

    const admin = await signIn(app, cluster.tokens.admin);
    expect(admin.response.json()).toMatchObject({
      user: "loupe-admin",
      groups: expect.arrayContaining(["system:masters"]),
    });
    expect((await createIn(app, admin.cookie, unique("by-admin"))).statusCode).toBe(201);
    const session = await app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie: admin.cookie } });
    expect(session.json()).toMatchObject({ mode: "user-token", user: "loupe-admin" });
  });

  it("never sends the token back: not in a body, nor in a header other than the sealed cookie", async () => {
    const app = await userTokenApp();
    const { response, cookie } = await signIn(app, cluster.tokens.admin);
    const seen = [response.body, JSON.stringify(response.headers)];
    for (const url of ["/api/v1/session", "/api/v1/contexts", list, "/api/v1/contexts/loupe-local/version"]) {
      const r = await app.inject({ method: "GET", url, headers: { cookie } });
      seen.push(r.body, JSON.stringify(r.headers));
    }
    for (const text of seen) expect(text).not.toContain(cluster.tokens.admin);
    expect(cookie).not.toContain(cluster.tokens.admin);
  });

  it("a session made on one replica works on another with the same secret, and not with another secret", async () => {
    const first = await userTokenApp();
    const second = await userTokenApp();
    const stranger = await userTokenApp("an-entirely-different-secret-of-32-bytes!!");
    const { cookie } = await signIn(first, cluster.tokens.viewer);
    expect((await second.inject({ method: "GET", url: list, headers: { cookie } })).statusCode).toBe(200);
    expect((await stranger.inject({ method: "GET", url: list, headers: { cookie } })).statusCode).toBe(401);
    const middle = Math.floor(cookie.length / 2);
    const tampered = `${cookie.slice(0, middle)}${cookie[middle] === "A" ? "B" : "A"}${cookie.slice(middle + 1)}`;
    expect((await second.inject({ method: "GET", url: list, headers: { cookie: tampered } })).statusCode).toBe(401);
  });

  it("takes the token from an authenticating proxy's header when told to trust it", async () => {
    const app = await userTokenApp(SECRET, { tokenHeader: "X-Forwarded-Access-Token" });
    const response = await app.inject({
      method: "GET",
      url: list,
      headers: { "x-forwarded-access-token": `Bearer ${cluster.tokens.viewer}` },
    });
    expect(response.statusCode).toBe(200);
  });

  it("rate-limits sign-in attempts", async () => {
    const app = await userTokenApp(SECRET, { signInPerMinute: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await signIn(app, "wrong")).response.statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});

describe("--read-only", () => {
  it("refuses every mutating route of the route table, and still answers reads", async () => {
    const app = await appFor(cluster.kubeconfigPath, { readOnly: true });
    apps.push(app);
    await app.ready();
    const mutating = app.routeTable.filter(
      (r) => ["POST", "PUT", "PATCH", "DELETE"].includes(r.method) && r.url.startsWith("/api/v1/contexts/"),
    );
    expect(mutating.length).toBeGreaterThanOrEqual(4);
    for (const route of mutating) {
      const url = route.url
        .replace(":context", "loupe-local")
        .replace("*", "api/v1/namespaces/default/configmaps/read-only-probe");
      const response = await app.inject({
        method: route.method as "POST",
        url,
        headers: { "x-requested-with": "loupe", "content-type": "application/json" },
        payload: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "read-only-probe", resourceVersion: "1" } },
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().code).toBe("LOUPE_READ_ONLY");
    }
    const read = await app.inject({
      method: "GET",
      url: "/api/v1/contexts/loupe-local/k8s/api/v1/namespaces/default/configmaps",
    });
    expect(read.statusCode).toBe(200);
    const access = await app.inject({
      method: "GET",
      url: "/api/v1/contexts/loupe-local/access?verb=delete&resource=configmaps&namespace=default",
    });
    expect(access.json()).toEqual({ allowed: false, reason: "Loupe runs read-only", readOnly: true });
  });
});
