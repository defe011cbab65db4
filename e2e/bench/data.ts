import type { Kube } from "./kube.ts";

/** The benchmark's API group; every CRD it makes lives in it or in a subgroup of it. */
export const GROUP = "bench.loupe.dev";

/** A small namespaced kind with printer columns, as the list figures show it. */
export interface BenchKind {
  kind: string;
  plural: string;
  group: string;
}

/** The kind of the list figures and the 100k-row figure. */
export const ITEMS: BenchKind = { kind: "Item", plural: "items", group: GROUP };
/** The kind of the watch figures (kept apart so that listing all Items counts exactly what was loaded). */
export const PROBES: BenchKind = { kind: "Probe", plural: "probes", group: GROUP };

export function crdName(kind: BenchKind): string {
  return `${kind.plural}.${kind.group}`;
}

/** A namespaced CRD with a free-form spec and four printer columns (one of them `priority: 1`). */
export function benchCrd(kind: BenchKind) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: crdName(kind) },
    spec: {
      group: kind.group,
      scope: "Namespaced",
      names: {
        kind: kind.kind,
        plural: kind.plural,
        singular: kind.kind.toLowerCase(),
        listKind: `${kind.kind}List`,
      },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  properties: {
                    size: { type: "integer" },
                    color: { type: "string" },
                    note: { type: "string" },
                  },
                },
              },
            },
          },
          additionalPrinterColumns: [
            { name: "Size", type: "integer", jsonPath: ".spec.size" },
            { name: "Color", type: "string", jsonPath: ".spec.color" },
            { name: "Note", type: "string", jsonPath: ".spec.note", priority: 1 },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
        },
      ],
    },
  };
}

const COLORS = ["red", "green", "blue", "amber"];

/** Object `i` of a kind in a namespace: `<prefix>-000042` with a shard label and a small spec. */
export function benchObject(kind: BenchKind, namespace: string, prefix: string, i: number) {
  return {
    path: `/apis/${kind.group}/v1/namespaces/${namespace}/${kind.plural}`,
    object: {
      apiVersion: `${kind.group}/v1`,
      kind: kind.kind,
      metadata: { name: `${prefix}-${String(i).padStart(6, "0")}`, namespace, labels: { shard: String(i % 16) } },
      spec: { size: i, color: COLORS[i % COLORS.length], note: `object number ${i} of ${namespace}` },
    },
  };
}

/** Where a namespace's objects come from: `count` objects named `<prefix>-NNNNNN`. */
export interface NamespaceLoad {
  namespace: string;
  kind: BenchKind;
  count: number;
}

/**
 * Creates namespaces and their objects, all namespaces' objects through one queue (`concurrency` in flight), and
 * returns the achieved rate. Kinds must exist.
 */
export async function loadNamespaces(
  kube: Kube,
  loads: readonly NamespaceLoad[],
  log: (line: string) => void,
  concurrency = 48,
): Promise<{ objects: number; seconds: number; perSecond: number }> {
  for (const load of loads) await kube.namespace(load.namespace);
  const plan: { load: NamespaceLoad; i: number }[] = [];
  for (const load of loads) for (let i = 0; i < load.count; i++) plan.push({ load, i });
  const started = performance.now();
  const perSecond = await kube.createMany(
    plan.length,
    (n) => {
      const { load, i } = plan[n] as { load: NamespaceLoad; i: number };
      return benchObject(load.kind, load.namespace, load.kind.plural.slice(0, -1), i);
    },
    concurrency,
    (done) => log(`bench: created ${done.toLocaleString("en")} of ${plan.length.toLocaleString("en")} objects`),
  );
  return { objects: plan.length, seconds: (performance.now() - started) / 1000, perSecond };
}
