import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import { loadRelations, measureRelations, type RelationsResult } from "./relations.ts";
import { ms } from "./stats.ts";

type Result = RelationsResult & { loadSeconds: number; objectGet: number };

/**
 * `pnpm bench -- --only relations`: the Related panel of an object in a cluster of 100,000 objects over 300 kinds,
 * and the graph of depth 3 with 500 nodes (layout and first paint, panning frames).
 */
export const relationsFigure: BenchFigure<Result> = {
  name: "relations",
  description: "Related panel among 100k objects over 300 kinds; graph of depth 3 with 500 nodes: layout, paint, pan",
  async measure(context: FigureContext): Promise<Result> {
    const sizes = context.quick
      ? { kinds: 30, objects: 3_000, referrerEvery: 10, children: 20, referrers: 30 }
      : { kinds: 300, objects: 100_000, referrerEvery: 10, children: 20, referrers: 30 };
    const loaded = await loadRelations(context.kube, sizes, context.log);
    const loupe = await context.startLoupe();
    try {
      // For scale: the object itself, read straight from the API server.
      const gets: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await context.kube.must("GET", "/api/v1/namespaces/relations-bench/configmaps/target");
        gets.push(performance.now() - t0);
      }
      const result = await measureRelations({
        browser: await context.browser(),
        loupeUrl: loupe.url,
        loaded,
        samples: context.quick ? 3 : 7,
        panFrames: 120,
        log: context.log,
        screenshot: "bench-output/relations-graph.png",
      });
      return { ...result, loadSeconds: loaded.seconds, objectGet: gets.sort((a, b) => a - b)[2] as number };
    } finally {
      await loupe.stop();
    }
  },
  summary(r): SummaryRow[] {
    const n = `${r.related.objects.toLocaleString("en")} objects over ${r.related.kinds} kinds`;
    return [
      {
        figure: `Related panel (${r.related.related} related) among ${n}: its request to its list painted (p50)`,
        reference: `GET of the object ${ms(r.objectGet)}`,
        loupe: ms(r.related.panelOwn.p50),
        ratio: "—",
        target: "≤ 500 ms",
        met: r.related.panelOwn.p50 <= 500,
      },
      {
        figure: `Related panel among ${n}: API answer p50, warm`,
        reference: "—",
        loupe: ms(r.related.apiWarm.p50),
        ratio: "—",
        target: "—",
      },
      {
        figure: `Related panel among ${n}: page opened to panel listed (p50)`,
        reference: "—",
        loupe: ms(r.related.panel.p50),
        ratio: "—",
        target: "—",
      },
      {
        figure: `graph of depth 3, ${r.graph.nodes} nodes: layout and first paint (p50)`,
        reference: "—",
        loupe: ms(r.graph.layoutAndPaint.p50),
        ratio: "—",
        target: "≤ 1 s",
        met: r.graph.layoutAndPaint.p50 <= 1000,
      },
      {
        // "Pans at 60 fps": the frame rate over the whole drag (frames per second of wall time), p50 / p95 intervals.
        figure: `graph of ${r.graph.nodes} nodes: frame rate while panning (frame interval p50 / p95)`,
        reference: "—",
        loupe: `${(1000 / r.graph.panFrameInterval.mean).toFixed(0)} fps (${r.graph.panFrameInterval.p50.toFixed(1)} / ${r.graph.panFrameInterval.p95.toFixed(1)} ms)`,
        ratio: "—",
        target: "60 fps",
        met: 1000 / r.graph.panFrameInterval.mean >= 57,
      },
    ];
  },
  details(r): string[] {
    const s = (x: { p50: number; p95: number; n: number }) => `p50 ${ms(x.p50)}, p95 ${ms(x.p95)} (n=${x.n})`;
    return [
      "## Relations",
      "",
      `${r.related.objects.toLocaleString("en")} objects over ${r.related.kinds} CRDs in one namespace (loaded in ${r.loadSeconds.toFixed(0)} s),`,
      `one in ten kinds with a \`spec.configMapName\` field (${r.related.referrerKinds} kinds that may reference a ConfigMap).`,
      "The measured object is a ConfigMap `target` owning 20 of them and named by 30 others: its Related panel lists",
      `${r.related.related} objects. \`GET …/relations/…/configmaps/target?depth=1\` from the benchmark: the first answer`,
      `(the inventory of the namespace and the kinds' schemas cold) ${ms(r.related.apiCold)}; warm ${s(r.related.apiWarm)}.`,
      `In Chromium, from opening the object page to the Related panel listing its referrers: ${s(r.related.panel)};`,
      `the panel's own part, from its relations request leaving (Resource Timing) to the frame after its list entered`,
      `the DOM (the target's figure): ${s(r.related.panelOwn)}.`,
      "",
      `Graph: a ConfigMap \`hub\` owning 10, each owning 10, each owning 4 (511 objects); depth 3, limit 500 → ${r.graph.nodes}`,
      `nodes and ${r.graph.edges} edges. API: ${s(r.graph.api)}. In Chromium (Graph tab): from the relations answer's last byte`,
      `(Resource Timing) to the second animation frame after the first node entered the DOM — layout, React Flow`,
      `render, paint: ${s(r.graph.layoutAndPaint)}, of which the layout alone ${s(r.graph.layout)}. Then a mouse drag pans the canvas for 120 frames (Playwright moves,`,
      `one per animation frame): frame intervals ${s(r.graph.panFrameInterval)}, ${(r.graph.panSlowFrames * 100).toFixed(1)}% over 20 ms.`,
      "",
    ];
  },
};
