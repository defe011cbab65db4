// The real-world CRDs of shared/fixtures through the schema route; the sample kinds are in schema.test.ts.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parse } from "yaml";
import { workspaceRoot } from "../../../packages/local-cluster/src/index.ts";
import type { ClusterConnection } from "../src/cluster/connection.ts";
import { ContextRegistry } from "../src/cluster/contexts.ts";
import { compile, errorsOf } from "../src/schema/__tests__/ajv.ts";
import { minimalInstance } from "../src/schema/__tests__/minimal-instance.ts";
import { type Json, send, waitForEstablished, waitForSchema } from "./schema-support.ts";
import { appFor, unique } from "./support.ts";

const cluster = inject("cluster");
const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");
let app: FastifyInstance;
let registry: ContextRegistry;
/** Direct API access as the admin, for setting up what the tests read through Loupe. */
let admin: ClusterConnection;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  const kc = new KubeConfig();
  kc.loadFromFile(cluster.kubeconfigPath);
  registry = new ContextRegistry(kc, { userAgent: "loupe/schema-tests" });
  admin = registry.get("loupe-local");
});
afterAll(async () => {
  await app.close();
  await registry.close();
});

interface Crd {
  metadata: { name: string };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean }[];
  };
}

describe("the real-world CRDs of shared/fixtures", async () => {
  const files = (await readdir(FIXTURES)).filter((f) => f.endsWith(".yaml")).sort();
  const crds = new Map<string, Crd>();
  let appliedAt = 0;

  // Applied all at once, so the API server publishes their OpenAPI while the first ones are checked.
  beforeAll(async () => {
    appliedAt = Date.now();
    for (const file of files) {
      const text = await readFile(join(FIXTURES, file), "utf8");
      const crd = parse(text) as Crd;
      crds.set(file, crd);
      const applied = await send(
        admin,
        "PATCH",
        `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}?fieldManager=loupe-schema-tests&force=true`,
        text,
        "application/apply-patch+yaml",
      );
      expect(applied.status, `${file}: ${JSON.stringify(applied.body).slice(0, 300)}`).toBeLessThan(300);
    }
    for (const crd of crds.values()) await waitForEstablished(admin, crd.metadata.name);
    console.log(`fixtures: ${files.length} CRDs applied and Established in ${Date.now() - appliedAt} ms`);
  });

  it("are nine files", () => {
    expect(files.length).toBe(9);
  });

  it.each(files)(
    "%s: each served version's schema compiles, accepts a minimal object, refuses a bad one",
    async (file) => {
      const crd = crds.get(file) as Crd;
      const { group, names } = crd.spec;
      const started = Date.now();
      for (const { name: version } of crd.spec.versions.filter((v) => v.served)) {
        const schema = await waitForSchema(app, group, version, names.kind);
        const validate = compile(schema.jsonSchema);
        const minimal = minimalInstance(schema.jsonSchema) as Json;
        expect(validate(minimal), `${version} minimal ${JSON.stringify(minimal)}: ${errorsOf(validate).join()}`).toBe(
          true,
        );
        // The API server agrees that the minimal object is valid (a dry run also checks the CEL rules ajv cannot).
        const namespace = crd.spec.scope === "Namespaced" ? "/namespaces/default" : "";
        const object = { ...minimal, metadata: { name: unique("minimal") } };
        const dryRun = await send(
          admin,
          "POST",
          `/apis/${group}/${version}${namespace}/${names.plural}?dryRun=All`,
          object,
        );
        expect(dryRun.status, `${version} dry run: ${JSON.stringify(dryRun.body).slice(0, 400)}`).toBe(201);
        // Invalid: a wrong type at a known path, an unknown field, and (where there is one) a missing required field.
        expect(validate({ ...minimal, spec: 42 })).toBe(false);
        expect(errorsOf(validate)).toContain("/spec type");
        expect(validate({ ...minimal, notAField: true })).toBe(false);
        expect(validate({ ...minimal, kind: `${names.kind}X` })).toBe(false);
        const spec = minimal.spec as Json | undefined;
        const requiredKey = spec && Object.keys(spec)[0];
        if (spec && requiredKey) {
          const { [requiredKey]: _dropped, ...rest } = spec;
          expect(validate({ ...minimal, spec: rest }), `without spec.${requiredKey}`).toBe(false);
        }
      }
      console.log(
        `${file}: schemas of ${crd.spec.versions.length} version(s) checked in ${Date.now() - started} ms, ` +
          `${Date.now() - appliedAt} ms after the CRDs were applied`,
      );
    },
  );

  it("by hand: a Certificate, a ScaledObject and a ServiceMonitor as a user would write them", async () => {
    const certificate = compile((await waitForSchema(app, "cert-manager.io", "v1", "Certificate")).jsonSchema);
    const cert = { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata: { name: "web" } };
    const certSpec = {
      secretName: "web-tls",
      dnsNames: ["example.com"],
      issuerRef: { name: "ca", kind: "ClusterIssuer" },
    };
    expect(certificate({ ...cert, spec: certSpec }), errorsOf(certificate).join()).toBe(true);
    expect(certificate({ ...cert, spec: { ...certSpec, issuerRef: {} } })).toBe(false);
    expect(errorsOf(certificate)).toEqual(["/spec/issuerRef required"]);
    expect(certificate({ ...cert, spec: { ...certSpec, dnsNames: "example.com" } })).toBe(false);

    const scaled = compile((await waitForSchema(app, "keda.sh", "v1alpha1", "ScaledObject")).jsonSchema);
    const so = {
      apiVersion: "keda.sh/v1alpha1",
      kind: "ScaledObject",
      metadata: { name: "web" },
      spec: {
        scaleTargetRef: { name: "web" },
        minReplicaCount: 1,
        triggers: [{ type: "cpu", metadata: { value: "50" } }],
      },
    };
    expect(scaled(so), errorsOf(scaled).join()).toBe(true);
    expect(scaled({ ...so, spec: { ...so.spec, minReplicaCount: "one" } })).toBe(false);
    expect(errorsOf(scaled)).toEqual(["/spec/minReplicaCount type"]);

    const monitor = compile((await waitForSchema(app, "monitoring.coreos.com", "v1", "ServiceMonitor")).jsonSchema);
    const sm = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: { name: "web" },
      spec: { selector: { matchLabels: { app: "web" } }, endpoints: [{ port: "http", interval: "30s" }] },
    };
    expect(monitor(sm), errorsOf(monitor).join()).toBe(true);
    expect(monitor({ ...sm, spec: { ...sm.spec, endpoints: [{ port: "http", interval: "30 seconds" }] } })).toBe(false);
  });
});
