import type { SchemaField } from "@loupe/protocol";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { useKindSchema } from "../../../lib/kind-schema.ts";
import { ancestorsOf, expandablePaths, filterFields, findField } from "../utils/field-tree.ts";
import { FieldNode } from "./field-node.tsx";
import "../schema.css";

/**
 * `kubectl explain` for any kind, from the schema route's field tree: every field with its type, required mark,
 * enum values, default, description, constraints and CEL validation rules, as an expandable tree with a filter.
 * `field` (e.g. from `?field=spec.replicas`) opens the tree down to that field and highlights it. `links` are the
 * caller's (back to the list, the editor, other versions): this view knows no routes.
 */
export function SchemaBrowser({
  context,
  group,
  version,
  kind,
  field,
  links,
}: {
  context: string;
  group: string;
  version: string;
  kind: string;
  field?: string | undefined;
  links?: ReactNode;
}) {
  const schema = useKindSchema(context, { group, version, kind });
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState<Set<string>>(() => new Set(["spec", ...(field ? ancestorsOf(field) : [])]));
  const all = schema.data?.fields;
  const filtered = useMemo(() => filterFields(all ?? [], query), [all, query]);
  const shownOpen = useMemo(() => new Set([...open, ...filtered.open]), [open, filtered.open]);

  useEffect(() => {
    if (!field || !all) return;
    const target = findField(all, field);
    if (!target) return;
    document.getElementById(`field-${field}`)?.scrollIntoView({ block: "center" });
  }, [field, all]);

  const toggle = (path: string) =>
    setOpen((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });

  const apiVersion = group ? `${group}/${version}` : version;
  return (
    <section className="schema-browser" aria-labelledby="schema-heading">
      <header className="view-header">
        <div>
          <h2 id="schema-heading">{kind} fields</h2>
          <p className="muted subtitle">
            kubectl explain {kind.toLowerCase()} --api-version={apiVersion} --recursive
          </p>
        </div>
        {links ? (
          <nav className="sb-links" aria-label="Schema links">
            {links}
          </nav>
        ) : null}
      </header>
      {schema.isError ? (
        <ErrorNote
          error={schema.error}
          onRetry={() => void schema.refetch()}
          action={`read the schema of ${kind} (${apiVersion})`}
        />
      ) : null}
      {schema.isPending ? <p className="muted">Loading the schema of {kind}…</p> : null}
      {all ? (
        <>
          <div className="schema-toolbar">
            <label>
              Filter fields{" "}
              <input
                type="search"
                value={query}
                placeholder="name, path or words of a description"
                onChange={(e) => setQuery(e.target.value)}
              />
            </label>
            {query ? (
              <span className="muted" role="status">
                {filtered.matches} {filtered.matches === 1 ? "match" : "matches"}
              </span>
            ) : null}
            <button type="button" onClick={() => setOpen(new Set(expandablePaths(all)))}>
              Expand all
            </button>
            <button type="button" onClick={() => setOpen(new Set())}>
              Collapse all
            </button>
          </div>
          <ul aria-label={`Fields of ${kind}`} className="sb-tree">
            {filtered.fields.map((f: SchemaField) => (
              <FieldNode key={f.path} field={f} open={shownOpen} toggle={toggle} highlight={field} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
