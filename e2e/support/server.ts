import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { buildApp } from "@loupe/server";
import type { TestCluster } from "../../packages/local-cluster/src/testing.ts";

/** The built SPA, which scripts/test.ts builds before the run. */
export const WEB_ROOT = join(import.meta.dirname, "..", "..", "apps", "web", "dist");

/** Loupe's server against the run's cluster on a free loopback port, serving the built SPA. */
export async function startLoupe(
  cluster: TestCluster,
  options: {
    readOnly?: boolean;
    auth?: Parameters<typeof buildApp>[0]["auth"];
    history?: Parameters<typeof buildApp>[0]["history"];
  } = {},
) {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const app = await buildApp({
    kubeConfig: kc,
    webRoot: WEB_ROOT,
    readOnly: options.readOnly,
    auth: options.auth,
    history: options.history,
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close(), app };
}

/**
 * Loupe's server against the run's cluster with one more context, `account`, acting as the service account of that
 * name in `namespace` (with a token requested for it): what a user with exactly that account's RBAC sees.
 */
export async function startLoupeAsServiceAccount(
  cluster: TestCluster,
  kube: { create(path: string, body: unknown): Promise<{ body: unknown }> },
  namespace: string,
  account: string,
) {
  const token = await kube.create(`/api/v1/namespaces/${namespace}/serviceaccounts/${account}/token`, {
    apiVersion: "authentication.k8s.io/v1",
    kind: "TokenRequest",
    spec: { expirationSeconds: 3600 },
  });
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const clusterName = kc.getContextObject("loupe-local")?.cluster as string;
  kc.addUser({ name: account, token: (token.body as { status: { token: string } }).status.token });
  kc.addContext({ name: account, cluster: clusterName, user: account, namespace });
  const app = await buildApp({ kubeConfig: kc, webRoot: WEB_ROOT });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
