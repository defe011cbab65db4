import type { CustomColumn, TableColumn } from "@loupe/protocol";
import { CUSTOM_COLUMN_FORMAT } from "@loupe/protocol/constants";
import { ageOf, cellText } from "../../../lib/format.ts";
import type { TableLayout } from "./table-layout.ts";
import {
  CLUSTER_COLUMN,
  CLUSTER_INDEX,
  HEALTH_COLUMN,
  HEALTH_INDEX,
  isAgeColumn,
  type ListRow,
  NAMESPACE_COLUMN,
  type ShownColumn,
} from "./table-rows.ts";

/**
 * Every column a table can show, for the column chooser: the API server's (every priority), the Namespace
 * pseudo-column of an all-namespaces list, Loupe's Health pseudo-column (DESIGN §12), and the user's custom
 * columns. `index` is where the cell sits in a row's `cells`; -1 for Namespace, {@link HEALTH_INDEX} for Health; {@link PENDING_CELL} for a custom column whose cells have not arrived yet
 * (its subscription is starting).
 */
export interface AvailableColumn extends ShownColumn {
  id: string;
  custom: boolean;
}

/** The index of a column whose cells are not there yet: every row reads `undefined`, shown as empty. */
export const PENDING_CELL = 1_000_000_000;

export function namespaceColumn(): TableColumn {
  return { name: NAMESPACE_COLUMN, type: "string", format: "", description: "The object's namespace.", priority: 0 };
}

export function healthColumn(): TableColumn {
  return {
    name: HEALTH_COLUMN,
    type: "string",
    format: "",
    description: "Loupe's verdict from the object's status: Healthy, In progress, Failed, Terminating or Unknown.",
    priority: 0,
  };
}

export function availableColumns(
  columns: readonly TableColumn[],
  withNamespace: boolean,
  custom: readonly CustomColumn[],
  /** A table of several clusters: a Cluster column first. */
  withCluster = false,
  /** Loupe's Health column after Name (and Namespace). */
  withHealth = false,
): AvailableColumn[] {
  const out: AvailableColumn[] = [];
  columns.forEach((definition, index) => {
    if (definition.format !== CUSTOM_COLUMN_FORMAT) out.push({ id: definition.name, definition, index, custom: false });
  });
  if (withNamespace) {
    const nameAt = out.findIndex((c) => c.definition.format === "name" || c.definition.name === "Name");
    out.splice(nameAt < 0 ? 0 : nameAt + 1, 0, {
      id: NAMESPACE_COLUMN,
      definition: namespaceColumn(),
      index: -1,
      custom: false,
    });
  }
  if (withHealth && out.length > 0) {
    const after = out.findIndex((c) => c.id === NAMESPACE_COLUMN);
    const nameAt = out.findIndex((c) => c.definition.format === "name" || c.definition.name === "Name");
    const at = after >= 0 ? after : nameAt;
    out.splice(at < 0 ? 0 : at + 1, 0, {
      id: HEALTH_COLUMN,
      definition: healthColumn(),
      index: HEALTH_INDEX,
      custom: false,
    });
  }
  if (withCluster) {
    out.unshift({
      id: CLUSTER_COLUMN,
      definition: {
        name: CLUSTER_COLUMN,
        type: "string",
        format: "",
        description: "The kubeconfig context the row comes from.",
        priority: 0,
      },
      index: CLUSTER_INDEX,
      custom: false,
    });
  }
  for (const column of custom) {
    const index = columns.findIndex((c) => c.format === CUSTOM_COLUMN_FORMAT && c.name === column.name);
    out.push({
      id: column.name,
      definition: {
        name: column.name,
        type: "string",
        format: CUSTOM_COLUMN_FORMAT,
        description: column.jsonPath,
        priority: 0,
      },
      index: index < 0 ? PENDING_CELL : index,
      custom: true,
    });
  }
  return out;
}

/**
 * The columns shown, in order: the layout's order when it has one (ids no longer available are skipped), else the
 * default — priority-0 columns (all with `wide`), Namespace, then the custom columns.
 */
export function layoutColumns(
  available: readonly AvailableColumn[],
  layout: TableLayout,
  wide: boolean,
): AvailableColumn[] {
  if (layout.order) {
    const byId = new Map(available.map((c) => [c.id, c]));
    return layout.order.flatMap((id) => byId.get(id) ?? []);
  }
  return available.filter((c) => c.custom || c.index < 0 || wide || c.definition.priority === 0);
}

/** The layout with its order made explicit (the current visible ids), for a first change in the chooser. */
export function explicitOrder(layout: TableLayout, shown: readonly AvailableColumn[]): string[] {
  return layout.order ?? shown.map((c) => c.id);
}

/** `ids` with `id` moved by `delta` places (clamped). */
export function move(ids: readonly string[], id: string, delta: number): string[] {
  const from = ids.indexOf(id);
  if (from < 0) return [...ids];
  const to = Math.max(0, Math.min(ids.length - 1, from + delta));
  const next = [...ids];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}

/** Whether the column is the object's name (rendered as a link to it). */
export function isNameColumn(column: ShownColumn): boolean {
  const { definition, index } = column;
  return index >= 0 && (definition.format === "name" || (index === 0 && definition.name === "Name"));
}

/** The text a cell shows (what export writes): the name, the namespace, a live age at `now`, or the cell's text. */
export function shownText(column: ShownColumn, row: ListRow, now: number): string {
  if (column.index === CLUSTER_INDEX) return row.cluster ?? "";
  if (row.problem) return isNameColumn(column) ? `⚠ ${row.problem}` : "";
  if (column.index < 0 && column.definition.name === NAMESPACE_COLUMN) return row.namespace ?? "";
  if (column.index === HEALTH_INDEX) return row.health ? `${row.health.verdict} ${row.health.reason}` : "";
  if (isNameColumn(column)) return row.name;
  if (isAgeColumn(column.definition) && row.creationTimestamp) return ageOf(row.creationTimestamp, now);
  return cellText(row.cells[column.index]);
}
