import type { CatalogResource } from "@loupe/protocol";
import { describe, expect, it } from "vitest";
import { resolveResourcePath, upstreamPath } from "../path.ts";

const entry = (group: string, version: string, resource: string, namespaced: boolean, subresources: string[] = []) =>
  ({ group, version, resource, namespaced, subresources }) as CatalogResource;
const catalog = [
  entry("", "v1", "namespaces", false, ["status", "finalize"]),
  entry("", "v1", "configmaps", true),
  entry("apps", "v1", "deployments", true, ["status", "scale"]),
  entry("platform.example.com", "v1", "tenants", false, ["status"]),
];
const lookup = async (g: string, v: string, r: string) =>
  catalog.find((e) => e.group === g && e.version === v && e.resource === r);

describe("resolveResourcePath", () => {
  it.each([
    [
      "api/v1/namespaces/default/configmaps",
      { group: "", version: "v1", namespace: "default", resource: "configmaps" },
    ],
    ["api/v1/configmaps", { group: "", version: "v1", resource: "configmaps" }],
    ["api/v1/namespaces/kube-system", { group: "", version: "v1", resource: "namespaces", name: "kube-system" }],
    [
      "api/v1/namespaces/kube-system/status",
      { group: "", version: "v1", resource: "namespaces", name: "kube-system", subresource: "status" },
    ],
    [
      "apis/apps/v1/namespaces/a/deployments/web/scale",
      { group: "apps", version: "v1", namespace: "a", resource: "deployments", name: "web", subresource: "scale" },
    ],
    [
      "apis/platform.example.com/v1/tenants/acme",
      { group: "platform.example.com", version: "v1", resource: "tenants", name: "acme" },
    ],
  ])("%s", async (raw, expected) => {
    const { path } = await resolveResourcePath(raw, lookup);
    expect(path).toEqual(expected);
    expect(upstreamPath(path)).toBe(`/${raw}`);
  });

  it.each([
    ["apis/apps/v1/namespaces/a/deployments/web/exec", 'has no subresource "exec"'],
    ["api/v1/namespaces/default/configmaps/x/status", 'has no subresource "status"'],
    ["apis/apps/v1/daemonsets", 'serves no resource "daemonsets" in apps/v1'],
    ["apis/platform.example.com/v1/namespaces/x/tenants", '"tenants" in platform.example.com/v1 is cluster-scoped'],
    ["apis/apps/v1/namespaces/x/replicasets", 'serves no resource "replicasets" in apps/v1'],
    ["api/v1/configmaps/a/b/c", "is too long"],
    ["api/v1/namespaces/%2e%2e/configmaps", "is not a Kubernetes resource path"],
    ["api/v1//configmaps", "is not a Kubernetes resource path"],
    ["version", "must start with api/v1/ or apis/<group>/<version>/"],
    ["apis/apps/v1", "names no resource"],
  ])("refuses %s (%s)", async (raw, why) => {
    await expect(resolveResourcePath(raw, lookup)).rejects.toMatchObject({
      statusCode: 404,
      message: expect.stringContaining(why),
    });
  });
});
