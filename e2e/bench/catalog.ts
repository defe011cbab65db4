import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GROUP } from "./data.ts";
import type { BenchCluster, Kube } from "./kube.ts";
import { timeKubectl } from "./kubectl.ts";
import { startLoupeProcess } from "./loupe.ts";
import { type Summary, summarize } from "./stats.ts";

/** Cold catalogs: Loupe's first catalog of a context against `kubectl api-resources` with an empty cache. */
export interface CatalogResult {
  crds: number;
  /** Resources in Loupe's catalog, and how many of them are custom. */
  resources: number;
  customResources: number;
  samples: number;
  /** `kubectl api-resources --cache-dir <new empty dir>` wall time (ms). */
  kubectl: Summary;
  /** GET /api/v1/contexts/<a context never used>/catalog, answered in full (ms). */
  loupe: Summary;
  /** The very first catalog of the server process (cold JIT as well as cold cache), ms. */
  loupeFirstInProcess: number;
  /** A catalog the server has cached (ms, median), for scale. */
  loupeWarm: number;
  /** loupe p50 / kubectl p50. */
  ratio: number;
}

/** `count` CRDs in groups of ten kinds (`c000.catalog.bench.loupe.dev`, ...), as operators ship them. */
export function catalogCrds(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const group = `g${String(Math.floor(i / 10)).padStart(2, "0")}.catalog.${GROUP}`;
    const kind = `Kind${String(i).padStart(3, "0")}`;
    const plural = `kind${String(i).padStart(3, "0")}s`;
    return {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `${plural}.${group}` },
      spec: {
        group,
        scope: i % 5 === 0 ? "Cluster" : "Namespaced",
        names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: { spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
              },
            },
          },
        ],
      },
    };
  });
}

/**
 * Figure: the catalog with `crds` CRDs installed, cold. Loupe runs with a kubeconfig of many contexts, all the same
 * cluster and user: each context's first catalog is cold (no cached discovery, a new connection), as a freshly
 * started server's is, without restarting the process per sample. kubectl gets a new empty --cache-dir each run.
 */
export async function measureCatalog(options: {
  cluster: BenchCluster;
  kube: Kube;
  kubectl: string;
  crds: number;
  samples: number;
  log: (line: string) => void;
}): Promise<CatalogResult> {
  const { kube, log } = options;
  const crds = catalogCrds(options.crds);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < crds.length) await kube.createCrd(crds[next++] as (typeof crds)[number]);
    }),
  );
  await kube.waitEstablished(crds.map((c) => c.metadata.name));
  await waitForDiscovery(kube, crds.length);
  log(
    `bench: ${crds.length} CRDs established and discovered in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const dir = await mkdtemp(join(tmpdir(), "loupe-bench-catalog-"));
  const contexts = Array.from({ length: options.samples + 2 }, (_, i) => `cold-${i}`);
  const kubeconfigPath = join(dir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, manyContexts(options.cluster, contexts), { mode: 0o600 });
  const loupe = await startLoupeProcess({ kubeconfigPath, log });
  try {
    const get = async (context: string) => {
      const t0 = performance.now();
      const response = await fetch(`${loupe.url}/api/v1/contexts/${context}/catalog`);
      const body = (await response.json()) as { resources: { custom: boolean }[] };
      if (!response.ok) throw new Error(`catalog of ${context} → ${response.status}`);
      return { ms: performance.now() - t0, body };
    };
    const kubectlRun = async () => {
      const cacheDir = await mkdtemp(join(dir, "kubectl-cache-"));
      const run = await timeKubectl(options.kubectl, options.cluster.kubeconfigPath, [
        "api-resources",
        "--cache-dir",
        cacheDir,
      ]);
      await rm(cacheDir, { recursive: true, force: true });
      return run.ms;
    };
    const first = await get(contexts[0] as string);
    await kubectlRun();
    const loupeMs: number[] = [];
    const kubectlMs: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      kubectlMs.push(await kubectlRun());
      loupeMs.push((await get(contexts[i + 1] as string)).ms);
    }
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await get(contexts[1] as string)).ms);
    const result: CatalogResult = {
      crds: crds.length,
      resources: first.body.resources.length,
      customResources: first.body.resources.filter((r) => r.custom).length,
      samples: options.samples,
      kubectl: summarize(kubectlMs),
      loupe: summarize(loupeMs),
      loupeFirstInProcess: first.ms,
      loupeWarm: summarize(warm).p50,
      ratio: 0,
    };
    result.ratio = result.loupe.p50 / result.kubectl.p50;
    log(
      `bench: catalog with ${crds.length} CRDs: kubectl p50 ${result.kubectl.p50.toFixed(0)} ms, Loupe cold p50 ` +
        `${result.loupe.p50.toFixed(0)} ms (${result.ratio.toFixed(2)}×), first in process ${first.ms.toFixed(0)} ms`,
    );
    return result;
  } finally {
    await loupe.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Waits until aggregated discovery (`/apis`, what both kubectl and Loupe read) lists every catalog CRD. */
async function waitForDiscovery(kube: Kube, count: number): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    const apis = await kube.getJson<{
      items?: { metadata: { name: string }; versions: { resources?: unknown[] }[] }[];
    }>("/apis", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    const resources = (apis.items ?? [])
      .filter((g) => g.metadata.name.endsWith(`.catalog.${GROUP}`))
      .reduce((n, g) => n + (g.versions[0]?.resources?.length ?? 0), 0);
    if (resources >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the catalog CRDs never all appeared in discovery");
}

/** A kubeconfig (JSON is YAML) whose contexts all name the run's cluster and admin user. */
function manyContexts(cluster: BenchCluster, contexts: readonly string[]): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "bench", cluster: { server: cluster.server, "certificate-authority-data": btoa(cluster.caData) } },
    ],
    users: [{ name: "admin", user: { token: cluster.tokens.admin } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: "bench", user: "admin" } })),
    "current-context": contexts[0],
  });
}
