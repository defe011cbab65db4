import { request } from "undici";
import { GROUP } from "./data.ts";
import type { BenchFigure, FigureContext, SummaryRow } from "./figure.ts";
import type { Kube } from "./kube.ts";
import { mb, ms, ratioText, type Summary, summarize } from "./stats.ts";

/** What the Problems figure measured. */
export interface ProblemsBenchResult {
  kinds: number;
  objects: number;
  /** Objects made unhealthy by the data (Failed + InProgress), of the bench kinds. */
  unhealthy: number;
  /** Raw API server: every kind listed (JSON), 8 at a time: first list answered, all answered (ms). */
  reference: { firstMs: number; completeMs: number };
  /** Loupe: `query {kind: problems}` sent on a fresh server → first row, and every kind listed (`live`), ms. */
  loupe: { firstMs: number; completeMs: number; rows: number; total: number };
  /** Server RSS before the query and its peak until 5 s after the view was complete (bytes). */
  rss: { before: number; after: number };
  /** A status patched (Ready True → False, and back) → the change in the open Problems view (ms). */
  change: Summary;
  /** The same patches → the event on a raw watch of the kind (ms). */
  changeReference: Summary;
}

const BENCH = `problems.${GROUP}`;

function kindName(i: number) {
  const id = String(i).padStart(3, "0");
  return {
    group: `p${String(Math.floor(i / 10)).padStart(2, "0")}.${BENCH}`,
    kind: `Gauge${id}`,
    plural: `gauge${id}s`,
  };
}

function crd(i: number) {
  const { group, kind, plural } = kindName(i);
  return {
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
          schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
        },
      ],
    },
  };
}

function readyStatus(status: "True" | "False" | "Unknown") {
  const reason = status === "True" ? "Ready" : status === "False" ? "BackendDown" : "Progressing";
  // No observedGeneration: these CRDs have no status subresource, so every status patch bumps `generation`.
  return {
    conditions: [
      { type: "Ready", status, reason, message: `bench: ${reason}`, lastTransitionTime: "2026-01-01T00:00:00Z" },
    ],
  };
}

/** Every 10th object Failed, every 20th (not 10th) InProgress, the rest Current. */
function statusOf(i: number): "True" | "False" | "Unknown" {
  if (i % 10 === 3) return "False";
  if (i % 20 === 7) return "Unknown";
  return "True";
}

/** A WebSocket client of one Problems subscription: arrival times of rows by uid. */
class ProblemsSocket {
  readonly #socket: WebSocket;
  readonly #waiters = new Map<string, (at: number) => void>();
  firstRowAt: number | undefined;
  liveAt: number | undefined;
  rows = 0;
  total = 0;

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.addEventListener("message", (event) => this.#receive(String(event.data)));
  }

