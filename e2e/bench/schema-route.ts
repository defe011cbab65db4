import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { hugeSchemaCrd } from "./crd-shapes.ts";
import type { Kube } from "./kube.ts";
import type { LoupeProcess } from "./loupe.ts";
import { type Summary, summarize } from "./stats.ts";

/** The schema route for a huge kind: the first answer (nothing cached) and cached ones. */
export interface SchemaRouteResult {
  /** Bytes of the route's JSON answer (decompressed). */
  bytes: number;
  /** Bytes of the CRD as stored. */
  crdBytes: number;
  /** First request of a fresh server process (ms); each sample a new server. */
  first: Summary;
  /** Later requests of the same server, no conditional headers (ms). */
  cached: Summary;
}

const FIXTURE = "prometheuses.monitoring.coreos.com.yaml";

/**
 * Figure: `GET /api/v1/contexts/<ctx>/schema/<group>/<version>/Workflow` for a CRD whose schema is as large as
 * Argo's Workflow (copies of prometheus-operator's Prometheus spec from the fixtures, see hugeSchemaCrd). Each
 * sample starts a new Loupe server (warmed with a catalog read, so only the schema is cold), times the first
 * request, then ten cached ones.
 */
export async function measureSchemaRoute(options: {
  kube: Kube;
  fixtures: string;
  startLoupe: () => Promise<LoupeProcess>;
  samples: number;
  log: (line: string) => void;
}): Promise<SchemaRouteResult> {
  const template = parse(await readFile(join(options.fixtures, "crds", FIXTURE), "utf8")) as {
    spec: { versions: { schema: { openAPIV3Schema: Record<string, unknown> } }[] };
  };
  const crd = hugeSchemaCrd(template.spec.versions[0]?.schema.openAPIV3Schema ?? {}, 2.75);
  await options.kube.createCrd(crd);
  await options.kube.waitEstablished([crd.metadata.name]);
  const path = `/api/v1/contexts/loupe-local/schema/${crd.spec.group}/v1alpha1/Workflow`;
  const first: number[] = [];
  const cached: number[] = [];
  let bytes = 0;
  for (let i = -1; i < options.samples; i++) {
    const loupe = await options.startLoupe();
    try {
      const warm = await fetch(`${loupe.url}/api/v1/contexts/loupe-local/catalog`);
      await warm.arrayBuffer();
      const get = async () => {
        const t0 = performance.now();
        // As a browser asks (fetch decompresses; the time includes that, as the browser's would).
        const response = await fetch(`${loupe.url}${path}`, { headers: { "accept-encoding": "gzip" } });
        const body = await response.arrayBuffer();
        if (!response.ok)
          throw new Error(`${path} → ${response.status}: ${new TextDecoder().decode(body).slice(0, 300)}`);
        return { ms: performance.now() - t0, bytes: body.byteLength };
      };
      const once = await get();
      bytes = once.bytes;
      const again: number[] = [];
      for (let n = 0; n < 10; n++) again.push((await get()).ms);
      if (i < 0) continue;
      first.push(once.ms);
      cached.push(...again);
    } finally {
      await loupe.stop();
    }
  }
  const result: SchemaRouteResult = {
    bytes,
    crdBytes: JSON.stringify(crd).length,
    first: summarize(first),
    cached: summarize(cached),
  };
  options.log(
    `bench: schema route, ${(bytes / 2 ** 20).toFixed(2)} MB answer (CRD ${(result.crdBytes / 2 ** 20).toFixed(2)} MB): ` +
      `first p50 ${result.first.p50.toFixed(0)} ms, cached p50 ${result.cached.p50.toFixed(1)} ms`,
  );
  return result;
}
