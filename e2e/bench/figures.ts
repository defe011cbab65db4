import { crdNavFigure } from "./crd-nav.ts";
import { editorFigure } from "./editor.ts";
import type { BenchFigure } from "./figure.ts";
import { historyFigure } from "./history-figure.ts";
import { relationsFigure } from "./relations-figure.ts";
import { crdMemoryFigure, listMemoryFigure, schemaRouteFigure, visitBytesFigure } from "./scale-figures.ts";
import { searchFigure } from "./search.ts";
import { tablesFigure } from "./tables.ts";

/**
 * The plug-in figures, measured after the built-in ones (list, big-table, watch, idle, catalog) in this order.
 * Add a figure: write a module exporting a `BenchFigure` (see figure.ts) and list it here.
 */
export const PLUGIN_FIGURES: readonly BenchFigure[] = [
  crdNavFigure,
  crdMemoryFigure,
  schemaRouteFigure,
  listMemoryFigure,
  visitBytesFigure,
  historyFigure,
  relationsFigure,
  tablesFigure,
  editorFigure,
  searchFigure,
] as BenchFigure[];
