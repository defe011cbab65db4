import type { TableColumn, TableRow } from "@loupe/protocol";
import { cellText, parseHumanDuration } from "../../../lib/format.ts";

/**
 * Pure helpers over the server-side Table format: the row model, column choice, sorting and filtering. Nothing here
 * knows a kind; columns, types and priorities all come from the API server.
 */

/** A Table row keyed for React and for live updates (uid when the server sent one, else namespace/name). */
export interface ListRow {
  key: string;
  name: string;
  namespace: string | undefined;
  cells: readonly unknown[];
  creationTimestamp: string | undefined;
  labels: Readonly<Record<string, string>>;
  resourceVersion: string | undefined;
  /** The kubeconfig context the row comes from, in a table of several clusters. */
  cluster?: string;
  /** Set on a row that stands for a cluster whose list failed: why. */
  problem?: string;
}

export function toListRow(row: TableRow): ListRow {
  const meta = row.object.metadata;
  return {
    key: meta.uid ?? `${meta.namespace ?? ""}/${meta.name}`,
    name: meta.name,
    namespace: meta.namespace,
    cells: row.cells,
    creationTimestamp: meta.creationTimestamp,
    labels: meta.labels ?? {},
    resourceVersion: meta.resourceVersion,
  };
}

/** The pseudo-column Loupe adds in an all-namespaces list (the server's Table has none; kubectl adds it too). */
export const NAMESPACE_COLUMN = "Namespace";
/** The pseudo-column of a table of several clusters: the row's kubeconfig context (index -2). */
export const CLUSTER_COLUMN = "Cluster";
export const CLUSTER_INDEX = -2;

/** A column as the table shows it: the server's definition and where its cell sits in `ListRow.cells` (-1: none). */
export interface ShownColumn {
  definition: TableColumn;
  index: number;
}

/** Priority-0 columns, or all with `wide`; a Namespace column first-after-Name when listing across namespaces. */
export function shownColumns(columns: readonly TableColumn[], wide: boolean, withNamespace: boolean): ShownColumn[] {
  const shown: ShownColumn[] = [];
  columns.forEach((definition, index) => {
    if (wide || definition.priority === 0) shown.push({ definition, index });
  });
  if (withNamespace) {
    const namespace: ShownColumn = {
      definition: {
        name: NAMESPACE_COLUMN,
        type: "string",
        format: "",
        description: "The object's namespace.",
        priority: 0,
      },
      index: -1,
    };
    const nameAt = shown.findIndex((c) => c.definition.format === "name" || c.definition.name === "Name");
    shown.splice(nameAt < 0 ? 0 : nameAt + 1, 0, namespace);
  }
  return shown;
}

/** A column that shows the object's age: sorted by, and rendered live from, `metadata.creationTimestamp`. */
export function isAgeColumn(column: TableColumn): boolean {
  return column.name === "Age" && (column.type === "date" || /creation/i.test(column.description));
}

/** The value a cell sorts by: a number (NaN for none) or a string. */
export function sortValue(row: ListRow, column: ShownColumn): number | string {
  const { definition, index } = column;
  if (index === CLUSTER_INDEX) return row.cluster ?? "";
  if (index < 0) return row.namespace ?? "";
  if (isAgeColumn(definition) && row.creationTimestamp) {
    // Larger age = older = earlier timestamp.
    return -Date.parse(row.creationTimestamp);
  }
  const cell = row.cells[index];
  switch (definition.type) {
    case "integer":
    case "number": {
      if (cell === null || cell === undefined || cell === "") return Number.NaN;
      return typeof cell === "number" ? cell : Number.parseFloat(String(cell));
    }
    case "date": {
      const text = cellText(cell);
      const duration = parseHumanDuration(text);
      if (!Number.isNaN(duration)) return duration;
      const t = Date.parse(text);
      return Number.isNaN(t) ? Number.NaN : -t;
    }
    default:
      return cellText(cell);
  }
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/** Compares sort values: numbers numerically, strings naturally (`pod-2` before `pod-10`); blanks/NaN always last. */
export function compareValues(a: number | string, b: number | string, desc: boolean): number {
  const blankA = a === "" || (typeof a === "number" && Number.isNaN(a));
  const blankB = b === "" || (typeof b === "number" && Number.isNaN(b));
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1;
  const order = typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
  return desc ? -order : order;
}

export interface SortState {
  /** Column name (the server's) or NAMESPACE_COLUMN. */
  column: string;
  desc: boolean;
}

/** A sorted copy: by the column, then by namespace and name so equal cells keep a stable, predictable order. */
export function sortRows(rows: readonly ListRow[], columns: readonly ShownColumn[], sort: SortState | null): ListRow[] {
  const column = sort ? columns.find((c) => c.definition.name === sort.column) : undefined;
  const byName = (a: ListRow, b: ListRow) =>
    collator.compare(a.namespace ?? "", b.namespace ?? "") || collator.compare(a.name, b.name);
  if (!column || !sort) return [...rows].sort(byName);
  const values = new Map<ListRow, number | string>();
  for (const row of rows) values.set(row, sortValue(row, column));
  return [...rows].sort(
    (a, b) =>
      compareValues(values.get(a) as number | string, values.get(b) as number | string, sort.desc) || byName(a, b),
  );
}

/**
 * Rows whose name, namespace, any cell, or any `key=value` label contains every whitespace-separated word of
 * `text` (case-insensitive). Empty text keeps everything.
 */
export function filterRows(rows: readonly ListRow[], text: string): readonly ListRow[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const haystack = [
      row.name,
      row.namespace ?? "",
      row.cluster ?? "",
      row.problem ?? "",
      ...row.cells.map(cellText),
      ...Object.entries(row.labels).map(([k, v]) => `${k}=${v}`),
    ]
      .join("\n")
      .toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

/** Which cells of each row changed since the previous rows: the indexes, or "new" for a row not seen before. */
export type RowChanges = Map<string, readonly number[] | "new">;

/**
 * Compares `rows` with the cell texts remembered from last time (`previous`, key → cell texts) and returns what
 * changed plus the memory for next time. A first call (`previous` null) reports nothing: an initial load is not news.
 */
export function diffRowCells(
  previous: ReadonlyMap<string, readonly string[]> | null,
  rows: readonly ListRow[],
): { next: Map<string, string[]>; changes: RowChanges } {
  const next = new Map<string, string[]>();
  const changes: RowChanges = new Map();
  for (const row of rows) {
    const texts = row.cells.map(cellText);
    next.set(row.key, texts);
    if (!previous) continue;
    const before = previous.get(row.key);
    if (!before) {
      changes.set(row.key, "new");
      continue;
    }
    const changed: number[] = [];
    texts.forEach((t, i) => {
      if (before[i] !== t) changed.push(i);
    });
    if (changed.length > 0) changes.set(row.key, changed);
  }
  return { next, changes };
}
