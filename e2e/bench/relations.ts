/// <reference lib="dom" />
import type { Browser } from "playwright-core";
import type { Kube } from "./kube.ts";
import { type Summary, summarize } from "./stats.ts";

/** The relations figures: the Related panel in a big cluster, and a 500-node graph in the browser. */
export interface RelationsResult {
  related: {
    kinds: number;
    objects: number;
    /** Kinds whose schema has a field that can name a ConfigMap (searched for incoming references). */
    referrerKinds: number;
    /** Related objects the panel lists (children, incoming references). */
    related: number;
    /** GET …/relations?depth=1, the server's cache warm (ms). */
    apiWarm: Summary;
    /** The very first answer (the inventory and schemas cold), ms. */
    apiCold: number;
    /** In Chromium: from opening the object page to the Related panel listing its objects (ms). */
    panel: Summary;
    /**
     * In Chromium: the Related panel itself — from its relations request leaving (Resource Timing `startTime`) to
     * the frame after its list entered the DOM (ms).
     */
    panelOwn: Summary;
  };
  graph: {
    nodes: number;
    edges: number;
    /** GET …/relations?depth=3&limit=500 (ms), warm. */
    api: Summary;
    /** In Chromium: from the relations answer's last byte to the graph's first painted frame (layout + render), ms. */
    layoutAndPaint: Summary;
    /** Of which the layout alone (the app's `loupe:relations-layout` User Timing measure), ms. */
    layout: Summary;
    /** Time between animation frames while panning by mouse drag (ms); 16.7 at 60 Hz. */
    panFrameInterval: Summary;
    /** Share of pan frames longer than 20 ms. */
    panSlowFrames: number;
  };
}

const NS = "relations-bench";
const GROUP_SUFFIX = "rel.bench.loupe.dev";

/** `count` namespaced CRDs in groups of ten; every `referrerEvery`-th has a `spec.configMapName` field. */
export function relationCrds(count: number, referrerEvery: number) {
  return Array.from({ length: count }, (_, i) => {
    const group = `g${String(Math.floor(i / 10)).padStart(2, "0")}.${GROUP_SUFFIX}`;
    const kind = `Rel${String(i).padStart(3, "0")}`;
    const plural = `rel${String(i).padStart(3, "0")}s`;
    const spec: Record<string, unknown> = { size: { type: "integer" }, note: { type: "string" } };
    if (i % referrerEvery === 0) spec.configMapName = { type: "string" };
    return {
      crd: {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { name: `${plural}.${group}` },
        spec: {
          group,
          scope: "Namespaced",
          names: { kind, plural, singular: kind.toLowerCase(), listKind: `${kind}List` },
          versions: [
            {
              name: "v1",
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: spec } } },
              },
            },
          ],
        },
      },
      group,
      kind,
      plural,
      referrer: i % referrerEvery === 0,
    };
  });
}

/**
 * Loads `objects` objects over `kinds` CRDs into one namespace, around a ConfigMap `target`: `children` of them owned
 * by it, and `referrers` naming it in `spec.configMapName`; plus a tree of ConfigMaps under `hub` (10 → 100 → 400
 * by ownerReferences) for the graph.
 */
