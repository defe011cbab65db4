import { useDeferredValue, useMemo, useState } from "react";
import type { CrdObject } from "../api/get-crd.ts";
import { diffFields, type FieldChange, type SchemaField, schemaFields } from "../utils/schema-fields.ts";

/** Fields drawn at once; the filter narrows a huge schema (tens of thousands of fields) to what the user seeks. */
const SHOWN_FIELDS = 500;

/**
 * One version's schema as a field list (path, type, required, description), its printer columns, and the
 * structural differences between two versions (fields added, removed, retyped, newly required, other allowed
 * values). The chosen versions live in the URL (`v`, `from`, `to`).
 */
export function SchemaSection({
  crd,
  version,
  from,
  to,
  onVersion,
  onCompare,
  explainUrl,
}: {
  crd: CrdObject;
  version: string;
  from: string | undefined;
  to: string | undefined;
  onVersion: (version: string) => void;
  onCompare: (from: string | undefined, to: string | undefined) => void;
  explainUrl: (version: string) => string;
}) {
  const versions = crd.spec.versions;
  const selected = versions.find((v) => v.name === version) ?? versions[0];
  const { fields, truncated } = useMemo(() => schemaFields(selected?.schema?.openAPIV3Schema), [selected]);
  const [filter, setFilter] = useState("");
  const deferred = useDeferredValue(filter.trim().toLowerCase());
  const matching = useMemo(
    () =>
      deferred
        ? fields.filter(
            (f) => f.path.toLowerCase().includes(deferred) || f.description.toLowerCase().includes(deferred),
          )
        : fields,
    [fields, deferred],
  );
  const columns = selected?.additionalPrinterColumns ?? [];

  return (
    <>
      <section className="card section" aria-labelledby="crd-schema">
        <h3 id="crd-schema">Schema</h3>
        <div className="toolbar">
          <label className="field">
            <span>Version</span>
            <select
              aria-label="Schema version"
              value={selected?.name ?? ""}
              onChange={(e) => onVersion(e.target.value)}
            >
              {versions.map((v) => (
                <option key={v.name} value={v.name}>
                  {v.name}
                  {v.storage ? " (storage)" : ""}
                  {v.served ? "" : " (not served)"}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Find a field</span>
            <input
              type="search"
              aria-label="Find a field"
              value={filter}
              placeholder="path or description"
              onChange={(e) => setFilter(e.target.value)}
            />
          </label>
          <span className="muted small" role="status">
            {matching.length === fields.length
              ? `${fields.length} fields`
              : `${matching.length} of ${fields.length} fields`}
            {truncated ? " (the schema has more; the list stops here)" : ""}
          </span>
          {selected?.served ? <a href={explainUrl(selected.name)}>Open in the schema browser</a> : null}
        </div>
        {fields.length === 0 ? (
          <p className="empty">
            {selected?.schema?.openAPIV3Schema ? "This schema declares no fields." : "This version has no schema."}
          </p>
        ) : (
          <FieldTable fields={matching.slice(0, SHOWN_FIELDS)} label={`Fields of ${selected?.name}`} />
        )}
        {matching.length > SHOWN_FIELDS ? (
          <p className="muted small">
            Showing the first {SHOWN_FIELDS} of {matching.length}: find a field to narrow the list.
          </p>
        ) : null}
      </section>
      <section className="card section" aria-labelledby="crd-columns">
        <h3 id="crd-columns">
          Printer columns of {selected?.name} <span className="count">{columns.length}</span>
        </h3>
        {columns.length === 0 ? (
          <p className="empty">None: lists show Name and Age.</p>
        ) : (
          <table className="plain-table" aria-labelledby="crd-columns">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">JSONPath</th>
                <th scope="col">Priority</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>
              {columns.map((c) => (
                <tr key={c.name}>
                  <td>{c.name}</td>
                  <td className="field-type">{c.format ? `${c.type}(${c.format})` : c.type}</td>
                  <td className="field-path">{c.jsonPath}</td>
                  <td>{c.priority ? `${c.priority} (wide)` : "0"}</td>
                  <td className="wrap">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <SchemaDiff crd={crd} from={from} to={to} onCompare={onCompare} />
    </>
  );
}

function FieldTable({ fields, label }: { fields: readonly SchemaField[]; label: string }) {
  return (
    <div className="schema-fields">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.path}>
              <td className="field-path" style={{ paddingLeft: `${0.5 + f.depth * 0.9}rem` }}>
                {f.path.slice(f.path.lastIndexOf(".") + 1)}
                {f.required ? (
                  <span className="cond-false" title="required">
                    {" "}
                    *
                  </span>
                ) : null}
              </td>
              <td className="field-type">{f.type}</td>
              <td className="field-desc" title={f.description}>
                {f.enum ? `One of ${f.enum}. ` : ""}
                {f.description}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const CHANGE_WORDS: Record<FieldChange["change"], string> = {
  added: "added",
  removed: "removed",
  type: "type changed",
  required: "required changed",
  enum: "allowed values changed",
};

function SchemaDiff({
  crd,
  from,
  to,
  onCompare,
}: {
  crd: CrdObject;
  from: string | undefined;
  to: string | undefined;
  onCompare: (from: string | undefined, to: string | undefined) => void;
}) {
  const versions = crd.spec.versions;
  const storage = versions.find((v) => v.storage)?.name;
  const a = versions.find((v) => v.name === from) ?? versions.find((v) => v.name !== storage) ?? versions[0];
  const b = versions.find((v) => v.name === to) ?? versions.find((v) => v.name === storage) ?? versions[0];
  const changes = useMemo(
    () =>
      a && b
        ? diffFields(schemaFields(a.schema?.openAPIV3Schema).fields, schemaFields(b.schema?.openAPIV3Schema).fields)
        : [],
    [a, b],
  );
  if (versions.length < 2) return null;
  const describe = (c: FieldChange): string => {
    switch (c.change) {
      case "added":
        return c.to.type;
      case "removed":
        return c.from.type;
      case "type":
        return `${c.from.type} → ${c.to.type}`;
      case "required":
        return c.to.required ? "now required" : "no longer required";
      case "enum":
        return `${c.from.enum ?? "any"} → ${c.to.enum ?? "any"}`;
    }
  };
  return (
    <section className="card section" aria-labelledby="crd-diff">
      <h3 id="crd-diff">Differences between versions</h3>
      <div className="toolbar">
        <label className="field">
          <span>From</span>
          <select aria-label="Compare from" value={a?.name} onChange={(e) => onCompare(e.target.value, b?.name)}>
            {versions.map((v) => (
              <option key={v.name}>{v.name}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>To</span>
          <select aria-label="Compare to" value={b?.name} onChange={(e) => onCompare(a?.name, e.target.value)}>
            {versions.map((v) => (
              <option key={v.name}>{v.name}</option>
            ))}
          </select>
        </label>
        <span className="muted small" role="status">
          {changes.length === 0 ? "No structural difference." : `${changes.length} differences`}
        </span>
      </div>
      {changes.length > 0 ? (
        <div className="schema-fields">
          <table aria-label={`Differences from ${a?.name} to ${b?.name}`}>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Change</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {changes.slice(0, SHOWN_FIELDS).map((c) => (
                <tr key={`${c.change}:${c.path}`}>
                  <td className="field-path">{c.path}</td>
                  <td className={`change-${c.change}`}>{CHANGE_WORDS[c.change]}</td>
                  <td className="field-type">{describe(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
