import type { KubeObject } from "@loupe/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "../../errors.ts";
import { MetricsRegistry } from "../../metrics.ts";
import { ev, FakeListerWatcher, metrics, page } from "../../watch/__tests__/fakes.ts";
import { WatchHub } from "../../watch/watch-hub.ts";
import { ChangeWriter } from "../change-writer.ts";
import { createHistoryMetrics } from "../history-metrics.ts";
import { ResourceRecorder } from "../resource-recorder.ts";
import { SqliteHistoryStore } from "../sqlite-store.ts";

const cm = (name: string, rv: string, data: Record<string, string>, uid = `uid-${name}`): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: {
    name,
    namespace: "ns",
    uid,
    resourceVersion: rv,
    managedFields: [{ manager: `m-${rv}`, operation: "Update", time: `2026-01-01T00:00:0${rv.length}Z` }],
  },
  data,
});

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup() {
  const lw = new FakeListerWatcher();
  const hub = new WatchHub(() => lw, metrics(), { lingerMs: 0, reflector: { watchTimeoutSeconds: 300 } });
  const store = new SqliteHistoryStore({ path: ":memory:" });
  await store.migrate();
  const writer = new ChangeWriter(store, createHistoryMetrics(new MetricsRegistry()), { flushMs: 1 });
  const recorder = new ResourceRecorder({
    hub,
    store,
    writer,
    context: "dev",
    cluster: "https://dev",
    group: "",
    version: "v1",
    resource: "configmaps",
    flow: "history",
    now: Date.now,
    onError: (error) => {
      throw error;
    },
  });
  closers.push(async () => {
    recorder.close();
    await hub.close();
    await store.close();
  });
  const changes = async () => {
    await writer.flush();
    const rows = await store.query({ cluster: "https://dev", limit: 100 });
    return rows.reverse().map((c) => `${c.type} ${c.name}@${c.resourceVersion}${c.gap ? " gap" : ""}`);
  };
  return { lw, recorder, store, writer, changes };
}

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error("never");
};

describe("ResourceRecorder", () => {
  it("records the first list as seen after a gap, then live events with diffs; a relist's difference as a gap", async () => {
    const { lw, recorder, changes, store } = await setup();
    lw.listAnswers = [
      page("L1", [cm("a", "1", { v: "1" }), cm("b", "1", { v: "1" })]),
      page("L2", [cm("a", "3", { v: "3" }), cm("c", "1", { v: "1" })]),
    ];
    recorder.start();
    await recorder.ready;
    await until(async () => lw.streams.length > 0);
    lw.stream.push(ev("MODIFIED", cm("a", "2", { v: "2" })));
    await until(async () => (await changes()).length === 3);
    // The watch expires: the re-list finds a changed (a@3), b deleted and c new while unwatched.
    lw.watchErrors = [ApiError.fromStatus(410, { reason: "Expired", message: "too old" })];
    lw.stream.end();
    await until(async () => (await changes()).length === 6);
    expect(await changes()).toEqual([
      "ADDED a@1 gap",
      "ADDED b@1 gap",
      "MODIFIED a@2",
      "DELETED b@1+deleted gap",
      "MODIFIED a@3 gap",
      "ADDED c@1 gap",
    ]);
    const modified = await store.query({ cluster: "https://dev", name: "a", type: "MODIFIED", limit: 10 });
    const live = modified.find((c) => !c.gap);
    expect(live?.changes).toEqual([{ path: "/data/v", before: "1", after: "2" }]);
    expect(live?.managers.map((m) => m.manager)).toEqual(["m-2"]);
  });

  it("compares its first list with the recorded states: unchanged objects are not recorded again", async () => {
    const first = await setup();
    first.lw.listAnswers = [page("L1", [cm("a", "1", { v: "1" })])];
    first.recorder.start();
    await first.recorder.ready;
    expect(await first.changes()).toEqual(["ADDED a@1 gap"]);
    // A second recorder over the same store (Loupe restarted): a@1 unchanged, so nothing new.
    const lw = new FakeListerWatcher();
    lw.listAnswers = [page("L1", [cm("a", "1", { v: "1" }), cm("b", "5", { v: "1" })])];
    const hub = new WatchHub(() => lw, metrics(), { lingerMs: 0 });
    const recorder = new ResourceRecorder({
      hub,
      store: first.store,
      writer: first.writer,
      context: "dev",
      cluster: "https://dev",
      group: "",
      version: "v1",
      resource: "configmaps",
      flow: "history",
      now: Date.now,
      onError: () => {},
    });
    recorder.start();
    await recorder.ready;
    expect(await first.changes()).toEqual(["ADDED a@1 gap", "ADDED b@5 gap"]);
    recorder.close();
    await hub.close();
  });
});
