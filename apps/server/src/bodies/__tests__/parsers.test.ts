import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toErrorBody } from "../../errors.ts";
import { jsonTextOf, registerBodyParsers } from "../parsers.ts";

// The parsers on a bare Fastify app whose one route echoes what it received.
let app: FastifyInstance;
beforeAll(async () => {
  app = Fastify();
  app.setErrorHandler((error, _request, reply) => {
    const body = toErrorBody(error);
    reply.code(body.statusCode).send(body);
  });
  await app.register(async (scope) => {
    registerBodyParsers(scope);
    scope.route({
      method: ["POST", "PATCH", "DELETE"],
      url: "/echo",
      handler: async (request) => ({ body: request.body ?? null, text: jsonTextOf(request.body) ?? null }),
    });
  });
});
afterAll(async () => {
  await app.close();
});

const send = async (method: "POST" | "PATCH" | "DELETE", contentType: string, payload: string) => {
  const response = await app.inject({ method, url: "/echo", headers: { "content-type": contentType }, payload });
  return { status: response.statusCode, ...(response.json() as Record<string, unknown>) };
};

describe("registerBodyParsers", () => {
  it("an empty application/json body is no body: a DELETE carrying only the Content-Type", async () => {
    expect(await send("DELETE", "application/json", "")).toEqual({ status: 200, body: null, text: null });
    expect(await send("DELETE", "application/json", " \n")).toEqual({ status: 200, body: null, text: null });
  });

  it("a JSON object keeps the text it came as, to be sent upstream unchanged", async () => {
    const text = '{ "kind": "ConfigMap",\n  "data": {"a": "1"} }';
    expect(await send("POST", "application/json", text)).toEqual({
      status: 200,
      body: { kind: "ConfigMap", data: { a: "1" } },
      text,
    });
  });

  it("YAML objects are parsed (in a worker), and JSON sent as YAML takes the JSON path", async () => {
    expect(await send("POST", "application/yaml", "kind: ConfigMap\ndata:\n  a: '1'\n")).toEqual({
      status: 200,
      body: { kind: "ConfigMap", data: { a: "1" } },
      text: null,
    });
    expect(await send("POST", "application/yaml", '{"kind": "ConfigMap"}')).toMatchObject({
      body: { kind: "ConfigMap" },
    });
    // Flow YAML that is not JSON still parses as YAML, even where JSON's measure would be fooled by its quoting.
    expect(await send("POST", "application/x-yaml", "{kind: ConfigMap}")).toMatchObject({
      body: { kind: "ConfigMap" },
    });
    const brackets = "[".repeat(150);
    expect(await send("POST", "application/yaml", `{a: '${brackets}'}`)).toMatchObject({ body: { a: brackets } });
  });

  it("patches stay the text sent, checked first; an empty one is a 400", async () => {
    expect(await send("PATCH", "application/apply-patch+yaml", "kind: ConfigMap\n")).toMatchObject({
      body: "kind: ConfigMap\n",
    });
    expect(await send("PATCH", "application/merge-patch+json", '{"data": null}')).toMatchObject({
      body: '{"data": null}',
    });
    expect(await send("PATCH", "application/json-patch+json", "")).toEqual({
      status: 400,
      statusCode: 400,
      code: "LOUPE_PATCH_EMPTY",
      error: "Bad Request",
      message: "A PATCH needs a body: the patch to apply",
      reason: "BadRequest",
    });
  });

  it("refusals are ApiErrors in the uniform shape, JSON or YAML", async () => {
    const deep = `{"a": ${"[".repeat(101)}${"]".repeat(101)}}`;
    expect(await send("POST", "application/json", deep)).toMatchObject({ status: 400, code: "LOUPE_JSON_TOO_DEEP" });
    expect(await send("PATCH", "application/strategic-merge-patch+json", deep)).toMatchObject({
      status: 400,
      code: "LOUPE_JSON_TOO_DEEP",
    });
    expect(await send("POST", "application/yaml", "a: 1\na: 2\n")).toMatchObject({
      status: 400,
      code: "LOUPE_INVALID_YAML",
      reason: "BadRequest",
    });
  });
});
