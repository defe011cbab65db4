import { GROUP } from "./data.ts";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import { timeKubectl } from "./kubectl.ts";
import { ms, ratioText, type Summary, summarize } from "./stats.ts";

/** One search: when its first hit arrived and when every kind was read (ms after sending it), and its hits. */
interface SearchSample {
  text: string;
  firstMs: number;
  /** The first progress saying every kind is read or failed (a kind silent for 10 s counts as failed). */
  completeMs: number;
  /** Kinds failed at that moment (they join when they answer). */
  failedAtComplete: number;
  /** When every kind was read without failure (-1: not within the wait). */
  allReadMs: number;
  hits: number;
  kinds: number;
}

export interface SearchResult {
  kinds: number;
  objects: number;
  /** Objects created per second while loading (for the record). */
  loadRate: number;
  /** The first search of a fresh server: the inventory lists every kind for it. */
  cold: SearchSample;
  /** Searches once the inventory holds every kind (each a new query: a different word). */
  warmFirst: Summary;
  warmComplete: Summary;
  warm: SearchSample[];
  /** `kubectl get <every kind> -A -o name` (what one would grep without Loupe), ms. */
  kubectl: Summary;
  /** Server RSS after the searches, bytes. */
  rss: number;
}

const NAMESPACE = "search-bench";
const SEARCH_GROUP = `search.${GROUP}`;
const TARGET_FIRST_MS = 300;
const TARGET_COMPLETE_MS = 2_000;

/** `count` namespaced CRDs `Kind000.search.bench.loupe.dev`, ... */
function searchCrds(count: number) {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i).padStart(3, "0");
    return {
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      metadata: { name: `kind${n}s.${SEARCH_GROUP}` },
      spec: {
        group: SEARCH_GROUP,
        scope: "Namespaced",
        names: { kind: `Kind${n}`, plural: `kind${n}s`, singular: `kind${n}`, listKind: `Kind${n}List` },
        versions: [
          {
            name: "v1",
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: "object",
                properties: {
                  spec: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                  status: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                },
              },
            },
          },
        ],
      },
    };
  });
}

/** Object `i` of kind `k`: `k042-o00017`, labelled with its shard. */
function objectName(k: number, i: number): string {
  return `k${String(k).padStart(3, "0")}-o${String(i).padStart(5, "0")}`;
}

/**
 * Figure `search`: search across kinds over `kinds` CRDs and `objects` objects. Loads them, starts a Loupe server,
 * then searches over its watch socket: once cold (the server's first search: its inventory lists every kind for
 * it) and ten times warm (the inventory holds every kind; each search is a new query, a different word that
 * matches one object of every kind). First results: the first message with a hit; complete: the progress that
 * says every kind is read. Reference: `kubectl get` of every kind at once (-A -o name), what one greps without
 * Loupe.
 */
