import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { appFor, unique } from "./support.ts";
import { deepJson } from "./yaml-bombs.ts";

// Issue 13, items 6 and 7, over real HTTP against the run's cluster: deep or huge JSON is a clear 4xx, a DELETE with
// `Content-Type: application/json` and no body deletes, and Fastify's own errors come in Loupe's uniform shape.
const cluster = inject("cluster");
const namespace = unique("bodies");
let app: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  await app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  expect((await send("POST", "api/v1/namespaces", JSON.stringify({ metadata: { name: namespace } }))).status).toBe(201);
});
afterAll(async () => {
  await send("DELETE", `api/v1/namespaces/${namespace}`);
  await app.close();
});

async function send(method: string, path: string, body?: string, contentType?: string) {
  const headers: Record<string, string> = { "x-requested-with": "loupe" };
  if (contentType ?? body !== undefined) headers["content-type"] = contentType ?? "application/json";
  const response = await fetch(`${baseUrl}/api/v1/contexts/loupe-local/k8s/${path}`, { method, headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const configmaps = () => `api/v1/namespaces/${namespace}/configmaps`;
const configmap = (name: string) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name } });

describe("deep and huge JSON", () => {
  const tooDeep = {
    statusCode: 400,
    code: "LOUPE_JSON_TOO_DEEP",
    error: "Bad Request",
    message: "The request body nests maps and lists deeper than 100 levels",
    reason: "BadRequest",
  };

  it("10,000 levels → 400 saying the depth limit (it was a 500 LOUPE_INTERNAL), as an object and as a patch", async () => {
    expect(await send("POST", configmaps(), deepJson("deep", 10_000))).toEqual({ status: 400, body: tooDeep });
    const name = unique("deep");
    expect((await send("POST", configmaps(), configmap(name))).status).toBe(201);
    for (const type of ["application/merge-patch+json", "application/strategic-merge-patch+json"]) {
      expect(await send("PATCH", `${configmaps()}/${name}`, deepJson(name, 10_000), type)).toEqual({
        status: 400,
        body: tooDeep,
      });
    }
    const jsonPatch = JSON.stringify([{ op: "add", path: "/data", value: JSON.parse(deepJson(name, 200)) }]);
    expect(await send("PATCH", `${configmaps()}/${name}`, jsonPatch, "application/json-patch+json")).toEqual({
      status: 400,
      body: tooDeep,
    });
    // The same object 100 levels deep is within the limit: the API server answers for itself.
    const within = JSON.parse(deepJson(unique("within"), 99));
    expect((await send("POST", `${configmaps()}?dryRun=All`, JSON.stringify(within))).status).not.toBe(400);
  });

  it("more than 100,000 keys and values → 413", async () => {
    const data = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, "v"]));
    const body = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: unique("wide") }, data });
    expect(await send("POST", configmaps(), body)).toEqual({
      status: 413,
      body: {
        statusCode: 413,
        code: "LOUPE_JSON_TOO_MANY_NODES",
        error: "Payload Too Large",
        message: "The JSON request body has more than 100000 nodes (keys and values)",
        reason: "RequestEntityTooLarge",
      },
    });
  });
});

describe("DELETE with Content-Type: application/json", () => {
  it("and an empty body deletes (200), as the API server does (it was Fastify's 400)", async () => {
    const name = unique("empty");
    expect((await send("POST", configmaps(), configmap(name))).status).toBe(201);
    const deleted = await send("DELETE", `${configmaps()}/${name}`, "", "application/json");
    expect(deleted.status).toBe(200);
    expect((await send("GET", `${configmaps()}/${name}`)).status).toBe(404);
  });

  it("and DeleteOptions in the body still passes them on (a dry run leaves the object)", async () => {
    const name = unique("options");
    expect((await send("POST", configmaps(), configmap(name))).status).toBe(201);
    const options = JSON.stringify({ apiVersion: "v1", kind: "DeleteOptions", dryRun: ["All"] });
    expect((await send("DELETE", `${configmaps()}/${name}`, options)).status).toBe(200);
    expect((await send("GET", `${configmaps()}/${name}`)).status).toBe(200);
  });
});

describe("Fastify's own errors in the uniform shape, with LOUPE_* codes and a Kubernetes reason", () => {
  it("a Content-Type Loupe does not read → 415", async () => {
    expect(await send("POST", configmaps(), "<ConfigMap/>", "application/xml")).toEqual({
      status: 415,
      body: {
        statusCode: 415,
        code: "LOUPE_UNSUPPORTED_MEDIA_TYPE",
        error: "Unsupported Media Type",
        message:
          "Loupe does not read request bodies of this Content-Type: send application/json or application/yaml (a PATCH: one of the patch types)",
        reason: "UnsupportedMediaType",
      },
    });
  });

  it("a body over 3 MiB → 413, JSON or YAML", async () => {
    const tooLarge = {
      statusCode: 413,
      code: "LOUPE_BODY_TOO_LARGE",
      error: "Payload Too Large",
      message: "The request body is larger than Loupe accepts (3 MiB, the API server's own limit)",
      reason: "RequestEntityTooLarge",
    };
    const big = "x".repeat(3 * 1024 * 1024);
    const json = JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big" }, data: { big } });
    expect(await send("POST", configmaps(), json)).toEqual({ status: 413, body: tooLarge });
    const yaml = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  big: ${big}\n`;
    expect(await send("POST", configmaps(), yaml, "application/yaml")).toEqual({ status: 413, body: tooLarge });
  });

  it("text that is not JSON → 400 saying where; an empty patch → 400", async () => {
    const bad = await send("POST", configmaps(), '{"apiVersion": "v1", kind}');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      statusCode: 400,
      code: "LOUPE_INVALID_JSON",
      error: "Bad Request",
      message: expect.stringMatching(/^The request body is not valid JSON: .*position 21/),
      reason: "BadRequest",
    });
    expect(await send("PATCH", `${configmaps()}/x`, "", "application/merge-patch+json")).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: "LOUPE_PATCH_EMPTY",
        error: "Bad Request",
        message: "A PATCH needs a body: the patch to apply",
        reason: "BadRequest",
      },
    });
  });

  it("a malformed URL → 400, and a query Loupe does not take → 400, both with a reason", async () => {
    const response = await fetch(`${baseUrl}/api/v1/contexts/%zz/version`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      statusCode: 400,
      code: "LOUPE_BAD_URL",
      error: "Bad Request",
      message: "The URL is not valid: '/api/v1/contexts/%zz/version' is not a valid url component",
      reason: "BadRequest",
    });
    const query = await send("GET", `${configmaps()}?watch=true`);
    expect(query).toEqual({
      status: 400,
      body: {
        statusCode: 400,
        code: "LOUPE_INVALID_REQUEST",
        error: "Bad Request",
        message: 'querystring must NOT have additional properties ("watch")',
        reason: "BadRequest",
      },
    });
  });
});
