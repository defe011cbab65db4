import { describe, expect, it } from "vitest";
import { ApiError, toErrorBody } from "../errors.ts";

describe("ApiError.fromStatus", () => {
  it("keeps the API server's Status: reason, message and field causes", () => {
    const error = ApiError.fromStatus(422, {
      kind: "Status",
      status: "Failure",
      code: 422,
      reason: "Invalid",
      message: 'CronTab.stable.example.com "x" is invalid: spec.replicas: Invalid value: 11',
      details: {
        name: "x",
        group: "stable.example.com",
        kind: "CronTab",
        causes: [{ reason: "FieldValueInvalid", message: "Invalid value: 11", field: "spec.replicas" }],
      },
    });
    expect(error.toBody()).toEqual({
      statusCode: 422,
      code: "K8S_INVALID",
      error: "Unprocessable Entity",
      message: 'CronTab.stable.example.com "x" is invalid: spec.replicas: Invalid value: 11',
      reason: "Invalid",
      details: {
        name: "x",
        group: "stable.example.com",
        kind: "CronTab",
        causes: [{ reason: "FieldValueInvalid", message: "Invalid value: 11", field: "spec.replicas" }],
      },
    });
  });

  it("derives a code from a CamelCase reason, and a message when the body had none", () => {
    expect(ApiError.fromStatus(409, { reason: "AlreadyExists", message: "exists" }).code).toBe("K8S_ALREADY_EXISTS");
    const bare = ApiError.fromStatus(502, undefined);
    expect(bare.code).toBe("K8S_BAD_GATEWAY");
    expect(bare.message).toBe("the API server answered 502 Bad Gateway");
  });
});

describe("ApiError.upstreamUnavailable", () => {
  it("names the context, the server and the network error", () => {
    const cause = new TypeError("fetch failed", {
      cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
    });
    const body = ApiError.upstreamUnavailable("prod", "https://10.0.0.1:6443", cause).toBody();
    expect(body.statusCode).toBe(503);
    expect(body.code).toBe("LOUPE_UPSTREAM_UNAVAILABLE");
    expect(body.message).toBe(
      'The API server of context "prod" (https://10.0.0.1:6443) cannot be reached: ECONNREFUSED (connect ECONNREFUSED)',
    );
  });
});

describe("toErrorBody", () => {
  const fastify = (code: string, statusCode: number, message: string) =>
    Object.assign(new Error(message), { statusCode, code });

  it.each([
    [
      fastify("FST_ERR_CTP_BODY_TOO_LARGE", 413, "Request body is too large"),
      413,
      "LOUPE_BODY_TOO_LARGE",
      "RequestEntityTooLarge",
      "The request body is larger than Loupe accepts (3 MiB, the API server's own limit)",
    ],
    [
      fastify("FST_ERR_CTP_INVALID_MEDIA_TYPE", 415, "Unsupported Media Type"),
      415,
      "LOUPE_UNSUPPORTED_MEDIA_TYPE",
      "UnsupportedMediaType",
      "Loupe does not read request bodies of this Content-Type: send application/json or application/yaml (a PATCH: one of the patch types)",
    ],
    [
      fastify(
        "FST_ERR_CTP_INVALID_JSON_BODY",
        400,
        "Body is not valid JSON but content-type is set to 'application/json'",
      ),
      400,
      "LOUPE_INVALID_JSON",
      "BadRequest",
      "The request body is not valid JSON",
    ],
    [
      fastify(
        "FST_ERR_CTP_EMPTY_JSON_BODY",
        400,
        "Body cannot be empty when content-type is set to 'application/json'",
      ),
      400,
      "LOUPE_BODY_EMPTY",
      "BadRequest",
      "The request says its body is JSON (Content-Type: application/json) but sends none",
    ],
    [
      fastify("FST_ERR_CTP_INVALID_CONTENT_LENGTH", 400, "Request body size did not match Content-Length"),
      400,
      "LOUPE_BAD_CONTENT_LENGTH",
      "BadRequest",
      "The request body's size does not match its Content-Length",
    ],
    [
      fastify("FST_ERR_BAD_URL", 400, "'/%zz' is not a valid url component"),
      400,
      "LOUPE_BAD_URL",
      "BadRequest",
      "The URL is not valid: '/%zz' is not a valid url component",
    ],
  ])("words Fastify's own %s as Loupe's, with a Kubernetes reason", (error, statusCode, code, reason, message) => {
    expect(toErrorBody(error)).toEqual({
      statusCode,
      code,
      error: { 400: "Bad Request", 413: "Payload Too Large", 415: "Unsupported Media Type" }[statusCode],
      message,
      reason,
    });
  });

  it("gives other errors the reason of their status, and hides internal ones", () => {
    const invalid = Object.assign(new Error("querystring/limit must be >= 1"), {
      statusCode: 400,
      code: "LOUPE_INVALID_REQUEST",
    });
    expect(toErrorBody(invalid)).toEqual({
      statusCode: 400,
      code: "LOUPE_INVALID_REQUEST",
      error: "Bad Request",
      message: "querystring/limit must be >= 1",
      reason: "BadRequest",
    });
    const crash = toErrorBody(new Error("secret internals at /some/file.ts:12"));
    expect(crash).toEqual({
      statusCode: 500,
      code: "LOUPE_INTERNAL",
      error: "Internal Server Error",
      message: "Internal server error (see the server log)",
      reason: "InternalError",
    });
  });
});
