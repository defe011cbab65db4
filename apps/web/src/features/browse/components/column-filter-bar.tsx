import { useEffect, useMemo, useState } from "react";
import { type ColumnFilter, distinctValues, filterKindFor, parseBound } from "../utils/column-filters.ts";
import type { AvailableColumn } from "../utils/column-model.ts";
import type { ListRow } from "../utils/table-rows.ts";

/**
 * Filters on single columns, one control per filter: a text box ("contains"), a from–to pair for numbers and
 * durations, or checkboxes for a column with few distinct values. "Add filter" picks the column; the kind of filter
 * follows from the column's type and values.
 */
export function ColumnFilterBar({
  columns,
  rows,
  filters,
  onFilters,
}: {
  columns: readonly AvailableColumn[];
  rows: readonly ListRow[];
  filters: readonly ColumnFilter[];
  onFilters: (filters: ColumnFilter[]) => void;
}) {
  const replace = (at: number, filter: ColumnFilter) => onFilters(filters.map((f, i) => (i === at ? filter : f)));
  const remove = (at: number) => onFilters(filters.filter((_, i) => i !== at));
  const add = (id: string) => {
    const column = columns.find((c) => c.id === id);
    if (!column) return;
    onFilters([...filters, emptyFilter(id, filterKindFor(column, rows))]);
  };
  const free = columns.filter((c) => !filters.some((f) => f.column === c.id));
  return (
    <fieldset className="filter-bar">
      <legend className="visually-hidden">Column filters</legend>
      {filters.map((filter, at) => {
        const column = columns.find((c) => c.id === filter.column);
        return (
          <div key={filter.column} className="column-filter">
            <span className="column-filter-name">{filter.column}</span>
            <select
              aria-label={`How to filter ${filter.column}`}
              value={filter.kind}
              onChange={(e) => replace(at, emptyFilter(filter.column, e.target.value as ColumnFilter["kind"]))}
            >
              <option value="text">contains</option>
              <option value="oneOf">is one of</option>
              <option value="range">from–to</option>
            </select>
            {filter.kind === "text" ? (
              <TextFilter filter={filter} onChange={(f) => replace(at, f)} />
            ) : filter.kind === "range" ? (
              <RangeFilter filter={filter} onChange={(f) => replace(at, f)} />
            ) : (
              <OneOfFilter filter={filter} column={column} rows={rows} onChange={(f) => replace(at, f)} />
            )}
            <button type="button" aria-label={`Remove the filter on ${filter.column}`} onClick={() => remove(at)}>
              ✕
            </button>
          </div>
        );
      })}
      {free.length > 0 ? (
        <select
          aria-label="Add a filter on a column"
          value=""
          onChange={(e) => {
            add(e.target.value);
          }}
        >
          <option value="">+ Filter a column…</option>
          {free.map((c) => (
            <option key={c.id} value={c.id}>
              {c.id}
            </option>
          ))}
        </select>
      ) : null}
    </fieldset>
  );
}

function emptyFilter(column: string, kind: ColumnFilter["kind"]): ColumnFilter {
  if (kind === "text") return { column, kind, text: "" };
  if (kind === "oneOf") return { column, kind, values: [] };
  return { column, kind, min: undefined, max: undefined };
}

function TextFilter({
  filter,
  onChange,
}: {
  filter: Extract<ColumnFilter, { kind: "text" }>;
  onChange: (filter: ColumnFilter) => void;
}) {
  const [text, setText] = useState(filter.text);
  useEffect(() => setText(filter.text), [filter.text]);
  return (
    <input
      type="search"
      aria-label={`${filter.column} contains`}
      placeholder="contains"
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange({ ...filter, text: e.target.value });
      }}
    />
  );
}

function RangeFilter({
  filter,
  onChange,
}: {
  filter: Extract<ColumnFilter, { kind: "range" }>;
  onChange: (filter: ColumnFilter) => void;
}) {
  const [min, setMin] = useState(filter.min === undefined ? "" : String(filter.min));
  const [max, setMax] = useState(filter.max === undefined ? "" : String(filter.max));
  const bad = (text: string) => Number.isNaN(parseBound(text) ?? 0);
  const commit = (low: string, high: string) => {
    if (bad(low) || bad(high)) return;
    onChange({ ...filter, min: parseBound(low), max: parseBound(high) });
  };
  return (
    <>
      <input
        className="range-input"
        aria-label={`${filter.column} at least`}
        aria-invalid={bad(min)}
        placeholder="from"
        title="A number, or a duration such as 30s, 5m, 2h, 3d"
        value={min}
        onChange={(e) => {
          setMin(e.target.value);
          commit(e.target.value, max);
        }}
      />
      <span aria-hidden="true">–</span>
      <input
        className="range-input"
        aria-label={`${filter.column} at most`}
        aria-invalid={bad(max)}
        placeholder="to"
        title="A number, or a duration such as 30s, 5m, 2h, 3d"
        value={max}
        onChange={(e) => {
          setMax(e.target.value);
          commit(min, e.target.value);
        }}
      />
      {bad(min) || bad(max) ? <span className="danger small">a number or a duration (5m, 2h)</span> : null}
    </>
  );
}

function OneOfFilter({
  filter,
  column,
  rows,
  onChange,
}: {
  filter: Extract<ColumnFilter, { kind: "oneOf" }>;
  column: AvailableColumn | undefined;
  rows: readonly ListRow[];
  onChange: (filter: ColumnFilter) => void;
}) {
  const values = useMemo(() => {
    const seen = column ? distinctValues(column, rows) : [];
    return [...new Set([...seen, ...filter.values])].sort();
  }, [column, rows, filter.values]);
  return (
    <fieldset className="one-of">
      <legend className="visually-hidden">{filter.column} is one of</legend>
      {values.map((value) => (
        <label key={value} className="field checkbox">
          <input
            type="checkbox"
            checked={filter.values.includes(value)}
            onChange={(e) =>
              onChange({
                ...filter,
                values: e.target.checked ? [...filter.values, value] : filter.values.filter((v) => v !== value),
              })
            }
          />
          <span>{value === "" ? "(empty)" : value}</span>
        </label>
      ))}
    </fieldset>
  );
}
