import { describe, expect, it } from "vitest";
import { targetProblem } from "../request-target.ts";

describe("targetProblem", () => {
  it("accepts normalized origin-form paths, escapes of reserved characters and any query", () => {
    for (const target of [
      "/",
      "/api/v1/contexts/loupe-local/k8s/api/v1/namespaces/default/configmaps/x",
      "/api/v1/contexts/loupe-local/k8s/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aadmin",
      "/c/ctx/apis/stable.example.com/v1/myservices/",
      "/api/v1/contexts/x/k8s/api/v1/pods?labelSelector=a%3Db&x=%2F..%2F",
      "/assets/index-abc.js",
    ]) {
      expect(targetProblem(target), target).toBeUndefined();
    }
  });

  it.each([
    ["http://127.0.0.1:7755/api/v1/contexts", "absolute-form"],
    ["127.0.0.1:7755", "absolute-form"],
    ["*", "absolute-form"],
    ["/%61pi/v1/contexts", "needs no encoding"],
    ["/api/%76%31/contexts", "needs no encoding"],
    ["/api/v1/%63ontexts/x", "needs no encoding"],
    ["/api/v1/contexts/x/k8s/api/v1/namespaces/a%2Fb/pods", "encoded slash"],
    ["/api/v1/contexts/x/k8s/api/v1/namespaces/a%2fb/pods", "encoded slash"],
    ["/api/v1/contexts/x/%5Cwatch", "encoded slash"],
    ["/api/v1/./contexts", "dot segment"],
    ["/api/v1/x/../contexts", "dot segment"],
    ["/api/v1/%2e%2e/contexts", "needs no encoding"],
    ["/api/v1/..", "dot segment"],
    ["//api/v1/contexts", "empty segment"],
    ["/api//v1/contexts", "empty segment"],
    ["/api/v1\\contexts", "backslash"],
    ["/api/v1/%zz", "malformed"],
    ["/api/v1/%00", "NUL"],
    ["/api/v1/\u0001", "control"],
  ])("refuses %s (%s)", (target, why) => {
    expect(targetProblem(target)).toContain(why);
  });
});
