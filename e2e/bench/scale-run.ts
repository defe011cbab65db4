// Developer's runner for the CRD-scale figures against any checkout's server (before/after). Not committed.
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ensureKubectlBinary, startLocalCluster } from "@loupe/local-cluster";
import { ensureWebBuilt } from "../../scripts/ensure-web.ts";
import { launchBrowser } from "../support/browser.ts";
import { measureColdVisit } from "./cold-visit.ts";
import { measureCrdScale } from "./crd-scale.ts";
import { benchCrd, crdName, ITEMS, loadNamespaces } from "./data.ts";
import { Kube } from "./kube.ts";
import { startLoupeProcess } from "./loupe.ts";
import { measureSchemaRoute } from "./schema-route.ts";

const { values } = parseArgs({
  options: {
    server: { type: "string" },
    figures: { type: "string", default: "schema,visit,memory,crds" },
    crds: { type: "string", default: "1500" },
    prof: { type: "string" },
  },
});
const log = (line: string) => console.error(line);
const ROOT = join(import.meta.dirname, "..", "..");
const main = values.server ? join(values.server, "apps", "server", "src", "main.ts") : undefined;
const figures = (values.figures ?? "").split(",");
await ensureWebBuilt(log);
const kubectl = await ensureKubectlBinary({ log });
const cluster = await startLocalCluster({ samples: false, log });
const kube = new Kube(cluster);
const nodeArgs = values.prof ? ["--heapsnapshot-signal=SIGUSR2", "--diagnostic-dir", values.prof] : [];
const startLoupe = () => startLoupeProcess({ kubeconfigPath: cluster.kubeconfigPath, main, nodeArgs, log });
const results: Record<string, unknown> = {};
try {
  if (figures.includes("schema")) {
    results.schema = await measureSchemaRoute({
      kube,
      fixtures: join(ROOT, "..", "shared", "fixtures"),
      startLoupe,
      samples: 3,
      log,
    });
  }
  if (figures.includes("visit") || figures.includes("memory")) {
    await kube.createCrd(benchCrd(ITEMS));
    await kube.waitEstablished([crdName(ITEMS)]);
    const loads = [];
    if (figures.includes("visit")) loads.push({ namespace: "list-10000", kind: ITEMS, count: 10_000 });
    if (figures.includes("memory")) loads.push({ namespace: "list-50000", kind: ITEMS, count: 50_000 });
    await loadNamespaces(kube, loads, log);
    const browser = await launchBrowser();
    try {
      if (figures.includes("visit"))
        results.visit = await measureColdVisit({ browser, startLoupe, namespace: "list-10000", size: 10_000, log });
      if (figures.includes("memory"))
        results.memory = await measureColdVisit({ browser, startLoupe, namespace: "list-50000", size: 50_000, log });
    } finally {
      await browser.close();
    }
  }
  if (figures.includes("crds")) {
    results.crds = await measureCrdScale({
      cluster,
      kube,
      kubectl,
      crds: Number(values.crds),
      samples: 5,
      log,
      nodeArgs,
      serverMain: main,
    });
  }
  console.log(JSON.stringify(results, null, 2));
} finally {
  await kube.close();
  await cluster.stop();
}
void mkdtemp;
void os;
