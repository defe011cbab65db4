import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenBucket } from "../rate-limiter.ts";

describe("TokenBucket", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("lets a burst through at once, then spaces requests at the qps rate", () => {
    let now = 0;
    const bucket = new TokenBucket({ qps: 10, burst: 3, now: () => now });
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0]);
    // The 4th and 5th queue behind each other: 100 ms, then 200 ms at 10 qps.
    expect(bucket.reserve()).toBeCloseTo(100);
    expect(bucket.reserve()).toBeCloseTo(200);
    // After a quiet second the bucket has refilled (capped at the burst).
    now += 1_300;
    expect([bucket.reserve(), bucket.reserve(), bucket.reserve()]).toEqual([0, 0, 0]);
    expect(bucket.reserve()).toBeGreaterThan(0);
  });

  it("acquire() resolves only after the wait", async () => {
    vi.useFakeTimers();
    const bucket = new TokenBucket({ qps: 1, burst: 1, now: () => Date.now() });
    await bucket.acquire();
    let done = false;
    const second = bucket.acquire().then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(900);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await second;
    expect(done).toBe(true);
  });

  it("acquire() rejects when its signal aborts while waiting", async () => {
    const bucket = new TokenBucket({ qps: 0.001, burst: 1 });
    await bucket.acquire();
    const controller = new AbortController();
    const waiting = bucket.acquire(controller.signal);
    controller.abort(new Error("gone"));
    await expect(waiting).rejects.toThrow("gone");
  });
});
