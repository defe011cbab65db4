import { parseArgs } from "node:util";
import { PLUGIN_FIGURES } from "./figures.ts";

/** The figures built into the harness, in the order a full run measures them (the plug-ins follow). */
export const BUILT_IN_FIGURES = ["list", "big-table", "watch", "idle", "catalog"] as const;
/** Every figure, in the order a full run measures them. */
export const FIGURES: readonly string[] = [...BUILT_IN_FIGURES, ...PLUGIN_FIGURES.map((f) => f.name)];
export type Figure = string;

const pluginHelp = PLUGIN_FIGURES.map((f) => `  ${f.name.padEnd(10)} ${f.description}`).join("\n");

export const HELP = `pnpm bench: Loupe's benchmarks, each measured against its reference in the same run.

usage: pnpm bench [-- options]      (or: node scripts/bench.ts [options])

Starts its own throwaway local cluster and Loupe server (a child process), loads data, measures, and writes
bench-output/results/<figure>.json, bench-output/REPORT.md and bench-output/watch-latency.svg. A run that is not
--quick also publishes what it measured: each figure's result replaces e2e/bench/results/<figure>.json, and
e2e/bench/REPORT.md (with watch-latency.svg) is rendered anew from every published figure, each with the run it
came from (date, commit, machine load). Each figure's reference is always measured in the same run as the figure.

Options:
  --only <figures>   comma-separated subset of: ${FIGURES.join(", ")} (default: all)
  --quick            small sizes and short runs, for developing the benchmark (never published)
  --profile          profiles in bench-output/profiles/: the Loupe server (node --cpu-prof), the big table's
                     page while it scrolls (its hottest functions are logged too), and a Chromium trace and CPU
                     profile of each list size's first cold load (its long main-thread tasks are logged)
  --scroll-step <px> pixels the big table scrolls in each frame (default 960, 30 rows: a fast fling); another
                     step (e.g. 32, one row a frame) is never published
  --no-publish       do not publish to e2e/bench/
  --render           measure nothing: render e2e/bench/REPORT.md from e2e/bench/results/ (after a merge)
  -h, --help         show this help

Figures:
  list       1k / 10k / 50k objects: Loupe's table in Chromium (first row, usable; cold, warm and after a click
             in the open app) vs kubectl get -o json
  big-table  100k rows in Chromium: JS heap and frame times while scrolling
  watch      write → event latency at 1/20/100 WebSocket subscribers vs the raw API server watch stream
  idle       1,000 idle subscriptions on 10 keys (then 1,000 more): upstream watches, server RSS and heap
  catalog    the catalog with 300 CRDs, cold, vs kubectl api-resources with an empty cache
${pluginHelp}
`;

/** Sizes and durations of one run. */
export interface BenchPlan {
  figures: Figure[];
  quick: boolean;
  profile: boolean;
  publish: boolean;
  /** Only render the published report (`--render`). */
  render: boolean;
  lists: { size: number; samples: number }[];
  bigTableRows: number;
  scrollFrames: number;
  /** Pixels scrolled per animation frame in the big-table figure. */
  scrollStep: number;
  watchRates: number[];
  watchSubscribers: number[];
  watchSeconds: number;
  watchObjects: number;
  idleKeys: number;
  idleSubscriptions: number;
  idleSockets: number;
  idleObjectsPerKey: number;
  catalogCrds: number;
  catalogSamples: number;
}

/** Parses the command line into a plan; prints help and exits for -h. */
export function parsePlan(argv: readonly string[]): BenchPlan {
  const { values } = parseArgs({
    // `pnpm bench -- --only x` passes the "--" on: options follow it all the same.
    args: argv[0] === "--" ? argv.slice(1) : [...argv],
    options: {
      only: { type: "string" },
      quick: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      "scroll-step": { type: "string", default: "960" },
      "no-publish": { type: "boolean", default: false },
      render: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const figures = values.only ? values.only.split(",").map((f) => f.trim()) : [...FIGURES];
  for (const figure of figures) {
    if (!(FIGURES as readonly string[]).includes(figure)) {
      console.error(`bench: unknown figure "${figure}" (one of ${FIGURES.join(", ")})`);
      process.exit(2);
    }
  }
  const quick = values.quick;
  const scrollStep = Number(values["scroll-step"]);
  if (!Number.isInteger(scrollStep) || scrollStep <= 0) {
    throw new Error(`--scroll-step: a positive whole number of pixels, not "${values["scroll-step"]}"`);
  }
  return {
    figures: FIGURES.filter((f) => figures.includes(f)),
    quick,
    profile: values.profile,
    publish: !quick && !values["no-publish"] && scrollStep === 960,
    render: values.render,
    lists: quick
      ? [
          { size: 1_000, samples: 2 },
          { size: 5_000, samples: 2 },
        ]
      : [
          { size: 1_000, samples: 5 },
          { size: 10_000, samples: 5 },
          { size: 50_000, samples: 2 },
        ],
    bigTableRows: quick ? 20_000 : 100_000,
    scrollFrames: quick ? 120 : 300,
    scrollStep,
    watchRates: [200, 1_000],
    watchSubscribers: [1, 20, 100],
    watchSeconds: quick ? 3 : 10,
    watchObjects: 200,
    idleKeys: 10,
    idleSubscriptions: 1_000,
    idleSockets: 11,
    idleObjectsPerKey: 20,
    catalogCrds: quick ? 30 : 300,
    catalogSamples: quick ? 3 : 7,
  };
}
