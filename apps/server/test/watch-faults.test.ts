import { type LocalCluster, startLocalCluster } from "@loupe/local-cluster";
import type { WatchTarget } from "@loupe/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unique } from "./support.ts";
import {
  type Kube,
  listenApp,
  metric,
  pathOf,
  type RunningApp,
  sameState,
  testKube,
  WatchClient,
  waitFor,
} from "./watch-support.ts";

// These tests stop the API server and make etcd forget history, so they run their own cluster: without the watch
// cache every watch reads etcd, and a 1 s compaction interval makes old resourceVersions expire (410) quickly.
// On SIGTERM the API server ends open watches after 1 s instead of holding its shutdown until they time out
// (the local cluster would SIGKILL it after 15 s): a graceful restart, as a managed control plane does it.
let cluster: LocalCluster;
let kube: Kube;
let closeKube: () => Promise<void>;

beforeAll(async () => {
  cluster = await startLocalCluster({
    samples: false,
    compactionInterval: "1s",
    extraArgs: ["--watch-cache=false", "--shutdown-watch-termination-grace-period=1s"],
  });
  ({ kube, close: closeKube } = testKube(cluster.kubeconfigPath));
});
afterAll(async () => {
  await closeKube?.();
  await cluster?.stop();
});

async function namespaceWith(names: string[]): Promise<{ namespace: string; target: WatchTarget }> {
  const namespace = unique("faults");
  await kube.namespace(namespace);
  const target = { context: "loupe-local", group: "", version: "v1", resource: "configmaps", namespace };
  for (const name of names) await kube.request("POST", pathOf(target), { metadata: { name }, data: { v: "0" } });
  return { namespace, target };
}

const update = (name: string, v: string) => ({ metadata: { name }, data: { v } });

describe("watching through API server faults", () => {
  let running: RunningApp | undefined;
  afterAll(async () => {
    await running?.app.close();
  });

  it("reconnects after the API server restarts: clients see reconnecting, then live, and converge", async () => {
    running = await listenApp(cluster.kubeconfigPath, {
      watch: { reflector: { backoff: { initialMs: 200, maxMs: 1_000 } } },
    });
    const { target } = await namespaceWith(["a", "b", "c"]);
    const client = await WatchClient.connect(running.watchUrl);
    try {
      client.subscribe("objects", target);
      client.subscribe("rows", { ...target, table: true });
      await waitFor("both live", () => ["objects", "rows"].every((id) => client.view(id).statuses.at(-1) === "live"));
      await kube.request("PUT", `${pathOf(target)}/a`, update("a", "1"));

      await cluster.halt();
      await waitFor("reconnecting", () =>
        ["objects", "rows"].every((id) => client.view(id).statuses.includes("reconnecting")),
      );
      await cluster.resume();
      await waitFor(
        "live again",
        () =>
          ["objects", "rows"].every((id) => {
            const statuses = client.view(id).statuses;
            return statuses.at(-1) === "live" && statuses.lastIndexOf("live") > statuses.indexOf("reconnecting");
          }),
        20_000,
      );
      await kube.request("PUT", `${pathOf(target)}/b`, update("b", "2"));
      await kube.request("DELETE", `${pathOf(target)}/c`);
      await kube.request("POST", pathOf(target), update("d", "3"));
      const fresh = await kube.state(pathOf(target));
      await waitFor("convergence", () => ["objects", "rows"].every((id) => sameState(client.view(id).items, fresh)));
      expect(client.open).toBe(true);
    } finally {
      client.close();
      await running.app.close();
      running = undefined;
    }
  });

  it("re-lists on 410 Gone and sends the difference as events, not a new snapshot", async () => {
    // The viewer's watches end every second; while its RBAC binding is gone they fail (403), and meanwhile the
    // changes below happen and etcd compacts past the reflector's resourceVersion: its next watch gets 410.
    running = await listenApp(cluster.kubeconfigPath, {
      watch: { reflector: { watchTimeoutSeconds: 1, backoff: { initialMs: 200, maxMs: 500 } } },
    });
    const { target: adminTarget } = await namespaceWith(["keep", "change", "drop", "again"]);
    const target = { ...adminTarget, context: "loupe-local-viewer" };
    const client = await WatchClient.connect(running.watchUrl);
    const binding = await kube.request(
      "GET",
      "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/loupe-local-viewer",
    );
    try {
      client.subscribe("objects", target);
      client.subscribe("rows", { ...target, table: true });
      await waitFor("both live", () => ["objects", "rows"].every((id) => client.view(id).statuses.at(-1) === "live"));
      const before = client.view("objects").resourceVersion;
      const relists = await metric(running.baseUrl, "loupe_watch_relists_total");

      await kube.request("DELETE", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/loupe-local-viewer");
      await waitFor("the watches to be refused", () =>
        ["objects", "rows"].every((id) => client.view(id).statuses.at(-1) === "reconnecting"),
      );
      const path = pathOf(adminTarget);
      await kube.request("PUT", `${path}/change`, update("change", "1"));
      await kube.request("DELETE", `${path}/drop`);
      await kube.request("DELETE", `${path}/again`);
      await kube.request("POST", path, update("again", "re-created"));
      await kube.request("POST", path, update("new", "1"));
      await waitFor("etcd to compact past the reflector", () => kube.expired(path, before), 20_000);
      const { metadata, ...rest } = binding;
      await kube.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
        ...rest,
        metadata: { name: metadata.name },
      });

      const fresh = await kube.state(path);
      await waitFor("convergence", () => ["objects", "rows"].every((id) => sameState(client.view(id).items, fresh)));
      for (const id of ["objects", "rows"]) {
        const view = client.view(id);
        expect(view.snapshots).toBe(1);
        // Back after the refusals: the watch opens (live), meets the ERROR 410 event, re-lists (syncing), then live.
        const after = view.statuses.slice(view.statuses.lastIndexOf("reconnecting") + 1);
        expect(after.slice(after.indexOf("syncing"))).toEqual(["syncing", "live"]);
        const changes = view.events.map((e) => {
          const object = "row" in e ? e.row.object : e.object;
          return `${e.type} ${object.metadata.name}`;
        });
        expect(changes.sort()).toEqual([
          "ADDED again",
          "ADDED new",
          "DELETED again",
          "DELETED drop",
          "MODIFIED change",
        ]);
      }
      expect(await metric(running.baseUrl, "loupe_watch_relists_total")).toBe(relists + 2);
    } finally {
      client.close();
      await kube.request("GET", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/loupe-local-viewer").catch(() =>
        kube.request("POST", "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings", {
          ...binding,
          metadata: { name: "loupe-local-viewer" },
        }),
      );
    }
  });
});
