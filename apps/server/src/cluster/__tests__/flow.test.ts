import { describe, expect, it } from "vitest";
import { requestFlow, socketFlow } from "../flow.ts";

describe("rate-limit flows", () => {
  it("names a REST caller by a hash of their token, never the token itself", () => {
    const flow = requestFlow({ kubeToken: "secret-token-of-alice", ip: "10.0.0.1" });
    expect(flow).toMatch(/^user:[0-9a-f]{32}$/);
    expect(flow).not.toContain("secret");
    expect(requestFlow({ kubeToken: "secret-token-of-alice", ip: "10.0.0.2" })).toBe(flow);
    expect(requestFlow({ kubeToken: "token-of-bob", ip: "10.0.0.1" })).not.toBe(flow);
  });

  it("names a caller without a token by address, and each socket apart", () => {
    expect(requestFlow({ ip: "127.0.0.1" })).toBe("address:127.0.0.1");
    expect(requestFlow({ kubeToken: undefined, ip: "::1" })).toBe("address:::1");
    expect(socketFlow(1)).not.toBe(socketFlow(2));
  });
});
