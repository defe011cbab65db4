import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FairLimiter } from "../rate-limiter.ts";

/** Starts `count` acquires of `flow`, recording the order in which they are let through. */
function start(limiter: FairLimiter, flow: string, count: number, order: string[], signal?: AbortSignal) {
  return Array.from({ length: count }, (_, i) =>
    limiter.acquire(flow, signal).then(
      () => {
        order.push(`${flow}${i}`);
      },
      () => {
        order.push(`${flow}${i}:aborted`);
      },
    ),
  );
}

describe("FairLimiter", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a burst through at once, then spaces requests at the qps rate", async () => {
    const limiter = new FairLimiter({ qps: 10, burst: 3 });
    const order: string[] = [];
    start(limiter, "a", 5, order);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["a0", "a1", "a2"]);
    expect(limiter.queued).toBe(2);
    await vi.advanceTimersByTimeAsync(99);
    expect(order).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(order).toEqual(["a0", "a1", "a2", "a3"]);
    await vi.advanceTimersByTimeAsync(100);
    expect(order).toHaveLength(5);
    // After a quiet spell the bucket is full again, and no fuller than the burst.
    await vi.advanceTimersByTimeAsync(10_000);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([
      true,
      true,
      true,
      false,
    ]);
  });

  it("serves waiting flows round-robin, not in arrival order", async () => {
    const limiter = new FairLimiter({ qps: 10, burst: 1 });
    expect(limiter.tryAcquire()).toBe(true);
    const order: string[] = [];
    start(limiter, "churn", 6, order);
    start(limiter, "user", 2, order);
    start(limiter, "other", 1, order);
    await vi.advanceTimersByTimeAsync(900);
    expect(order).toEqual(["churn0", "user0", "other0", "churn1", "user1", "churn2", "churn3", "churn4", "churn5"]);
  });

  it("does not starve a newcomer behind a flow with a thousand queued", async () => {
    const limiter = new FairLimiter({ qps: 50, burst: 100 });
    const order: string[] = [];
    start(limiter, "churn", 1_100, order);
    await vi.advanceTimersByTimeAsync(1_000);
    let served = -1;
    void limiter.acquire("user").then(() => {
      served = Date.now();
    });
    const asked = Date.now();
    await vi.advanceTimersByTimeAsync(100);
    // After one turn of the churning flow: two tokens (20 ms each at 50 qps) at the latest; arrival order would
    // have been 17 s.
    expect(served - asked).toBeLessThanOrEqual(40);
    expect(served).toBeGreaterThanOrEqual(asked);
  });

  it("an aborted waiter leaves its queue and gives its token back", async () => {
    const limiter = new FairLimiter({ qps: 10, burst: 1 });
    expect(limiter.tryAcquire()).toBe(true);
    const order: string[] = [];
    const gone = new AbortController();
    start(limiter, "a", 3, order, gone.signal);
    start(limiter, "b", 1, order);
    expect(limiter.queued).toBe(4);
    gone.abort(new Error("the subscriber left"));
    await vi.advanceTimersByTimeAsync(0);
    expect(limiter.queued).toBe(1);
    expect(order).toEqual(["a0:aborted", "a1:aborted", "a2:aborted"]);
    // b takes the very next token, as if the three had never queued.
    await vi.advanceTimersByTimeAsync(100);
    expect(order.at(-1)).toBe("b0");
    // And the tokens the aborted three did not take are still there after b.
    await vi.advanceTimersByTimeAsync(100);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it("rejects with the signal's reason, at once when it is already aborted", async () => {
    const limiter = new FairLimiter({ qps: 0.001, burst: 1 });
    await expect(limiter.acquire("a", AbortSignal.abort(new Error("before")))).rejects.toThrow("before");
    await limiter.acquire("a");
    const controller = new AbortController();
    const waiting = limiter.acquire("a", controller.signal);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
    expect(limiter.queued).toBe(0);
  });

  it("never lets more through than qps and burst allow, however many flows wait", async () => {
    const limiter = new FairLimiter({ qps: 20, burst: 5 });
    const order: string[] = [];
    for (const flow of ["a", "b", "c", "d", "e", "f", "g"]) start(limiter, flow, 10, order);
    await vi.advanceTimersByTimeAsync(1_000);
    // 5 at once, then 20 per second.
    expect(order.length).toBe(25);
    await vi.advanceTimersByTimeAsync(2_250);
    expect(order.length).toBe(70);
    // The burst went to a (nobody waited yet); then every flow had its turn in each round.
    expect(order.slice(0, 5).every((name) => name.startsWith("a"))).toBe(true);
    const firstRounds = order.slice(5, 26).map((name) => name[0]);
    for (const flow of ["a", "b", "c", "d", "e", "f", "g"])
      expect(firstRounds.filter((f) => f === flow)).toHaveLength(3);
  });

  it("serves low-priority waiters only when no normal one waits, within a flow and across flows", async () => {
    const limiter = new FairLimiter({ qps: 10, burst: 1, lowPriorityMaxWaitMs: 10_000 });
    expect(limiter.tryAcquire()).toBe(true);
    const order: string[] = [];
    const wait = (flow: string, name: string, low: boolean) =>
      limiter.acquire(flow, undefined, low ? "low" : "normal").then(() => order.push(name));
    // A flow's watches queued before its lists, another flow's lists, and background work.
    wait("inv", "watch0", true);
    wait("inv", "watch1", true);
    wait("inv", "list0", false);
    wait("bg", "bg0", true);
    wait("user", "user0", false);
    wait("inv", "list1", false);
    await vi.advanceTimersByTimeAsync(700);
    // Normal ones first (round-robin); then the low ones, round-robin too.
    expect(order).toEqual(["list0", "user0", "list1", "bg0", "watch0", "watch1"]);
  });

  it("serves a low-priority waiter as any other once it waited long enough: nothing starves", async () => {
    const limiter = new FairLimiter({ qps: 10, burst: 1, lowPriorityMaxWaitMs: 300 });
    expect(limiter.tryAcquire()).toBe(true);
    const order: string[] = [];
    void limiter.acquire("bg", undefined, "low").then(() => order.push("bg"));
    // A flow that always has normal requests waiting.
    for (let i = 0; i < 20; i++) void limiter.acquire("busy").then(() => order.push(`busy${i}`));
    await vi.advanceTimersByTimeAsync(250);
    expect(order).toEqual(["busy0", "busy1"]);
    // Waited 300 ms: it takes the next token, before the busy flow's next.
    await vi.advanceTimersByTimeAsync(50);
    expect(order).toEqual(["busy0", "busy1", "bg"]);
    await vi.advanceTimersByTimeAsync(100);
    expect(order.at(-1)).toBe("busy2");
  });
});
