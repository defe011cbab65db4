import type { Table } from "@loupe/protocol";
import { ageOf, cellText } from "../../../lib/format.ts";
import { formatTime } from "../utils/value-format.ts";

/**
 * The object's printer columns, as its list shows them (every column, the wide ones too), from the server's Table
 * for this one object; the name column is the page's heading already and is left out.
 */
export function PrinterColumnsCard({
  table,
  name,
  now,
  error,
}: {
  table: Table | undefined;
  name: string;
  now: number;
  error: Error | null;
}) {
  const row = table?.rows.find((r) => r.object.metadata.name === name);
  if (error && !table) {
    return (
      <section className="card" aria-labelledby="columns-heading">
        <h3 id="columns-heading">Columns</h3>
        <p className="muted">The columns could not be read: {error.message}</p>
      </section>
    );
  }
  if (!table || !row) return null;
  const columns = table.columnDefinitions
    .map((definition, index) => ({ definition, index }))
    .filter(({ definition, index }) => !(definition.format === "name" || (index === 0 && definition.name === "Name")));
  if (columns.length === 0) return null;
  return (
    <section className="card" aria-labelledby="columns-heading">
      <h3 id="columns-heading">Columns</h3>
      <dl className="facts printer-columns" aria-label="Printer columns">
        {columns.map(({ definition, index }) => {
          const cell = row.cells[index];
          const text = cellText(cell);
          const time = definition.type === "date" ? formatTime(text) : undefined;
          return (
            <div key={definition.name} className="facts-row">
              <dt title={definition.description || undefined}>
                {definition.name}
                {definition.priority > 0 ? <span className="tag">wide</span> : null}
              </dt>
              <dd>
                {time ? (
                  <span title={time}>{ageOf(text, now)}</span>
                ) : text === "" ? (
                  <span className="muted">—</span>
                ) : (
                  text
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
