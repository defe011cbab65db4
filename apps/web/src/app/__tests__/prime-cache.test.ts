import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { firstPageQueryOptions } from "../../features/browse/api/list-table.ts";
import { catalogQueryOptions } from "../../features/catalog/api/get-catalog.ts";
import { sessionQueryOptions } from "../../features/session/api/session.ts";
import { requestEarly } from "../../lib/early.ts";
import { firstViewRequests } from "../first-view.ts";
import { primeFirstView } from "../prime-cache.ts";
import { createQueryClient } from "../query-client.ts";

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
const table = {
  kind: "Table",
  apiVersion: "meta.k8s.io/v1",
  metadata: { resourceVersion: "7" },
  columnDefinitions: [{ name: "Name", type: "string", format: "name", description: "", priority: 0 }],
  rows: [{ cells: ["one"], object: { metadata: { name: "one", namespace: "ns", uid: "u1" } } }],
};
const answer = (url: string) =>
  url === "/api/v1/session"
    ? json({ mode: "kubeconfig" })
    : url.endsWith("/catalog")
      ? json({ context: "kind", resources: [] })
      : json(table);
const target = { group: "apps", version: "v1", resource: "deployments", namespace: "ns" };

describe("primeFirstView", () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  it("puts the early answers of a list view in the cache before the first render, asking nothing twice", async () => {
    fetchMock.mockImplementation(async (url) => answer(String(url)));
    const path = "/c/kind/apis/apps/v1/namespaces/ns/deployments";
    requestEarly(firstViewRequests(path, ""));
    expect(fetchMock).toHaveBeenCalledTimes(3);
    const client = createQueryClient();
    await primeFirstView(client, path, "", 5_000);
    expect(client.getQueryData(sessionQueryOptions().queryKey)).toEqual({ mode: "kubeconfig" });
    expect(client.getQueryData(catalogQueryOptions("kind").queryKey)).toEqual({ context: "kind", resources: [] });
    const first = client.getQueryData(firstPageQueryOptions("kind", target, undefined).queryKey);
    expect(first?.rows.map((r) => r.cells[0])).toEqual(["one"]);
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it("does not hold the first render past its wait when an answer is slow", async () => {
    fetchMock.mockImplementation((url) =>
      String(url).includes("/k8s/") ? new Promise<Response>(() => {}) : Promise.resolve(answer(String(url))),
    );
    const path = "/c/kind/apis/apps/v1/namespaces/ns/deployments";
    const client = createQueryClient();
    const started = performance.now();
    await primeFirstView(client, path, "", 50);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(client.getQueryData(sessionQueryOptions().queryKey)).toEqual({ mode: "kubeconfig" });
    expect(client.getQueryData(firstPageQueryOptions("kind", target, undefined).queryKey)).toBeUndefined();
  });

  it("asks only for the session outside a context, and for no list on an object's page", async () => {
    fetchMock.mockImplementation(async (url) => answer(String(url)));
    await primeFirstView(createQueryClient(), "/", "", 5_000);
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toEqual(["/api/v1/session"]);
    fetchMock.mockClear();
    await primeFirstView(createQueryClient(), "/c/kind/apis/apps/v1/namespaces/ns/deployments/web", "", 5_000);
    expect(fetchMock.mock.calls.map((c) => String(c[0]))).toEqual(["/api/v1/session", "/api/v1/contexts/kind/catalog"]);
  });
});
