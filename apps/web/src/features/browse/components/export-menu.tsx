import type { KubeObject } from "@loupe/protocol";
import { useState } from "react";
import { api } from "../../../lib/api.ts";
import { apiUrl, type ResourceTarget } from "../../../lib/resource-path.ts";
import { csvParts, type ExportColumn, type KubectlView, kubectlCommand, toJson } from "../utils/export-table.ts";
import type { ListRow } from "../utils/table-rows.ts";

/** Saves `parts` (one file's text in order) as a file through the browser's download. */
function download(name: string, type: string, parts: string | readonly string[]): void {
  const url = URL.createObjectURL(new Blob(typeof parts === "string" ? [parts] : [...parts], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Export of the table as shown — its visible rows in order and visible columns, as CSV or JSON — and of the full
 * objects of those rows as multi-document YAML (read from the API server through Loupe; a Secret's values are
 * masked unless the user asks for them), plus "Copy kubectl" for the view.
 */
export function ExportMenu({
  context,
  target,
  labelSelector,
  fieldSelector,
  fileName,
  columns,
  rows,
  kubectl,
  secrets,
}: {
  context: string;
  target: ResourceTarget;
  labelSelector: string;
  fieldSelector: string;
  /** Base name of the files, e.g. `deployments`. */
  fileName: string;
  columns: readonly ExportColumn<ListRow>[];
  rows: readonly ListRow[];
  kubectl: KubectlView;
  /** The rows are core/v1 Secrets: the YAML export masks their values unless "include values" is ticked. */
  secrets: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [reveal, setReveal] = useState(false);
  const [note, setNote] = useState<string>("");
  const yaml = async () => {
    setNote("Reading the objects…");
    try {
      const list = await api<{ apiVersion?: string; kind?: string; items: KubeObject[] }>(
        apiUrl(context, target, { as: "object", labelSelector, fieldSelector }),
        { revealSecrets: secrets && reveal },
      );
      const byKey = new Map(
        list.items.map((o) => [o.metadata.uid ?? `${o.metadata.namespace ?? ""}/${o.metadata.name}`, o]),
      );
      // A list's items carry no apiVersion and kind: give them the list's, as `kubectl get -o yaml` does.
      const kind = list.kind?.replace(/List$/, "");
      const objects = rows.flatMap((row) => {
        const object = byKey.get(row.key);
        return object ? [{ apiVersion: list.apiVersion, kind, ...object }] : [];
      });
      // The YAML library is loaded on this first use: the table's first paint does not wait for it.
      const { stringify } = await import("yaml");
      const text = objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
      download(`${fileName}.yaml`, "application/yaml", text);
      const missing = rows.length - objects.length;
      setNote(
        `${objects.length} ${kind ?? "object"}${objects.length === 1 ? "" : "s"} exported${missing > 0 ? `; ${missing} gone since` : ""}.`,
      );
    } catch (error) {
      setNote(`Export failed: ${(error as Error).message}`);
    }
  };
  const copy = async () => {
    const command = kubectlCommand(kubectl);
    try {
      await navigator.clipboard.writeText(command);
      setNote("Copied.");
    } catch {
      setNote("The browser refused the clipboard: copy the command below.");
    }
  };
  return (
    <div className="export-menu">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Export
      </button>
      {open ? (
        <section className="export-panel" aria-label="Export">
          <p className="muted small">
            {rows.length} rows × {columns.length} columns, as shown.
          </p>
          <button type="button" onClick={() => download(`${fileName}.csv`, "text/csv", csvParts(columns, rows))}>
            CSV
          </button>
          <button type="button" onClick={() => download(`${fileName}.json`, "application/json", toJson(columns, rows))}>
            JSON
          </button>
          <button type="button" onClick={() => void yaml()}>
            Full objects (YAML)
          </button>
          {secrets ? (
            <label className="field checkbox">
              <input type="checkbox" checked={reveal} onChange={(e) => setReveal(e.target.checked)} />
              <span>Include Secret values</span>
            </label>
          ) : null}
          <button type="button" onClick={() => void copy()}>
            Copy kubectl
          </button>
          <code className="kubectl-command">{kubectlCommand(kubectl)}</code>
          <p className="muted small" role="status">
            {note}
          </p>
        </section>
      ) : null}
    </div>
  );
}
