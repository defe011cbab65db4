import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BootstrapClient } from "../src/kube.ts";

// kube-controller-manager runs in the plane: what a real cluster's controllers do happens here too — namespaces
// finish terminating, the garbage collector follows owner references, workloads get their ReplicaSets and Pods
// (which stay Pending: there is no scheduler and no kubelet).
const cluster = inject("cluster");
const kube = new BootstrapClient(cluster.server, cluster.tokens.admin, cluster.caData);
const ns = `controllers-${randomBytes(3).toString("hex")}`;
const configMaps = `/api/v1/namespaces/${ns}/configmaps`;

interface Meta {
  name: string;
  uid: string;
  deletionTimestamp?: string;
  finalizers?: string[];
  ownerReferences?: { uid: string; name: string; kind: string }[];
}
type Obj = { metadata: Meta; [key: string]: unknown };
type List = { items: Obj[] };

async function must(method: string, path: string, body?: unknown, contentType?: string): Promise<Obj> {
  const response = await kube.request(method, path, body, contentType);
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text.slice(0, 300)}`);
  return response.json as Obj;
}

async function status(path: string): Promise<number> {
  return (await kube.request("GET", path)).status;
}

/** Polls until check() returns a value other than undefined; fails after timeoutMs. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const gone = (path: string) => async () => ((await status(path)) === 404 ? true : undefined);

/** A ConfigMap owned by `owner`; `hold` adds a finalizer of the test's own, so its deletion can be held. */
function child(name: string, owner: Obj, hold = false) {
  return {
    metadata: {
      name,
      finalizers: hold ? ["loupe.dev/test-hold"] : [],
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "ConfigMap",
          name: owner.metadata.name,
          uid: owner.metadata.uid,
          blockOwnerDeletion: true,
        },
      ],
    },
    data: { owner: owner.metadata.name },
  };
}

async function family(prefix: string, hold = false) {
  const owner = await must("POST", configMaps, { metadata: { name: `${prefix}-owner` } });
  const children = [];
  for (const i of [1, 2]) children.push(await must("POST", configMaps, child(`${prefix}-child-${i}`, owner, hold)));
  return { owner, children };
}

beforeAll(async () => {
  await must("POST", "/api/v1/namespaces", { metadata: { name: ns } });
});
afterAll(async () => {
  await kube.request("DELETE", `/api/v1/namespaces/${ns}`);
  await kube.close();
});

describe("kube-controller-manager in the local cluster", () => {
  it("gives a new namespace its default ServiceAccount and the kube-root-ca.crt ConfigMap with the serving CA", async () => {
    await until("the default ServiceAccount", async () =>
      (await status(`/api/v1/namespaces/${ns}/serviceaccounts/default`)) === 200 ? true : undefined,
    );
    const rootCa = await until("kube-root-ca.crt", async () => {
      const response = await kube.request("GET", `${configMaps}/kube-root-ca.crt`);
      return response.status === 200 ? (response.json as { data: Record<string, string> }) : undefined;
    });
    expect(rootCa.data["ca.crt"]?.trim()).toBe(cluster.caData.trim());
  });

  it("removes a deleted namespace, with what was in it, within 30 s", async () => {
    const doomed = `${ns}-doomed`;
    await must("POST", "/api/v1/namespaces", { metadata: { name: doomed } });
    await must("POST", `/api/v1/namespaces/${doomed}/configmaps`, { metadata: { name: "inside" } });
    const started = Date.now();
    const deleting = await must("DELETE", `/api/v1/namespaces/${doomed}`);
    expect(deleting.metadata.deletionTimestamp).toBeTruthy();
    await until("the namespace to be gone", gone(`/api/v1/namespaces/${doomed}`));
    console.log(`controllers: a deleted namespace was gone after ${Date.now() - started} ms`);
    expect(await status(`/api/v1/namespaces/${doomed}/configmaps/inside`)).toBe(404);
  });

  it("gives a Deployment its ReplicaSet and the ReplicaSet its Pods, which stay Pending without a node", async () => {
    const deployments = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const labels = { app: "web" };
    const deployment = await must("POST", deployments, {
      metadata: { name: "web" },
      spec: {
        replicas: 2,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: "web", image: "nginx:1" }] } },
      },
    });
    const replicaSet = await until("the ReplicaSet", async () => {
      const list = (await must("GET", `/apis/apps/v1/namespaces/${ns}/replicasets`)) as unknown as List;
      return list.items.find((rs) => rs.metadata.ownerReferences?.[0]?.uid === deployment.metadata.uid);
    });
    expect(replicaSet.metadata.ownerReferences?.[0]).toMatchObject({ kind: "Deployment", name: "web" });
    const pods = await until("two Pods", async () => {
      const list = (await must("GET", `/api/v1/namespaces/${ns}/pods`)) as unknown as List;
      const owned = list.items.filter((p) => p.metadata.ownerReferences?.[0]?.uid === replicaSet.metadata.uid);
      return owned.length === 2 ? owned : undefined;
    });
    for (const pod of pods) {
      const { status: podStatus, spec } = pod as unknown as { status: { phase: string }; spec: { nodeName?: string } };
      expect(podStatus.phase).toBe("Pending");
      expect(spec.nodeName).toBeUndefined();
    }

    // Foreground: the ReplicaSet and the Pods go first, then the Deployment.
    await must("DELETE", `${deployments}/web?propagationPolicy=Foreground`);
    await until("the Deployment to be gone", gone(`${deployments}/web`));
    expect(await status(`/apis/apps/v1/namespaces/${ns}/replicasets/${replicaSet.metadata.name}`)).toBe(404);
    for (const pod of pods) expect(await status(`/api/v1/namespaces/${ns}/pods/${pod.metadata.name}`)).toBe(404);
  });

  it("deletes in the foreground: the owner waits until its dependents are gone, then goes", async () => {
    // The children carry a finalizer of the test's own, so the owner's wait can be seen, and ended.
    const { owner, children } = await family("fg", true);
    const deleting = await must("DELETE", `${configMaps}/${owner.metadata.name}?propagationPolicy=Foreground`);
    expect(deleting.metadata.finalizers).toContain("foregroundDeletion");
    // The garbage collector deletes the children; their finalizer holds them, and they hold the owner.
    for (const c of children) {
      await until(`${c.metadata.name} to be deleting`, async () => {
        const now = await must("GET", `${configMaps}/${c.metadata.name}`);
        return now.metadata.deletionTimestamp ? true : undefined;
      });
    }
    const waiting = await must("GET", `${configMaps}/${owner.metadata.name}`);
    expect(waiting.metadata.deletionTimestamp).toBeTruthy();
    expect(waiting.metadata.finalizers).toEqual(["foregroundDeletion"]);

    for (const c of children) {
      await must(
        "PATCH",
        `${configMaps}/${c.metadata.name}`,
        { metadata: { finalizers: null } },
        "application/merge-patch+json",
      );
    }
    for (const c of children) await until(`${c.metadata.name} to be gone`, gone(`${configMaps}/${c.metadata.name}`));
    await until("the owner to be gone", gone(`${configMaps}/${owner.metadata.name}`));
  });

  it("deletes in the background: the owner goes at once, its dependents after", async () => {
    const { owner, children } = await family("bg");
    const deleted = await kube.request("DELETE", `${configMaps}/${owner.metadata.name}?propagationPolicy=Background`);
    expect(deleted.status).toBe(200);
    expect(await status(`${configMaps}/${owner.metadata.name}`)).toBe(404);
    for (const c of children) await until(`${c.metadata.name} to be gone`, gone(`${configMaps}/${c.metadata.name}`));
  });

  it("orphans: the owner goes, its dependents stay without the owner reference", async () => {
    const { owner, children } = await family("orphan");
    const deleting = await must("DELETE", `${configMaps}/${owner.metadata.name}?propagationPolicy=Orphan`);
    expect(deleting.metadata.finalizers).toContain("orphan");
    await until("the owner to be gone", gone(`${configMaps}/${owner.metadata.name}`));
    for (const c of children) {
      const now = await must("GET", `${configMaps}/${c.metadata.name}`);
      expect(now.metadata.deletionTimestamp).toBeUndefined();
      expect(now.metadata.ownerReferences ?? []).toEqual([]);
    }
  });
});
