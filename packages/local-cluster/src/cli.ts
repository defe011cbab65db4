#!/usr/bin/env node
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureKubectlBinary, ensurePlaneBinary, startLocalCluster, stateDir } from "./index.ts";

const HELP = `usage: loupe-local-cluster <command> [options]

Commands:
  start     start kube-apiserver + kube-controller-manager + etcd on loopback with the samples; stops on Ctrl-C
  build     build (or find cached) the loupe-plane and kubectl binaries and print their paths

Options for start:
  --data-dir <dir>   keep the cluster's data here (default: <state dir>/local-cluster/demo)
  --throwaway        use a fresh data dir and remove it on exit
  --no-samples       do not apply the sample CRDs and objects
  -h, --help         show this help
`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "data-dir": { type: "string" },
    throwaway: { type: "boolean", default: false },
    "no-samples": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

const command = positionals[0];
const log = (line: string) => console.error(line);
if (values.help || !command) {
  process.stdout.write(HELP);
  process.exit(values.help ? 0 : 2);
} else if (command === "build") {
  console.log(await ensurePlaneBinary({ log }));
  console.log(await ensureKubectlBinary({ log }));
} else if (command === "start") {
  const cluster = await startLocalCluster({
    dataDir: values.throwaway ? undefined : (values["data-dir"] ?? join(stateDir(), "local-cluster", "demo")),
    samples: !values["no-samples"],
    log,
  });
  console.log(`Local cluster kubeconfig: ${cluster.kubeconfigPath}`);
  console.log(`API server: ${cluster.server}`);
  const shutdown = async () => {
    await cluster.stop();
    process.exit(0);
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
} else {
  console.error(`unknown command: ${command}\n`);
  process.stdout.write(HELP);
  process.exit(2);
}
