// scratch: idle memory of a server
import { startLocalCluster } from "@loupe/local-cluster";
import { startLoupeProcess } from "./loupe.ts";

const cluster = await startLocalCluster({ samples: false, log: () => {} });
const main = process.argv[2] || undefined;
const loupe = await startLoupeProcess({
  kubeconfigPath: cluster.kubeconfigPath,
  main,
  nodeArgs: process.argv[3] ? [process.argv[3]] : [],
});
const show = async (label: string) => {
  const m = await loupe.metrics();
  console.log(
    label,
    "rss",
    ((await loupe.rss()) / 2 ** 20).toFixed(1),
    "heap",
    ((m.get("nodejs_heap_used_bytes") ?? 0) / 2 ** 20).toFixed(1),
    "ext",
    ((m.get("nodejs_external_memory_bytes") ?? 0) / 2 ** 20).toFixed(1),
  );
};
await show("start");
for (const p of ["/api/v1/contexts/loupe-local/catalog", "/api/v1/contexts/loupe-local/k8s/api/v1/namespaces"])
  await (await fetch(loupe.url + p)).arrayBuffer();
await new Promise((r) => setTimeout(r, 5000));
await show("after catalog");

await new Promise((r) => setTimeout(r, 8000));
await show("after snapshot");
await loupe.stop();
await cluster.stop();
