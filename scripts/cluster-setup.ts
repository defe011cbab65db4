// Vitest global setup of the integration and e2e projects: the run's local cluster. scripts/test.ts starts one
// cluster for the whole run and passes it in $LOUPE_TEST_CLUSTER; run alone (`vitest --project integration`), this
// starts a throwaway one and stops it at the end.
import type { TestProject } from "vitest/node";
import { startLocalCluster } from "../packages/local-cluster/src/index.ts";
import type { TestCluster } from "../packages/local-cluster/src/testing.ts";

export default async function setup(project: TestProject) {
  let stop: (() => Promise<void>) | undefined;
  let cluster: TestCluster;
  if (process.env.LOUPE_TEST_CLUSTER) {
    cluster = JSON.parse(process.env.LOUPE_TEST_CLUSTER) as TestCluster;
  } else {
    const started = await startLocalCluster({ log: (line) => console.error(line) });
    stop = () => started.stop();
    cluster = {
      kubeconfigPath: started.kubeconfigPath,
      server: started.server,
      caData: started.caData,
      tokens: started.tokens,
    };
    process.env.LOUPE_TEST_CLUSTER = JSON.stringify(cluster);
  }
  project.provide("cluster", cluster);
  return async () => {
    await stop?.();
  };
}
