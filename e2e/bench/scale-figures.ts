import { join } from "node:path";
import { type ColdVisitResult, measureColdVisit } from "./cold-visit.ts";
import { type CrdScaleResult, measureCrdScale } from "./crd-scale.ts";
import { benchCrd, crdName, ITEMS, loadNamespaces } from "./data.ts";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import { measureSchemaRoute, type SchemaRouteResult } from "./schema-route.ts";
import { mb, ms, ratioText } from "./stats.ts";
import { measureVisitReference, type VisitReference } from "./visit-reference.ts";

// The figures of issue 14 (CRDs at Crossplane scale): memory with 1,500 CRDs and their cold catalog, the schema
// route on a huge kind, the server's memory idle and after a 50,000-object list, and the bytes of a cold visit.

const ROOT = join(import.meta.dirname, "..", "..");

/** Items in `namespace` (the figure's own), created once. */
async function items(context: FigureContext, namespace: string, count: number): Promise<void> {
  await context.kube.createCrd(benchCrd(ITEMS));
  await context.kube.waitEstablished([crdName(ITEMS)]);
  await loadNamespaces(context.kube, [{ namespace, kind: ITEMS, count }], context.log);
}

export const crdMemoryFigure: BenchFigure<CrdScaleResult> = {
  name: "crd-memory",
  description:
    "1,500 CRDs of real size (kubectl-applied): server RSS above idle, and the catalog cold vs kubectl api-resources (empty cache)",
  measure: (context) =>
    measureCrdScale({
      cluster: context.cluster,
      kube: context.kube,
      kubectl: context.kubectl,
      crds: context.quick ? 100 : 1_500,
      samples: context.quick ? 3 : 5,
      log: context.log,
    }),
  summary(c): SummaryRow[] {
    const n = c.crds.toLocaleString("en");
    return [
      {
        figure: `${n} CRDs: catalog cold`,
        reference: `kubectl api-resources (empty cache) ${ms(c.kubectl.p50)}`,
        loupe: ms(c.loupe.p50),
        ratio: ratioText(c.ratio),
        target: "≤ 0.3×",
        met: c.ratio <= 0.3,
      },
      {
        figure: `${n} CRDs installed (${mb(c.crdBytes)} of JSON): server RSS above idle`,
        reference: "—",
        loupe: `${mb(c.rssAboveIdle)} (${mb(c.rssIdle)} → ${mb(c.rssWithCrds)})`,
        ratio: "—",
        target: "≤ 60 MB",
        met: c.rssAboveIdle <= 60 * 2 ** 20,
      },
    ];
  },
  details: (c) => [
    "### CRDs at scale: memory and cold catalog",
    "",
    `A Loupe server reads and follows the catalog; then ${c.crds.toLocaleString("en")} CRDs of real size (40 fields with ` +
      `provider-style descriptions, printer columns, a status subresource, and kubectl's last-applied annotation: ` +
      `${mb(c.crdBytes)} of JSON in all) are created, four at a time, and the server's catalog is polled until it lists ` +
      "them all. Memory is the median of five readings a second apart after a 5 s settle, before and after.",
    "",
    "| measure | value |",
    "|---|---|",
    `| RSS idle → with the CRDs | ${mb(c.rssIdle)} → ${mb(c.rssWithCrds)} (+${mb(c.rssAboveIdle)}) |`,
    `| V8 heap in use idle → with the CRDs | ${mb(c.heapIdle)} → ${mb(c.heapWithCrds)} |`,
    `| catalog cold, p50 / p95 (${c.loupe.n} contexts never used) | ${ms(c.loupe.p50)} / ${ms(c.loupe.p95)} |`,
    `| kubectl api-resources, empty cache, p50 / p95 | ${ms(c.kubectl.p50)} / ${ms(c.kubectl.p95)} |`,
    "",
  ],
};

export const schemaRouteFigure: BenchFigure<SchemaRouteResult> = {
  name: "schema-route",
  description: "the schema route for a 2.8 MB schema (Argo Workflow's size): first request of a server, and cached",
  measure: (context) =>
    measureSchemaRoute({
      kube: context.kube,
      fixtures: join(ROOT, "..", "shared", "fixtures"),
      startLoupe: () => context.startLoupe(),
      samples: context.quick ? 2 : 5,
      log: context.log,
    }),
  summary: (s) => [
    {
      figure: `schema route, ${mb(s.bytes)} schema: first / cached`,
      reference: "—",
      loupe: `${ms(s.first.p50)} / ${ms(s.cached.p50)}`,
      ratio: "—",
      target: "≤ 400 ms / ≤ 20 ms",
      met: s.first.p50 <= 400 && s.cached.p50 <= 20,
    },
  ],
  details: (s) => [
    "### Schema route, huge kind",
    "",
    `A CRD of ${mb(s.crdBytes)} whose kind's schema route answers ${mb(s.bytes)} (copies of prometheus-operator's ` +
      "Prometheus spec from shared/fixtures, as large as Argo's Workflow). Each sample is a new server (its catalog " +
      "read once): its first request of the kind, then ten more; requests ask for gzip, as a browser does.",
    "",
    "| measure | p50 | p95 |",
    "|---|---|---|",
    `| first request (${s.first.n} servers) | ${ms(s.first.p50)} | ${ms(s.first.p95)} |`,
    `| cached (${s.cached.n} requests) | ${ms(s.cached.p50)} | ${ms(s.cached.p95)} |`,
    "",
  ],
};