export const searchFigure: BenchFigure<SearchResult> = {
  name: "search",
  description: "search over 300 kinds and 50,000 objects: first results / complete, cold and warm, vs kubectl get",
  async measure(context: FigureContext): Promise<SearchResult> {
    const { kube, log } = context;
    const kindCount = context.quick ? 30 : 300;
    const objectCount = context.quick ? 3_000 : 50_000;
    const perKind = Math.ceil(objectCount / kindCount);
    const crds = searchCrds(kindCount);
    await kube.namespace(NAMESPACE);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < crds.length) await kube.createCrd(crds[next++] as (typeof crds)[number]);
      }),
    );
    await kube.waitEstablished(crds.map((c) => c.metadata.name));
    log(`bench: search: ${kindCount} CRDs established; creating ${objectCount} objects`);
    const loadRate = await kube.createMany(
      objectCount,
      (n) => {
        const k = n % kindCount;
        const i = Math.floor(n / kindCount);
        const plural = crds[k]?.spec.names.plural;
        return {
          path: `/apis/${SEARCH_GROUP}/v1/namespaces/${NAMESPACE}/${plural}`,
          object: {
            apiVersion: `${SEARCH_GROUP}/v1`,
            kind: crds[k]?.spec.names.kind,
            metadata: { name: objectName(k, i), labels: { shard: String(i % 10) } },
            spec: { i },
          },
        };
      },
      48,
      (done) => log(`bench: search: ${done} objects`),
    );
    log(`bench: search: ${objectCount} objects at ${loadRate.toFixed(0)}/s`);

    const loupe = await context.startLoupe();
    try {
      const search = (text: string) => searchOnce(loupe.url, text);
      // The web app reads the catalog first (its sidebar): a search never comes before it.
      const catalog = await fetch(`${loupe.url}/api/v1/contexts/loupe-local/catalog`);
      if (!catalog.ok) throw new Error(`catalog → ${catalog.status}`);
      // Cold: the first search of the process; every kind's inventory list starts for it.
      const cold = await search(`o${String(perKind - 1).padStart(5, "0")}`);
      log(
        `bench: search cold: first ${ms(cold.firstMs)}, complete ${ms(cold.completeMs)} (${cold.failedAtComplete} ` +
          `kinds late), every kind read ${ms(cold.allReadMs)}, ${cold.hits} hits`,
      );
      // Warm means the inventory holds every kind: wait for a search that reads them all at once.
      const deadline = Date.now() + 600_000;
      let settledMs = -1;
      while (Date.now() < deadline) {
        const probe = await search("o00000");
        if (probe.failedAtComplete === 0) {
          settledMs = performance.now();
          break;
        }
      }
      if (settledMs < 0) context.problem("search: the inventory never held every kind within 10 minutes");
      const warm: SearchSample[] = [];
      for (let s = 0; s < 10; s++) warm.push(await search(`o${String(s * 7).padStart(5, "0")}`));
      const warmFirst = summarize(warm.map((w) => w.firstMs));
      const warmComplete = summarize(warm.map((w) => w.completeMs));
      log(`bench: search warm: first p50 ${ms(warmFirst.p50)}, complete p50 ${ms(warmComplete.p50)}`);

      const kinds = crds.map((c) => `${c.spec.names.plural}.${SEARCH_GROUP}`).join(",");
      const kubectlMs: number[] = [];
      for (let s = 0; s < (context.quick ? 1 : 3); s++) {
        const run = await timeKubectl(context.kubectl, context.cluster.kubeconfigPath, [
          "get",
          kinds,
          "-n",
          NAMESPACE,
          "-o",
          "name",
        ]);
        kubectlMs.push(run.ms);
      }
      const kubectl = summarize(kubectlMs);
      log(`bench: search: kubectl get of every kind ${ms(kubectl.p50)}`);
      return {
        kinds: kindCount,
        objects: objectCount,
        loadRate,
        cold,
        warmFirst,
        warmComplete,
        warm,
        kubectl,
        rss: await loupe.rss(),
      };
    } finally {
      await loupe.stop();
    }
  },
  summary(r): SummaryRow[] {
    const what = `search, ${r.kinds} kinds / ${r.objects.toLocaleString("en")} objects`;
    const ref = `kubectl get (all kinds) ${ms(r.kubectl.p50)}`;
    const row = (label: string, value: number, target: number): SummaryRow => ({
      figure: `${what}: ${label}`,
      reference: ref,
      loupe: ms(value),
      ratio: ratioText(value / r.kubectl.p50),
      target: `≤ ${ms(target)}`,
      met: value <= target,
    });
    return [
      row("first results, warm p50", r.warmFirst.p50, TARGET_FIRST_MS),
      row("complete, warm p50", r.warmComplete.p50, TARGET_COMPLETE_MS),
      row("first results, cold", r.cold.firstMs, TARGET_FIRST_MS),
      row(
        "every kind read, cold",
        r.cold.allReadMs < 0 ? Number.POSITIVE_INFINITY : r.cold.allReadMs,
        TARGET_COMPLETE_MS,
      ),
    ];
  },
  details(r): string[] {
    return [
      `${r.kinds} namespaced CRDs with ${r.objects.toLocaleString("en")} objects (${Math.ceil(r.objects / r.kinds)} a kind,`,
      `created at ${r.loadRate.toFixed(0)}/s). A Loupe server process searches over its watch socket (a \`query\``,
      "message); each search is a word matching one object of every kind. First results: the first message",
      "carrying a hit; complete: the progress message saying every kind is read.",
      "",
      "Complete: the first progress saying every kind is read or failed (a kind silent for 10 s is reported failed",
      "and joins when it answers); every kind read: when none is failed any more.",
      "",
      "| search | first results | complete (kinds late) | every kind read | hits | kinds |",
      "|---|---|---|---|---|---|",
      `| cold (the server's first, after its first catalog: its inventory lists every kind) | ${ms(r.cold.firstMs)} | ${ms(r.cold.completeMs)} (${r.cold.failedAtComplete}) | ${ms(r.cold.allReadMs)} | ${r.cold.hits} | ${r.cold.kinds} |`,
      ...r.warm.map(
        (w, i) =>
          `| warm ${i + 1} (\`${w.text}\`) | ${ms(w.firstMs)} | ${ms(w.completeMs)} (${w.failedAtComplete}) | ${ms(w.allReadMs)} | ${w.hits} | ${w.kinds} |`,
      ),
      "",
      `Warm p50 / p95: first results ${ms(r.warmFirst.p50)} / ${ms(r.warmFirst.p95)}, complete ${ms(r.warmComplete.p50)} / ${ms(r.warmComplete.p95)}.`,
      `Reference: \`kubectl get <all ${r.kinds} kinds> -n ${NAMESPACE} -o name\` p50 ${ms(r.kubectl.p50)} (n = ${r.kubectl.n}).`,
      `Server RSS after the searches: ${(r.rss / 1024 / 1024).toFixed(0)} MB.`,
    ];
  },
};

