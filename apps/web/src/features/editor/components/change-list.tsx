import { type FieldChange, shortValue } from "../utils/changes.ts";

/** Field-level changes as a list ("spec.replicas: 3 → 5"), the text companion of a diff. */
export function ChangeList({
  changes,
  label,
  empty,
}: {
  changes: readonly FieldChange[];
  label: string;
  empty: string;
}) {
  if (changes.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="change-list" aria-label={label}>
      {changes.map((c) => (
        <li key={c.path}>
          <code>{c.path}</code>: <span className="before">{shortValue(c.before)}</span> →{" "}
          <span className="after">{shortValue(c.after)}</span>
        </li>
      ))}
    </ul>
  );
}
