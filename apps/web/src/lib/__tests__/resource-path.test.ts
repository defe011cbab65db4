import { describe, expect, it } from "vitest";
import {
  activityUrl,
  apiUrl,
  k8sPath,
  parseK8sPath,
  qualifiedName,
  splitApiVersion,
  viewUrl,
} from "../resource-path.ts";

describe("k8sPath / parseK8sPath", () => {
  const cases = [
    { name: "core list, all namespaces", target: { group: "", version: "v1", resource: "pods" }, path: "api/v1/pods" },
    {
      name: "core list in a namespace",
      target: { group: "", version: "v1", resource: "configmaps", namespace: "kube-system" },
      path: "api/v1/namespaces/kube-system/configmaps",
    },
    {
      name: "a namespace object (cluster-scoped 'namespaces')",
      target: { group: "", version: "v1", resource: "namespaces", name: "default" },
      path: "api/v1/namespaces/default",
    },
    {
      name: "group object in a namespace",
      target: {
        group: "stable.example.com",
        version: "v1",
        resource: "myservices",
        namespace: "default",
        name: "my-nginx-service",
      },
      path: "apis/stable.example.com/v1/namespaces/default/myservices/my-nginx-service",
    },
    {
      name: "cluster-scoped group object",
      target: { group: "platform.example.com", version: "v1", resource: "tenants", name: "acme" },
      path: "apis/platform.example.com/v1/tenants/acme",
    },
    {
      name: "names needing encoding",
      target: { group: "", version: "v1", resource: "configmaps", namespace: "a b", name: "x/y?z" },
      path: "api/v1/namespaces/a%20b/configmaps/x%2Fy%3Fz",
    },
  ];
  for (const c of cases) {
    it(`round-trips ${c.name}`, () => {
      expect(k8sPath(c.target)).toBe(c.path);
      expect(parseK8sPath(c.path)).toEqual(c.target);
      expect(parseK8sPath(`/${c.path}/`)).toEqual(c.target);
    });
  }

  it("refuses what is not a list or object path", () => {
    for (const path of [
      "",
      "activity",
      "api",
      "api/v1",
      "apis/apps",
      "apis/apps/v1",
      "api/v1/namespaces/default/pods/web/status",
      "api/v1/pods/a/b",
      "api/v1/%E0%A4%A",
    ]) {
      expect(parseK8sPath(path), path).toBeNull();
    }
  });
});

describe("URLs", () => {
  const target = { group: "apps", version: "v1", resource: "deployments", namespace: "web" };
  it("builds view, activity and REST URLs, dropping empty query values", () => {
    expect(viewUrl("kind-dev", target, { q: "api", labelSelector: "", wide: undefined })).toBe(
      "/c/kind-dev/apis/apps/v1/namespaces/web/deployments?q=api",
    );
    expect(viewUrl("a/b", { group: "", version: "v1", resource: "pods" })).toBe("/c/a%2Fb/api/v1/pods");
    expect(activityUrl("ctx", { ns: "default" })).toBe("/c/ctx/activity?ns=default");
    expect(apiUrl("ctx", target, { labelSelector: "app=web,tier!=db" })).toBe(
      "/api/v1/contexts/ctx/k8s/apis/apps/v1/namespaces/web/deployments?labelSelector=app%3Dweb%2Ctier%21%3Ddb",
    );
  });
  it("names resources and apiVersions as kubectl does", () => {
    expect(qualifiedName({ group: "", resource: "pods" })).toBe("pods");
    expect(qualifiedName({ group: "stable.example.com", resource: "crontabs" })).toBe("crontabs.stable.example.com");
    expect(splitApiVersion("v1")).toEqual({ group: "", version: "v1" });
    expect(splitApiVersion("demo.loupe.dev/v1alpha1")).toEqual({ group: "demo.loupe.dev", version: "v1alpha1" });
  });
});
