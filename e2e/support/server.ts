import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import { buildApp } from "@loupe/server";
import type { TestCluster } from "../../packages/local-cluster/src/testing.ts";

/** The built SPA, which scripts/test.ts builds before the run. */
export const WEB_ROOT = join(import.meta.dirname, "..", "..", "apps", "web", "dist");

/** Loupe's server against the run's cluster on a free loopback port, serving the built SPA. */
export async function startLoupe(
  cluster: TestCluster,
  options: { readOnly?: boolean; auth?: Parameters<typeof buildApp>[0]["auth"] } = {},
) {
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  const app = await buildApp({ kubeConfig: kc, webRoot: WEB_ROOT, readOnly: options.readOnly, auth: options.auth });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}
