import { writeFile } from "node:fs/promises";
import type { CDPSession } from "playwright-core";
import type { TraceEvent } from "./frame-trace.ts";

/** One top-level task of the renderer's main thread during a page load. */
export interface LoadTask {
  /** ms from the document's first HTML parse. */
  at: number;
  ms: number;
  /** The task's heaviest inner events: `EvaluateScript index-….js`, `FunctionCall`, `Layout`, `Paint`, … */
  what: string;
}

/**
 * Starts a Chromium trace (devtools timeline) and a V8 CPU profile before a page load; `stop` ends them, writes the
 * raw trace (open it in DevTools' Performance panel) and the profile next to it (`.cpuprofile`), and returns the renderer main thread's tasks of ≥ 4 ms, in
 * order, each named by the events inside it that took longest.
 */
export async function startLoadTrace(cdp: CDPSession): Promise<{ stop: (file: string) => Promise<LoadTask[]> }> {
  const events: TraceEvent[] = [];
  const collect = (data: { value: object[] }) => {
    for (const event of data.value) events.push(event as TraceEvent);
  };
  cdp.on("Tracing.dataCollected", collect);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await cdp.send("Tracing.start", {
    categories: "toplevel,devtools.timeline,v8.execute,blink.user_timing,loading",
    transferMode: "ReportEvents",
  });
  return {
    async stop(file) {
      const { profile } = await cdp.send("Profiler.stop");
      await writeFile(file.replace(/\.json$/, ".cpuprofile"), JSON.stringify(profile));
      const complete = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
      await cdp.send("Tracing.end");
      await complete;
      cdp.off("Tracing.dataCollected", collect);
      await writeFile(file, JSON.stringify({ traceEvents: events }));
      // The document's parse (the longest ParseHTML) marks the renderer's main thread and the time origin.
      const parse = events
        .filter((e) => e.name === "ParseHTML" && e.ph === "X")
        .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))[0];
      if (!parse) return [];
      const main = events.filter((e) => e.tid === parse.tid && e.pid === parse.pid && e.ph === "X");
      const tops = main.filter((e) => e.name === "ThreadControllerImpl::RunTask").sort((a, b) => a.ts - b.ts);
      const outer: TraceEvent[] = [];
      for (const task of tops) {
        const last = outer.at(-1);
        if (last && task.ts < last.ts + (last.dur ?? 0)) continue;
        outer.push(task);
      }
      const origin = parse.ts;
      return outer
        .filter((task) => (task.dur ?? 0) >= 4000 && task.ts >= origin - 1000)
        .map((task) => {
          const end = task.ts + (task.dur ?? 0);
          const inner = main
            .filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && (e.dur ?? 0) >= 1000)
            .filter((e) => !e.cat?.split(",").includes("toplevel"))
            .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
            .slice(0, 4)
            .map(
              (e) =>
                `${e.name}${e.args?.data?.url ? ` ${e.args.data.url.split("/").pop()}` : ""} ${((e.dur ?? 0) / 1000).toFixed(0)}`,
            );
          return { at: (task.ts - origin) / 1000, ms: (task.dur ?? 0) / 1000, what: inner.join(", ") || task.name };
        });
    },
  };
}