export async function loadRelations(
  kube: Kube,
  options: { kinds: number; objects: number; referrerEvery: number; children: number; referrers: number },
  log: (line: string) => void,
) {
  const kinds = relationCrds(options.kinds, options.referrerEvery);
  await kube.namespace(NS);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < kinds.length) await kube.createCrd((kinds[next++] as (typeof kinds)[number]).crd);
    }),
  );
  await kube.waitEstablished(kinds.map((k) => k.crd.metadata.name));
  const target = await createOrGet(kube, "target", { role: "the object whose Related panel is measured" });
  const owner = { apiVersion: "v1", kind: "ConfigMap", name: "target", uid: target.body.metadata.uid };
  const referrerKinds = kinds.filter((k) => k.referrer);
  log(`bench: creating ${options.objects.toLocaleString("en")} objects over ${kinds.length} kinds`);
  const started = performance.now();
  await kube.createMany(
    options.objects,
    (i) => {
      // Children and referrers first, spread over the kinds; then the rest.
      const isChild = i < options.children;
      const isReferrer = !isChild && i < options.children + options.referrers;
      const k = isReferrer
        ? (referrerKinds[i % referrerKinds.length] as (typeof kinds)[number])
        : (kinds[i % kinds.length] as (typeof kinds)[number]);
      return {
        path: `/apis/${k.group}/v1/namespaces/${NS}/${k.plural}`,
        object: {
          apiVersion: `${k.group}/v1`,
          kind: k.kind,
          metadata: {
            name: `o-${String(i).padStart(6, "0")}`,
            labels: { shard: String(i % 16) },
            ...(isChild ? { ownerReferences: [owner] } : {}),
          },
          spec: { size: i, note: `object ${i}`, ...(isReferrer ? { configMapName: "target" } : {}) },
        },
      };
    },
    // Fewer in flight than the other figures: on a loaded machine etcd times out under 48.
    16,
    (done) => log(`bench: created ${done.toLocaleString("en")} of ${options.objects.toLocaleString("en")}`),
  );
  const seconds = (performance.now() - started) / 1000;
  // The graph's tree: hub → 10 → 100 → 400 ConfigMaps by ownerReferences.
  const hub = await createOrGet(kube, "hub");
  let level = [{ name: "hub", uid: hub.body.metadata.uid }];
  for (const fanOut of [10, 10, 4]) {
    const nextLevel: { name: string; uid: string }[] = [];
    await Promise.all(
      level.map(async (parent) => {
        for (let i = 0; i < fanOut; i++) {
          const name = `${parent.name}-${i}`;
          const made = await kube.mustRetry<{ metadata: { uid: string; name: string } }>(
            "POST",
            `/api/v1/namespaces/${NS}/configmaps`,
            {
              metadata: {
                name,
                ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: parent.name, uid: parent.uid }],
              },
            },
            [409],
          );
          // A retried create that had been stored answers 409: read the object for its uid.
          const uid =
            made.status === 409
              ? (await kube.must<{ metadata: { uid: string } }>("GET", `/api/v1/namespaces/${NS}/configmaps/${name}`))
                  .body.metadata.uid
              : made.body.metadata.uid;
          nextLevel.push({ name, uid });
        }
      }),
    );
    level = nextLevel;
  }
  return { kinds: kinds.length, referrerKinds: referrerKinds.length, objects: options.objects, seconds };
}

/** Creates a ConfigMap of the bench namespace (retrying transient failures), or reads the one stored already. */
async function createOrGet(kube: Kube, name: string, data?: Record<string, string>) {
  const path = `/api/v1/namespaces/${NS}/configmaps`;
  const made = await kube.mustRetry<{ metadata: { uid: string } }>("POST", path, { metadata: { name }, data }, [409]);
  return made.status === 409 ? kube.must<{ metadata: { uid: string } }>("GET", `${path}/${name}`) : made;
}

async function timed<T>(body: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await body();
  return { ms: performance.now() - t0, value };
}

