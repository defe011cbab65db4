import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BenchEnvironment, BenchResults } from "./report.ts";

/** The run a published figure came from. */
export interface RunInfo {
  environment: BenchEnvironment;
  /** Every figure that run measured. */
  figures: string[];
  totalSeconds: number;
  phases: { name: string; seconds: number }[];
  load?: { objects: number; seconds: number; perSecond: number };
  /** What that run could not measure as asked. */
  problems: string[];
}

/** One figure's published result: `results/<figure>.json`. */
export interface PublishedFigure {
  figure: string;
  run: RunInfo;
  /** The figure's slice of BenchResults (`list`, `bigTable`, … or `plugins[figure]`). */
  data: unknown;
}

/** The BenchResults key each built-in figure's result lives under. */
const BUILT_IN_KEYS: Record<string, keyof BenchResults> = {
  list: "list",
  "big-table": "bigTable",
  watch: "watch",
  idle: "idle",
  catalog: "catalog",
};

/** Splits a run's results into one published file per figure it measured. */
export function splitRun(results: BenchResults): PublishedFigure[] {
  const run: RunInfo = {
    environment: results.environment,
    figures: results.figures,
    totalSeconds: results.totalSeconds,
    phases: results.phases,
    load: results.load,
    problems: results.problems,
  };
  return results.figures.flatMap((figure): PublishedFigure[] => {
    const key = BUILT_IN_KEYS[figure];
    const data = key ? results[key] : results.plugins?.[figure];
    return data === undefined ? [] : [{ figure, run, data }];
  });
}

/** Joins published figures (each from its own run) into one BenchResults for the report, plus the runs. */
export function joinPublished(published: readonly PublishedFigure[]): { results: BenchResults; runs: RunInfo[] } {
  const runs: RunInfo[] = [];
  for (const p of published) {
    if (!runs.some((r) => sameRun(r, p.run))) runs.push(p.run);
  }
  runs.sort((a, b) => a.environment.date.localeCompare(b.environment.date));
  const newest = runs.at(-1);
  if (!newest) throw new Error("bench: no published figure to report");
  const results: BenchResults = {
    environment: newest.environment,
    quick: false,
    figures: published.map((p) => p.figure),
    totalSeconds: runs.reduce((s, r) => s + r.totalSeconds, 0),
    phases: [],
    problems: [...new Set(runs.flatMap((r) => r.problems))],
    plugins: {},
  };
  const target = results as unknown as Record<string, unknown>;
  for (const p of published) {
    const key = BUILT_IN_KEYS[p.figure];
    if (key) target[key] = p.data;
    else (results.plugins as Record<string, unknown>)[p.figure] = p.data;
  }
  if (runs.length === 1) {
    results.phases = newest.phases;
    results.load = newest.load;
  }
  return { results, runs };
}

function sameRun(a: RunInfo, b: RunInfo): boolean {
  return a.environment.date === b.environment.date && a.environment.commit === b.environment.commit;
}

/** Reads every `<figure>.json` in `dir`, in the order of `order` (unknown figures last, by name). */
export async function readPublished(dir: string, order: readonly string[]): Promise<PublishedFigure[]> {
  if (!existsSync(dir)) return [];
  const names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  const figures = await Promise.all(
    names.map(async (n) => JSON.parse(await readFile(join(dir, n), "utf8")) as PublishedFigure),
  );
  const rank = (f: string) => (order.includes(f) ? order.indexOf(f) : order.length);
  return figures.sort((a, b) => rank(a.figure) - rank(b.figure) || a.figure.localeCompare(b.figure));
}

/** Writes one file per figure into `dir`, replacing those figures' earlier results. */
export async function writePublished(dir: string, figures: readonly PublishedFigure[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const f of figures) await writeFile(join(dir, `${f.figure}.json`), `${JSON.stringify(f, null, 2)}\n`);
}
