import type { CDPSession } from "playwright-core";

interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  tid: number;
}

/**
 * Runs `body` under a Chromium trace and returns, per animation frame, the renderer main thread's CPU time (ms):
 * the thread time (`tdur`) of its top-level tasks between one requestAnimationFrame callback and the next. Unlike
 * wall-clock frame times this hardly moves when other processes compete for the cores, so it says whether the
 * work of a frame fits its budget on an otherwise idle core.
 */
export async function mainThreadCpuPerFrame(cdp: CDPSession, body: () => Promise<void>): Promise<number[]> {
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
  let t = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    const start = (frames[i] as TraceEvent).ts;
    const end = (frames[i + 1] as TraceEvent).ts;
    let cpu = 0;
    while (t < outer.length && (outer[t] as TraceEvent).ts < end) {
      const task = outer[t++] as TraceEvent;
      if (task.ts >= start) cpu += (task.tdur ?? task.dur ?? 0) / 1000;
    }
    perFrame.push(cpu);
  }
  return perFrame;
}
