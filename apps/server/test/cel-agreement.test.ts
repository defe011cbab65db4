// CEL rules checked in the browser (apps/web's evaluator, fed by Loupe's schema route) against the API server's own
// verdict (a dry-run create) for the same objects: every rule of the real-world CRDs of shared/fixtures and of the
// local cluster's samples. Rules the browser cannot evaluate must be reported as unchecked, never passed.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { CelNode } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { kubeApi } from "../../../e2e/support/kube-api.ts";
import { SAMPLES_DIR, workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import { checkRules, type Violation } from "../../web/src/features/editor/cel/evaluate.ts";
import { minimalInstance } from "../src/schema/__tests__/minimal-instance.ts";
import type { JsonSchema } from "../src/schema/json-schema.ts";
import { child, describeSteps, embed, type RuleSite, ruleSites, ruleWords, samples } from "./cel-objects.ts";
import { waitForSchema } from "./schema-support.ts";
import { appFor } from "./support.ts";

const cluster = inject("cluster");
const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");
const NAMESPACE = "loupe-cel-agreement";
const api = kubeApi(cluster);
let app: FastifyInstance;

interface Crd {
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean; storage: boolean; subresources?: { status?: unknown } }[];
  };
}

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  await api.namespace(NAMESPACE);
});
afterAll(async () => {
  await app.close();
  api.close();
});

async function crdsWithRules(): Promise<{ file: string; crd: Crd }[]> {
  const out: { file: string; crd: Crd }[] = [];
  const sources = [
    ...(await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml")).map((f) => join(FIXTURES, f)),
    ...(await readdir(SAMPLES_DIR)).filter((f) => f.endsWith(".yaml")).map((f) => join(SAMPLES_DIR, f)),
  ];
  for (const path of sources.sort()) {
    const text = await readFile(path, "utf8");
    for (const doc of parseAllDocuments(text)) {
      const crd = doc.toJS() as Crd & { kind?: string };
      if (crd?.kind !== "CustomResourceDefinition" || !text.includes("x-kubernetes-validations")) continue;
      out.push({ file: path.slice(path.lastIndexOf("/") + 1), crd });
    }
  }
  return out;
}

/** The server's field spelling and ours agree up to map keys (`x[key]` vs `x.key`) and the root. */
function normalField(field: string | undefined): string {
  if (!field || field === "<nil>") return "";
  return field.replace(/\[([^\]\d][^\]]*)\]/g, ".$1").replace(/^\./, "");
}

interface Cause {
  field?: string;
  message?: string;
}

function isCelCause(cause: Cause, messages: Set<string>): boolean {
  const text = cause.message ?? "";
  if (/evaluating rule: |failed rule: /.test(text)) return true;
  for (const m of messages) if (text.endsWith(m)) return true;
  return false;
}

function agrees(local: Violation, cause: Cause): boolean {
  if (normalField(cause.field) !== normalField(local.field)) return false;
  const text = cause.message ?? "";
  const runtime = local.message.indexOf(" evaluating rule: ");
  if (runtime >= 0) return text.endsWith(local.message.slice(runtime));
  return text.endsWith(local.message);
}

async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

