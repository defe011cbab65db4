import type { BenchFigure } from "./figure.ts";
import { searchFigure } from "./search.ts";
import { tablesFigure } from "./tables.ts";

/**
 * The plug-in figures, measured after the built-in ones (list, big-table, watch, idle, catalog) in this order.
 * Add a figure: write a module exporting a `BenchFigure` (see figure.ts) and list it here.
 */
export const PLUGIN_FIGURES: readonly BenchFigure[] = [tablesFigure as BenchFigure, searchFigure as BenchFigure];
