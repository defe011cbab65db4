import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { ensureKubectlBinary, stateDir, workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import { appFor, k8s, unique } from "./support.ts";

// deploy/ checked against the real API server: kustomize renders both overlays, a server-side dry run accepts
// every object, and Loupe running with the viewer overlay's service account can read but not write.
const run = promisify(execFile);
const cluster = inject("cluster");
const DEPLOY = join(workspaceRoot(), "deploy");
let kubectl: string;
let admin: FastifyInstance;

beforeAll(async () => {
  kubectl = await ensureKubectlBinary();
  admin = await appFor(cluster.kubeconfigPath);
});
afterAll(async () => {
  await admin.close();
});

async function render(overlay: string) {
  const { stdout } = await run(kubectl, ["kustomize", join(DEPLOY, "overlays", overlay)]);
  return { text: stdout, objects: parseAllDocuments(stdout).map((d) => d.toJS() as any) };
}

describe.each(["viewer", "editor"])("deploy/overlays/%s", (overlay) => {
  it("renders the least-privilege pieces with a hardened Deployment", async () => {
    const { objects } = await render(overlay);
    expect(objects.map((o) => o.kind).sort()).toEqual(
      ["ClusterRole", "ClusterRoleBinding", "Deployment", "Namespace", "Service", "ServiceAccount"].sort(),
    );
    const deployment = objects.find((o) => o.kind === "Deployment");
    const container = deployment.spec.template.spec.containers[0];
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(deployment.spec.template.spec.securityContext.runAsNonRoot).toBe(true);
    expect(container.livenessProbe.httpGet.path).toBe("/healthz");
    expect(container.readinessProbe.httpGet.path).toBe("/readyz");
    expect(container.resources.limits).toBeDefined();
    expect(container.args.includes("--read-only")).toBe(overlay === "viewer");
    const role = objects.find((o) => o.kind === "ClusterRole");
    const verbs = role.rules.flatMap((r: { verbs: string[] }) => r.verbs);
    if (overlay === "viewer") expect(verbs.sort()).toEqual(["get", "list", "watch"]);
    else expect(verbs).toEqual(expect.arrayContaining(["create", "update", "patch", "delete"]));
  });

  it("is accepted by the API server in a server-side dry run", async () => {
    // Namespaced objects need their namespace to exist even in a dry run.
    await k8s(admin, "POST", "api/v1/namespaces", { metadata: { name: "loupe" } });
    const { text } = await render(overlay);
    const file = join(stateDir(), "tmp", `deploy-${overlay}-${unique("r")}.yaml`);
    await writeFile(file, text);
    const { stdout } = await run(kubectl, [
      "--kubeconfig",
      cluster.kubeconfigPath,
      "apply",
      "--dry-run=server",
      "-f",
      file,
    ]);
    const lines = stdout.trim().split("\n");
    expect(lines.length).toBe(6);
    for (const line of lines) expect(line).toMatch(/(created|configured|unchanged) \(server dry run\)$/);
  });
});

describe("Loupe with the viewer overlay's service account", () => {
  it("lists, and every write is a clear 403", async () => {
    const { objects } = await render("viewer");
    await k8s(admin, "POST", "api/v1/namespaces", { metadata: { name: "loupe" } });
    for (const object of objects.filter((o) =>
      ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"].includes(o.kind),
    )) {
      const base =
        object.kind === "ServiceAccount"
          ? "api/v1/namespaces/loupe/serviceaccounts"
          : `apis/rbac.authorization.k8s.io/v1/${object.kind === "ClusterRole" ? "clusterroles" : "clusterrolebindings"}`;
      const applied = await k8s(admin, "PATCH", `${base}/${object.metadata.name}?force=true`, object, {
        contentType: "application/apply-patch+yaml",
      });
      expect(applied.status).toBeLessThan(300);
    }
    // Loupe serves no token subresource (only status and scale), so ask for the token with client-node.
    const kc = new KubeConfig();
    kc.loadFromFile(cluster.kubeconfigPath);
    const token = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
      name: "loupe",
      namespace: "loupe",
      body: { spec: { audiences: [], expirationSeconds: 600 } },
    });
    expect(token.status?.token).toBeTruthy();
    const kubeconfig = join(stateDir(), "tmp", `viewer-sa-${unique("k")}.yaml`);
    await writeFile(
      kubeconfig,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [
          {
            name: "c",
            cluster: {
              server: cluster.server,
              "certificate-authority-data": Buffer.from(cluster.caData).toString("base64"),
            },
          },
        ],
        users: [{ name: "sa", user: { token: token.status?.token } }],
        contexts: [{ name: "viewer-sa", context: { cluster: "c", user: "sa", namespace: "default" } }],
        "current-context": "viewer-sa",
      }),
    );
    const app = await appFor(kubeconfig);
    try {
      const listed = await k8s(app, "GET", "apis/stable.example.com/v1/namespaces/default/myservices", undefined, {
        context: "viewer-sa",
      });
      expect(listed.status).toBe(200);
      expect(listed.body.rows.map((r: any) => r.cells[0])).toEqual(expect.arrayContaining(["my-nginx-service"]));
      const refused = await k8s(
        app,
        "PATCH",
        "apis/stable.example.com/v1/namespaces/default/myservices/my-nginx-service",
        { spec: { replicas: 9 } },
        { context: "viewer-sa", contentType: "application/merge-patch+json" },
      );
      expect(refused.status).toBe(403);
      expect(refused.body.message).toContain(
        'User "system:serviceaccount:loupe:loupe" cannot patch resource "myservices"',
      );
    } finally {
      await app.close();
    }
  });
});