  static open(url: string): Promise<ProblemsSocket> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.addEventListener("open", () => resolve(new ProblemsSocket(socket)), { once: true });
      socket.addEventListener("error", () => reject(new Error("the watch socket did not open")), { once: true });
    });
  }

  query(context: string): void {
    this.#socket.send(JSON.stringify({ type: "query", id: "p", context, query: { kind: "problems" } }));
  }

  /** Resolves with the arrival time of the next event about `uid` of `type`; rejects after 30 s. */
  next(uid: string, type: "ADDED" | "DELETED"): Promise<number> {
    return withTimeout(new Promise((resolve) => this.#waiters.set(`${type} ${uid}`, resolve)), `${type} of ${uid}`);
  }

  close(): void {
    this.#socket.close();
  }

  #receive(text: string): void {
    const at = performance.now();
    const message = JSON.parse(text) as {
      type: string;
      state?: string;
      rows?: unknown[];
      total?: number;
      events?: { type: string; row: { object: { metadata: { uid?: string } } } }[];
    };
    if (message.total !== undefined) this.total = message.total;
    if (message.type === "status" && message.state === "live") this.liveAt ??= at;
    if (message.type === "problems") this.rows = message.rows?.length ?? 0;
    if (message.type === "problems" && (message.rows?.length ?? 0) > 0) this.firstRowAt ??= at;
    if (message.type === "problem-events" && message.events) {
      this.firstRowAt ??= at;
      for (const event of message.events) {
        this.rows += event.type === "ADDED" ? 1 : event.type === "DELETED" ? -1 : 0;
        const key = `${event.type} ${event.row.object.metadata.uid ?? ""}`;
        const waiter = this.#waiters.get(key);
        if (waiter) {
          this.#waiters.delete(key);
          waiter(at);
        }
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`problems: no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A raw watch of one collection on the API server: arrival times of MODIFIED events by uid. */
async function rawWatch(kube: Kube, path: string, signal: AbortSignal) {
  const waiters = new Map<string, (at: number) => void>();
  const response = await request(`${kube.server}${path}?watch=1&allowWatchBookmarks=true`, {
    dispatcher: kube.dispatcher,
    headers: kube.headers(),
    signal,
  });
  void (async () => {
    let buffered = "";
    try {
      for await (const chunk of response.body) {
        const at = performance.now();
        buffered += chunk.toString();
        for (let end = buffered.indexOf("\n"); end >= 0; end = buffered.indexOf("\n")) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          const event = JSON.parse(line) as { type: string; object: { metadata: { uid?: string } } };
          const waiter = waiters.get(event.object.metadata.uid ?? "");
          if (event.type === "MODIFIED" && waiter) {
            waiters.delete(event.object.metadata.uid ?? "");
            waiter(at);
          }
        }
      }
    } catch {}
  })();
  return {
    next: (uid: string) =>
      withTimeout(new Promise<number>((resolve) => waiters.set(uid, resolve)), `raw MODIFIED of ${uid}`),
  };
}

async function measure(context: FigureContext): Promise<ProblemsBenchResult> {
  const { kube, log, quick } = context;
  const kinds = quick ? 30 : 300;
  const objects = quick ? 3_000 : 50_000;
  const namespaces = 10;
  const started = performance.now();
  for (let n = 0; n < namespaces; n++) await kube.namespace(`problems-${n}`);
  const crds = Array.from({ length: kinds }, (_, i) => crd(i));
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < crds.length) await kube.createCrd(crds[next++] as (typeof crds)[number]);
    }),
  );
  await kube.waitEstablished(crds.map((c) => c.metadata.name));
  for (let i = 0; i < kinds; i++) {
    const { group, plural } = kindName(i);
    for (let tries = 0; (await kube.call("GET", `/apis/${group}/v1/${plural}?limit=1`)).status !== 200; tries++) {
      if (tries > 600) throw new Error(`problems: ${plural}.${group} never served`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await kube.createMany(
    objects,
    (i) => {
      const { group, kind, plural } = kindName(i % kinds);
      const ns = `problems-${i % namespaces}`;
      return {
        path: `/apis/${group}/v1/namespaces/${ns}/${plural}`,
        object: {
          apiVersion: `${group}/v1`,
          kind,
          metadata: { name: `g-${i}`, labels: { bench: "problems" } },
          spec: { size: i },
          status: readyStatus(statusOf(i)),
        },
      };
    },
    48,
    (done) => log(`bench: problems: ${done} objects`),
  );
  const unhealthy = Array.from({ length: objects }, (_, i) => statusOf(i)).filter((s) => s !== "True").length;
  log(`bench: problems: ${kinds} kinds, ${objects} objects in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  // Reference: every kind listed straight from the API server, 8 at a time.
  const t0 = performance.now();
  let firstRef = Number.NaN;
  let k = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (k < kinds) {
        const { group, plural } = kindName(k++);
        await kube.getJson(`/apis/${group}/v1/${plural}`, "application/json");
        if (Number.isNaN(firstRef)) firstRef = performance.now() - t0;
      }
    }),
  );
  const reference = { firstMs: firstRef, completeMs: performance.now() - t0 };

  // History off: what grows is the Problems view's, not the recorder's (which lists every kind at start too).
  const loupe = await context.startLoupe({ args: ["--no-history"] });
  try {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const before = await loupe.rss();
    const socket = await ProblemsSocket.open(`${loupe.url.replace(/^http/, "ws")}/api/v1/watch`);
    const sent = performance.now();
    socket.query("loupe-local");
    const deadline = Date.now() + 600_000;
    let peak = before;
    while (socket.liveAt === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      peak = Math.max(peak, await loupe.rss());
    }
    if (socket.liveAt === undefined) throw new Error("problems: the view never became live");
    for (let i = 0; i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      peak = Math.max(peak, await loupe.rss());
    }
    const loupeResult = {
      firstMs: (socket.firstRowAt ?? Number.NaN) - sent,
      completeMs: socket.liveAt - sent,
      rows: socket.rows,
      total: socket.total,
    };
    log(
      `bench: problems: first row ${ms(loupeResult.firstMs)}, complete ${ms(loupeResult.completeMs)}, ${socket.total} problems`,
    );

    // Health changes: healthy objects of kind 0 turn Failed and back, one at a time.
    const abort = new AbortController();
    const { group, plural } = kindName(0);
    const watch = await rawWatch(kube, `/apis/${group}/v1/${plural}`, abort.signal);
    const list = await kube.must<{ items: { metadata: { name: string; namespace: string; uid: string } }[] }>(
      "GET",
      `/apis/${group}/v1/${plural}`,
    );
    const healthy = list.body.items.filter((o) => statusOf(Number(o.metadata.name.slice(2))) === "True");
    const samples = Math.min(quick ? 10 : 50, healthy.length);
    const latencies: number[] = [];
    const references: number[] = [];
    let missedReference = 0;
    for (const object of healthy.slice(0, samples)) {
      const path = `/apis/${group}/v1/namespaces/${object.metadata.namespace}/${plural}/${object.metadata.name}`;
      for (const [status, type] of [
        ["False", "ADDED"],
        ["True", "DELETED"],
      ] as const) {
        const seen = socket.next(object.metadata.uid, type);
        // A reference event that never comes must not sink the figure: it is counted as missing.
        const raw = watch.next(object.metadata.uid).catch(() => {
          missedReference++;
          return Number.NaN;
        });
        const t = performance.now();
        await kube.must("PATCH", path, { status: readyStatus(status) }, "application/merge-patch+json");
        const [at, rawAt] = await Promise.all([seen, raw]);
        latencies.push(at - t);
        if (!Number.isNaN(rawAt)) references.push(rawAt - t);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    abort.abort();
    socket.close();
    if (missedReference > 0) context.problem(`problems: ${missedReference} raw watch events never arrived (30 s)`);
    return {
      kinds,
      objects,
      unhealthy,
      reference,
      loupe: loupeResult,
      rss: { before, after: peak },
      change: summarize(latencies),
      changeReference: summarize(references),
    };
  } finally {
    await loupe.stop();
  }
}

export const problemsFigure: BenchFigure<ProblemsBenchResult> = {
  name: "problems",
  description: `Problems over 300 kinds / 50,000 objects: first row, complete, server RSS; a health change's p95 in
             the open view vs a raw watch of the kind`,
  measure,
  summary(r: ProblemsBenchResult): SummaryRow[] {
    const grew = r.rss.after - r.rss.before;
    return [
      {
        figure: `Problems, ${r.kinds} kinds / ${r.objects.toLocaleString("en")} objects: first results`,
        reference: `${ms(r.reference.firstMs)} (raw list of one kind)`,
        loupe: ms(r.loupe.firstMs),
        ratio: ratioText(r.loupe.firstMs / r.reference.firstMs),
        target: "≤ 1 s",
        met: r.loupe.firstMs <= 1_000,
      },
      {
        figure: "Problems: every kind listed",
        reference: `${ms(r.reference.completeMs)} (raw lists, 8 at a time)`,
        loupe: ms(r.loupe.completeMs),
        ratio: ratioText(r.loupe.completeMs / r.reference.completeMs),
        target: "—",
      },
      {
        figure: "Problems: server RSS growth",
        reference: "—",
        loupe: `+${mb(grew)} (${mb(r.rss.before)} → ${mb(r.rss.after)})`,
        ratio: "—",
        target: "≤ +150 MB",
        met: grew <= 150 * 1024 * 1024,
      },
      {
        figure: "a health change visible in an open Problems view, p95",
        reference: `${ms(r.changeReference.p95)} (raw watch)`,
        loupe: ms(r.change.p95),
        ratio: ratioText(r.change.p95 / r.changeReference.p95),
        target: "≤ 200 ms",
        met: r.change.p95 <= 200,
      },
    ];
  },
  details(r: ProblemsBenchResult): string[] {
    return [
      "### Problems",
      "",
      `${r.kinds} CRDs (10 per group), ${r.objects.toLocaleString("en")} objects in 10 namespaces, each with a Ready`,
      `condition: every 10th False (Failed), every 20th Unknown (InProgress): ${r.unhealthy.toLocaleString("en")} unhealthy.`,
      "A fresh Loupe server process (`--no-history`, so the recorder's memory is not counted); one WebSocket sends",
      "`query {kind: problems}` (all namespaces). First results:",
      "the first message carrying a row; complete: the `live` status (every kind listed). The reference lists every",
      "kind straight from the API server (plain JSON, 8 requests at a time). RSS: VmRSS before the query and its peak",
      "until 5 s after the view was complete.",
      "",
      `- first results: ${ms(r.loupe.firstMs)} (reference first list ${ms(r.reference.firstMs)})`,
      `- complete: ${ms(r.loupe.completeMs)} (reference ${ms(r.reference.completeMs)}); rows sent ${r.loupe.rows.toLocaleString("en")}, problems counted ${r.loupe.total.toLocaleString("en")}`,
      `- server RSS: ${mb(r.rss.before)} → ${mb(r.rss.after)}`,
      "",
      `Health changes: ${r.change.n} status patches (Ready True → False, then back) of objects of one kind, one at a`,
      "time, each timed from the PATCH until the row is ADDED (or DELETED) in the open view; the reference is the",
      "MODIFIED event of the same patch on a raw watch of that kind.",
      "",
      `- Loupe: p50 ${ms(r.change.p50)}, p95 ${ms(r.change.p95)}, max ${ms(r.change.max)}`,
      `- raw watch: p50 ${ms(r.changeReference.p50)}, p95 ${ms(r.changeReference.p95)}, max ${ms(r.changeReference.max)}`,
    ];
  },
};
