import { describe, expect, it } from "vitest";
import { framesOf, type TraceEvent } from "../frame-trace.ts";

// A synthetic trace on one thread; times in µs as Chromium writes them.
const x = (name: string, ts: number, dur: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({
  name,
  ph: "X",
  ts,
  dur,
  tid: 1,
  pid: 1,
  cat: name === "ThreadControllerImpl::RunTask" ? "toplevel" : "devtools.timeline",
  ...extra,
});

describe("framesOf", () => {
  it("sums each frame's outermost tasks and splits them by self time, layout inside script counted once", () => {
    const events = [
      x("FireAnimationFrame", 0, 100),
      // Frame 1 (0–16,000 µs): a task with a script call that forces 2 ms of layout, then a paint task.
      x("ThreadControllerImpl::RunTask", 1_000, 6_000, { tdur: 5_000 }),
      x("FunctionCall", 1_000, 5_000),
      x("Layout", 2_000, 2_000),
      x("ThreadControllerImpl::RunTask", 8_000, 3_000),
      x("ThreadControllerImpl::RunTask", 8_500, 1_000), // nested top-level event: not counted again
      x("Paint", 8_000, 3_000),
      x("FireAnimationFrame", 16_000, 100),
      // Frame 2: 1 ms of style only.
      x("ThreadControllerImpl::RunTask", 17_000, 1_000),
      x("UpdateLayoutTree", 17_000, 1_000),
      x("FireAnimationFrame", 32_000, 100),
      // Another thread's work is ignored.
      x("ThreadControllerImpl::RunTask", 3_000, 9_000, { tid: 2 }),
    ];
    const { perFrame, breakdown } = framesOf(events);
    // Thread time where recorded (5 ms of the 6 ms task), wall time otherwise.
    expect(perFrame).toEqual([8, 1]);
    expect(breakdown.frames).toBe(2);
    expect(breakdown.script).toBeCloseTo(1.5); // (5 - 2) / 2
    expect(breakdown.layout).toBeCloseTo(1);
    expect(breakdown.paint).toBeCloseTo(1.5);
    expect(breakdown.style).toBeCloseTo(0.5);
    expect(breakdown.gc).toBe(0);
  });

  it("has no frames without two animation frames", () => {
    expect(framesOf([x("FireAnimationFrame", 0, 100)]).perFrame).toEqual([]);
  });
});
