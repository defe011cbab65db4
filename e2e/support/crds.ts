import { join } from "node:path";
import { readManifests, workspaceRoot } from "../../packages/local-cluster/src/index.ts";
import type { kubeApi } from "./kube-api.ts";

/** The real-world CRDs kept in the shared fixtures folder (one CRD per file). */
export const FIXTURES = join(workspaceRoot(), "..", "shared", "fixtures", "crds");

type Kube = ReturnType<typeof kubeApi>;
type Crd = { metadata: { name: string } } & Record<string, any>;

/**
 * Creates each CRD that does not exist yet and waits until it is Established; returns the names it created, so the
 * test deletes only those (another test file may have installed the same fixtures).
 */
export async function installMissing(kube: Kube, crds: readonly Crd[]): Promise<string[]> {
  const created: string[] = [];
  for (const crd of crds) {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`;
    if ((await kube.call("GET", path)).status === 404) {
      await kube.crd(crd);
      created.push(crd.metadata.name);
    }
  }
  return created;
}

export async function removeCrds(kube: Kube, names: readonly string[]): Promise<void> {
  await Promise.all(names.map((n) => kube.remove(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${n}`)));
}

export async function fixtureCrds(): Promise<Crd[]> {
  return (await readManifests(FIXTURES)) as unknown as Crd[];
}

/** Waits until the API server lists `plural` of `group` at `version` (discovery lags Established a little). */
export async function served(kube: Kube, group: string, version: string, plural: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if ((await kube.call("GET", `/apis/${group}/${version}/${plural}?limit=1`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${plural}.${group}/${version} is not served`);
}

/**
 * Creates many CRDs, `concurrency` at a time (the API server establishes each in its own time), then waits until
 * every one is Established. For the scale tests: 1,500 CRDs take a minute or two on this machine.
 */
export async function installMany(kube: Kube, crds: readonly Crd[], concurrency = 8): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < crds.length) {
        const crd = crds[next++] as Crd;
        await kube.must("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, undefined, [409]);
      }
    }),
  );
  const want = new Set(crds.map((c) => c.metadata.name));
  // Every second: the list weighs megabytes, and polling it faster slows the API server that establishes them.
  for (let i = 0; i < 900; i++) {
    const list = await kube.must<{
      items: { metadata: { name: string }; status?: { conditions?: { type: string; status: string }[] } }[];
    }>("GET", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions");
    const ready = list.body.items.filter(
      (c) =>
        want.has(c.metadata.name) && c.status?.conditions?.some((x) => x.type === "Established" && x.status === "True"),
    ).length;
    if (ready === want.size) return;
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error("CRDs not established in time");
}
