import { describe, expect, it } from "vitest";
import { ApiErrorBody, ContextList, ServerVersion } from "../index.ts";

describe("protocol schemas", () => {
  it("accept what the server sends and reject what it must not", () => {
    expect(
      ContextList.safeParse({
        contexts: [{ name: "a", cluster: "c", user: "u", namespace: "default", current: true, server: "https://x" }],
        current: "a",
      }).success,
    ).toBe(true);
    const missing = ContextList.safeParse({ contexts: [{ name: "a" }], current: null });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((i) => i.path.join("."))).toContain("contexts.0.cluster");

    expect(ServerVersion.safeParse({ major: "1", minor: "34", gitVersion: "v1.34.4" }).success).toBe(true);
    expect(ServerVersion.safeParse({ major: 1, minor: "34", gitVersion: "v1.34.4" }).success).toBe(false);

    const error = { statusCode: 409, code: "K8S_CONFLICT", error: "Conflict", message: "changed", reason: "Conflict" };
    expect(ApiErrorBody.parse(error)).toEqual(error);
    expect(ApiErrorBody.safeParse({ ...error, statusCode: "409" }).success).toBe(false);
  });
});