/**
 * Runs one search over a new watch socket; resolves once every kind is read without failure, or 180 s after it
 * started (then `allReadMs` is -1).
 */
function searchOnce(baseUrl: string, text: string): Promise<SearchSample> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/v1/watch`);
    let started = 0;
    let firstMs = -1;
    let completeMs = -1;
    let failedAtComplete = 0;
    let last = { hits: 0, kinds: 0 };
    const finish = (allReadMs: number) => {
      clearTimeout(timer);
      socket.close();
      if (completeMs < 0) {
        reject(new Error(`search "${text}" did not complete in 180 s`));
        return;
      }
      resolve({ text, firstMs: firstMs < 0 ? completeMs : firstMs, completeMs, failedAtComplete, allReadMs, ...last });
    };
    const timer = setTimeout(() => finish(-1), 180_000);
    socket.onopen = () => {
      started = performance.now();
      socket.send(JSON.stringify({ type: "query", id: "q", context: "loupe-local", query: { kind: "search", text } }));
    };
    socket.onerror = () => reject(new Error(`search "${text}": the socket failed`));
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as {
        type: string;
        items?: unknown[];
        events?: unknown[];
        complete?: boolean;
        failedCount?: number;
        hits?: number;
        kinds?: number;
        message?: string;
      };
      const now = performance.now() - started;
      if (message.type === "error") {
        clearTimeout(timer);
        socket.close();
        reject(new Error(`search "${text}": ${message.message}`));
        return;
      }
      const carriesHits = (message.items?.length ?? 0) > 0 || (message.events?.length ?? 0) > 0;
      if (firstMs < 0 && carriesHits) firstMs = now;
      if (message.type !== "progress" || !message.complete) return;
      last = { hits: message.hits ?? 0, kinds: message.kinds ?? 0 };
      if (completeMs < 0) {
        completeMs = now;
        failedAtComplete = message.failedCount ?? 0;
      }
      if ((message.failedCount ?? 0) === 0) finish(now);
    };
  });
}
