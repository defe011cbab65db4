import { describe, expect, it } from "vitest";
import { listPageUrl } from "../../features/browse/api/list-url.ts";
import { catalogUrl, SESSION_URL } from "../../lib/api.ts";
import { firstViewRequests } from "../first-view.ts";

describe("firstViewRequests", () => {
  it("asks only for the session outside a context", () => {
    expect(firstViewRequests("/", "")).toEqual([SESSION_URL]);
    expect(firstViewRequests("/unknown/page", "")).toEqual([SESSION_URL]);
  });

  it("asks for the catalog of the context in the address, decoded once", () => {
    expect(firstViewRequests("/c/kind-dev", "")).toEqual([SESSION_URL, "/api/v1/contexts/kind-dev/catalog"]);
    expect(firstViewRequests("/c/arn%3Aaws%3Aeks%2Fprod", "")).toEqual([SESSION_URL, catalogUrl("arn:aws:eks/prod")]);
    expect(firstViewRequests("/c/ctx/activity", "?kind=Pod")).toEqual([SESSION_URL, catalogUrl("ctx")]);
    expect(firstViewRequests("/c/%E0%A4%A", "")).toEqual([SESSION_URL]);
  });

  it("asks for a list's first page exactly as the list view will (label selector included)", () => {
    const target = { group: "stable.example.com", version: "v1", resource: "myservices", namespace: "team-a" };
    expect(
      firstViewRequests(
        "/c/ctx/apis/stable.example.com/v1/namespaces/team-a/myservices",
        "?labelSelector=app%3Dweb&q=x",
      ),
    ).toEqual([SESSION_URL, catalogUrl("ctx"), listPageUrl("ctx", target, "app=web")]);
    expect(firstViewRequests("/c/ctx/api/v1/pods", "")).toEqual([
      SESSION_URL,
      catalogUrl("ctx"),
      "/api/v1/contexts/ctx/k8s/api/v1/pods?limit=250&includeObject=Metadata",
    ]);
  });

  it("does not guess for an object, an editor view or a subresource", () => {
    const contextOnly = [SESSION_URL, catalogUrl("ctx")];
    expect(firstViewRequests("/c/ctx/api/v1/namespaces/default/configmaps/app", "")).toEqual(contextOnly);
    expect(firstViewRequests("/c/ctx/edit/api/v1/namespaces/default/configmaps/app", "")).toEqual(contextOnly);
    expect(firstViewRequests("/c/ctx/api/v1/namespaces/default/pods/web/log", "")).toEqual(contextOnly);
  });
});
