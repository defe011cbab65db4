// The schema route against the local cluster: the sample kinds, core and apps kinds, errors, and following CRD
// changes. The real-world CRDs of shared/fixtures are in schema-crds.test.ts.
import { KubeConfig } from "@kubernetes/client-node";
import { ApiErrorBody, KindSchema, type SchemaField } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { ClusterConnection } from "../src/cluster/connection.ts";
import { ContextRegistry } from "../src/cluster/contexts.ts";
import { compile, errorsOf } from "../src/schema/__tests__/ajv.ts";
import { field, type Json, probeCrd, schemaOf, schemaRoute, send } from "./schema-support.ts";
import { appFor, unique } from "./support.ts";

const cluster = inject("cluster");
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

describe("schemas of the sample kinds", () => {
  it("CronTab: the sample is accepted; replicas 11 and a five-field cronSpec are not", async () => {
    const { jsonSchema, group, version, kind } = await schemaOf(app, "stable.example.com", "v1", "CronTab");
    expect([group, version, kind]).toEqual(["stable.example.com", "v1", "CronTab"]);
    const validate = compile(jsonSchema);
    const sample = await admin.getJson<Json>(
      "/apis/stable.example.com/v1/namespaces/default/crontabs/my-first-crontab",
    );
    expect(validate(sample), errorsOf(validate).join()).toBe(true);
    const spec = sample.spec as Json;
    expect(validate({ ...sample, spec: { ...spec, replicas: 11 } })).toBe(false);
    expect(errorsOf(validate)).toEqual(["/spec/replicas maximum"]);
    expect(validate({ ...sample, spec: { ...spec, cronSpec: "0 0 * * *" } })).toBe(false);
    expect(errorsOf(validate)).toEqual(["/spec/cronSpec pattern"]);
    expect(validate({ ...sample, kind: "MyService" })).toBe(false);
  });

  it("CronTab's field tree shows spec.cronSpec as a required <string> with its pattern", async () => {
    const { fields } = await schemaOf(app, "stable.example.com", "v1", "CronTab");
    expect(fields.map((f) => `${f.name} ${f.type}`)).toEqual([
      "apiVersion <string>",
      "kind <string>",
      "metadata <ObjectMeta>",
      "spec <Object>",
      "status <Object>",
    ]);
    expect(field(fields, "spec.cronSpec")).toEqual({
      path: "spec.cronSpec",
      name: "cronSpec",
      type: "<string>",
      required: true,
      description: "The cron spec string.",
      pattern: "^(\\S+\\s){5}\\S+$",
    });
    expect(field(fields, "spec.replicas")).toMatchObject({
      type: "<integer>",
      required: false,
      minimum: 1,
      maximum: 10,
    });
    expect(field(fields, "status.active")?.type).toBe("<[]Object>");
    expect(field(fields, "status.lastScheduleTime")).toMatchObject({ type: "<string>", format: "date-time" });
    expect(field(fields, "metadata.labels")?.type).toBe("<map[string]string>");
  });

  it("MyService: the valid sample is accepted, a missing required field is not", async () => {
    const validate = compile((await schemaOf(app, "stable.example.com", "v1", "MyService")).jsonSchema);
    const sample = await admin.getJson<Json>(
      "/apis/stable.example.com/v1/namespaces/default/myservices/my-nginx-service",
    );
    expect(validate(sample), errorsOf(validate).join()).toBe(true);
    const { image: _image, ...spec } = sample.spec as Json;
    expect(validate({ ...sample, spec })).toBe(false);
    expect(errorsOf(validate)).toEqual(["/spec required"]);
  });

  it.each(["v1", "v1alpha1"])("Widget %s: its CEL rule is in a description and size takes 3 or 'large'", async (v) => {
    const { jsonSchema, fields } = await schemaOf(app, "demo.loupe.dev", v, "Widget");
    const spec = (jsonSchema.properties as Record<string, Json>).spec as Json;
    expect(spec.description).toContain("self.color != 'red' || self.replicas <= 5");
    expect(spec.description).toContain("red widgets run at most 5 replicas");
    expect(field(fields, "spec")?.validations).toEqual([
      { rule: "self.color != 'red' || self.replicas <= 5", message: "red widgets run at most 5 replicas" },
    ]);
    expect(field(fields, "spec.size")).toMatchObject({ type: "<IntOrString>", intOrString: true });
    const validate = compile(jsonSchema);
    const widget = (size: unknown) => ({
      apiVersion: `demo.loupe.dev/${v}`,
      kind: "Widget",
      spec: { color: "red", size },
    });
    for (const size of [3, "large"]) expect(validate(widget(size)), `size ${size}`).toBe(true);
    expect(validate(widget(true))).toBe(false);
    expect(validate(widget(2.5))).toBe(false);
    const other = v === "v1" ? "v1alpha1" : "v1";
    expect(validate({ ...widget(3), apiVersion: `demo.loupe.dev/${other}` })).toBe(false);
  });

  it("ConfigMap (core/v1) and Deployment (apps/v1): objects read back from the cluster are accepted", async () => {
    const name = unique("schema");
    const configMap = {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name },
      data: { a: "b" },
      binaryData: { c: "ZA==" },
    };
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name, labels: { app: name } },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            containers: [
              {
                name: "web",
                image: "nginx:1.27",
                ports: [{ containerPort: 80, name: "http" }],
                resources: { limits: { cpu: "500m", memory: "128Mi" }, requests: { cpu: 0.1 } },
                readinessProbe: { httpGet: { path: "/", port: "http" } },
              },
            ],
          },
        },
      },
    };
    const cases = [
      ["core", "ConfigMap", "/api/v1/namespaces/default/configmaps", configMap],
      ["apps", "Deployment", "/apis/apps/v1/namespaces/default/deployments", deployment],
    ] as const;
    try {
      for (const [group, kind, collection, object] of cases) {
        const created = await send(admin, "POST", collection, object);
        expect(created.status, JSON.stringify(created.body).slice(0, 300)).toBe(201);
        const schema = await schemaOf(app, group, "v1", kind);
        expect(schema.group).toBe(group === "core" ? "" : group);
        const validate = compile(schema.jsonSchema);
        // Read back: with the API server's defaults, managedFields, timestamps and uid filled in.
        const stored = await admin.getJson<Json>(`${collection}/${name}`);
        expect(validate(stored), `${kind}: ${errorsOf(validate).join()}`).toBe(true);
        expect(validate({ ...stored, metadata: { ...(stored.metadata as Json), labels: { a: 1 } } })).toBe(false);
        expect(validate({ ...stored, apiVersion: "v2" })).toBe(false);
      }
      const deploymentSchema = await schemaOf(app, "apps", "v1", "Deployment");
      const port = field(deploymentSchema.fields, "spec.template.spec.containers.readinessProbe.httpGet.port");
      expect(port?.type).toBe("<IntOrString>");
      expect(field(deploymentSchema.fields, "spec.template.spec.containers")).toMatchObject({
        type: "<[]Container>",
        required: true,
      });
      expect(field(deploymentSchema.fields, "spec.template.spec.containers.resources.limits")?.type).toBe(
        "<map[string]Quantity>",
      );
    } finally {
      for (const [, , collection] of cases) await send(admin, "DELETE", `${collection}/${name}`);
    }
  });
});

