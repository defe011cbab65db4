import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalCluster } from "../../../packages/local-cluster/src/index.ts";
import { appFor, k8s, unique } from "./support.ts";

// What the user sees for each kind of bad input: the body of every error, in the one uniform shape.
const cluster = inject("cluster");
let app: FastifyInstance;
const crontabs = "apis/stable.example.com/v1/namespaces/default/crontabs";

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
});
afterAll(async () => {
  await app.close();
});

const crontab = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: "stable.example.com/v1",
  kind: "CronTab",
  metadata: { name },
  spec,
});

describe("errors reach the user intact", () => {
  it("unknown resource → 404 naming it", async () => {
    const response = await k8s(app, "GET", "apis/stable.example.com/v1/namespaces/default/cronjobz");
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      statusCode: 404,
      code: "LOUPE_UNKNOWN_RESOURCE",
      error: "Not Found",
      message: 'The API server serves no resource "cronjobz" in stable.example.com/v1',
      reason: "NotFound",
      details: { group: "stable.example.com", kind: "cronjobz" },
    });
  });

  it("unknown object → the API server's 404 Status", async () => {
    const response = await k8s(app, "GET", `${crontabs}/does-not-exist`);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      statusCode: 404,
      code: "K8S_NOT_FOUND",
      reason: "NotFound",
      message: 'crontabs.stable.example.com "does-not-exist" not found',
      details: { name: "does-not-exist", group: "stable.example.com", kind: "crontabs" },
    });
  });

  it("CronTab with replicas 11 and a bad cronSpec → 422 with both field paths", async () => {
    const response = await k8s(
      app,
      "POST",
      crontabs,
      crontab(unique("bad"), { cronSpec: "0 0 * * *", image: "x", replicas: 11 }),
    );
    expect(response.status).toBe(422);
    expect(response.body.code).toBe("K8S_INVALID");
    expect(response.body.reason).toBe("Invalid");
    const causes = response.body.details.causes as { field: string; message: string }[];
    expect(causes.map((c) => c.field).sort()).toEqual(["spec.cronSpec", "spec.replicas"]);
    expect(causes.find((c) => c.field === "spec.replicas")?.message).toContain("less than or equal to 10");
    expect(causes.find((c) => c.field === "spec.cronSpec")?.message).toContain("should match");
  });

  it("view-only user creating → 403 saying who may not do what", async () => {
    const response = await k8s(
      app,
      "POST",
      crontabs,
      crontab(unique("viewer"), { cronSpec: "* * * * * *", image: "x" }),
      {
        context: "loupe-local-viewer",
      },
    );
    expect(response.status).toBe(403);
    expect(response.body.code).toBe("K8S_FORBIDDEN");
    expect(response.body.reason).toBe("Forbidden");
    expect(response.body.message).toContain('User "loupe-viewer" cannot create resource "crontabs"');
    expect(response.body.message).toContain('in the namespace "default"');
  });

  it("malformed JSON and YAML → 400 saying where", async () => {
    const json = await k8s(app, "POST", crontabs, '{"apiVersion": "stable.example.com/v1", kind', {});
    expect(json.status).toBe(400);
    expect(json.body.code).toBe("LOUPE_INVALID_JSON");
    expect(json.body.reason).toBe("BadRequest");
    expect(json.body.message).toMatch(/^The request body is not valid JSON: .*position 40 \(line 1 column 41\)$/);
    const yaml = await k8s(app, "POST", crontabs, "apiVersion: v1\nkind: [unclosed\nmetadata: {}", {
      contentType: "application/yaml",
    });
    expect(yaml.status).toBe(400);
    expect(yaml.body.code).toBe("LOUPE_INVALID_YAML");
    expect(yaml.body.message).toMatch(/at line \d+, column \d+/);
    const patch = await k8s(app, "PATCH", `${crontabs}/my-first-crontab`, "{not json", {
      contentType: "application/merge-patch+json",
    });
    expect(patch.status).toBe(400);
    expect(patch.body.code).toBe("LOUPE_INVALID_JSON");
  });

  it("a body over the limit → 413", async () => {
    const big = crontab(unique("big"), { cronSpec: "* * * * * *", image: "x".repeat(4 * 1024 * 1024) });
    const response = await k8s(app, "POST", crontabs, big);
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      statusCode: 413,
      code: "LOUPE_BODY_TOO_LARGE",
      error: "Payload Too Large",
      message: "The request body is larger than Loupe accepts (3 MiB, the API server's own limit)",
      reason: "RequestEntityTooLarge",
    });
  });

  it("an unknown query parameter or a bad value → 400 naming it", async () => {
    const unknown = await k8s(app, "GET", `${crontabs}?watch=true`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('querystring must NOT have additional properties ("watch")');
    const bad = await k8s(app, "DELETE", `${crontabs}/my-first-crontab?propagationPolicy=Sometimes`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("querystring/propagationPolicy must be equal to one of the allowed values");
  });

  it("paths that are not resources are refused, never proxied", async () => {
    for (const path of [
      "api/v1/namespaces/default/pods/x/exec",
      "apis/stable.example.com",
      "healthz",
      "api/v1/../../x",
    ]) {
      const response = await k8s(app, "GET", path);
      expect(response.status, path).toBe(404);
    }
  });
});

describe("a dead API server", () => {
  it("answers 503 saying so while it is down, and recovers when it is back", async () => {
    const own = await startLocalCluster({ samples: false });
    const local = await appFor(own.kubeconfigPath);
    try {
      expect((await k8s(local, "GET", "api/v1/namespaces/default/configmaps")).status).toBe(200);
      await own.halt();
      const down = await k8s(local, "GET", "api/v1/namespaces/default/configmaps");
      expect(down.status).toBe(503);
      expect(down.body.code).toBe("LOUPE_UPSTREAM_UNAVAILABLE");
      expect(down.body.message).toContain(`The API server of context "loupe-local" (${own.server}) cannot be reached`);
      const ready = await local.inject({ method: "GET", url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      await own.resume();
      expect((await k8s(local, "GET", "api/v1/namespaces/default/configmaps")).status).toBe(200);
      expect((await local.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(200);
    } finally {
      await local.close();
      await own.stop();
    }
  });
});
