import type { CustomColumn } from "@loupe/protocol";

/**
 * How the user arranged a kind's table: which columns show and in what order, their widths, and their own
 * JSONPath columns. Carried in the URL (so a link shows the same table) and remembered per kind in localStorage
 * (so the next visit without one does too). Pure functions; column ids are column names (the API server's, the
 * custom columns', or "Namespace"), so any column — a Health column too — is just one more id.
 *
 * URL form, readable and editable by hand:
 * - `cols=Name,Namespace,Ready,Age` — the visible columns in order (absent: the server's default choice);
 * - `w=Name:240,Age:80` — widths in px (absent: automatic);
 * - `cc=Replicas:{.spec.replicas}` — a custom column, repeatable, in kubectl's `NAME:JSONPATH` form.
 */
export interface TableLayout {
  /** Visible column ids in order; undefined: the default (priority 0, or all with "wide"; custom columns last). */
  order: string[] | undefined;
  widths: Record<string, number>;
  custom: CustomColumn[];
}

export const EMPTY_LAYOUT: TableLayout = { order: undefined, widths: {}, custom: [] };

/** Characters a custom column's name may not contain (they separate the URL's fields and filters). */
export const RESERVED_NAME_CHARACTERS = /[,:=~|]/;
/** Width limits of a column, in px. */
export const MIN_WIDTH = 40;
export const MAX_WIDTH = 1200;

const LAYOUT_PARAMS = ["cols", "w", "cc"] as const;

/** Whether the URL says anything about the layout (then it wins over what the browser remembers). */
export function hasLayoutParams(params: URLSearchParams): boolean {
  return LAYOUT_PARAMS.some((name) => params.has(name));
}

/** The layout's params as one string, to compare two URLs' layouts by value (other params left out). */
export function layoutParamsText(params: URLSearchParams): string {
  return JSON.stringify(LAYOUT_PARAMS.map((name) => params.getAll(name)));
}

/** The layout the URL describes; malformed parts are skipped (a hand-edited link still opens). */
export function layoutFromParams(params: URLSearchParams): TableLayout {
  const cols = params.get("cols");
  const order = cols === null ? undefined : cols.split(",").filter(Boolean);
  const widths: Record<string, number> = {};
  for (const part of (params.get("w") ?? "").split(",")) {
    const at = part.lastIndexOf(":");
    if (at <= 0) continue;
    const px = Number(part.slice(at + 1));
    if (Number.isInteger(px) && px >= MIN_WIDTH && px <= MAX_WIDTH) widths[part.slice(0, at)] = px;
  }
  const custom: CustomColumn[] = [];
  for (const value of params.getAll("cc")) {
    const at = value.indexOf(":");
    const name = value.slice(0, at).trim();
    const jsonPath = value.slice(at + 1).trim();
    if (at > 0 && name && jsonPath && !custom.some((c) => c.name === name)) custom.push({ name, jsonPath });
  }
  return { order, widths, custom };
}

/** Writes `layout` into a copy of `params` (an empty layout removes its params). */
export function layoutToParams(layout: TableLayout, params: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const name of LAYOUT_PARAMS) next.delete(name);
  if (layout.order) next.set("cols", layout.order.join(","));
  const widths = Object.entries(layout.widths).map(([id, px]) => `${id}:${px}`);
  if (widths.length > 0) next.set("w", widths.join(","));
  for (const column of layout.custom) next.append("cc", `${column.name}:${column.jsonPath}`);
  return next;
}

/** The localStorage key of a kind's layout: per group and resource (every version shows the same kind). */
export function layoutStorageKey(group: string, resource: string): string {
  return `loupe.table-layout.${group || "core"}.${resource}`;
}

/** The remembered layout, or undefined when none (or what is stored is not one). */
export function readStoredLayout(storage: Pick<Storage, "getItem">, key: string): TableLayout | undefined {
  try {
    const text = storage.getItem(key);
    if (!text) return undefined;
    const params = new URLSearchParams(text);
    return hasLayoutParams(params) ? layoutFromParams(params) : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers `layout` (an empty one forgets). Storage errors (full, disabled) are ignored: the URL still has it. */
export function storeLayout(storage: Pick<Storage, "setItem" | "removeItem">, key: string, layout: TableLayout): void {
  try {
    const text = layoutToParams(layout, new URLSearchParams()).toString();
    if (text) storage.setItem(key, text);
    else storage.removeItem(key);
  } catch {
    // Nothing to do: the layout is in the URL.
  }
}

/** Problems with a new custom column's name, or undefined when it may be added. */
export function customNameProblem(name: string, taken: readonly string[]): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return "Give the column a name.";
  if (trimmed.length > 63) return "At most 63 characters.";
  if (RESERVED_NAME_CHARACTERS.test(trimmed)) return "A name cannot contain , : = ~ or |.";
  if (taken.includes(trimmed)) return `There is a column named ${trimmed} already.`;
  return undefined;
}
