/**
 * Export of what a table shows — exactly its visible rows, in their order, and its visible columns, with the
 * text each cell shows — and the kubectl command of the current view. Pure.
 */

/** A visible column: its header and the text of its cell in a row. */
export interface ExportColumn<T> {
  header: string;
  text: (row: T) => string;
}

/**
 * A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first) gets a leading `'`, unless it is
 * a plain number: object names and labels are attacker-controlled (CSV injection).
 */
function defuse(text: string): string {
  if (/^[=+\-@\t\r]/.test(text) && !/^[-+]?\d+(\.\d+)?$/.test(text)) return `'${text}`;
  return text;
}

function csvField(text: string): string {
  const safe = defuse(text);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Rows per part of {@link csvParts}: parts of ~100 KB, each short-lived, instead of one string of the whole file. */
const CSV_PART_ROWS = 1_000;

/**
 * RFC 4180 CSV in parts (a header line, then one line per row, CRLF line ends), for a Blob: the browser copies
 * each part out of the JS heap, so 100,000 rows never exist as one string nor as 100,000 line strings at once.
 */
export function csvParts<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string[] {
  const parts = [`${columns.map((c) => csvField(c.header)).join(",")}\r\n`];
  for (let from = 0; from < rows.length; from += CSV_PART_ROWS) {
    let part = "";
    const to = Math.min(rows.length, from + CSV_PART_ROWS);
    for (let at = from; at < to; at++) {
      const row = rows[at] as T;
      let line = "";
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) line += ",";
        line += csvField((columns[c] as ExportColumn<T>).text(row));
      }
      part += `${line}\r\n`;
    }
    parts.push(part);
  }
  return parts;
}

/** RFC 4180 CSV as one string (see {@link csvParts}). */
export function toCsv<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  return csvParts(columns, rows).join("");
}

/** A JSON array with one object per row, keyed by column header, in column order. */
export function toJson<T>(columns: readonly ExportColumn<T>[], rows: readonly T[]): string {
  const out = rows.map((row) => Object.fromEntries(columns.map((c) => [c.header, c.text(row)])));
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** Parses {@link toCsv}'s output back (for tests and for checking a download): rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** What `kubectl get` needs to show the current view. */
export interface KubectlView {
  resource: string;
  group: string;
  version: string;
  namespaced: boolean;
  /** undefined: all namespaces. */
  namespace: string | undefined;
  labelSelector: string;
  fieldSelector: string;
  wide: boolean;
  /** Custom columns shown (NAME and JSONPath); with any, the command prints `-o custom-columns`. */
  custom: readonly { name: string; jsonPath: string }[];
  context: string;
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:=,@%+-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** kubectl's custom-columns accepts `.a.b` or `{.a.b}`: one path, no literal text. */
function relaxedPath(jsonPath: string): string {
  const trimmed = jsonPath.trim();
  return trimmed.startsWith("{") || trimmed.startsWith(".") ? trimmed : `.${trimmed}`;
}

/**
 * `kubectl get` for the view: the resource fully qualified (`crontabs.v1.stable.example.com`), namespace or
 * `-A`, selectors, `-o wide`, or — with custom columns — `-o custom-columns=` with name, namespace and them.
 * Loupe's own text and column filters have no kubectl equivalent and are left out.
 */
export function kubectlCommand(view: KubectlView): string {
  const resource = view.group ? `${view.resource}.${view.version}.${view.group}` : view.resource;
  const args = ["kubectl", "--context", view.context, "get", resource];
  if (view.namespaced) {
    if (view.namespace) args.push("-n", view.namespace);
    else args.push("-A");
  }
  if (view.labelSelector) args.push("-l", view.labelSelector);
  if (view.fieldSelector) args.push("--field-selector", view.fieldSelector);
  if (view.custom.length > 0) {
    const columns = [
      ...(view.namespaced && !view.namespace ? ["NAMESPACE:.metadata.namespace"] : []),
      "NAME:.metadata.name",
      ...view.custom.map((c) => `${c.name.toUpperCase().replace(/\s+/g, "_")}:${relaxedPath(c.jsonPath)}`),
    ];
    args.push("-o", `custom-columns=${columns.join(",")}`);
  } else if (view.wide) args.push("-o", "wide");
  return args.map(shellQuote).join(" ");
}
