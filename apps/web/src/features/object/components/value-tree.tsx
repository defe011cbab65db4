import type { SchemaField } from "@loupe/protocol";
import { useMemo, useState } from "react";
import { displayScalar, foldedText } from "../utils/value-format.ts";
import { summary, type TreeOptions, type ValueNode, valueTree } from "../utils/value-tree.ts";

/**
 * The object's own values (spec, status, and a kind's other top-level fields such as a ConfigMap's data) as a
 * readable tree: scalars inline, maps and lists collapsible (open to two levels when small), long strings folded,
 * quantities and times with a reading beside them, and each field's schema description on hover. Everything is
 * rendered as text.
 */
export function ValueTreeCard({
  object,
  fields,
  now,
  options,
}: {
  object: Record<string, unknown>;
  /** The kind's field tree (from the schema route); empty while loading or when the kind has none. */
  fields: readonly SchemaField[];
  now: number;
  options?: TreeOptions;
}) {
  const roots = useMemo(() => valueTree(object, fields, options), [object, fields, options]);
  if (roots.length === 0) return null;
  return (
    <section className="card value-tree-card" aria-labelledby="values-heading">
      <h3 id="values-heading">Spec and status</h3>
      <ul className="value-tree" aria-label="Object values">
        {roots.map((node) => (
          <TreeItem key={node.path} node={node} depth={0} now={now} />
        ))}
      </ul>
    </section>
  );
}

function tooltip(node: ValueNode): string | undefined {
  const field = node.field;
  if (!field) return undefined;
  const head = `${node.path.replace(/\[\d+\]/g, "[]")} ${field.type}${field.required ? " (required)" : ""}`;
  return field.description ? `${head}\n\n${field.description}` : head;
}

function TreeItem({ node, depth, now }: { node: ValueNode; depth: number; now: number }) {
  // Open at first: the top three levels when small, and short lists of scalars at any depth.
  const scalars = node.shape === "list" && node.size <= 5 && node.children.every((c) => c.shape === "scalar");
  const [open, setOpen] = useState((depth < 3 && node.size <= 25) || scalars);
  const title = tooltip(node);
  if (node.shape === "scalar") {
    return (
      <li className="vt-row">
        <span className="vt-key" title={title}>
          {node.label}
        </span>
        <Scalar node={node} now={now} />
      </li>
    );
  }
  const empty = node.size === 0;
  return (
    <li className="vt-row vt-branch">
      <button
        type="button"
        className="vt-toggle"
        aria-expanded={empty ? undefined : open}
        disabled={empty}
        onClick={() => setOpen((o) => !o)}
        title={title}
      >
        <span aria-hidden="true" className="vt-caret">
          {empty ? " " : open ? "▾" : "▸"}
        </span>
        <span className="vt-key">{node.label}</span>
      </button>
      {!open || empty ? (
        <span className="vt-summary muted">{empty ? (node.shape === "list" ? "[]" : "{}") : summary(node)}</span>
      ) : null}
      {open && !empty ? (
        <ul className="value-tree">
          {node.children.map((child) => (
            <TreeItem key={child.path} node={child} depth={depth + 1} now={now} />
          ))}
          {node.omitted > 0 ? <li className="vt-row muted">… {node.omitted} more (see the YAML tab)</li> : null}
        </ul>
      ) : null}
    </li>
  );
}

function Scalar({ node, now }: { node: ValueNode; now: number }) {
  const [unfolded, setUnfolded] = useState(false);
  const shown = displayScalar(node.value, {
    key: node.label,
    parentKey: node.parentKey,
    schemaType: node.field?.type,
    format: node.field?.format,
    now,
  });
  const text = shown.foldable && !unfolded ? foldedText(shown.text) : shown.text;
  return (
    <span className={`vt-value vt-${shown.kind}`}>
      {shown.foldable && unfolded ? <pre className="vt-long">{text}</pre> : <span>{text}</span>}
      {shown.hint ? <span className="muted vt-hint"> ({shown.hint})</span> : null}
      {shown.foldable ? (
        <button type="button" className="link-button vt-fold" onClick={() => setUnfolded((u) => !u)}>
          {unfolded ? "fold" : `show all ${shown.text.length} characters`}
        </button>
      ) : null}
    </span>
  );
}
