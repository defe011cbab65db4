import type { KubeObject, WatchEvent } from "@loupe/protocol";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../errors.ts";
import { WatchHub, type WatchHubOptions, type WatchSubscription } from "../watch-hub.ts";
import type { WatchKey } from "../watch-key.ts";
import { ev, FakeListerWatcher, metrics, obj, page, Recorder } from "./fakes.ts";

const tick = () => vi.advanceTimersByTimeAsync(0);
const key = (resource = "configmaps", context = "dev"): WatchKey => ({
  context,
  identity: "",
  group: "",
  version: "v1",
  resource,
  namespace: "ns",
  labelSelector: "",
  fieldSelector: "",
  table: false,
});

function setup(lingerMs = 1_000, options: WatchHubOptions = {}, listGate?: Promise<void>) {
  const made: FakeListerWatcher[] = [];
  const flows: string[] = [];
  const m = metrics();
  const hub = new WatchHub(
    (k, flow) => {
      if (k.context !== "dev") throw ApiError.contextNotFound(k.context);
      const lw = new FakeListerWatcher();
      lw.listAnswers = [page("L", [obj("a", "1"), obj("b", "1")])];
      lw.listGate = listGate;
      made.push(lw);
      flows.push(flow);
      return lw;
    },
    m,
    { lingerMs, reflector: { watchTimeoutSeconds: 300 }, ...options },
  );
  return { hub, made, flows, metrics: m };
}

/** A subscriber that applies what it hears to its own copy, as a socket's client does. */
class View extends Recorder {
  items = new Map<string, string>();
  subscription: WatchSubscription | undefined;

  override onSynced(): void {
    super.onSynced();
    const snapshot = this.subscription?.snapshot();
    if (snapshot && "items" in snapshot) {
      this.items = new Map(snapshot.items.map((o) => [o.metadata.name, o.metadata.resourceVersion ?? ""]));
    }
  }

