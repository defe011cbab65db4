import { KindSchema, type SchemaField } from "@loupe/protocol";
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import type { ClusterConnection } from "../src/cluster/connection.ts";

// Helpers of schema.test.ts: Loupe's schema route, and direct API calls that set up what it reads.

export type Json = Record<string, unknown>;

/** `GET /api/v1/contexts/:context/schema/:group/:version/:kind` (group `core` for the core group). */
export function schemaRoute(
  app: FastifyInstance,
  group: string,
  version: string,
  kind: string,
  context = "loupe-local",
) {
  return app.inject({ method: "GET", url: `/api/v1/contexts/${context}/schema/${group}/${version}/${kind}` });
}

/** The route's answer, which must be a 200 that parses as the protocol's KindSchema. */
export async function schemaOf(app: FastifyInstance, group: string, version: string, kind: string) {
  const response = await schemaRoute(app, group, version, kind);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return KindSchema.parse(response.json());
}

/** Polls the route until the API server publishes the kind (its OpenAPI v3 lags a CRD's Established a little). */
export async function waitForSchema(
  app: FastifyInstance,
  group: string,
  version: string,
  kind: string,
  timeoutMs = 30_000,
): Promise<KindSchema> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await schemaRoute(app, group, version, kind);
    if (response.statusCode === 200) return KindSchema.parse(response.json());
    expect(response.statusCode, response.body.slice(0, 300)).toBe(404);
    if (Date.now() > deadline) throw new Error(`${group}/${version} ${kind}: no schema after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The field at a dotted path of a field tree. */
export function field(fields: SchemaField[], path: string): SchemaField | undefined {
  for (const f of fields) {
    if (f.path === path) return f;
    if (path.startsWith(`${f.path}.`)) return field(f.children ?? [], path);
  }
  return undefined;
}

/** One request straight to the API server; a string body is sent as is (YAML for apply patches). */
export async function send(
  admin: ClusterConnection,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
) {
  const response = await admin.fetch(path, {
    method,
    headers: { accept: "application/json", ...(body === undefined ? {} : { "content-type": contentType }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

export async function waitForEstablished(admin: ClusterConnection, name: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crd = await admin.getJson<{ status?: { conditions?: { type: string; status: string }[] } }>(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`,
    );
    if (crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True")) return;
    if (Date.now() > deadline) throw new Error(`CRD ${name} not Established after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A one-version CRD of kind `Probe` (plural `probes`) in `group` whose spec has `properties`. */
export function probeCrd(group: string, properties: Json) {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `probes.${group}` },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "probes", singular: "probe", kind: "Probe" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties } } } },
        },
      ],
    },
  };
}
