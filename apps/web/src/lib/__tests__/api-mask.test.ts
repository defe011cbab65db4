import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api.ts";

const VALUE = Buffer.from("api-secret-value").toString("base64");
const secretUrl = "/api/v1/contexts/c/k8s/api/v1/namespaces/ns/secrets/s";

function answer(body: unknown) {
  const fetch = vi.fn(async (_url: string, _init?: RequestInit) => new Response(JSON.stringify(body), { status: 200 }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("api() and Secret values", () => {
  it("masks a Secret it reads, unless revealSecrets asks for the values", async () => {
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, data: { password: VALUE } };
    answer(secret);
    expect(JSON.stringify(await api(secretUrl))).not.toContain(VALUE);
    answer(secret);
    expect(await api(secretUrl, { revealSecrets: true })).toEqual(secret);
  });

  it("masks a list whose items carry no kind, by the URL, and a write's answer too", async () => {
    answer({ kind: "List", metadata: {}, items: [{ metadata: { name: "s" }, data: { password: VALUE } }] });
    expect(JSON.stringify(await api("/api/v1/contexts/c/k8s/api/v1/namespaces/ns/secrets?as=object"))).not.toContain(
      VALUE,
    );
    const fetch = answer({ metadata: { name: "s" }, data: { password: VALUE } });
    expect(JSON.stringify(await api(secretUrl, { method: "PUT", body: "{}" }))).not.toContain(VALUE);
    expect(fetch.mock.calls[0]?.[1]).not.toHaveProperty("revealSecrets");
  });
});
