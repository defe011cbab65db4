import type { LocalCluster } from "@loupe/local-cluster";
import type { Browser } from "playwright-core";
import type { Kube } from "./kube.ts";
import type { LoupeProcess, LoupeProcessOptions } from "./loupe.ts";

/**
 * A benchmark figure that plugs into `pnpm bench` (listed in figures.ts). The harness starts the local cluster, a
 * browser when asked, and Loupe servers on demand; the figure loads its own data, measures Loupe next to its
 * reference in the same run, and says how its numbers read in the report.
 */
export interface BenchFigure<R = unknown> {
  /** The name `--only` takes, e.g. "problems". Lower case, words joined by "-". */
  name: string;
  /** One line for `--help`: what is measured, against what. */
  description: string;
  measure(context: FigureContext): Promise<R>;
  /** The rows of the report's summary table. */
  summary(result: R): SummaryRow[];
  /** The figure's own section of the report: method and every number behind the summary (Markdown lines). */
  details(result: R): string[];
}

export interface FigureContext {
  cluster: LocalCluster;
  /** Admin client of the local cluster (creates CRDs and objects, waits for them). */
  kube: Kube;
  /** The kubectl binary of the cluster's release. */
  kubectl: string;
  /** Small sizes and short runs (`--quick`): the figure should scale itself down. */
  quick: boolean;
  /** Where `--profile` writes profiles; undefined when not profiling. */
  profileDir: string | undefined;
  /** A headless Chromium shared by the run's figures (started on first use). */
  browser(): Promise<Browser>;
  /** A fresh Loupe server process on the local cluster; stopped at the end of the run if the figure does not. */
  startLoupe(options?: Partial<Omit<LoupeProcessOptions, "kubeconfigPath" | "log">>): Promise<LoupeProcess>;
  /** Something that could not be measured as asked (shown above the report's details). */
  problem(text: string): void;
  log(line: string): void;
}

/** One row of the summary table. `met` undefined: the figure has no target. */
export interface SummaryRow {
  figure: string;
  /** The reference measured in the same run, or "—". */
  reference: string;
  loupe: string;
  /** Ratio or difference against the reference, or "—". */
  ratio: string;
  target: string;
  met?: boolean;
}

/** A plug-in figure's published result: the rendered rows and section, and the raw data behind them. */
export interface PluginResult {
  summary: SummaryRow[];
  details: string[];
  data: unknown;
}

/** Measures one plug-in figure and renders what the report shows of it. */
export async function runPluginFigure(figure: BenchFigure, context: FigureContext): Promise<PluginResult> {
  const data = await figure.measure(context);
  return { summary: figure.summary(data), details: figure.details(data), data };
}
