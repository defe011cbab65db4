import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realisticCrd } from "./crd-shapes.ts";
import { GROUP } from "./data.ts";
import type { BenchCluster, Kube } from "./kube.ts";
import { timeKubectl } from "./kubectl.ts";
import { type LoupeProcess, startLoupeProcess } from "./loupe.ts";
import { median, type Summary, summarize } from "./stats.ts";

/** Many real-sized CRDs: the server's memory above idle, and a cold catalog against kubectl's. */
export interface CrdScaleResult {
  crds: number;
  /** Bytes of the CRDs as created (JSON), all together. */
  crdBytes: number;
  /** Server RSS with the catalog read and followed before the CRDs, and once they are all in it (bytes). */
  rssIdle: number;
  rssWithCrds: number;
  rssAboveIdle: number;
  /** V8 heap in use at the same two moments (bytes). */
  heapIdle: number;
  heapWithCrds: number;
  resources: number;
  /** `kubectl api-resources --cache-dir <new empty dir>` wall time (ms). */
  kubectl: Summary;
  /** GET …/contexts/<a context never used>/catalog (ms). */
  loupe: Summary;
  /** loupe p50 / kubectl p50. */
  ratio: number;
}

/**
 * Figure: `crds` CRDs of real size (see realisticCrd) installed while a Loupe server follows the catalog. Memory is
 * sampled before and after (medians of five readings after a settle); then cold catalogs are timed as in the
 * catalog figure: every sample reads a context the server never used (same cluster and user), kubectl a new empty
 * cache.
 */
export async function measureCrdScale(options: {
  cluster: BenchCluster;
  kube: Kube;
  kubectl: string;
  crds: number;
  samples: number;
  log: (line: string) => void;
  /** Extra node flags for the server (profiling). */
  nodeArgs?: string[];
  /** Another checkout's server to measure (before/after). */
  serverMain?: string;
}): Promise<CrdScaleResult> {
  const { kube, log } = options;
  const dir = await mkdtemp(join(tmpdir(), "loupe-bench-crds-"));
  const contexts = ["main", ...Array.from({ length: options.samples }, (_, i) => `cold-${i}`)];
  const kubeconfigPath = join(dir, "kubeconfig.yaml");
  await writeFile(kubeconfigPath, manyContexts(options.cluster, contexts), { mode: 0o600 });
  const loupe = await startLoupeProcess({
    kubeconfigPath,
    nodeArgs: options.nodeArgs,
    main: options.serverMain,
    log,
  });
  try {
    const catalog = async (context: string) => {
      const t0 = performance.now();
      const response = await fetch(`${loupe.url}/api/v1/contexts/${context}/catalog`);
      const body = (await response.json()) as { resources: { group: string }[] };
      if (!response.ok) throw new Error(`catalog of ${context} → ${response.status}`);
      return { ms: performance.now() - t0, body };
    };
    await catalog("main");
    const idle = await sampleMemory(loupe);
    const crds = Array.from({ length: options.crds }, (_, i) => realisticCrd(i));
    const crdBytes = crds.reduce((n, c) => n + JSON.stringify(c).length, 0);
    const started = performance.now();
    let next = 0;
    // Four at a time, each tried again after a dropped connection: 1,500 CRDs keep the API server busy.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < crds.length) {
          const body = crds[next++] as (typeof crds)[number];
          for (let attempt = 1; ; attempt++) {
            try {
              await kube.createCrd(body);
              break;
            } catch (error) {
              if (attempt >= 5) throw error;
              await sleep(1_000 * attempt);
            }
          }
        }
      }),
    );
    // The server follows CRD changes: its catalog lists them all without a restart (discovery lists a CRD once it
    // is Established). Not polled through the CRD list itself: 1,500 whole CRDs are 90 MB an answer.
    const deadline = Date.now() + 1_500_000;
    let resources = 0;
    for (;;) {
      const body = (await catalog("main").catch(() => ({ body: { resources: [] } }))).body;
      resources = body.resources.filter((r) => r.group.endsWith(`.crds.${GROUP}`)).length;
      if (resources >= crds.length) break;
      if (Date.now() > deadline) throw new Error(`the catalog lists ${resources} of ${crds.length} CRDs`);
      await sleep(1_000);
    }
    log(
      `bench: ${crds.length} CRDs (${(crdBytes / 2 ** 20).toFixed(0)} MB of JSON) installed and in Loupe's catalog ` +
        `in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    const withCrds = await sampleMemory(loupe);

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
    await kubectlRun();
    const loupeMs: number[] = [];
    const kubectlMs: number[] = [];
    for (let i = 0; i < options.samples; i++) {
      kubectlMs.push(await kubectlRun());
      loupeMs.push((await catalog(contexts[i + 1] as string)).ms);
    }
    const result: CrdScaleResult = {
      crds: crds.length,
      crdBytes,
      rssIdle: idle.rss,
      rssWithCrds: withCrds.rss,
      rssAboveIdle: withCrds.rss - idle.rss,
      heapIdle: idle.heapUsed,
      heapWithCrds: withCrds.heapUsed,
      resources,
      kubectl: summarize(kubectlMs),
      loupe: summarize(loupeMs),
      ratio: 0,
    };
    result.ratio = result.loupe.p50 / result.kubectl.p50;
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    log(
      `bench: ${crds.length} CRDs: RSS ${mb(idle.rss)} → ${mb(withCrds.rss)} MB (+${mb(result.rssAboveIdle)}), heap ` +
        `${mb(idle.heapUsed)} → ${mb(withCrds.heapUsed)} MB; catalog cold p50 ${result.loupe.p50.toFixed(0)} ms vs ` +
        `kubectl api-resources ${result.kubectl.p50.toFixed(0)} ms (${result.ratio.toFixed(2)}×)`,
    );
    return result;
  } finally {
    await loupe.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** RSS and V8 heap in use: medians of five readings a second apart, after a settle. */
export async function sampleMemory(loupe: LoupeProcess, settleMs = 5_000): Promise<{ rss: number; heapUsed: number }> {
  await sleep(settleMs);
  const rss: number[] = [];
  const heap: number[] = [];
  for (let i = 0; i < 5; i++) {
    rss.push(await loupe.rss());
    heap.push((await loupe.metrics()).get("nodejs_heap_used_bytes") ?? Number.NaN);
    await sleep(1_000);
  }
  return { rss: median(rss), heapUsed: median(heap) };
}

/** A kubeconfig (JSON is YAML) whose contexts all name the run's cluster and admin user. */
export function manyContexts(cluster: BenchCluster, contexts: readonly string[]): string {
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
