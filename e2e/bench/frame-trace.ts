import type { CDPSession } from "playwright-core";

/** One event of a Chromium trace (the fields the benchmark reads). */
export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time, where the event records it. */
  tdur?: number;
  tid: number;
  pid: number;
  args?: { data?: { url?: string; frame?: string; functionName?: string } };
}

/**
 * Runs `body` under a Chromium trace and returns, per animation frame, the renderer main thread's CPU time (ms):
 * the thread time (`tdur`) of its top-level tasks between one requestAnimationFrame callback and the next. Unlike
 * wall-clock frame times this hardly moves when other processes compete for the cores, so it says whether the
 * work of a frame fits its budget on an otherwise idle core.
 */
export async function mainThreadCpuPerFrame(
  cdp: CDPSession,
  body: () => Promise<void>,
): Promise<{ perFrame: number[]; breakdown: FrameBreakdown }> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => {
    for (const event of data.value) events.push(event as TraceEvent);
  };
  cdp.on("Tracing.dataCollected", collect);
  const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
  await cdp.send("Tracing.start", { categories: "toplevel,devtools.timeline", transferMode: "ReportEvents" });
  try {
    await body();
  } finally {
    await cdp.send("Tracing.end");
    await complete;
    cdp.off("Tracing.dataCollected", collect);
  }
  return framesOf(events);
}

/**
 * The per-frame main-thread CPU of a trace (see {@link mainThreadCpuPerFrame}): frames run from one
 * FireAnimationFrame to the next on the thread of the first; a frame's CPU is the thread time of the outermost
 * top-level tasks that start in it; the breakdown is the mean self time per frame of the known events by kind.
 */
export function framesOf(events: readonly TraceEvent[]): { perFrame: number[]; breakdown: FrameBreakdown } {
  const frames = events.filter((e) => e.name === "FireAnimationFrame" && e.ph === "X").sort((a, b) => a.ts - b.ts);
  const main = frames[0]?.tid;
  const tasks = events
    .filter((e) => e.tid === main && e.ph === "X" && e.cat?.split(",").includes("toplevel"))
    .sort((a, b) => a.ts - b.ts);
  // Top-level events can nest (a microtask checkpoint inside a task): count only the outermost.
  const outer: TraceEvent[] = [];
  for (const task of tasks) {
    const last = outer.at(-1);
    if (last && task.ts < last.ts + (last.dur ?? 0)) continue;
    outer.push(task);
  }
  const perFrame: number[] = [];
  const breakdown: FrameBreakdown = { script: 0, style: 0, layout: 0, paint: 0, gc: 0, frames: 0 };
  const byTask = new Map<TraceEvent, TraceEvent[]>();
  {
    // Inner events of the main thread, assigned to the outer task that contains them (both lists sorted by time).
    const inner = events
      .filter((e) => e.tid === main && e.ph === "X" && CATEGORY[e.name] !== undefined)
      .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let o = 0;
    for (const event of inner) {
      while (o < outer.length && (outer[o] as TraceEvent).ts + ((outer[o] as TraceEvent).dur ?? 0) < event.ts) o++;
      const task = outer[o];
      if (!task || event.ts < task.ts) continue;
      const list = byTask.get(task) ?? [];
      list.push(event);
      byTask.set(task, list);
    }
  }
  let t = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    const start = (frames[i] as TraceEvent).ts;
    const end = (frames[i + 1] as TraceEvent).ts;
    let cpu = 0;
    while (t < outer.length && (outer[t] as TraceEvent).ts < end) {
      const task = outer[t++] as TraceEvent;
      if (task.ts < start) continue;
      cpu += (task.tdur ?? task.dur ?? 0) / 1000;
      // Self time of each event (its duration less its children's), so a Layout forced inside a script's
      // FunctionCall counts as layout and not as script too.
      const stack: { end: number; kind: keyof typeof CATEGORY_NAMES }[] = [];
      for (const event of byTask.get(task) ?? []) {
        while (stack.length > 0 && (stack.at(-1)?.end ?? 0) <= event.ts) stack.pop();
        const ms = (event.dur ?? 0) / 1000;
        const kind = CATEGORY[event.name] as keyof typeof CATEGORY_NAMES;
        const parent = stack.at(-1);
        if (parent) breakdown[parent.kind] -= ms;
        breakdown[kind] += ms;
        stack.push({ end: event.ts + (event.dur ?? 0), kind });
      }
    }
    perFrame.push(cpu);
  }
  breakdown.frames = perFrame.length;
  for (const key of Object.keys(CATEGORY_NAMES) as (keyof typeof CATEGORY_NAMES)[]) {
    breakdown[key] = perFrame.length > 0 ? breakdown[key] / perFrame.length : 0;
  }
  return { perFrame, breakdown };
}

const CATEGORY_NAMES = { script: 0, style: 0, layout: 0, paint: 0, gc: 0 };

/** Mean main-thread CPU per frame (ms) by kind of work, from the trace events inside the frame's tasks. */
export type FrameBreakdown = typeof CATEGORY_NAMES & { frames: number };

const CATEGORY: Record<string, keyof typeof CATEGORY_NAMES> = {
  FunctionCall: "script",
  EventDispatch: "script",
  FireAnimationFrame: "script",
  TimerFire: "script",
  RunMicrotasks: "script",
  UpdateLayoutTree: "style",
  Layout: "layout",
  PrePaint: "paint",
  Paint: "paint",
  Layerize: "paint",
  Commit: "paint",
  MinorGC: "gc",
  MajorGC: "gc",
};
