import { join } from "node:path";
import type { Browser } from "playwright-core";
import { type ColdVisitResult, measureColdVisit } from "./cold-visit.ts";
import { type CrdScaleResult, measureCrdScale } from "./crd-scale.ts";
import { ITEMS } from "./data.ts";
import type { BenchCluster, Kube } from "./kube.ts";
import type { LoupeProcess } from "./loupe.ts";
import { measureSchemaRoute, type SchemaRouteResult } from "./schema-route.ts";
import { mb, ms, ratioText } from "./stats.ts";
import { measureVisitReference, type VisitReference } from "./visit-reference.ts";

/** The figures of issue 14 (CRDs at Crossplane scale), each publishable alone. */
export const SCALE_FIGURES = ["crds", "schema", "memory", "visit-bytes"] as const;
export type ScaleFigure = (typeof SCALE_FIGURES)[number];

export interface ScaleResults {
  crds?: CrdScaleResult;
  schema?: SchemaRouteResult;
  /** A cold visit to a 50,000-object list: the server's RSS before (idle) and after. */
  memory?: ColdVisitResult;
  visitBytes?: { visit: ColdVisitResult; reference: VisitReference; ratio: number };
}

/** The namespace of the Items a list size reads (shared with the list figure). */
export const listNamespace = (size: number) => `list-${size}`;

/** Items the chosen scale figures read: `{namespace, count}` to load. */
export function scaleLoads(figures: readonly string[], quick: boolean): { namespace: string; count: number }[] {
  const loads: { namespace: string; count: number }[] = [];
  if (figures.includes("visit-bytes"))
    loads.push({ namespace: listNamespace(quick ? 1_000 : 10_000), count: quick ? 1_000 : 10_000 });
  if (figures.includes("memory"))
    loads.push({ namespace: listNamespace(quick ? 5_000 : 50_000), count: quick ? 5_000 : 50_000 });
  return loads;
}

/** Runs the chosen scale figures in the order a full run measures them. */
export async function runScaleFigures(options: {
  figures: readonly string[];
  quick: boolean;
  cluster: BenchCluster;
  kube: Kube;
  kubectl: string;
  root: string;
  browser: () => Promise<Browser>;
  startLoupe: () => Promise<LoupeProcess>;
  phase: <T>(name: string, body: () => Promise<T>) => Promise<T>;
  log: (line: string) => void;
}): Promise<ScaleResults> {
  const { figures, quick, log } = options;
  const results: ScaleResults = {};
  if (figures.includes("schema")) {
    results.schema = await options.phase("figure: schema route", () =>
      measureSchemaRoute({
        kube: options.kube,
        fixtures: join(options.root, "..", "shared", "fixtures"),
        startLoupe: options.startLoupe,
        samples: quick ? 2 : 5,
        log,
      }),
    );
  }
  if (figures.includes("visit-bytes")) {
    const size = quick ? 1_000 : 10_000;
    results.visitBytes = await options.phase("figure: cold visit bytes", async () => {
      const visit = await measureColdVisit({
        browser: await options.browser(),
        startLoupe: options.startLoupe,
        namespace: listNamespace(size),
        size,
        log,
      });
      const loupe = await options.startLoupe();
      try {
        const target = { group: ITEMS.group, version: "v1", resource: ITEMS.plural, namespace: listNamespace(size) };
        const reference = await measureVisitReference({
          loupeUrl: loupe.url,
          k8sPath: `/apis/${ITEMS.group}/v1/namespaces/${listNamespace(size)}/${ITEMS.plural}`,
          target,
        });
        const ratio = visit.bytesData / reference.total;
        log(
          `bench: cold visit data bytes ${mb(visit.bytesData)} vs today's ${mb(reference.total)} ` +
            `(REST ${mb(reference.rest)} in ${reference.pages} pages + snapshot ${mb(reference.socket)}): ${ratioText(ratio)}`,
        );
        return { visit, reference, ratio };
      } finally {
        await loupe.stop();
      }
    });
  }
  if (figures.includes("memory")) {
    const size = quick ? 5_000 : 50_000;
    results.memory = await options.phase("figure: server memory, idle and after a big list", async () =>
      measureColdVisit({
        browser: await options.browser(),
        startLoupe: options.startLoupe,
        namespace: listNamespace(size),
        size,
        log,
      }),
    );
  }
  if (figures.includes("crds")) {
    results.crds = await options.phase("figure: CRDs at scale", () =>
      measureCrdScale({
        cluster: options.cluster,
        kube: options.kube,
        kubectl: options.kubectl,
        crds: quick ? 100 : 1_500,
        samples: quick ? 3 : 5,
        log,
      }),
    );
  }
  return results;
}

const TARGETS = {
  catalogRatio: 0.3,
  rssAboveIdle: 60 * 2 ** 20,
  schemaFirst: 400,
  schemaCached: 20,
  rssIdle: 120 * 2 ** 20,
  rssAfterList: 250 * 2 ** 20,
  bytesRatio: 0.3,
};

/** Summary-table rows (`| figure | reference | Loupe | ratio | target | met |`) of the scale figures. */
export function scaleSummaryRows(results: ScaleResults): string[] {
  const met = (ok: boolean) => (ok ? "met" : "**missed**");
  const rows: string[] = [];
  const c = results.crds;
  if (c) {
    const n = c.crds.toLocaleString("en");
    rows.push(
      `| ${n} CRDs: catalog cold | kubectl api-resources (empty cache) ${ms(c.kubectl.p50)} | ${ms(c.loupe.p50)} | ${ratioText(c.ratio)} | ≤ ${TARGETS.catalogRatio}× | ${met(c.ratio <= TARGETS.catalogRatio)} |`,
      `| ${n} CRDs installed (${mb(c.crdBytes)} of JSON): server RSS above idle | — | ${mb(c.rssAboveIdle)} (${mb(c.rssIdle)} → ${mb(c.rssWithCrds)}) | — | ≤ 60 MB | ${met(c.rssAboveIdle <= TARGETS.rssAboveIdle)} |`,
    );
  }
  const s = results.schema;
  if (s) {
    rows.push(
      `| schema route, ${mb(s.bytes)} schema: first / cached | — | ${ms(s.first.p50)} / ${ms(s.cached.p50)} | — | ≤ 400 ms / ≤ 20 ms | ${met(s.first.p50 <= TARGETS.schemaFirst && s.cached.p50 <= TARGETS.schemaCached)} |`,
    );
  }
  const m = results.memory;
  if (m) {
    rows.push(
      `| server RSS idle / after a ${m.size.toLocaleString("en")}-object list (peak) | — | ${mb(m.rssIdle)} / ${mb(m.rssAfter)} (${mb(m.rssPeak)}) | — | ≤ 120 MB / ≤ 250 MB | ${met(m.rssIdle <= TARGETS.rssIdle && m.rssAfter <= TARGETS.rssAfterList)} |`,
    );
  }
  const v = results.visitBytes;
  if (v) {
    rows.push(
      `| bytes of a cold visit to a ${v.visit.size.toLocaleString("en")}-object list (list data; all) | today's: REST pages + uncompressed snapshot ${mb(v.reference.total)} | ${mb(v.visit.bytesData)}; ${mb(v.visit.bytesTotal)} | ${ratioText(v.ratio)} | ≤ ${TARGETS.bytesRatio}× | ${met(v.ratio <= TARGETS.bytesRatio)} |`,
    );
  }
  return rows;
}
