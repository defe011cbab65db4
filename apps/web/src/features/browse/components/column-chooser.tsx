import { useEffect, useState } from "react";
import { type AvailableColumn, explicitOrder, move } from "../utils/column-model.ts";
import { EMPTY_LAYOUT, MAX_WIDTH, MIN_WIDTH, type TableLayout } from "../utils/table-layout.ts";
import { CustomColumnForm } from "./custom-column-form.tsx";

/**
 * The "Columns" panel: every column the table can show (the API server's of every priority, Namespace, custom
 * ones) with a checkbox to show it, buttons to move it, a width, and the form to add a JSONPath column.
 */
export function ColumnChooser({
  context,
  kind,
  available,
  shown,
  layout,
  onLayout,
}: {
  context: string;
  kind: { group: string; version: string; kind: string };
  available: readonly AvailableColumn[];
  shown: readonly AvailableColumn[];
  layout: TableLayout;
  onLayout: (layout: TableLayout) => void;
}) {
  const [open, setOpen] = useState(false);
  const order = explicitOrder(layout, shown);
  // Shown columns first in their order, then the hidden ones in the server's order.
  const listed = [
    ...order.flatMap((id) => available.find((c) => c.id === id) ?? []),
    ...available.filter((c) => !order.includes(c.id)),
  ];
  const setOrder = (next: string[]) => onLayout({ ...layout, order: next });
  const toggle = (id: string, visible: boolean) =>
    setOrder(visible ? [...order.filter((o) => o !== id), id] : order.filter((o) => o !== id));
  const setWidth = (id: string, text: string) => {
    const widths = { ...layout.widths };
    const px = Number(text);
    if (text === "" || !Number.isInteger(px)) delete widths[id];
    else widths[id] = Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, px));
    onLayout({ ...layout, widths });
  };
  const remove = (id: string) => {
    const widths = { ...layout.widths };
    delete widths[id];
    onLayout({
      order: layout.order?.filter((o) => o !== id),
      widths,
      custom: layout.custom.filter((c) => c.name !== id),
    });
  };
  return (
    <div className="column-chooser">
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open ? (
        <section className="column-panel" aria-label="Columns">
          <ul className="column-list">
            {listed.map((column) => {
              const visible = order.includes(column.id);
              return (
                <li key={column.id} className={visible ? "" : "muted"}>
                  <label className="field checkbox" title={column.definition.description}>
                    <input type="checkbox" checked={visible} onChange={(e) => toggle(column.id, e.target.checked)} />
                    <span>{column.id}</span>
                  </label>
                  {column.custom ? <code className="small">{column.definition.description}</code> : null}
                  {column.definition.priority > 0 ? <span className="tag">wide</span> : null}
                  <span className="column-actions">
                    <button
                      type="button"
                      aria-label={`Move ${column.id} up`}
                      disabled={!visible || order[0] === column.id}
                      onClick={() => setOrder(move(order, column.id, -1))}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      aria-label={`Move ${column.id} down`}
                      disabled={!visible || order[order.length - 1] === column.id}
                      onClick={() => setOrder(move(order, column.id, 1))}
                    >
                      ↓
                    </button>
                    <WidthInput
                      label={`Width of ${column.id} in pixels`}
                      value={layout.widths[column.id]}
                      onCommit={(text) => setWidth(column.id, text)}
                    />
                    {column.custom ? (
                      <button type="button" aria-label={`Remove column ${column.id}`} onClick={() => remove(column.id)}>
                        ✕
                      </button>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ul>
          <CustomColumnForm
            context={context}
            kind={kind}
            taken={available.map((c) => c.id)}
            onAdd={(column) =>
              onLayout({ ...layout, order: [...order, column.name], custom: [...layout.custom, column] })
            }
          />
          <p className="column-panel-footer">
            <button type="button" onClick={() => onLayout(EMPTY_LAYOUT)}>
              Reset to the server's columns
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </p>
        </section>
      ) : null}
    </div>
  );
}

/** A width in px, applied on Enter or when leaving the field (so typing "240" does not apply 2, then 24). */
function WidthInput({
  label,
  value,
  onCommit,
}: {
  label: string;
  value: number | undefined;
  onCommit: (text: string) => void;
}) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => setText(value === undefined ? "" : String(value)), [value]);
  return (
    <input
      type="number"
      className="width-input"
      aria-label={label}
      placeholder="auto"
      min={MIN_WIDTH}
      max={MAX_WIDTH}
      step={10}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={() => onCommit(text.trim())}
      onKeyDown={(e) => {
        if (e.key === "Enter") onCommit(text.trim());
      }}
    />
  );
}