describe("the schema route's errors and caching", () => {
  it("answers an unknown kind, version or group with a 404 in the uniform error shape", async () => {
    for (const [group, version, kind] of [
      ["stable.example.com", "v1", "NoSuchKind"],
      ["stable.example.com", "v9", "CronTab"],
      ["no.such.group", "v1", "CronTab"],
      ["core", "v1", "Deployment"],
    ] as const) {
      const response = await schemaRoute(app, group, version, kind);
      expect(response.statusCode).toBe(404);
      const body = ApiErrorBody.parse(response.json());
      expect(body).toMatchObject({
        statusCode: 404,
        code: "LOUPE_KIND_NOT_FOUND",
        error: "Not Found",
        reason: "NotFound",
      });
      expect(body.message).toContain(kind);
    }
  });

  it("answers an unknown context with a 404 and a malformed kind with a 400", async () => {
    const unknown = await schemaRoute(app, "stable.example.com", "v1", "CronTab", "no-such-context");
    expect(unknown.statusCode).toBe(404);
    expect(ApiErrorBody.parse(unknown.json()).code).toBe("LOUPE_CONTEXT_NOT_FOUND");
    const malformed = await schemaRoute(app, "stable.example.com", "v1", "Cron-Tab");
    expect(malformed.statusCode).toBe(400);
    expect(ApiErrorBody.parse(malformed.json()).message).toContain("kind");
  });

  it("follows a CRD that changes (a new document hash) and one that is deleted", async () => {
    const group = `${unique("g")}.schema-tests.loupe.dev`;
    const name = `probes.${group}`;
    const crd = (properties: Json) => probeCrd(group, properties);
    const apply = async (body: unknown) => {
      const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}?fieldManager=loupe-schema-tests`;
      const applied = await send(admin, "PATCH", path, body, "application/apply-patch+yaml");
      expect(applied.status, JSON.stringify(applied.body).slice(0, 300)).toBeLessThan(300);
    };
    const until = async (test: (status: number, fields: SchemaField[]) => boolean): Promise<number> => {
      const started = Date.now();
      while (Date.now() - started < 30_000) {
        const response = await schemaRoute(app, group, "v1", "Probe");
        const fields = response.statusCode === 200 ? KindSchema.parse(response.json()).fields : [];
        if (test(response.statusCode, fields)) return Date.now() - started;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error("the schema route did not follow the CRD within 30 s");
    };
    try {
      await apply(crd({ a: { type: "string" } }));
      const created = await until((status) => status === 200);
      await apply(crd({ a: { type: "string" }, b: { type: "integer", description: "added" } }));
      const changed = await until((_, fields) => field(fields, "spec.b")?.description === "added");
      await send(admin, "DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const deleted = await until((status) => status === 404);
      console.log(
        `schema route: new CRD after ${created} ms, changed after ${changed} ms, deleted after ${deleted} ms`,
      );
    } finally {
      await send(admin, "DELETE", `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
    }
  });

  it("serves the read-only user too, and answers 304 to a request carrying the current ETag", async () => {
    const viewer = await schemaRoute(app, "stable.example.com", "v1", "CronTab", "loupe-local-viewer");
    expect(viewer.statusCode).toBe(200);
    const etag = viewer.headers.etag as string;
    expect(etag).toMatch(/^"[0-9A-F]+-CronTab"$/);
    const again = await app.inject({
      method: "GET",
      url: "/api/v1/contexts/loupe-local-viewer/schema/stable.example.com/v1/CronTab",
      headers: { "if-none-match": etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");
  });
});