export const listMemoryFigure: BenchFigure<ColdVisitResult> = {
  name: "list-memory",
  description: "server RSS idle, and after a cold visit to a 50,000-object list in Chromium",
  async measure(context) {
    const size = context.quick ? 5_000 : 50_000;
    await items(context, "list-memory", size);
    return measureColdVisit({
      browser: await context.browser(),
      startLoupe: () => context.startLoupe(),
      namespace: "list-memory",
      size,
      log: context.log,
    });
  },
  summary: (m) => [
    {
      figure: `server RSS idle / after a ${m.size.toLocaleString("en")}-object list (peak)`,
      reference: "—",
      loupe: `${mb(m.rssIdle)} / ${mb(m.rssAfter)} (${mb(m.rssPeak)})`,
      ratio: "—",
      target: "≤ 120 MB / ≤ 250 MB",
      met: m.rssIdle <= 120 * 2 ** 20 && m.rssAfter <= 250 * 2 ** 20,
    },
  ],
  details: (m) => [
    "### Server memory, idle and after a big list",
    "",
    `A new server (its catalog and an unrelated list read), then a first visit in Chromium to the table of ` +
      `${m.size.toLocaleString("en")} Items until usable; RSS is the median of five readings after a settle, the peak ` +
      "sampled every 100 ms during the visit.",
    "",
    "| measure | value |",
    "|---|---|",
    `| RSS idle / peak / after | ${mb(m.rssIdle)} / ${mb(m.rssPeak)} / ${mb(m.rssAfter)} |`,
    `| page JS heap after GC | ${mb(m.pageHeap)} |`,
    `| bytes on the wire (app files, REST, WebSocket) | ${mb(m.bytesTotal)} (${mb(m.bytesStatic)}, ${mb(m.bytesApi)}, ${mb(m.bytesSocket)}) |`,
    "",
  ],
};

export interface VisitBytesResult {
  visit: ColdVisitResult;
  reference: VisitReference;
  ratio: number;
}

export const visitBytesFigure: BenchFigure<VisitBytesResult> = {
  name: "visit-bytes",
  description: "bytes of a cold visit to a 10,000-object list vs today's (every REST page + an uncompressed snapshot)",
  async measure(context) {
    const size = context.quick ? 1_000 : 10_000;
    const namespace = "visit-bytes";
    await items(context, namespace, size);
    const visit = await measureColdVisit({
      browser: await context.browser(),
      startLoupe: () => context.startLoupe(),
      namespace,
      size,
      log: context.log,
    });
    const loupe = await context.startLoupe();
    try {
      const target = { group: ITEMS.group, version: "v1", resource: ITEMS.plural, namespace };
      const reference = await measureVisitReference({
        loupeUrl: loupe.url,
        k8sPath: `/apis/${ITEMS.group}/v1/namespaces/${namespace}/${ITEMS.plural}`,
        target,
      });
      const ratio = visit.bytesData / reference.total;
      context.log(
        `bench: cold visit data ${mb(visit.bytesData)} vs today's ${mb(reference.total)} (REST ${mb(reference.rest)} ` +
          `in ${reference.pages} pages + snapshot ${mb(reference.socket)}): ${ratioText(ratio)}`,
      );
      return { visit, reference, ratio };
    } finally {
      await loupe.stop();
    }
  },
  summary: (v) => [
    {
      figure: `bytes of a cold visit to a ${v.visit.size.toLocaleString("en")}-object list (list data; all)`,
      reference: `today's: REST pages + uncompressed snapshot ${mb(v.reference.total)}`,
      loupe: `${mb(v.visit.bytesData)}; ${mb(v.visit.bytesTotal)}`,
      ratio: ratioText(v.ratio),
      target: "≤ 0.3×",
      met: v.ratio <= 0.3,
    },
  ],
  details: (v) => [
    "### Bytes of a cold visit",
    "",
    `A first visit in Chromium (fresh server, empty browser cache) to ${v.visit.size.toLocaleString("en")} Items ` +
      "through a TCP proxy that counts what Loupe sends, so compression counts as on a network. The reference, in the " +
      "same run against the same server: what the web app read before issue 14 — every REST page (250, then 2,000 " +
      "rows; gzip) and the watch's snapshot again over a WebSocket without compression.",
    "",
    "| measure | value |",
    "|---|---|",
    `| Loupe: app files / REST / WebSocket | ${mb(v.visit.bytesStatic)} / ${mb(v.visit.bytesApi)} / ${mb(v.visit.bytesSocket)} |`,
    `| reference: REST (${v.reference.pages} pages) / snapshot | ${mb(v.reference.rest)} / ${mb(v.reference.socket)} |`,
    `| page JS heap after GC | ${mb(v.visit.pageHeap)} |`,
    "",
  ],
};