  override onEvents(events: readonly WatchEvent[]): void {
    super.onEvents(events);
    for (const e of events) {
      const { name, resourceVersion } = (e as { object: KubeObject }).object.metadata;
      if (e.type === "DELETED") this.items.delete(name);
      else this.items.set(name, resourceVersion ?? "");
    }
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("WatchHub", () => {
  it("shares one reflector per key among its subscribers, and one per distinct key", async () => {
    const { hub, made, metrics } = setup();
    const subs = Array.from({ length: 5 }, () => hub.subscribe(key(), new Recorder()));
    hub.subscribe(key("secrets"), new Recorder());
    await tick();
    expect(made).toHaveLength(2);
    expect(made[0]?.streams).toHaveLength(1);
    expect(metrics.subscriptions.value).toBe(6);
    expect(metrics.upstreamWatches.value).toBe(2);
    for (const s of subs) s.close();
    expect(metrics.subscriptions.value).toBe(1);
    await hub.close();
  });

  it("gives a late subscriber the snapshot at once, then exactly the events after it", async () => {
    const { hub, made } = setup();
    const early = new View();
    early.subscription = hub.subscribe(key(), early);
    await tick();
    const lw = made[0] as FakeListerWatcher;
    lw.stream.push(ev("MODIFIED", obj("a", "2")), ev("ADDED", obj("c", "3")));
    await tick();
    const late = new View();
    // onSynced fires inside subscribe(), before the handle exists; like a socket, take the snapshot right after.
    late.subscription = hub.subscribe(key(), late);
    late.onSynced();
    expect(late.states).toEqual(["live"]);
    lw.stream.push(ev("DELETED", obj("b", "4")), ev("MODIFIED", obj("c", "5")));
    await tick();
    expect(late.changes).toEqual(["DELETED b@4", "MODIFIED c@5"]);
    expect([...late.items]).toEqual([...early.items]);
    expect(Object.fromEntries(late.items)).toEqual({ a: "2", c: "5" });
    await hub.close();
  });

  it("tells a subscriber that joins before the list is done when it is synced", async () => {
    const { hub } = setup();
    const view = new View();
    view.subscription = hub.subscribe(key(), view);
    expect(view.states).toEqual(["syncing"]);
    expect(view.subscription.snapshot()).toBeUndefined();
    await tick();
    expect(view.synced).toBe(1);
    expect(view.states).toEqual(["syncing", "live"]);
    expect(Object.fromEntries(view.items)).toEqual({ a: "1", b: "1" });
    await hub.close();
  });

  it("keeps a reflector for the linger after the last subscriber leaves, then stops it", async () => {
    const { hub, made, metrics } = setup(1_000);
    const first = hub.subscribe(key(), new Recorder());
    await tick();
    first.close();
    await vi.advanceTimersByTimeAsync(900);
    // Back within the linger: the same reflector, no new list.
    const again = hub.subscribe(key(), new Recorder());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(made).toHaveLength(1);
    expect(made[0]?.lists).toHaveLength(1);
    again.close();
    again.close();
    await vi.advanceTimersByTimeAsync(999);
    expect(hub.size).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(hub.size).toBe(0);
    expect(made[0]?.stream.options.signal.aborted).toBe(true);
    expect(metrics.upstreamWatches.value).toBe(0);
    expect(metrics.reflectors.value).toBe(0);
    // A new subscriber after that starts over.
    hub.subscribe(key(), new Recorder());
    await tick();
    expect(made).toHaveLength(2);
    await hub.close();
  });

  it("stops a reflector whose last subscriber left before its first list was done, aborting that list", async () => {
    // The list waits (queued behind the rate limit, or slow): it is done only when the test says so.
    let listDone = () => {};
    const { hub, made, metrics } = setup(30_000, {}, new Promise<void>((resolve) => (listDone = resolve)));
    const subscription = hub.subscribe(key(), new Recorder());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(made[0]?.lists).toHaveLength(1);
    subscription.close();
    listDone();
    await tick();
    expect(made).toHaveLength(1);
    expect(made[0]?.lists[0]?.signal.aborted).toBe(true);
    expect(made[0]?.streams).toHaveLength(0);
    expect(hub.size).toBe(0);
    expect(metrics.reflectors.value).toBe(0);
    await hub.close();
  });

  it("starts a reflector with the flow of the subscriber that needed it", async () => {
    const { hub, flows } = setup();
    hub.subscribe(key(), new Recorder(), "socket:1");
    hub.subscribe(key(), new Recorder(), "socket:2");
    hub.subscribe(key("secrets"), new Recorder(), "socket:2");
    hub.subscribe(key("pods"), new Recorder());
    expect(flows).toEqual(["socket:1", "socket:2", ""]);
    await hub.close();
  });

  it("bounds the reflectors one flow leaves lingering, and all flows together, stopping the oldest", async () => {
    const { hub, made } = setup(30_000, { maxLingeringPerFlow: 2, maxLingering: 3 });
    const leave = async (flow: string, ...resources: string[]) => {
      const subs = resources.map((r) => hub.subscribe(key(r), new Recorder(), flow));
      await tick();
      for (const s of subs) s.close();
    };
    await leave("a", "r1", "r2", "r3");
    // a may leave 2 behind: its oldest, r1, stopped at once.
    expect(hub.size).toBe(2);
    expect(made.map((lw) => lw.stream.options.signal.aborted)).toEqual([true, false, false]);
    await leave("b", "r4", "r5");
    // 4 lingering is one past the total: the oldest of all, r2, stopped.
    expect(hub.size).toBe(3);
    expect(made.map((lw) => lw.stream.options.signal.aborted)).toEqual([true, true, false, false, false]);
    // A subscriber coming back takes its reflector out of the lingering ones: it no longer counts.
    const back = hub.subscribe(key("r3"), new Recorder(), "c");
    await leave("b", "r6");
    expect(made.map((lw) => lw.stream.options.signal.aborted)).toEqual([true, true, false, true, false, false]);
    back.close();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hub.size).toBe(0);
    await hub.close();
  });

  it("throws for an unknown context and starts nothing", async () => {
    const { hub, made, metrics } = setup();
    expect(() => hub.subscribe(key("configmaps", "nowhere"), new Recorder())).toThrow('No context "nowhere"');
    expect(made).toHaveLength(0);
    expect(metrics.subscriptions.value).toBe(0);
    await hub.close();
  });

  it("stops every reflector on close", async () => {
    const { hub, made, metrics } = setup();
    hub.subscribe(key(), new Recorder());
    hub.subscribe(key("secrets"), new Recorder());
    await tick();
    await hub.close();
    expect(made.every((lw) => lw.stream.options.signal.aborted)).toBe(true);
    expect(metrics.subscriptions.value).toBe(0);
    expect(() => hub.subscribe(key(), new Recorder())).toThrow("closed");
  });
});
