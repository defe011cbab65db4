import { useCallback, useMemo, useRef, useState } from "react";
import type { RowSelection } from "../../../components/ui/virtual-table.tsx";
import type { ListRow } from "../utils/table-rows.ts";

const NONE: ListRow[] = [];

/**
 * Selected rows of a table, by key: a click toggles one, a shift-click selects the range from the last clicked
 * row (in the order shown), the header box selects every row shown (all matching the filters) or none. Keys of
 * rows that are gone (deleted, filtered out) stay selected only while their rows exist: `rows` is what the
 * selection counts against.
 */
export function useRowSelection(rows: readonly ListRow[]): {
  selection: RowSelection<ListRow>;
  /** The selected rows still shown, in table order. */
  selectedRows: ListRow[];
  clear: () => void;
} {
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const selectedRows = useMemo(
    () => (selected.size === 0 ? NONE : rows.filter((row) => selected.has(row.key))),
    [rows, selected],
  );
  const onToggle = useCallback(
    (row: ListRow, index: number, shift: boolean) => {
      // Read now: the updater runs later, after the anchor below has moved.
      const from0 = anchor.current;
      setSelected((current) => {
        const next = new Set(current);
        if (shift && from0 !== null) {
          const [from, to] = from0 < index ? [from0, index] : [index, from0];
          for (let i = from; i <= to; i++) {
            const key = rows[i]?.key;
            if (key) next.add(key);
          }
        } else if (next.has(row.key)) next.delete(row.key);
        else next.add(row.key);
        return next;
      });
      anchor.current = index;
    },
    [rows],
  );
  const onToggleAll = useCallback(() => {
    setSelected((current) => {
      const all = rows.length > 0 && rows.every((row) => current.has(row.key));
      return all ? new Set() : new Set(rows.map((row) => row.key));
    });
  }, [rows]);
  const selection = useMemo(
    () => ({ selected, onToggle, onToggleAll, label: (row: ListRow) => row.name }),
    [selected, onToggle, onToggleAll],
  );
  return { selection, selectedRows, clear: () => setSelected(new Set()) };
}
