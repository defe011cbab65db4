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
  it("passes Fastify's client errors through and hides internal ones", () => {
    const tooLarge = Object.assign(new Error("Request body is too large"), {
      statusCode: 413,
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
    });
    expect(toErrorBody(tooLarge)).toEqual({
      statusCode: 413,
      code: "FST_ERR_CTP_BODY_TOO_LARGE",
      error: "Payload Too Large",
      message: "Request body is too large",
    });
    const crash = toErrorBody(new Error("secret internals at /some/file.ts:12"));
    expect(crash).toEqual({
      statusCode: 500,
      code: "LOUPE_INTERNAL",
      error: "Internal Server Error",
      message: "Internal server error (see the server log)",
    });
  });
});
