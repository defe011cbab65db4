import { describe, expect, it } from "vitest";
import type { KubeClient } from "../../cluster/connection.ts";
import { probeConversion, serviceProxyPath } from "../probe.ts";
import { summarizeCrd } from "../summary.ts";

describe("serviceProxyPath", () => {
  it("reaches the named Service through the API server's service proxy", () => {
    expect(serviceProxyPath({ namespace: "hooks", name: "converter", port: 8443, path: "/convert/v1" })).toEqual({
      path: "/api/v1/namespaces/hooks/services/https:converter:8443/proxy/convert/v1",
      display: "hooks/converter:8443/convert/v1",
    });
    expect(serviceProxyPath({ namespace: "hooks", name: "converter" })).toMatchObject({
      path: "/api/v1/namespaces/hooks/services/https:converter:443/proxy/",
    });
  });

  it.each([
    ["a dot segment", { namespace: "hooks", name: "c", path: "/../../../api/v1/secrets" }],
    ["a percent-encoded segment", { namespace: "hooks", name: "c", path: "/%2e%2e/secrets" }],
    ["a query", { namespace: "hooks", name: "c", path: "/convert?x=1" }],
    ["a namespace that is not a DNS label", { namespace: "../kube-system", name: "c" }],
    ["a name with a port in it", { namespace: "hooks", name: "c:80" }],
    ["a port out of range", { namespace: "hooks", name: "c", port: 70000 }],
  ])("refuses %s", (_, service) => {
    expect(serviceProxyPath(service)).toHaveProperty("problem");
  });
});

/** A client that records requests and answers with `answer`. */
function fakeClient(answer: () => Promise<Response>): KubeClient & { paths: string[] } {
  const paths: string[] = [];
  return {
    context: "c",
    server: "https://k",
    paths,
    fetch: async (path: string) => {
      paths.push(path);
      return (await answer()) as never;
    },
    getJson: async () => ({}) as never,
  };
}

const webhook = (clientConfig: Record<string, unknown>) => ({
  name: "things.example.com",
  group: "example.com",
  storageVersion: "v1",
  conversion: { strategy: "Webhook", webhook: { conversionReviewVersions: ["v1"], clientConfig } },
});

describe("probeConversion", () => {
  it("never sends anything for a URL webhook", async () => {
    const client = fakeClient(async () => new Response("{}"));
    const result = await probeConversion(client, webhook({ url: "http://169.254.169.254/latest" }));
    expect(result).toMatchObject({ outcome: "url", url: "169.254.169.254" });
    expect(client.paths).toEqual([]);
  });

  it("calls an answer with the review's uid an answer", async () => {
    let sent: { request: { uid: string; desiredAPIVersion: string; objects: unknown[] } } | undefined;
    const client: KubeClient = {
      context: "c",
      server: "https://k",
      getJson: async () => ({}) as never,
      fetch: async (_path, request) => {
        sent = JSON.parse(String(request?.body));
        return new Response(
          JSON.stringify({
            kind: "ConversionReview",
            response: { uid: sent?.request.uid, result: { status: "Success" } },
          }),
        ) as never;
      },
    };
    const result = await probeConversion(client, webhook({ service: { namespace: "hooks", name: "converter" } }));
    expect(result).toMatchObject({ outcome: "answered", status: 200, service: "hooks/converter:443/" });
    expect(sent?.request).toMatchObject({ desiredAPIVersion: "example.com/v1", objects: [] });
  });

  it("says when the webhook does not answer in time", async () => {
    const client: KubeClient = {
      context: "c",
      server: "https://k",
      getJson: async () => ({}) as never,
      fetch: (_path, request) =>
        new Promise((_, reject) =>
          request?.signal?.addEventListener("abort", () => reject(request.signal?.reason as Error)),
        ),
    };
    const result = await probeConversion(client, webhook({ service: { namespace: "hooks", name: "slow" } }), 50);
    expect(result).toMatchObject({ outcome: "failed", message: "No answer within 0.05 s." });
  });

  it("passes on the API server's reason when it cannot reach the Service", async () => {
    const client = fakeClient(
      async () =>
        new Response(JSON.stringify({ kind: "Status", message: 'no endpoints available for service "converter"' }), {
          status: 503,
        }),
    );
    const result = await probeConversion(client, webhook({ service: { namespace: "hooks", name: "converter" } }));
    expect(result).toMatchObject({ outcome: "failed", status: 503 });
    expect(result.message).toContain("no endpoints available");
  });
});

describe("summarizeCrd", () => {
  it("tolerates a CRD without status or optional names", () => {
    expect(
      summarizeCrd({
        metadata: { name: "a.b" },
        spec: { group: "b", names: { kind: "A", plural: "a" }, versions: [] },
      }),
    ).toMatchObject({ name: "a.b", singular: "a", shortNames: [], categories: [], storedVersions: [], conditions: [] });
  });
});
