import { useRef } from "react";
import { diffRowCells, type ListRow } from "../utils/table-rows.ts";

/** How long a changed cell stays highlighted, in ms (the CSS animation is as long). */
export const FLASH_MS = 2_000;

export interface RowChange {
  cells: readonly number[] | "new";
  at: number;
}

/**
 * Remembers each row's cell texts across renders and returns, per row key, the cells that changed recently (or
 * "new" for a row that appeared later). Nothing is reported until `ready` (the initial list has fully arrived):
 * the rows at that moment are the baseline, since loading a list is not a change. A new `baselineKey` (another
 * resource, namespace or selector) starts over. Changes older than FLASH_MS are forgotten.
 */
export function useRowChanges(
  rows: readonly ListRow[],
  baselineKey: string,
  ready: boolean,
): ReadonlyMap<string, RowChange> {
  const memory = useRef({
    key: baselineKey,
    rows: null as readonly ListRow[] | null,
    cells: null as Map<string, string[]> | null,
    changes: new Map<string, RowChange>(),
  });
  const m = memory.current;
  if (m.key !== baselineKey) {
    m.key = baselineKey;
    m.rows = null;
    m.cells = null;
    m.changes = new Map();
  }
  if (!ready) {
    m.rows = null;
    m.cells = null;
    return m.changes;
  }
  if (m.rows !== rows) {
    const { next, changes } = diffRowCells(m.cells, rows);
    const now = Date.now();
    for (const [key, cells] of changes) m.changes.set(key, { cells, at: now });
    for (const [key, change] of m.changes) if (now - change.at > FLASH_MS) m.changes.delete(key);
    m.rows = rows;
    m.cells = next;
  }
  return m.changes;
}
