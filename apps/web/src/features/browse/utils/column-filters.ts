import { cellText, parseHumanDuration } from "../../../lib/format.ts";
import { CLUSTER_INDEX, HEALTH_INDEX, isAgeColumn, type ListRow, type ShownColumn } from "./table-rows.ts";

/**
 * Filters on one column each, all of which a row must pass (and the text filter, and the label and field
 * selectors the server applied). In the URL as repeatable `fc=` params:
 * - `fc=Name~web` — the cell contains the text (case-insensitive);
 * - `fc=Status=Running|Pending` — the cell is one of the values;
 * - `fc=Restarts:1..5`, `fc=Age:..1h` — a number (or, for ages and other durations, `30s`, `5m`, `2h`, `3d`)
 *   within the range; either bound may be left out.
 */
export type ColumnFilter =
  | { column: string; kind: "text"; text: string }
  | { column: string; kind: "oneOf"; values: string[] }
  | { column: string; kind: "range"; min: number | undefined; max: number | undefined };

/** The three forms' separators; the first one in the param ends the column's name. */
const SEPARATORS = { "~": "text", "=": "oneOf", ":": "range" } as const;

export function parseFilter(param: string): ColumnFilter | undefined {
  const at = param.search(/[~=:]/);
  if (at <= 0) return undefined;
  const column = param.slice(0, at);
  const value = param.slice(at + 1);
  switch (SEPARATORS[param[at] as keyof typeof SEPARATORS]) {
    case "text":
      return { column, kind: "text", text: value };
    case "oneOf":
      return { column, kind: "oneOf", values: value === "" ? [] : value.split("|") };
    case "range": {
      const [low = "", high = "", ...rest] = value.split("..");
      if (rest.length > 0) return undefined;
      const min = parseBound(low);
      const max = parseBound(high);
      if (Number.isNaN(min) || Number.isNaN(max)) return undefined;
      return { column, kind: "range", min, max };
    }
    default:
      return undefined;
  }
}

/** A number, or a duration in seconds (`90s`, `5m`, `1h30m`, `2d`); undefined for "", NaN when neither. */
export function parseBound(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  return parseHumanDuration(trimmed);
}

export function formatFilter(filter: ColumnFilter): string {
  switch (filter.kind) {
    case "text":
      return `${filter.column}~${filter.text}`;
    case "oneOf":
      return `${filter.column}=${filter.values.join("|")}`;
    case "range":
      return `${filter.column}:${filter.min ?? ""}..${filter.max ?? ""}`;
  }
}

export function filtersFromParams(params: URLSearchParams): ColumnFilter[] {
  return params.getAll("fc").flatMap((p) => parseFilter(p) ?? []);
}

export function filtersToParams(filters: readonly ColumnFilter[], params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("fc");
  for (const filter of filters) next.append("fc", formatFilter(filter));
  return next;
}

/** Which kind of filter suits a column: ranges for numbers, dates and durations; one-of for few distinct values. */
export function filterKindFor(column: ShownColumn, rows: readonly ListRow[]): ColumnFilter["kind"] {
  const type = column.definition.type;
  if (type === "integer" || type === "number" || type === "date" || isAgeColumn(column.definition)) return "range";
  return distinctValues(column, rows).length <= MAX_ONE_OF ? "oneOf" : "text";
}

/** Most values a one-of filter offers; a column with more gets a text filter. */
export const MAX_ONE_OF = 20;

/** The distinct cell texts of a column (empty included), sorted; stops counting past MAX_ONE_OF + 1. */
export function distinctValues(column: ShownColumn, rows: readonly ListRow[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(textOf(row, column));
    if (seen.size > MAX_ONE_OF) break;
  }
  return [...seen].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

function textOf(row: ListRow, column: ShownColumn): string {
  if (column.index === CLUSTER_INDEX) return row.cluster ?? "";
  if (column.index === HEALTH_INDEX) return row.health?.verdict ?? "";
  return column.index < 0 ? (row.namespace ?? "") : cellText(row.cells[column.index]);
}

/** A cell as a number for a range: the number, a duration's seconds, an age's seconds at `now`; NaN when none. */
function numberOf(row: ListRow, column: ShownColumn, now: number): number {
  if (isAgeColumn(column.definition) && row.creationTimestamp) {
    return (now - Date.parse(row.creationTimestamp)) / 1000;
  }
  const cell = column.index < 0 ? undefined : row.cells[column.index];
  if (typeof cell === "number") return cell;
  const text = cellText(cell).trim();
  if (text === "") return Number.NaN;
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  return parseHumanDuration(text);
}

/**
 * The rows that pass every filter. A filter on a column the table does not have keeps every row (the column may
 * come back: a custom column still loading). `now` is for age ranges.
 */
export function applyColumnFilters(
  rows: readonly ListRow[],
  filters: readonly ColumnFilter[],
  columns: readonly ShownColumn[],
  now: number = Date.now(),
): readonly ListRow[] {
  const tests: ((row: ListRow, at: number) => boolean)[] = [];
  for (const filter of filters) {
    const column = columns.find((c) => c.definition.name === filter.column);
    if (!column) continue;
    if (filter.kind === "text") {
      const needle = filter.text.toLowerCase();
      if (needle) {
        const texts = lowerTexts(rows, column);
        tests.push((_, at) => (texts[at] as string).includes(needle));
      }
    } else if (filter.kind === "oneOf") {
      if (filter.values.length > 0) {
        const values = new Set(filter.values);
        tests.push((row) => values.has(textOf(row, column)));
      }
    } else if (filter.min !== undefined || filter.max !== undefined) {
      const { min, max } = filter;
      tests.push((row) => {
        const value = numberOf(row, column, now);
        if (Number.isNaN(value)) return false;
        return (min === undefined || value >= min) && (max === undefined || value <= max);
      });
    }
  }
  if (tests.length === 0) return rows;
  return rows.filter((row, at) => tests.every((test) => test(row, at)));
}

/** Lower-cased cell texts per rows array and column (by cell index): computed on a filter's first keystroke, then
 * each further keystroke over the same rows only searches them. Dropped with the rows array. */
const LOWER_TEXTS = new WeakMap<readonly ListRow[], Map<number, readonly string[]>>();

function lowerTexts(rows: readonly ListRow[], column: ShownColumn): readonly string[] {
  let byColumn = LOWER_TEXTS.get(rows);
  if (!byColumn) {
    byColumn = new Map();
    LOWER_TEXTS.set(rows, byColumn);
  }
  let texts = byColumn.get(column.index);
  if (!texts) {
    texts = rows.map((row) => textOf(row, column).toLowerCase());
    byColumn.set(column.index, texts);
  }
  return texts;
}
