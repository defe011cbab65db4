import type { KubeObject } from "@loupe/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../errors.ts";
import { Reflector, type ReflectorOptions } from "../reflector.ts";
import { ev, FakeListerWatcher, metrics, obj, page, Recorder } from "./fakes.ts";

const tick = () => vi.advanceTimersByTimeAsync(0);
const gone = () => ApiError.fromStatus(410, { reason: "Expired", message: "too old resource version" });

function setup(options: ReflectorOptions = {}, table = false) {
  const lw = new FakeListerWatcher();
  const recorder = new Recorder();
  const m = metrics();
  const reflector = new Reflector(lw, table, recorder, m, {
    random: () => 0.5,
    watchTimeoutSeconds: 300,
    backoff: { initialMs: 100, maxMs: 400, factor: 2, jitter: 0.5 },
    ...options,
  });
  return { lw, recorder, metrics: m, reflector };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Reflector", () => {
  it("lists every page, then watches from the list's resourceVersion and keeps the store", async () => {
    const { lw, recorder, reflector, metrics } = setup({ pageSize: 2 });
    lw.listAnswers = [page("rv-list", [obj("a", "x1"), obj("b", "x2")], "token-1"), page("rv-list", [obj("c", "x3")])];
    reflector.start();
    await tick();
    expect(lw.lists.map((l) => [l.limit, l.continue])).toEqual([
      [2, undefined],
      [2, "token-1"],
    ]);
    expect(recorder.synced).toBe(1);
    expect(recorder.states).toEqual(["live"]);
    expect(lw.stream.options.resourceVersion).toBe("rv-list");
    expect(metrics.upstreamWatches.value).toBe(1);

    lw.stream.push(ev("MODIFIED", obj("a", "y9")), ev("DELETED", obj("b", "z0")), ev("ADDED", obj("d", "q7")));
    await tick();
    expect(recorder.changes).toEqual(["MODIFIED a@y9", "DELETED b@z0", "ADDED d@q7"]);
    // Live events, not a re-list's difference (the history records the latter as seen after a gap).
    expect(recorder.relists).toEqual([false, false, false]);
    const snapshot = reflector.snapshot();
    expect(snapshot && "items" in snapshot && snapshot.items.map((o) => o.metadata.name)).toEqual(["a", "c", "d"]);
    expect(snapshot?.resourceVersion).toBe("q7");
    expect(metrics.eventsIn.value).toBe(3);

    await reflector.stop();
    expect(metrics.upstreamWatches.value).toBe(0);
  });

  it("serializes the snapshot once per state of the store, again after an event, a bookmark or a re-list", async () => {
    const { lw, reflector } = setup();
    lw.listAnswers = [page("L", [obj("a", "1")])];
    expect(reflector.snapshotBytes()).toBeUndefined();
    reflector.start();
    await tick();
    const first = reflector.snapshotBytes();
    expect(first && JSON.parse(first.toString())).toEqual(reflector.snapshot());
    expect(reflector.snapshotBytes()).toBe(first);
    lw.stream.push(ev("ADDED", obj("b", "2")));
    await tick();
    const second = reflector.snapshotBytes();
    expect(second && JSON.parse(second.toString())).toEqual(reflector.snapshot());
    expect(second && JSON.parse(second.toString()).items).toHaveLength(2);
    lw.stream.push({ type: "BOOKMARK", resourceVersion: "bm-3" });
    await tick();
    expect(JSON.parse(reflector.snapshotBytes()?.toString() ?? "{}").resourceVersion).toBe("bm-3");
    await reflector.stop();
  });

  it("re-watches at once from the last resourceVersion seen (a bookmark's too) when the server ends the stream", async () => {
    const { lw, reflector } = setup();
    reflector.start();
    await tick();
    lw.stream.push(ev("ADDED", obj("a", "after-a")));
    await vi.advanceTimersByTimeAsync(2_000);
    lw.stream.push({ type: "BOOKMARK", resourceVersion: "bookmark-7" });
    lw.stream.end();
    await tick();
    expect(lw.streams).toHaveLength(2);
    expect(lw.stream.options.resourceVersion).toBe("bookmark-7");
    expect(lw.lists).toHaveLength(1);
    await reflector.stop();
  });

  it("backs off exponentially with jitter, capped, while the watch fails, reconnecting; live again after", async () => {
    const { lw, recorder, reflector } = setup();
    reflector.start();
    await tick();
    lw.stream.push(ev("ADDED", obj("a", "r-a")));
    lw.watchErrors = [1, 2, 3, 4].map((n) => new Error(`refused ${n}`));
    lw.stream.fail(new Error("connection reset"));
    await tick();
    // Delays: base 100, 200, 400, 400 (capped), each × (1 - 0.5 × 0.5).
    const attempts: number[] = [];
    const start = Date.now();
    for (let i = 0; i < 2_000 && lw.streams.length < 2; i += 5) {
      const before = lw.watchErrors.length;
      await vi.advanceTimersByTimeAsync(5);
      if (lw.watchErrors.length !== before || lw.streams.length === 2) attempts.push(Date.now() - start);
    }
    expect(attempts).toEqual([75, 225, 525, 825, 1125]);
    expect(lw.stream.options.resourceVersion).toBe("r-a");
    expect(recorder.statuses.slice(1, 3)).toEqual([
      ["reconnecting", "connection reset"],
      ["reconnecting", "refused 1"],
    ]);
    expect(recorder.states.at(-1)).toBe("live");
    expect(lw.lists).toHaveLength(1);
    await reflector.stop();
  });

  it("on 410 Gone (HTTP or ERROR event) re-lists and emits the difference against its store", async () => {
    const { lw, recorder, reflector, metrics } = setup();
    lw.listAnswers = [
      page("L1", [obj("same", "s1"), obj("changed", "c1"), obj("gone", "g1"), obj("recreated", "r1", "old-uid")]),
      page("L2", [obj("same", "s1"), obj("changed", "c2"), obj("recreated", "r2", "new-uid"), obj("new", "n1")]),
      page("L3", [obj("same", "s1")]),
    ];
    reflector.start();
    await tick();
    lw.watchErrors = [gone()];
    lw.stream.end();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recorder.changes.sort()).toEqual([
      "ADDED new@n1",
      "ADDED recreated@r2",
      "DELETED gone@g1",
      "DELETED recreated@r1",
      "MODIFIED changed@c2",
    ]);
    expect(recorder.synced).toBe(1);
    expect(recorder.relists).toEqual([true]);
    expect(recorder.states).toEqual(["live", "syncing", "live"]);
    expect(lw.stream.options.resourceVersion).toBe("L2");

    recorder.events = [];
    lw.stream.push({ type: "ERROR", status: { code: 410, reason: "Expired", message: "too old" } });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(recorder.changes.sort()).toEqual(["DELETED changed@c2", "DELETED new@n1", "DELETED recreated@r2"]);
    expect(metrics.relists.value).toBe(2);
    expect(lw.stream.options.resourceVersion).toBe("L3");
    await reflector.stop();
  });

  it("treats other ERROR events as a broken stream: backs off and re-watches from the same resourceVersion", async () => {
    const { lw, recorder, reflector } = setup();
    lw.listAnswers = [page("P", [])];
    reflector.start();
    await tick();
    lw.stream.push({ type: "ERROR", status: { code: 500, message: "etcd hiccup" } });
    await vi.advanceTimersByTimeAsync(100);
    expect(recorder.statuses[1]).toEqual(["reconnecting", "etcd hiccup"]);
    expect(lw.streams).toHaveLength(2);
    expect(lw.stream.options.resourceVersion).toBe("P");
    expect(lw.lists).toHaveLength(1);
    await reflector.stop();
  });

  it("restarts an expired paginated list from the start in one piece", async () => {
    const { lw, reflector } = setup({ pageSize: 1 });
    lw.listAnswers = [page("A", [obj("a", "1")], "t1"), gone(), page("B", [obj("a", "1"), obj("b", "2")])];
    reflector.start();
    await tick();
    expect(lw.lists.map((l) => [l.limit, l.continue])).toEqual([
      [1, undefined],
      [1, "t1"],
      [undefined, undefined],
    ]);
    const snapshot = reflector.snapshot();
    expect(snapshot?.resourceVersion).toBe("B");
    expect(snapshot && "items" in snapshot && snapshot.items).toHaveLength(2);
    await reflector.stop();
  });

  it("reports a failing list as error and retries it with backoff", async () => {
    const { lw, recorder, reflector } = setup();
    const forbidden = ApiError.fromStatus(403, { reason: "Forbidden", message: "configmaps is forbidden" });
    lw.listAnswers = [forbidden, forbidden, page("ok", [])];
    reflector.start();
    await tick();
    expect(recorder.statuses).toEqual([["error", "configmaps is forbidden"]]);
    expect(reflector.snapshot()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(75 + 150);
    expect(lw.lists).toHaveLength(3);
    expect(recorder.synced).toBe(1);
    expect(recorder.states.at(-1)).toBe("live");
    await reflector.stop();
  });

  it("cuts a stream that stays silent past its timeout and re-watches", async () => {
    const { lw, recorder, reflector } = setup({ watchTimeoutSeconds: 10, watchGraceSeconds: 5 });
    reflector.start();
    await tick();
    await vi.advanceTimersByTimeAsync(14_999);
    expect(lw.streams).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1 + 100);
    expect(recorder.statuses[1]?.[0]).toBe("reconnecting");
    expect(lw.streams).toHaveLength(2);
    await reflector.stop();
  });

  it("serves Table rows in table mode: columns in the snapshot, rows in events", async () => {
    const { lw, recorder, reflector } = setup({}, true);
    const row = (o: KubeObject) => ({ cells: [o.metadata.name], object: o });
    const columns = [{ name: "Name", type: "string", format: "name", description: "", priority: 0 }];
    lw.listAnswers = [{ resourceVersion: "T", continue: undefined, items: [row(obj("a", "1"))], columns }];
    reflector.start();
    await tick();
    expect(reflector.snapshot()).toEqual({ resourceVersion: "T", columns, rows: [row(obj("a", "1"))] });
    lw.stream.push({ type: "MODIFIED", item: row(obj("a", "2")), resourceVersion: "2" });
    await tick();
    expect(recorder.events).toEqual([{ type: "MODIFIED", row: row(obj("a", "2")) }]);
    await reflector.stop();
  });

  it("stops: the watch is aborted and nothing more is heard", async () => {
    const { lw, recorder, reflector } = setup();
    reflector.start();
    await tick();
    const stream = lw.stream;
    await reflector.stop();
    expect(stream.options.signal.aborted).toBe(true);
    const heard = recorder.statuses.length;
    stream.push(ev("ADDED", obj("late", "9")));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(recorder.statuses).toHaveLength(heard);
    expect(recorder.events).toEqual([]);
    expect(lw.streams).toHaveLength(1);
  });
});
