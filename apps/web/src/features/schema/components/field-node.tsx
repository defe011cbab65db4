import type { SchemaField } from "@loupe/protocol";
import { constraintsOf, valueText } from "../utils/field-tree.ts";

/** One field of the tree, kubectl-explain style, and (when open) its children. Text only: descriptions are data. */
export function FieldNode({
  field,
  open,
  toggle,
  highlight,
}: {
  field: SchemaField;
  open: ReadonlySet<string>;
  toggle: (path: string) => void;
  highlight: string | undefined;
}) {
  const children = field.children ?? [];
  const expanded = open.has(field.path);
  const constraints = constraintsOf(field);
  return (
    <li
      className={highlight === field.path ? "sb-field highlight" : "sb-field"}
      id={`field-${field.path}`}
      data-path={field.path}
    >
      <div className="sb-head">
        {children.length > 0 ? (
          <button
            type="button"
            className="sb-twisty"
            aria-expanded={expanded}
            aria-label={`${expanded ? "Collapse" : "Expand"} ${field.path}`}
            onClick={() => toggle(field.path)}
          >
            {expanded ? "▾" : "▸"}
          </button>
        ) : (
          <span className="sb-twisty" />
        )}
        <code className="sb-name">{field.name}</code>
        <span className="sb-type">{field.type}</span>
        {field.required ? <span className="sb-required">required</span> : null}
      </div>
      <div className="sb-body">
        {field.description ? <p className="sb-description">{field.description}</p> : null}
        <dl className="sb-facts">
          {field.enum ? (
            <>
              <dt>One of</dt>
              <dd>
                {field.enum.map((v) => (
                  <code key={JSON.stringify(v)} className="sb-enum-value">
                    {valueText(v)}
                  </code>
                ))}
              </dd>
            </>
          ) : null}
          {field.default !== undefined ? (
            <>
              <dt>Default</dt>
              <dd>
                <code>{valueText(field.default)}</code>
              </dd>
            </>
          ) : null}
          {constraints.length > 0 ? (
            <>
              <dt>Constraints</dt>
              <dd>{constraints.join(" · ")}</dd>
            </>
          ) : null}
          {field.validations?.length ? (
            <>
              <dt>Validation rules</dt>
              <dd>
                <ul className="sb-rules">
                  {field.validations.map((v) => (
                    <li key={v.rule}>
                      <code>{v.rule}</code>
                      {v.message ? <span> — {v.message}</span> : null}
                      {v.messageExpression ? <span className="muted"> (message: {v.messageExpression})</span> : null}
                      {v.fieldPath ? <span className="muted"> (at {v.fieldPath})</span> : null}
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      {children.length > 0 && expanded ? (
        <ul className="sb-children" aria-label={`Fields of ${field.path}`}>
          {children.map((child) => (
            <FieldNode key={child.path} field={child} open={open} toggle={toggle} highlight={highlight} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}
