import { ConversionProbe, CrdList } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { shapeCrds } from "../../../packages/local-cluster/src/crd-shapes.ts";
import { deleteCrds, installCrds, outsideAddress, startWebhook } from "./crds-support.ts";
import { appFor, unique } from "./support.ts";
import { type Kube, testKube } from "./watch-support.ts";

const cluster = inject("cluster");
const suffix = `${unique("crds")}.loupe.test`;
const shapes = shapeCrds({ suffix, versionCount: 40, hugeFields: 300 }) as Record<string, any>[];
let app: FastifyInstance;
let kube: Kube;
let closeKube: () => Promise<void>;

beforeAll(async () => {
  app = await appFor(cluster.kubeconfigPath);
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
  await installCrds(kube, shapes);
});
afterAll(async () => {
  await deleteCrds(kube, shapes);
  await app.close();
  await closeKube();
});

async function crds(): Promise<CrdList> {
  const response = await app.inject({ method: "GET", url: "/api/v1/contexts/loupe-local/crds" });
  expect(response.statusCode).toBe(200);
  return CrdList.parse(response.json());
}

async function probe(name: string) {
  return app.inject({ method: "GET", url: `/api/v1/contexts/loupe-local/crds/${name}/conversion-probe` });
}

describe("GET /crds", () => {
  it("lists every CRD projected: versions with flags in the CRD's order, stored versions, names, conditions", async () => {
    const list = await crds();
    const migration = list.items.find((c) => c.name === `migrations.${suffix}`);
    expect(migration).toMatchObject({
      group: suffix,
      kind: "Migration",
      plural: "migrations",
      scope: "Namespaced",
      shortNames: ["mig"],
      categories: ["shapes"],
      storedVersions: ["v1beta1"],
      conversion: "None",
    });
    expect(migration?.versions).toEqual([
      {
        name: "v1alpha1",
        served: true,
        storage: false,
        deprecated: true,
        deprecationWarning: "shapes v1alpha1 Migration is deprecated; use v1",
      },
      { name: "v1beta1", served: true, storage: true, deprecated: false },
      { name: "v1", served: true, storage: false, deprecated: false },
    ]);
    expect(migration?.conditions.find((c) => c.type === "Established")?.status).toBe("True");
    expect(migration?.conditions.find((c) => c.type === "NamesAccepted")?.status).toBe("True");
    expect(list.items.find((c) => c.name === `regions.${suffix}`)?.scope).toBe("Cluster");
    expect(list.items.find((c) => c.name === `sprawls.${suffix}`)?.versions).toHaveLength(40);
    // One kind name in two groups: two entries.
    expect(list.items.filter((c) => c.kind === "Widget" && c.group.endsWith(suffix)).map((c) => c.group)).toEqual([
      `a.${suffix}`,
      `b.${suffix}`,
    ]);
  });

  it("carries no schema: a huge schema weighs nothing in the summary", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/contexts/loupe-local/crds" });
    expect(response.body).not.toContain("openAPIV3Schema");
    const atlas = CrdList.parse(response.json()).items.find((c) => c.name === `atlases.${suffix}`);
    expect(JSON.stringify(atlas).length).toBeLessThan(1_000);
  });

  it("reads more CRDs than one upstream page", async () => {
    const list = await crds();
    const names = list.items.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(shapes.map((c) => c.metadata.name)));
  });

  it("answers 404 for an unknown context", async () => {
    const response = await app.inject({ method: "GET", url: "/api/v1/contexts/nope/crds" });
    expect(response.statusCode).toBe(404);
  });
});

describe("GET /crds/:name/conversion-probe", () => {
  const webhookCrd = (name: string, clientConfig: Record<string, unknown>) => {
    const [base] = shapeCrds({ suffix: `${name}.${suffix}`, versionCount: 2, hugeFields: 1 });
    const crd = structuredClone(base) as Record<string, any>;
    crd.spec.conversion = {
      strategy: "Webhook",
      webhook: { conversionReviewVersions: ["v1"], clientConfig: { caBundle: "", ...clientConfig } },
    };
    delete crd.spec.conversion.webhook.clientConfig.caBundle;
    return crd;
  };

  it("says there is nothing to probe for strategy None", async () => {
    const response = await probe(`migrations.${suffix}`);
    expect(response.statusCode).toBe(200);
    expect(ConversionProbe.parse(response.json())).toMatchObject({ outcome: "none" });
  });

  it("never fetches a URL webhook: it reports the host only", async () => {
    const crd = webhookCrd("url", { url: "https://169.254.169.254/latest/meta-data" });
    await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    try {
      const response = await probe(crd.metadata.name);
      expect(ConversionProbe.parse(response.json())).toMatchObject({ outcome: "url", url: "169.254.169.254" });
    } finally {
      await deleteCrds(kube, [crd]);
    }
  });

  it("reports a Service with no endpoints as not answering, with the API server's reason", async () => {
    const namespace = unique("hook");
    await kube.namespace(namespace);
    await kube.request("POST", `/api/v1/namespaces/${namespace}/services`, {
      metadata: { name: "dead" },
      spec: { ports: [{ port: 443 }] },
    });
    const crd = webhookCrd("dead", { service: { namespace, name: "dead", path: "/convert" } });
    await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    try {
      const result = ConversionProbe.parse((await probe(crd.metadata.name)).json());
      expect(result).toMatchObject({ outcome: "failed", service: `${namespace}/dead:443/convert` });
      expect(result.message).toMatch(/did not answer|No answer/);
    } finally {
      await deleteCrds(kube, [crd]);
      await kube.request("DELETE", `/api/v1/namespaces/${namespace}`);
    }
  });

  it("reports a live webhook as answering a ConversionReview", async () => {
    const address = await outsideAddress();
    expect(address, "this test needs a non-loopback IPv4 address").toBeDefined();
    const namespace = unique("hook");
    await kube.namespace(namespace);
    const webhook = await startWebhook(kube, namespace, "converter", address as string);
    const crd = webhookCrd("live", { service: { namespace, name: "converter", path: "/convert", port: 443 } });
    await kube.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
    try {
      // The API server learns of the Service's endpoints through its informers, a moment after they are created.
      let result = ConversionProbe.parse((await probe(crd.metadata.name)).json());
      for (let i = 0; i < 50 && result.outcome !== "answered"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        result = ConversionProbe.parse((await probe(crd.metadata.name)).json());
      }
      expect(result, result.message).toMatchObject({ outcome: "answered", status: 200 });
      expect(webhook.reviews).toBeGreaterThan(0);
    } finally {
      await webhook.close();
      await deleteCrds(kube, [crd]);
      await kube.request("DELETE", `/api/v1/namespaces/${namespace}`);
    }
  });

  it("refuses a name that is not a CRD name", async () => {
    const response = await probe("..%2F..%2Fsecrets");
    expect(response.statusCode).toBe(400);
  });
});
