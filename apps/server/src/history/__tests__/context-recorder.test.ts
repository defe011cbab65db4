import type { Catalog, CatalogResource } from "@loupe/protocol";
import { afterEach, describe, expect, it } from "vitest";
import type { ResourceCatalog } from "../../discovery/catalog.ts";
import { MetricsRegistry } from "../../metrics.ts";
import { FakeListerWatcher, metrics, page } from "../../watch/__tests__/fakes.ts";
import { WatchHub } from "../../watch/watch-hub.ts";
import type { WatchKey } from "../../watch/watch-key.ts";
import { ChangeWriter } from "../change-writer.ts";
import { createHistoryMetrics } from "../history-metrics.ts";
import { KindMatcher } from "../kinds.ts";
import { ContextRecorder } from "../recorder.ts";
import { SqliteHistoryStore } from "../sqlite-store.ts";

function resource(i: number): CatalogResource {
  return {
    group: "example.com",
    version: "v1",
    preferredVersion: "v1",
    resource: `things${i}`,
    kind: `Thing${i}`,
    namespaced: true,
    verbs: ["list", "watch"],
    categories: [],
    shortNames: [],
    custom: true,
  } as unknown as CatalogResource;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("ContextRecorder", () => {
  it("lists 8 resources at a time, the next starting as each first list is recorded", async () => {
    const catalog = { resources: Array.from({ length: 20 }, (_, i) => resource(i)) } as unknown as Catalog;
    const gates = new Map<string, () => void>();
    const lws = new Map<string, FakeListerWatcher>();
    const hub = new WatchHub(
      (key: WatchKey) => {
        const lw = new FakeListerWatcher();
        if (key.resource.startsWith("things")) {
          lw.listGate = new Promise((resolve) => gates.set(key.resource, () => resolve()));
          lw.listAnswers = [page("1", [])];
        }
        lws.set(key.resource, lw);
        return lw;
      },
      metrics(),
      { lingerMs: 0 },
    );
    const store = new SqliteHistoryStore({ path: ":memory:" });
    await store.migrate();
    const writer = new ChangeWriter(store, createHistoryMetrics(new MetricsRegistry()), { flushMs: 1 });
    const recorder = new ContextRecorder({
      hub,
      store,
      writer,
      catalog: { get: async () => catalog, invalidate: () => {} } as unknown as ResourceCatalog,
      kinds: new KindMatcher("default"),
      context: "dev",
      cluster: "https://dev",
    });
    closers.push(async () => {
      recorder.close();
      await hub.close();
      await store.close();
    });
    await recorder.start();
    const listing = () => [...lws.keys()].filter((r) => r.startsWith("things"));
    expect(recorder.recorded).toHaveLength(20);
    expect(listing()).toHaveLength(8);
    // Two lists answer: two more start.
    gates.get("things0")?.();
    gates.get("things1")?.();
    for (let i = 0; i < 100 && listing().length < 10; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(listing()).toHaveLength(10);
    for (const open of gates.values()) open();
    for (let i = 0; i < 200 && listing().length < 20; i++) {
      for (const open of gates.values()) open();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(listing()).toHaveLength(20);
  });
});
