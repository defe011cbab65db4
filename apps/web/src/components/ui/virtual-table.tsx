// biome-ignore-all lint/a11y/useSemanticElements: a virtualized grid cannot be a <table>: only the rows in view exist.
// biome-ignore-all lint/a11y/useFocusableInteractive: the grid itself holds focus and points at the active row (aria-activedescendant).
// biome-ignore-all lint/a11y/useKeyWithClickEvents: the grid's onKeyDown handles the keyboard for every row.
import { useVirtualizer } from "@tanstack/react-virtual";
import {
  type KeyboardEvent,
  memo,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";

/** One column of a VirtualTable. */
export interface VirtualColumn<T> {
  id: string;
  header: string;
  /** Shown as the header's tooltip (e.g. the API server's column description). */
  description?: string;
  /** A CSS grid track, e.g. `minmax(12rem, 2fr)`. */
  width: string;
  align?: "start" | "end";
  sortable?: boolean;
  cell: (row: T) => ReactNode;
}

export interface VirtualTableProps<T> {
  /** The grid's accessible name. */
  label: string;
  rows: readonly T[];
  columns: readonly VirtualColumn<T>[];
  rowKey: (row: T) => string;
  sort: { column: string; desc: boolean } | null;
  onSort?: (columnId: string) => void;
  /** Enter on the active row, or a double click. */
  onOpen?: (row: T) => void;
  /** Extra class for a cell (e.g. a brief highlight after a live change). */
  cellClass?: (row: T, columnId: string) => string | undefined;
  /** Fixed row height in px (default 32): fixed heights keep 10,000+ rows cheap to lay out. */
  rowHeight?: number;
  /** Row selection: a checkbox first in each row and one in the header. Absent: no selection. */
  selection?: RowSelection<T>;
}

/** Which rows are selected and what a click on a checkbox asks (the owner keeps the state). */
export interface RowSelection<T> {
  selected: ReadonlySet<string>;
  /** A row's box clicked; `shift`: extend from the last clicked row to this one. */
  onToggle: (row: T, index: number, shift: boolean) => void;
  /** The header's box: select every row (all matching the filters), or none when all are. */
  onToggleAll: () => void;
  /** A row's accessible name for its checkbox, e.g. its object's name. */
  label: (row: T) => string;
}

const SELECT_TRACK = "2.2rem";

const EMPTY_INDEX: ReadonlyMap<string, number> = new Map();

const HEADER_HEIGHT = 34;

const INITIAL_RECT =
  typeof window === "undefined" ? { width: 0, height: 0 } : { width: window.innerWidth, height: window.innerHeight };

/**
 * A virtualized, keyboard-navigable data grid: only the rows in view (plus overscan) are in the DOM, so 10,000+
 * rows scroll smoothly. The grid keeps focus itself and marks the active row with aria-activedescendant (rows
 * come and go as they scroll, so they cannot hold focus). Keys: ↑ ↓ PageUp PageDown Home End move, Enter opens.
 * Cells render whatever the columns return: callers pass text, never HTML.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { rows, columns, rowKey, sort, onSort, onOpen, cellClass, label } = props;
  const rowHeight = props.rowHeight ?? 32;
  const scrollRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const [activeKey, setActiveKey] = useState<string | null>(null);
  // Where the active row sits, built only while a row is active: a Map of 100,000 keys on every change of the rows
  // (each filter keystroke) cost ~10 ms for nothing while no row is active.
  const tracking = activeKey !== null;
  const indexByKey = useMemo(
    () => (!tracking ? EMPTY_INDEX : new Map(rows.map((row, i) => [rowKey(row), i]))),
    [rows, rowKey, tracking],
  );
  const activeIndex = activeKey === null ? -1 : (indexByKey.get(activeKey) ?? -1);
  // Stable until the rows change: the virtualizer recomputes the offsets of *every* row whenever getItemKey is a
  // new function, which made each scroll frame O(rows) (a tenth of the main thread's time at 100,000 rows).
  const getItemKey = useCallback((index: number) => rowKey(rows[index] as T), [rows, rowKey]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    // Rows rendered beyond the view on each side: 5 (160 px) covers a wheel's step; more only adds rows to lay out
    // and paint in every frame (12 cost ~1–2 ms more per frame of a fast scroll, NOTES.md in e2e/bench).
    overscan: 5,
    scrollMargin: HEADER_HEIGHT,
    getItemKey,
    // The grid is at most the window's size: with that as the first guess the first render already has the rows in
    // view, instead of rendering none, measuring the element (a forced layout) and rendering again with rows.
    initialRect: INITIAL_RECT,
  });
  const selection = props.selection;
  const template = (selection ? [SELECT_TRACK] : []).concat(columns.map((c) => c.width)).join(" ");
  const selectedCount =
    selection && selection.selected.size > 0
      ? rows.reduce((n, row) => n + (selection.selected.has(rowKey(row)) ? 1 : 0), 0)
      : 0;

  const move = (index: number) => {
    if (rows.length === 0) return;
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setActiveKey(rowKey(rows[clamped] as T));
    virtualizer.scrollToIndex(clamped, { align: "auto" });
  };

  // A deleted active row leaves nothing active rather than jumping somewhere the user did not go.
  useEffect(() => {
    if (activeKey !== null && !indexByKey.has(activeKey)) setActiveKey(null);
  }, [activeKey, indexByKey]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 320) / rowHeight) - 1);
    if (event.target !== event.currentTarget) return;
    const at = activeIndex;
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        move(at + 1);
        break;
      case "ArrowUp":
        move(at < 0 ? 0 : at - 1);
        break;
      case "PageDown":
        move(at + page);
        break;
      case "PageUp":
        move(at - page);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(rows.length - 1);
        break;
      case "Enter":
        if (at >= 0 && onOpen) onOpen(rows[at] as T);
        break;
      default:
        handled = false;
    }
    if (handled) event.preventDefault();
  };

  const rowId = (key: string) => `${id}-row-${key}`;
  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      role="grid"
      aria-label={label}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length + (selection ? 1 : 0)}
      aria-activedescendant={activeKey !== null && activeIndex >= 0 ? rowId(activeKey) : undefined}
      tabIndex={0}
      className="vtable"
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="vtable-head">
        <div role="row" aria-rowindex={1} className="vtable-row" style={{ gridTemplateColumns: template }}>
          {selection ? (
            <div role="columnheader" className="vtable-cell select-cell">
              <input
                type="checkbox"
                aria-label="Select all matching rows"
                checked={rows.length > 0 && selectedCount === rows.length}
                ref={(box) => {
                  if (box) box.indeterminate = selectedCount > 0 && selectedCount < rows.length;
                }}
                onChange={() => selection.onToggleAll()}
              />
            </div>
          ) : null}
          {columns.map((column) => {
            const sorted = sort?.column === column.id;
            return (
              <div
                key={column.id}
                role="columnheader"
                aria-sort={sorted ? (sort?.desc ? "descending" : "ascending") : "none"}
                className={column.align === "end" ? "vtable-cell end" : "vtable-cell"}
                title={column.description}
              >
                {column.sortable && onSort ? (
                  <button type="button" className="sort-button" onClick={() => onSort(column.id)}>
                    {column.header}
                    <span aria-hidden="true" className="sort-mark">
                      {sorted ? (sort?.desc ? "▼" : "▲") : ""}
                    </span>
                  </button>
                ) : (
                  column.header
                )}
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" className="vtable-body" style={{ height: virtualizer.getTotalSize() }}>
        {/* The rows in view flow in one block moved to the first one's offset: rows of a fixed height need no
            position of their own, and unpositioned rows are not each a paint layer of their own for Blink. */}
        <div
          className="vtable-window"
          style={{ transform: `translateY(${(items[0]?.start ?? HEADER_HEIGHT) - HEADER_HEIGHT}px)` }}
        >
          {/* Rows are keyed by their place in the window, not by object: a row element stays where it is and shows
              whichever object is now at its place. A fast scroll (a whole window of new rows per frame) then updates
              text in place instead of removing and creating every row, their cells and their styles (frame time p95
              22 → 14 ms at 30 rows per frame); a slow one re-renders the window's rows, which still fits a frame.
              The grid, not a row, holds focus (aria-activedescendant), so nothing focused moves with a row. */}
          {items.map((item, position) => {
            const row = rows[item.index] as T;
            const key = rowKey(row);
            return (
              <Row
                // biome-ignore lint/suspicious/noArrayIndexKey: keyed by place on purpose (see above).
                key={position}
                id={rowId(key)}
                row={row}
                rowKey={key}
                index={item.index}
                height={rowHeight}
                template={template}
                columns={columns}
                active={key === activeKey}
                onActivate={setActiveKey}
                onOpen={onOpen}
                cellClass={cellClass}
                selection={selection}
                selected={selection?.selected.has(key) ?? false}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface RowProps<T> {
  id: string;
  row: T;
  rowKey: string;
  index: number;
  height: number;
  template: string;
  columns: readonly VirtualColumn<T>[];
  active: boolean;
  onActivate: (key: string) => void;
  onOpen: ((row: T) => void) | undefined;
  cellClass: ((row: T, columnId: string) => string | undefined) | undefined;
  selection: RowSelection<T> | undefined;
  selected: boolean;
}

/**
 * One rendered row; memoized (props are the same while it stays in view: it has no offset of its own) so scrolling
 * renders only the rows that come into view.
 */
const Row = memo(function Row<T>(props: RowProps<T>) {
  const { row, columns, cellClass } = props;
  return (
    <div
      id={props.id}
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.active}
      className={["vtable-row", props.active ? "active" : "", props.selected ? "selected" : ""].join(" ")}
      style={{ gridTemplateColumns: props.template, height: props.height }}
      onClick={() => props.onActivate(props.rowKey)}
      onDoubleClick={() => props.onOpen?.(row)}
    >
      {props.selection ? (
        <div role="gridcell" className="vtable-cell select-cell">
          <input
            type="checkbox"
            aria-label={`Select ${props.selection.label(row)}`}
            checked={props.selected}
            tabIndex={-1}
            onClick={(event) => {
              event.stopPropagation();
              props.selection?.onToggle(row, props.index, event.shiftKey);
            }}
            onChange={() => {}}
          />
        </div>
      ) : null}
      {columns.map((column) => (
        <div
          key={column.id}
          role="gridcell"
          className={["vtable-cell", column.align === "end" ? "end" : "", cellClass?.(row, column.id) ?? ""].join(" ")}
        >
          {column.cell(row)}
        </div>
      ))}
    </div>
  );
}) as <T>(props: RowProps<T>) => ReactNode;