async function getRelations(loupeUrl: string, name: string, query: string) {
  const response = await fetch(
    `${loupeUrl}/api/v1/contexts/loupe-local/relations/api/v1/namespaces/${NS}/configmaps/${name}${query}`,
  );
  if (response.status !== 200) throw new Error(`relations of ${name}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { nodes: unknown[]; edges: unknown[]; warnings: string[] };
}

/**
 * Figures: the Related panel of `target` (the API's answer cold then warm, and the panel in Chromium from opening
 * the page to its list), and the graph of `hub` at depth 3 with 500 nodes (the API's answer; in Chromium, layout and
 * first paint after the answer arrived, then frame intervals while panning).
 */
export async function measureRelations(options: {
  browser: Browser;
  loupeUrl: string;
  loaded: { kinds: number; referrerKinds: number; objects: number };
  samples: number;
  panFrames: number;
  log: (line: string) => void;
  /** Where to save a screenshot of the graph as first painted. */
  screenshot?: string;
}): Promise<RelationsResult> {
  const { browser, loupeUrl, log } = options;
  const cold = await timed(() => getRelations(loupeUrl, "target", "?depth=1"));
  if (cold.value.warnings.length > 0) log(`bench: relations warnings: ${cold.value.warnings.join("; ")}`);
  const warm: number[] = [];
  let related = 0;
  for (let i = 0; i < options.samples; i++) {
    const t = await timed(() => getRelations(loupeUrl, "target", "?depth=1"));
    warm.push(t.ms);
    related = t.value.nodes.length - 1;
  }
  log(`bench: relations of target: ${related} related, cold ${cold.ms.toFixed(0)} ms`);

  const panel: number[] = [];
  const panelOwn: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      // When the panel's list of referrers is painted: the frame after its first link entered the DOM.
      await page.addInitScript(() => {
        const w = window as unknown as { __panelPainted?: number };
        const observer = new MutationObserver(() => {
          if (w.__panelPainted === undefined && document.querySelector('ul[aria-label="Referenced by"] a')) {
            w.__panelPainted = -1;
            requestAnimationFrame((t) => (w.__panelPainted = t));
            observer.disconnect();
          }
        });
        document.addEventListener("DOMContentLoaded", () =>
          observer.observe(document.body, { childList: true, subtree: true }),
        );
      });
      const t0 = performance.now();
      await page.goto(`${loupeUrl}/c/loupe-local/api/v1/namespaces/${NS}/configmaps/target`);
      await page.getByRole("list", { name: "Referenced by" }).getByRole("link").first().waitFor({ timeout: 60_000 });
      panel.push(performance.now() - t0);
      await page.waitForFunction(() => ((window as unknown as { __panelPainted?: number }).__panelPainted ?? -1) > 0);
      panelOwn.push(
        await page.evaluate(() => {
          const entry = performance
            .getEntriesByType("resource")
            .find((e) => e.name.includes("/relations/") && e.name.includes("depth=1")) as PerformanceResourceTiming;
          return (window as unknown as { __panelPainted: number }).__panelPainted - entry.startTime;
        }),
      );
    } finally {
      await page.close();
    }
  }

  // The graph: depth 3, 500 nodes.
  const api: number[] = [];
  let graph = { nodes: [] as unknown[], edges: [] as unknown[] };
  for (let i = 0; i < Math.max(3, Math.floor(options.samples / 2)); i++) {
    const t = await timed(() => getRelations(loupeUrl, "hub", "?depth=3&limit=500"));
    api.push(t.ms);
    graph = t.value;
  }
  const paint: number[] = [];
  const layouts: number[] = [];
  const intervals: number[] = [];
  for (let i = 0; i < Math.max(3, Math.floor(options.samples / 2)); i++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      // Record when the first graph node is painted (a frame after it enters the DOM).
      await page.addInitScript(() => {
        const w = window as unknown as { __graphPainted?: number };
        const observer = new MutationObserver(() => {
          if (w.__graphPainted === undefined && document.querySelector(".react-flow__node")) {
            w.__graphPainted = -1;
            requestAnimationFrame(() => requestAnimationFrame((t) => (w.__graphPainted = t)));
            observer.disconnect();
          }
        });
        document.addEventListener("DOMContentLoaded", () =>
          observer.observe(document.body, { childList: true, subtree: true }),
        );
      });
      await page.goto(`${loupeUrl}/c/loupe-local/api/v1/namespaces/${NS}/configmaps/hub?tab=graph&depth=3`);
      await page.waitForFunction(
        () => ((window as unknown as { __graphPainted?: number }).__graphPainted ?? -1) > 0,
        null,
        {
          timeout: 120_000,
        },
      );
      const measured = await page.evaluate(() => {
        const entry = performance
          .getEntriesByType("resource")
          .find((e) => e.name.includes("/relations/") && e.name.includes("depth=3")) as PerformanceResourceTiming;
        const layout = performance.getEntriesByName("loupe:relations-layout").at(-1)?.duration ?? Number.NaN;
        return { paint: (window as unknown as { __graphPainted: number }).__graphPainted - entry.responseEnd, layout };
      });
      paint.push(measured.paint);
      layouts.push(measured.layout);
      // To look at: the 500-node graph as first shown.
      if (i === 0 && options.screenshot) await page.screenshot({ path: options.screenshot });
      // Pan: drag the canvas a few pixels each frame, timing frames in the page.
      const box = await page.getByTestId("relations-graph").boundingBox();
      if (box) {
        await page.evaluate(() => {
          const w = window as unknown as { __frames: number[]; __stop: boolean };
          w.__frames = [];
          w.__stop = false;
          const tick = (t: number) => {
            w.__frames.push(t);
            if (!w.__stop) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        const x = box.x + box.width / 2;
        const y = box.y + box.height / 2;
        await page.mouse.move(x, y);
        await page.mouse.down();
        for (let f = 0; f < options.panFrames; f++) {
          await page.mouse.move(x + Math.sin(f / 10) * 300, y + Math.cos(f / 10) * 150);
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
        }
        await page.mouse.up();
        const frames = await page.evaluate(() => {
          const w = window as unknown as { __frames: number[]; __stop: boolean };
          w.__stop = true;
          return w.__frames;
        });
        for (let f = 1; f < frames.length; f++) intervals.push((frames[f] as number) - (frames[f - 1] as number));
      }
    } finally {
      await page.close();
    }
  }
  return {
    related: {
      kinds: options.loaded.kinds,
      objects: options.loaded.objects,
      referrerKinds: options.loaded.referrerKinds,
      related,
      apiCold: cold.ms,
      apiWarm: summarize(warm),
      panel: summarize(panel),
      panelOwn: summarize(panelOwn),
    },
    graph: {
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      api: summarize(api),
      layoutAndPaint: summarize(paint),
      layout: summarize(layouts),
      panFrameInterval: summarize(intervals),
      panSlowFrames: intervals.filter((v) => v > 20).length / Math.max(1, intervals.length),
    },
  };
}
