import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { BootstrapClient } from "./kube.ts";

/** A Kubernetes object as plain JSON. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
};

interface ResourceRef {
  /** `/api/v1` or `/apis/<group>/<version>` */
  base: string;
  plural: string;
  namespaced: boolean;
  subresources: Set<string>;
}

/** The folder of sample manifests shipped with this package. */
export const SAMPLES_DIR = join(import.meta.dirname, "..", "samples");

/** Reads every YAML file of a folder (file-name order) into objects. */
export async function readManifests(dir: string): Promise<KubeObject[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const objects: KubeObject[] = [];
  for (const file of files) {
    for (const doc of parseAllDocuments(await readFile(join(dir, file), "utf8"))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
      const value = doc.toJS() as KubeObject | null;
      if (value) objects.push(value);
    }
  }
  return objects;
}

/**
 * Applies the samples: CRDs by server-side apply (field manager `loupe-samples`), then waits until each is
 * Established and served by discovery, then creates every other object that does not exist yet, and writes its
 * `status` through the status subresource when it has one. Safe to run on every start.
 */
export async function applySamples(client: BootstrapClient, log: (line: string) => void): Promise<void> {
  const objects = await readManifests(SAMPLES_DIR);
  const crds = objects.filter((o) => o.kind === "CustomResourceDefinition");
  for (const crd of crds) await applyObject(client, crd);
  await waitForCrds(client, crds);
  let created = 0;
  for (const object of objects.filter((o) => o.kind !== "CustomResourceDefinition")) {
    if (await createIfMissing(client, object)) created++;
  }
  log(`local-cluster: samples applied (${crds.length} CRDs, ${created} objects created)`);
}

/**
 * The ClusterRole and binding (both `loupe-local-viewer`, a name deploy/ does not use) that make the user
 * `loupe-viewer` a read-only user of every resource.
 */
export async function applyViewerRbac(client: BootstrapClient): Promise<void> {
  await applyObject(client, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name: "loupe-local-viewer" },
    rules: [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }],
  });
  await applyObject(client, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "loupe-local-viewer" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "loupe-local-viewer" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "loupe-viewer" }],
  });
}

/**
 * Waits until every CRD reports the Established condition and each of its served versions is listed by discovery,
 * so that the next request for its resources does not meet a 404.
 */
export async function waitForCrds(client: BootstrapClient, crds: KubeObject[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    const spec = crd.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
    for (;;) {
      const got = await client.request("GET", path);
      const status = got.json?.status as { conditions?: { type: string; status: string }[] } | undefined;
      const conditions = status?.conditions;
      const established = conditions?.some((c) => c.type === "Established" && c.status === "True") ?? false;
      let served = established;
      for (const version of spec.versions.filter((v) => v.served)) {
        if (!served) break;
        served = (await resolve(client, `${spec.group}/${version.name}`, spec.names.kind)) !== undefined;
      }
      if (served) break;
      if (Date.now() > deadline)
        throw new Error(`local-cluster: CRD ${crd.metadata.name} not served after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function applyObject(client: BootstrapClient, object: KubeObject): Promise<void> {
  const ref = await mustResolve(client, object);
  const response = await client.request(
    "PATCH",
    `${objectPath(ref, object)}?fieldManager=loupe-samples&force=true`,
    object,
    "application/apply-patch+yaml",
  );
  if (response.status >= 300) throw failure("apply", object, response);
}

async function createIfMissing(client: BootstrapClient, object: KubeObject): Promise<boolean> {
  const ref = await mustResolve(client, object);
  const { status, ...body } = object;
  const response = await client.request("POST", collectionPath(ref, object), body);
  if (response.status === 409) return false;
  if (response.status >= 300) throw failure("create", object, response);
  if (status !== undefined && ref.subresources.has("status")) {
    const patched = await client.request(
      "PATCH",
      `${objectPath(ref, object)}/status`,
      { status },
      "application/merge-patch+json",
    );
    if (patched.status >= 300) throw failure("status of", object, patched);
  }
  return true;
}

function failure(verb: string, object: KubeObject, response: { status: number; text: string }): Error {
  return new Error(
    `local-cluster: ${verb} ${object.kind} ${object.metadata.name}: HTTP ${response.status} ${response.text.slice(0, 500)}`,
  );
}

async function mustResolve(client: BootstrapClient, object: KubeObject): Promise<ResourceRef> {
  const ref = await resolve(client, object.apiVersion, object.kind);
  if (!ref) throw new Error(`local-cluster: the server does not serve ${object.kind} in ${object.apiVersion}`);
  return ref;
}

/** Finds the resource that serves `kind` in `apiVersion` through the group-version's discovery document. */
async function resolve(client: BootstrapClient, apiVersion: string, kind: string): Promise<ResourceRef | undefined> {
  const base = apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
  const response = await client.request("GET", base);
  if (response.status !== 200) return undefined;
  const resources = (response.json?.resources ?? []) as { name: string; kind: string; namespaced: boolean }[];
  const main = resources.find((r) => r.kind === kind && !r.name.includes("/"));
  if (!main) return undefined;
  const subresources = new Set(
    resources.filter((r) => r.name.startsWith(`${main.name}/`)).map((r) => r.name.slice(main.name.length + 1)),
  );
  return { base, plural: main.name, namespaced: main.namespaced, subresources };
}

function collectionPath(ref: ResourceRef, object: KubeObject): string {
  const ns = ref.namespaced ? `/namespaces/${encodeURIComponent(object.metadata.namespace ?? "default")}` : "";
  return `${ref.base}${ns}/${ref.plural}`;
}

function objectPath(ref: ResourceRef, object: KubeObject): string {
  return `${collectionPath(ref, object)}/${encodeURIComponent(object.metadata.name)}`;
}
