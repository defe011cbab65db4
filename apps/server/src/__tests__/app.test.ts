import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { ApiErrorBody, ContextList, HealthReport } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";

// These tests need no cluster: the kubeconfig points at a port where nothing listens (a dead API server).
let deadPort: number;
let webRoot: string;
beforeAll(async () => {
  deadPort = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address() as { port: number };
      server.close(() => resolve(address.port));
    });
  });
  webRoot = await mkdtemp(join(tmpdir(), "loupe-web-"));
  await writeFile(join(webRoot, "index.html"), "<!doctype html><title>Loupe</title>");
});
afterAll(async () => {
  await rm(webRoot, { recursive: true, force: true });
});

function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "dead", server: `https://127.0.0.1:${deadPort}`, skipTLSVerify: false }],
    users: [{ name: "someone", token: "not-a-real-token" }],
    contexts: [
      { name: "first", cluster: "dead", user: "someone", namespace: "team-a" },
      { name: "second", cluster: "dead", user: "someone" },
    ],
    currentContext: "second",
  });
  return kc;
}

describe("buildApp without a reachable API server", () => {
  let app: FastifyInstance;
  afterEach(async () => {
    await app.close();
  });

  it("serves the process's memory on /metrics next to the watch metrics", async () => {
    app = await buildApp({ kubeConfig: kubeConfig() });
    const response = await app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    const samples = new Map(
      response.body
        .split("\n")
        .filter((line) => line && !line.startsWith("#"))
        .map((line) => [line.split(" ")[0], Number(line.split(" ")[1])] as const),
    );
    const rss = samples.get("process_resident_memory_bytes") ?? 0;
    const heapUsed = samples.get("nodejs_heap_used_bytes") ?? 0;
    expect(rss).toBeGreaterThan(10 * 2 ** 20);
    expect(heapUsed).toBeGreaterThan(0);
    expect(heapUsed).toBeLessThan(rss);
    expect(samples.get("nodejs_heap_new_space_bytes")).toBeGreaterThan(0);
    expect(samples.get("loupe_watch_subscriptions")).toBe(0);
  });

  it("lists the kubeconfig's contexts with the current one marked", async () => {
    app = await buildApp({ kubeConfig: kubeConfig() });
    const response = await app.inject({ method: "GET", url: "/api/v1/contexts" });
    expect(response.statusCode).toBe(200);
    const body = ContextList.parse(response.json());
    expect(body.current).toBe("second");
    expect(body.contexts).toEqual([
      {
        name: "first",
        cluster: "dead",
        user: "someone",
        namespace: "team-a",
        current: false,
        server: `https://127.0.0.1:${deadPort}`,
      },
      {
        name: "second",
        cluster: "dead",
        user: "someone",
        namespace: "default",
        current: true,
        server: `https://127.0.0.1:${deadPort}`,
      },
    ]);
  });

  it("answers 503 naming the server when the API server is down, on /version and /readyz", async () => {
    app = await buildApp({ kubeConfig: kubeConfig() });
    const version = await app.inject({ method: "GET", url: "/api/v1/contexts/first/version" });
    expect(version.statusCode).toBe(503);
    const error = ApiErrorBody.parse(version.json());
    expect(error.code).toBe("LOUPE_UPSTREAM_UNAVAILABLE");
    expect(error.message).toContain(
      `The API server of context "first" (https://127.0.0.1:${deadPort}) cannot be reached`,
    );
    expect(error.message).toContain("ECONNREFUSED");

    const ready = await app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    const report = HealthReport.parse(ready.json());
    expect(report.status).toBe("unavailable");
    expect(report.checks?.second?.ok).toBe(false);

    const live = await app.inject({ method: "GET", url: "/healthz" });
    expect(live.json()).toEqual({ status: "ok" });
  });

  it("answers 404 for an unknown context and an unknown API route, in the uniform error shape", async () => {
    app = await buildApp({ kubeConfig: kubeConfig() });
    const context = await app.inject({ method: "GET", url: "/api/v1/contexts/nope/version" });
    expect(context.statusCode).toBe(404);
    expect(context.json()).toEqual({
      statusCode: 404,
      code: "LOUPE_CONTEXT_NOT_FOUND",
      error: "Not Found",
      message: 'No context "nope" in the kubeconfig',
      reason: "NotFound",
    });
    const route = await app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    expect(route.statusCode).toBe(404);
    expect(route.json().code).toBe("LOUPE_NOT_FOUND");
  });

  it("refuses a mutating call without the CSRF header, and every mutating call when read-only", async () => {
    app = await buildApp({ kubeConfig: kubeConfig() });
    const collection = "/api/v1/contexts/first/k8s/api/v1/namespaces/default/configmaps";
    const noHeader = await app.inject({ method: "POST", url: collection, payload: {} });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().code).toBe("LOUPE_CSRF_HEADER_MISSING");
    // With the header the call reaches the route (whose API server is not there).
    const withHeader = await app.inject({
      method: "POST",
      url: collection,
      headers: { "x-requested-with": "loupe" },
      payload: {},
    });
    expect(withHeader.json().code).not.toBe("LOUPE_CSRF_HEADER_MISSING");
    expect(withHeader.statusCode).toBeGreaterThanOrEqual(500);
    await app.close();

    app = await buildApp({ kubeConfig: kubeConfig(), readOnly: true });
    const readOnly = await app.inject({
      method: "DELETE",
      url: "/api/v1/contexts/first/k8s/api/v1/namespaces/default/configmaps/x",
      headers: { "x-requested-with": "loupe" },
    });
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json().code).toBe("LOUPE_READ_ONLY");
  });

  it("serves the SPA for client-side routes with a strict CSP, but not for API paths or missing files", async () => {
    app = await buildApp({ kubeConfig: kubeConfig(), webRoot });
    const page = await app.inject({ method: "GET", url: "/c/first/apis/stable.example.com/v1/myservices" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain("<title>Loupe</title>");
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    const dotted = await app.inject({
      method: "GET",
      url: "/c/first/apis/apiextensions.k8s.io/v1/customresourcedefinitions/myservices.stable.example.com",
    });
    expect(dotted.headers["content-type"]).toContain("text/html");
    const missingAsset = await app.inject({ method: "GET", url: "/assets/missing.js" });
    expect(missingAsset.statusCode).toBe(404);
    const api = await app.inject({ method: "GET", url: "/api/v1/unknown" });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toContain("application/json");
  });
});
