import { KubeConfig } from "@kubernetes/client-node";
import { ContextList, HealthReport, ServerVersion } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { ContextRegistry } from "../src/cluster/contexts.ts";

const cluster = inject("cluster");
let app: FastifyInstance;

beforeAll(async () => {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  app = await buildApp({ kubeConfig: kc });
});
afterAll(async () => {
  await app.close();
});

describe("server against the local cluster", () => {
  it("lists both of the local cluster's contexts, admin current", async () => {
    const body = ContextList.parse((await app.inject({ method: "GET", url: "/api/v1/contexts" })).json());
    expect(body.current).toBe("loupe-local");
    expect(body.contexts.map((c) => [c.name, c.user, c.server])).toEqual([
      ["loupe-local", "loupe-admin", cluster.server],
      ["loupe-local-viewer", "loupe-viewer", cluster.server],
    ]);
  });

  it("reports the API server's version for each context", async () => {
    for (const context of ["loupe-local", "loupe-local-viewer"]) {
      const response = await app.inject({ method: "GET", url: `/api/v1/contexts/${context}/version` });
      expect(response.statusCode).toBe(200);
      const version = ServerVersion.parse(response.json());
      expect(version.gitVersion).toBe("v1.34.4");
      expect([version.major, version.minor]).toEqual(["1", "34"]);
    }
  });

  it("is ready when the API server is", async () => {
    const response = await app.inject({ method: "GET", url: "/readyz" });
    expect(response.statusCode).toBe(200);
    expect(HealthReport.parse(response.json())).toEqual({ status: "ok", checks: { "loupe-local": { ok: true } } });
  });

  it("authenticates each context's connection as that context's user", async () => {
    // The API server reflects who we are: a SelfSubjectReview names the authenticated user.
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const registry = new ContextRegistry(kc, { userAgent: "loupe/test" });
    try {
      const response = await registry
        .get("loupe-local-viewer")
        .fetch("/apis/authentication.k8s.io/v1/selfsubjectreviews", {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          body: JSON.stringify({ apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" }),
        });
      const review = (await response.json()) as { status: { userInfo: { username: string } } };
      expect(review.status.userInfo.username).toBe("loupe-viewer");
    } finally {
      await registry.close();
    }
  });
});