describe("CEL rules: the browser's verdict agrees with the API server's", async () => {
  const crds = await crdsWithRules();

  it("covers every fixture and sample CRD that has rules", () => {
    expect(crds.map((c) => c.file).sort()).toEqual(
      expect.arrayContaining([
        "clusterissuers.cert-manager.io.yaml",
        "httproutes.gateway.networking.k8s.io.yaml",
        "kustomizations.kustomize.toolkit.fluxcd.io.yaml",
        "prometheuses.monitoring.coreos.com.yaml",
        "scaledobjects.keda.sh.yaml",
        "virtualservices.networking.istio.io.yaml",
        "13-widget-crd.yaml",
      ]),
    );
  });

  it.each(crds.map((c) => [c.file, c] as const))(
    "%s",
    async (_file, { crd }) => {
      const applied = await api.call(
        "PATCH",
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?fieldManager=loupe-cel-tests&force=true`,
        crd,
        "application/apply-patch+yaml",
      );
      expect(applied.status, JSON.stringify(applied.body).slice(0, 300)).toBeLessThan(300);
      await api.crd(crd as never);
      const { group, names, scope } = crd.spec;
      const version = crd.spec.versions.find((v) => v.storage) ?? (crd.spec.versions[0] as Crd["spec"]["versions"][0]);
      const schema = await waitForSchema(app, group, version.name, names.kind);
      expect(schema.cel, "the schema route passes the CRD's rules").toBeDefined();
      const cel = schema.cel as CelNode;
      const js = schema.jsonSchema as JsonSchema;
      const definitions = js.definitions;
      const namespaced = scope === "Namespaced";
      const collection = `/apis/${group}/${version.name}${namespaced ? `/namespaces/${NAMESPACE}` : ""}/${names.plural}`;
      const base = minimalInstance(js) as Record<string, unknown>;
      const sites = ruleSites(cel);
      const messages = new Set<string>();
      for (const site of sites) for (const r of site.node.rules ?? []) if (r.message) messages.add(r.message);

      const stats = {
        objects: 0,
        compared: 0,
        notComparable: 0,
        failing: new Set<string>(),
        passing: new Set<string>(),
      };
      const unchecked = new Set<string>();
      const disagreements: string[] = [];
      const skipped: string[] = [];
      const jobs: { site: RuleSite; object: Record<string, unknown> }[] = [];
      for (const site of sites) {
        const where = describeSteps(site.steps);
        // With a status subresource, a create drops status: its rules are never evaluated by a create.
        if (
          version.subresources?.status &&
          "property" in (site.steps[0] ?? {}) &&
          (site.steps[0] as { property: string }).property === "status"
        ) {
          skipped.push(`${where} (status, written only through the status subresource)`);
          continue;
        }
        let sub: JsonSchema | undefined = js;
        for (const step of site.steps) sub = sub ? child(sub, step) : undefined;
        if (!sub) {
          skipped.push(`${where} (not in the JSON Schema)`);
          continue;
        }
        for (const value of samples(sub, site.node, 2, ruleWords(site), definitions)) {
          const object = embed(base, js, site.steps, value, definitions) as Record<string, unknown>;
          jobs.push({ site, object });
        }
      }
      let n = 0;
      await pool(jobs, 6, async ({ site, object }) => {
        const name = `cel-${(n++).toString(36)}`;
        const body: Record<string, unknown> = {
          ...object,
          apiVersion: `${group}/${version.name}`,
          kind: names.kind,
          metadata: { name, ...(namespaced ? { namespace: NAMESPACE } : {}) },
        };
        stats.objects++;
        const local = checkRules(cel, body);
        for (const u of local.unchecked) unchecked.add(`${u.field}: ${u.rule} (${u.reason})`);
        const answer = await api.call<{ details?: { causes?: Cause[] } }>("POST", `${collection}?dryRun=All`, body);
        const causes = answer.status === 422 ? (answer.body.details?.causes ?? []) : [];
        if (answer.status >= 300 && answer.status !== 422) {
          stats.notComparable++;
          return;
        }
        if (causes.some((c) => !isCelCause(c, messages))) {
          stats.notComparable++; // the object breaks the schema as well: not a clean comparison
          return;
        }
        stats.compared++;
        const where = describeSteps(site.steps);
        const unmatchedLocal = local.violations.filter((v) => !causes.some((c) => agrees(v, c)));
        const unmatchedServer = causes.filter((c) => !local.violations.some((v) => agrees(v, c)));
        // A rule the browser reported as unchecked is not a disagreement, as long as it is reported.
        const explained = unmatchedServer.filter(
          (c) => !local.unchecked.some((u) => normalField(u.field) === normalField(c.field)),
        );
        if (unmatchedLocal.length || explained.length) {
          const short = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);
          disagreements.push(
            `${where}: ${short(JSON.stringify(body.spec ?? body))}\n  browser: ${short(JSON.stringify(unmatchedLocal.map((v) => [v.field, v.message])))}\n  server: ${short(JSON.stringify(explained.map((c) => [c.field, c.message])))}`,
          );
        }
        for (const v of local.violations) stats.failing.add(v.rule);
        for (const r of site.node.rules ?? [])
          if (!local.violations.some((v) => v.rule === r.rule)) stats.passing.add(r.rule);
      });

      const rules = new Set(sites.flatMap((s) => (s.node.rules ?? []).map((r) => r.rule)));
      console.log(
        `${crd.metadata.name}: ${rules.size} distinct rules at ${sites.length} nodes; ${stats.objects} objects, ` +
          `${stats.compared} compared (${stats.notComparable} also broke the schema); rules seen failing ${stats.failing.size}, ` +
          `seen passing ${stats.passing.size}; unchecked in the browser: ${unchecked.size}` +
          (skipped.length ? `; not compared: ${skipped.join(", ")}` : "") +
          (unchecked.size ? `\n  unchecked: ${[...unchecked].join("\n  ")}` : "") +
          ([...rules].some((r) => !stats.failing.has(r))
            ? `\n  never seen failing: ${[...rules]
                .filter((r) => !stats.failing.has(r))
                .map((r) => r.replace(/\s+/g, " ").slice(0, 140))
                .join("\n  ")}`
            : ""),
      );
      expect(disagreements.length, disagreements.slice(0, 6).join("\n")).toBe(0);
      expect(stats.compared).toBeGreaterThan(0);
    },
    600_000,
  );
});

/** Hand-written objects that break the HTTPRoute rules the generated ones did not reach (multi-field conditions). */
const HTTPROUTE_VIOLATIONS: Record<string, unknown>[] = [
  { parentRefs: [{ name: "gw" }, { name: "gw" }] },
  { parentRefs: [{ name: "gw", sectionName: "a" }, { name: "gw" }] },
  {
    rules: Array.from({ length: 3 }, () => ({
      matches: Array.from({ length: 64 }, (_, i) => ({ path: { type: "PathPrefix", value: `/p${i}` } })),
    })),
  },
  {
    rules: [
      {
        backendRefs: [{ name: "svc", port: 80 }],
        filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https" } }],
      },
    ],
  },
  {
    rules: [
      {
        matches: [{ path: { type: "Exact", value: "/a" } }],
        filters: [
          {
            type: "RequestRedirect",
            requestRedirect: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } },
          },
        ],
      },
    ],
  },
  {
    rules: [
      {
        matches: [{ path: { type: "Exact", value: "/a" } }],
        filters: [
          { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } } },
        ],
      },
    ],
  },
  {
    rules: [
      {
        matches: [{ path: { type: "Exact", value: "/a" } }],
        backendRefs: [
          {
            name: "svc",
            port: 80,
            filters: [
              { type: "URLRewrite", urlRewrite: { path: { type: "ReplacePrefixMatch", replacePrefixMatch: "/b" } } },
            ],
          },
        ],
      },
    ],
  },
  {
    rules: [
      {
        filters: [
          { type: "RequestRedirect", requestRedirect: { scheme: "https" } },
          { type: "URLRewrite", urlRewrite: { hostname: "a.example" } },
        ],
      },
    ],
  },
  {
    rules: [
      {
        filters: [
          { type: "ResponseHeaderModifier", responseHeaderModifier: { remove: ["a"] } },
          { type: "ResponseHeaderModifier", responseHeaderModifier: { remove: ["b"] } },
        ],
      },
    ],
  },
  {
    rules: [
      {
        filters: [
          { type: "RequestRedirect", requestRedirect: { scheme: "https" } },
          { type: "RequestRedirect", requestRedirect: { scheme: "http" } },
        ],
      },
    ],
  },
  { rules: [{ filters: [{ type: "ResponseHeaderModifier" }] }] },
  { rules: [{ filters: [{ type: "RequestRedirect" }] }] },
  { rules: [{ filters: [{ type: "ExtensionRef" }] }] },
  { rules: [{ filters: [{ type: "CORS", cors: { allowOrigins: ["*", "https://a.example"] } }] }] },
  { rules: [{ filters: [{ type: "CORS", cors: { allowMethods: ["*", "GET"] } }] }] },
  { rules: [{ timeouts: { request: "1s", backendRequest: "2s" } }] },
];

describe("CEL: hand-written violations of the HTTPRoute rules that need several fields at once", () => {
  it("each breaks a rule in the browser exactly as on the API server", async () => {
    const schema = await waitForSchema(app, "gateway.networking.k8s.io", "v1", "HTTPRoute");
    const cel = schema.cel as CelNode;
    const messages = new Set<string>();
    for (const site of ruleSites(cel)) for (const r of site.node.rules ?? []) if (r.message) messages.add(r.message);
    const collection = `/apis/gateway.networking.k8s.io/v1/namespaces/${NAMESPACE}/httproutes`;
    const broken = new Set<string>();
    const notComparable: string[] = [];
    for (const [i, spec] of HTTPROUTE_VIOLATIONS.entries()) {
      const body = {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "HTTPRoute",
        metadata: { name: `hand-${i}`, namespace: NAMESPACE },
        spec,
      };
      const local = checkRules(cel, body);
      const answer = await api.call<{ details?: { causes?: Cause[] } }>("POST", `${collection}?dryRun=All`, body);
      const causes = answer.status === 422 ? (answer.body.details?.causes ?? []) : [];
      if (causes.some((c) => !isCelCause(c, messages))) {
        notComparable.push(`${JSON.stringify(spec).slice(0, 100)}: ${JSON.stringify(causes).slice(0, 300)}`);
        continue;
      }
      const unmatchedLocal = local.violations.filter((v) => !causes.some((c) => agrees(v, c)));
      const unmatchedServer = causes.filter((c) => !local.violations.some((v) => agrees(v, c)));
      expect(
        {
          browser: unmatchedLocal.map((v) => [v.field, v.message]),
          server: unmatchedServer.map((c) => [c.field, c.message]),
        },
        JSON.stringify(spec).slice(0, 200),
      ).toEqual({ browser: [], server: [] });
      expect(local.violations.length, `${JSON.stringify(spec).slice(0, 200)} breaks nothing`).toBeGreaterThan(0);
      for (const v of local.violations) broken.add(v.rule);
    }
    console.log(
      `hand-written HTTPRoute violations: ${broken.size} distinct rules broken; not comparable: ${notComparable.length}\n  ${notComparable.join("\n  ")}`,
    );
    expect(notComparable).toEqual([]);
    expect(broken.size).toBeGreaterThanOrEqual(15);
  });
});

describe("CEL transition rules, messageExpression, fieldPath and reason agree with the API server on updates", () => {
  const group = `celupdates${Date.now().toString(36)}.loupe.test`;
  const collection = `/apis/${group}/v1/namespaces/${NAMESPACE}/meters`;
  const crd = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `meters.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "meters", singular: "meter", kind: "Meter" },
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
                    tier: {
                      type: "string",
                      "x-kubernetes-validations": [{ rule: "self == oldSelf", message: "tier is immutable" }],
                    },
                    replicas: { type: "integer", default: 1 },
                    max: { type: "integer" },
                    unit: { type: "string" },
                    since: { type: "string", format: "date-time" },
                    ports: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["name"],
                      items: {
                        type: "object",
                        required: ["name"],
                        properties: { name: { type: "string" }, port: { type: "integer" } },
                        "x-kubernetes-validations": [
                          { rule: "!has(oldSelf.port) || self.port >= oldSelf.port", message: "a port only goes up" },
                        ],
                      },
                    },
                    labels: {
                      type: "object",
                      maxProperties: 8,
                      additionalProperties: { type: "string", maxLength: 16 },
                      "x-kubernetes-validations": [
                        { rule: "self.all(k, k.startsWith('x-'))", message: "labels must start with x-" },
                      ],
                    },
                  },
                  "x-kubernetes-validations": [
                    {
                      rule: "!has(self.max) || self.replicas <= self.max",
                      message: "replicas above max",
                      fieldPath: ".replicas",
                    },
                    {
                      rule: "!has(self.unit) || self.unit in ['s', 'ms']",
                      messageExpression: "'unit ' + self.unit + ' is not s or ms'",
                      reason: "FieldValueForbidden",
                    },
                    {
                      rule: "!has(self.since) || self.since > timestamp('2020-01-01T00:00:00Z')",
                      message: "since is too old",
                    },
                    {
                      rule: "!has(oldSelf.max) || !has(self.max) || self.max >= oldSelf.max",
                      message: "max cannot go down",
                    },
                  ],
                },
              },
            },
          },
        },
      ],
    },
  };

  it("every variant of an existing object gets the same verdict from the browser and from a dry-run update", async () => {
    await api.crd(crd);
    const schema = await waitForSchema(app, group, "v1", "Meter");
    const cel = schema.cel as CelNode;
    const start = { tier: "gold", max: 5, replicas: 2, ports: [{ name: "http", port: 80 }], labels: { "x-a": "1" } };
    const created = await api.must<{ metadata: { resourceVersion: string } }>("POST", collection, {
      apiVersion: `${group}/v1`,
      kind: "Meter",
      metadata: { name: "m", namespace: NAMESPACE },
      spec: start,
    });
    const old = {
      apiVersion: `${group}/v1`,
      kind: "Meter",
      metadata: { name: "m", namespace: NAMESPACE },
      spec: start,
    };
    const variants: Record<string, unknown>[] = [
      start,
      { ...start, tier: "silver" },
      { ...start, replicas: 9 },
      { ...start, max: 3 },
      { ...start, max: 1 },
      { ...start, unit: "h" },
      { ...start, unit: "ms" },
      { ...start, since: "2019-05-01T00:00:00Z" },
      { ...start, since: "2024-05-01T00:00:00Z" },
      { ...start, ports: [{ name: "http", port: 79 }] },
      {
        ...start,
        ports: [
          { name: "http", port: 81 },
          { name: "grpc", port: 1 },
        ],
      },
      { ...start, labels: { "x-a": "1", b: "2", c: "3" } },
      { ...start, labels: {} },
      { tier: "gold", replicas: 7 },
      { ...start, tier: "bronze", replicas: 6, unit: "min", ports: [{ name: "http", port: 1 }] },
    ];
    const messages = new Set([
      "tier is immutable",
      "a port only goes up",
      "replicas above max",
      "labels must start with x-",
      "since is too old",
      "max cannot go down",
    ]);
    let failing = 0;
    for (const spec of variants) {
      const body = {
        ...old,
        metadata: { ...old.metadata, resourceVersion: created.body.metadata.resourceVersion },
        spec,
      };
      const local = checkRules(cel, body, old);
      const answer = await api.call<{ details?: { causes?: Cause[] } }>("PUT", `${collection}/m?dryRun=All`, body);
      const causes = answer.status === 422 ? (answer.body.details?.causes ?? []) : [];
      expect([200, 422], JSON.stringify(answer.body).slice(0, 300)).toContain(answer.status);
      expect(
        causes.every((c) => isCelCause(c, messages) || /is not s or ms/.test(c.message ?? "")),
        JSON.stringify(causes),
      ).toBe(true);
      const unmatchedLocal = local.violations.filter((v) => !causes.some((c) => agrees(v, c)));
      const unmatchedServer = causes.filter((c) => !local.violations.some((v) => agrees(v, c)));
      expect(
        {
          browser: unmatchedLocal.map((v) => [v.field, v.message]),
          server: unmatchedServer.map((c) => [c.field, c.message]),
        },
        JSON.stringify(spec),
      ).toEqual({ browser: [], server: [] });
      expect(local.unchecked).toEqual([]);
      if (local.violations.length > 0) failing++;
    }
    expect(failing).toBeGreaterThanOrEqual(9);
    await api.remove(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/meters.${group}`);
  });
});
