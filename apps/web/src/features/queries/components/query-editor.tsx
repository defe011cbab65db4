import type { CelColumn } from "@loupe/protocol";
import { QUERY_LIMITS } from "@loupe/protocol/constants";
import type { SavedQuery } from "../utils/saved-queries.ts";
import { CelField } from "./cel-field.tsx";

/** The fields of a CEL query: name, kinds, namespace, label selector, expression, columns. */
export function QueryEditor({ query, onChange }: { query: SavedQuery; onChange: (query: SavedQuery) => void }) {
  const set = (patch: Partial<SavedQuery>) => onChange({ ...query, ...patch });
  const setColumn = (i: number, patch: Partial<CelColumn>) =>
    set({ columns: query.columns.map((c, j) => (i === j ? { ...c, ...patch } : c)) });
  return (
    <div className="query-editor">
      <div className="query-form-row">
        <label>
          Name <input value={query.name} onChange={(e) => set({ name: e.target.value })} maxLength={100} />
        </label>
        <label className="grow">
          Kinds{" "}
          <input
            value={query.kinds.join(", ")}
            onChange={(e) => set({ kinds: e.target.value.split(",").map((k) => k.trim()) })}
            placeholder="Deployment, apps, *.upbound.io"
            spellCheck={false}
          />
        </label>
        <label>
          Namespace{" "}
          <input
            value={query.namespace}
            onChange={(e) => set({ namespace: e.target.value })}
            placeholder="all"
            spellCheck={false}
          />
        </label>
        <label>
          Label selector{" "}
          <input
            value={query.labelSelector}
            onChange={(e) => set({ labelSelector: e.target.value })}
            placeholder="app=web"
            spellCheck={false}
          />
        </label>
      </div>
      <span className="field-label">
        Expression (CEL over <code>object</code>: metadata and status, and <code>health</code>)
      </span>
      <CelField
        label="Expression"
        value={query.expression}
        onChange={(expression) => set({ expression })}
        celRole="filter"
        rows={4}
      />
      <span className="field-label">Columns</span>
      {query.columns.map((column, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: columns have no identity but their place.
        <div className="query-column" key={i}>
          <input
            aria-label={`Column ${i + 1} name`}
            value={column.name}
            onChange={(e) => setColumn(i, { name: e.target.value })}
            placeholder="Name"
            maxLength={64}
          />
          <CelField
            label={`Column ${i + 1} expression`}
            value={column.expression}
            onChange={(expression) => setColumn(i, { expression })}
            celRole="value"
            rows={1}
          />
          <button type="button" onClick={() => set({ columns: query.columns.filter((_, j) => j !== i) })}>
            Remove
          </button>
        </div>
      ))}
      {query.columns.length < QUERY_LIMITS.columns ? (
        <button
          type="button"
          onClick={() => set({ columns: [...query.columns, { name: "", expression: "object.status.phase" }] })}
        >
          Add column
        </button>
      ) : null}
    </div>
  );
}
