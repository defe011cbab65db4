import { afterEach, describe, expect, it } from "vitest";
import { upstreamSpy } from "../../__tests__/upstream-spy.ts";
import { buildApp } from "../../app.ts";

// The API server answers 429 "storage is (re)initializing" with Retry-After right after CRDs are installed:
// kubectl retries invisibly, and so must Loupe; when it gives up, the user learns when to come back.
const TOO_MANY = {
  status: 429,
  headers: { "retry-after": "1" },
  body: JSON.stringify({
    kind: "Status",
    status: "Failure",
    reason: "TooManyRequests",
    code: 429,
    message: "storage is (re)initializing",
  }),
};

let close: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of close) await c();
  close = [];
});

async function appWith(respond: Parameters<typeof upstreamSpy>[0]) {
  const spy = await upstreamSpy(respond);
  const app = await buildApp({ kubeConfig: spy.kubeConfig });
  close.push(
    () => app.close(),
    () => new Promise((resolve) => spy.server.close(() => resolve())),
  );
  return { app, spy };
}

describe("reads answered 429 with Retry-After", () => {
  it("are retried after the time asked and succeed", async () => {
    let refusals = 2;
    const { app, spy } = await appWith((_method, url) =>
      url.startsWith("/version") && refusals-- > 0 ? TOO_MANY : { body: '{"gitVersion":"v1.34.4"}' },
    );
    const started = Date.now();
    const response = await app.inject({ url: "/api/v1/contexts/spy/version" });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ gitVersion: "v1.34.4" });
    expect(spy.seen.filter((s) => s.startsWith("GET /version"))).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
  });

  it("pass the API server's error and its Retry-After on when Loupe gives up", async () => {
    const { app, spy } = await appWith((_method, url) => {
      if (url === "/api" || url === "/apis") return discovery(url);
      return url.startsWith("/api/v1/namespaces/default/configmaps") ? TOO_MANY : {};
    });
    const response = await app.inject({ url: "/api/v1/contexts/spy/k8s/api/v1/namespaces/default/configmaps" });
    expect(response.statusCode).toBe(429);
    expect(response.headers["retry-after"]).toBe("1");
    expect(response.json()).toMatchObject({ reason: "TooManyRequests", message: "storage is (re)initializing" });
    // The first try and every retry the bounds allow (15 s of 1 s waits, 10 retries at most).
    expect(spy.seen.filter((s) => s.startsWith("GET /api/v1/namespaces/default/configmaps"))).toHaveLength(11);
  }, 30_000);
});

/** Aggregated discovery serving core/v1 configmaps and no groups. */
function discovery(url: string) {
  const items =
    url === "/api"
      ? [
          {
            metadata: { name: "" },
            versions: [
              {
                version: "v1",
                resources: [
                  { resource: "configmaps", responseKind: { kind: "ConfigMap" }, scope: "Namespaced", verbs: ["list"] },
                ],
              },
            ],
          },
        ]
      : [];
  return {
    headers: { "content-type": "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList" },
    body: JSON.stringify({ kind: "APIGroupDiscoveryList", items }),
  };
}
