import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { HistoryStore, NewChange, RecordedObject } from "../types.ts";

/** Makes a fresh, empty store (migrated by the suite) with `fullEvery` 3, so replays cross full states. */
export type StoreFactory = () => Promise<HistoryStore>;

const CLUSTER = "https://cluster.test";
let rv = 100;

/** A change of a CronTab `name` (uid `uid-<name>`) at `time`, leaving `object`. */
export function change(name: string, time: number, object: RecordedObject, extra: Partial<NewChange> = {}): NewChange {
  const resourceVersion = String(++rv);
  return {
    cluster: CLUSTER,
    group: "stable.example.com",
    version: "v1",
    resource: "crontabs",
    namespace: "default",
    name,
    uid: `uid-${name}`,
    time,
    type: "MODIFIED",
    gap: false,
    resourceVersion,
    managers: [{ manager: "kubectl-edit", operation: "Update" }],
    changes: [],
    object: { ...object, metadata: { name, namespace: "default", resourceVersion } },
    ...extra,
  };
}

/** The same contract for every HistoryStore (client-go's doTestStore pattern). */
export function storeContract(
  name: string,
  factory: StoreFactory | undefined,
  sizeAfterPruneBound: (before: number) => number,
): void {
  describe.skipIf(factory === undefined)(`HistoryStore contract: ${name}`, () => {
    let store: HistoryStore;
    beforeEach(async () => {
      store = await (factory as StoreFactory)();
      await store.migrate();
    });
    afterEach(async () => {
      await store.close();
    });

    it("migrates once: a second migrate changes nothing", async () => {
      await store.append([change("a", 1, { spec: { n: 1 } }, { type: "ADDED" })]);
      await store.migrate();
      expect(await store.query({ cluster: CLUSTER, limit: 10 })).toHaveLength(1);
    });

    it("stores a change once per (cluster, uid, resourceVersion)", async () => {
      const first = change("a", 1, { spec: { n: 1 } }, { type: "ADDED" });
      expect(await store.append([first])).toBe(1);
      expect(await store.append([{ ...first, time: 2, managers: [] }, change("a", 3, { spec: { n: 2 } })])).toBe(1);
      const items = await store.query({ cluster: CLUSTER, limit: 10 });
      expect(items.map((c) => c.time)).toEqual([3, 1]);
      // The same uid and resourceVersion in another cluster is another change.
      expect(await store.append([{ ...first, cluster: "https://other.test" }])).toBe(1);
    });

    it("lists newest first with every filter, and pages by id", async () => {
      await store.append([
        change("a", 1000, { spec: { n: 1 } }, { type: "ADDED" }),
        change("b", 2000, { spec: { n: 1 } }, { type: "ADDED", namespace: "other", gap: true }),
        change(
          "a",
          3000,
          { spec: { n: 2 } },
          {
            changes: [{ path: "/spec/n", before: 1, after: 2 }],
            managers: [{ manager: "helm_50%", operation: "Apply", time: "2026-01-01T00:00:00Z" }],
          },
        ),
        change("a", 4000, { spec: { n: 2 } }, { type: "DELETED", managers: [] }),
        change("c", 5000, { data: {} }, { group: "", resource: "configmaps", type: "ADDED" }),
      ]);
      const all = await store.query({ cluster: CLUSTER, limit: 10 });
      expect(all.map((c) => `${c.name}@${c.time}`)).toEqual(["c@5000", "a@4000", "a@3000", "b@2000", "a@1000"]);
      expect(all[2]).toMatchObject({
        type: "MODIFIED",
        gap: false,
        group: "stable.example.com",
        version: "v1",
        resource: "crontabs",
        namespace: "default",
        uid: "uid-a",
        changes: [{ path: "/spec/n", before: 1, after: 2 }],
        managers: [{ manager: "helm_50%", operation: "Apply", time: "2026-01-01T00:00:00Z" }],
      });
      expect(all[3]?.gap).toBe(true);
      const names = async (filter: Record<string, unknown>) =>
        (await store.query({ cluster: CLUSTER, limit: 10, ...filter })).map((c) => `${c.name}@${c.time}`);
      expect(await names({ group: "" })).toEqual(["c@5000"]);
      expect(await names({ resource: "crontabs", namespace: "other" })).toEqual(["b@2000"]);
      expect(await names({ name: "a" })).toEqual(["a@4000", "a@3000", "a@1000"]);
      expect(await names({ uid: "uid-b" })).toEqual(["b@2000"]);
      expect(await names({ since: 2000, until: 4000 })).toEqual(["a@4000", "a@3000", "b@2000"]);
      expect(await names({ type: "DELETED" })).toEqual(["a@4000"]);
      // Manager names are matched exactly: LIKE's wildcards in them are plain characters.
      expect(await names({ manager: "helm_50%" })).toEqual(["a@3000"]);
      expect(await names({ manager: "helm" })).toEqual([]);
      expect(await names({ manager: "kubectl-edit" })).toEqual(["c@5000", "b@2000", "a@1000"]);
      const page1 = await store.query({ cluster: CLUSTER, limit: 2 });
      const page2 = await store.query({ cluster: CLUSTER, limit: 2, beforeId: page1[1]?.id });
      expect([...page1, ...page2].map((c) => c.time)).toEqual([5000, 4000, 3000, 2000]);
      expect(await names({ cluster: "https://nobody.test" })).toEqual([]);
    });

    it("rebuilds the object at any moment across full states and diffs", async () => {
      const states: RecordedObject[] = [];
      const changes: NewChange[] = [];
      let previous: RecordedObject | undefined;
      for (let i = 0; i < 8; i++) {
        const spec: Record<string, unknown> = { replicas: i, image: `img:${i % 3}` };
        if (i % 2 === 0) spec.extra = { even: true };
        const c = change("a", 1000 * (i + 1), { spec }, { type: i === 0 ? "ADDED" : "MODIFIED" });
        if (previous) {
          const { diffObjects } = await import("../diff.ts");
          c.changes = diffObjects(previous, c.object);
        }
        previous = c.object;
        states.push(c.object);
        changes.push(c);
      }
      await store.append(changes.slice(0, 4));
      await store.append(changes.slice(4));
      const ref = {
        cluster: CLUSTER,
        group: "stable.example.com",
        resource: "crontabs",
        namespace: "default",
        name: "a",
      };
      expect(await store.objectAt(ref, 999)).toBeUndefined();
      for (let i = 0; i < 8; i++) {
        const found = await store.objectAt(ref, 1000 * (i + 1) + 500);
        expect(found?.object).toEqual(states[i]);
        expect(found?.change.time).toBe(1000 * (i + 1));
      }
      await store.append([change("a", 9000, states[7] as RecordedObject, { type: "DELETED" })]);
      const gone = await store.objectAt(ref, 9500);
      expect(gone?.change.type).toBe("DELETED");
      expect(gone?.object.spec).toEqual(states[7]?.spec);
      expect(await store.objectAt({ ...ref, name: "nobody" }, 9500)).toBeUndefined();
    });

    it("keeps the last state of every object of a resource, deleted ones marked", async () => {
      await store.append([
        change("a", 1, { spec: { n: 1 } }, { type: "ADDED" }),
        change("b", 2, { spec: { n: 1 } }, { type: "ADDED" }),
        change("a", 3, { spec: { n: 2 } }),
        change("b", 4, { spec: { n: 1 } }, { type: "DELETED" }),
      ]);
      const latest = await store.latest(CLUSTER, "stable.example.com", "crontabs");
      const byName = Object.fromEntries(latest.map((l) => [l.name, l]));
      expect(byName.a).toMatchObject({ uid: "uid-a", deleted: false, object: { spec: { n: 2 } } });
      expect(byName.b).toMatchObject({ uid: "uid-b", deleted: true, object: { spec: { n: 1 } } });
      expect(await store.latest(CLUSTER, "", "configmaps")).toEqual([]);
    });

    it("prunes by age oldest first, and what is kept stays rebuildable", async () => {
      const { diffObjects } = await import("../diff.ts");
      let previous: RecordedObject = {};
      const changes: NewChange[] = [];
      for (let i = 0; i < 10; i++) {
        const c = change("a", 1000 * (i + 1), { spec: { n: i } }, { type: i === 0 ? "ADDED" : "MODIFIED" });
        c.changes = diffObjects(previous, c.object);
        previous = c.object;
        changes.push(c);
      }
      await store.append(changes);
      const ref = {
        cluster: CLUSTER,
        group: "stable.example.com",
        resource: "crontabs",
        namespace: "default",
        name: "a",
      };
      // Cut between two full states (fullEvery 3: full at 1st, 4th, 7th, 10th).
      const { removed } = await store.prune({ olderThan: 5500 });
      expect(removed).toBe(5);
      const left = await store.query({ cluster: CLUSTER, limit: 20 });
      expect(left.map((c) => c.time)).toEqual([10000, 9000, 8000, 7000, 6000]);
      for (let i = 5; i < 10; i++) {
        expect((await store.objectAt(ref, 1000 * (i + 1)))?.object.spec).toEqual({ n: i });
      }
      expect(await store.objectAt(ref, 5000)).toBeUndefined();
    });

    it("prunes by size oldest first until under the limit", async () => {
      const { randomBytes } = await import("node:crypto");
      const changes: NewChange[] = [];
      // 200 changes of 10 objects: the changes are the size, not the objects' last states.
      for (let i = 0; i < 200; i++) {
        const big = randomBytes(3000).toString("base64");
        changes.push(
          change(`o${i % 10}`, 1000 + i, { spec: { big, i } }, { type: i < 10 ? "ADDED" : "MODIFIED", full: true }),
        );
      }
      await store.append(changes);
      const before = await store.size();
      expect(before).toBeGreaterThan(800_000);
      const { removed } = await store.prune({ maxBytes: Math.floor(before / 2) });
      // About half the rows go (the rows are the size); SQLite's size then is under the limit, PostgreSQL keeps
      // the space for reuse (see PostgresHistoryStore.prune).
      expect(removed).toBeGreaterThanOrEqual(90);
      expect(removed).toBeLessThanOrEqual(140);
      expect(await store.size()).toBeLessThanOrEqual(sizeAfterPruneBound(before));
      const left = await store.query({ cluster: CLUSTER, limit: 500 });
      expect(left.length).toBe(200 - removed);
      // The newest survive: every one left is newer than every one removed.
      expect(Math.min(...left.map((c) => c.time))).toBe(1000 + removed);
    });

    it("probes by writing; a closed store fails the probe", async () => {
      await store.probe();
      await store.close();
      await expect(store.probe()).rejects.toThrow();
    });
  });
}
