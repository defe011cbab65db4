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

/** The user's changes the server did not keep, said after a save or dry run (never silently dropped). */
export function NotKept({ changes, status }: { changes: readonly FieldChange[]; status: boolean }) {
  if (changes.length === 0) return null;
  return (
    <div className="not-kept" data-testid="not-kept">
      <p className="warning">
        The server did not keep {changes.length === 1 ? "this change" : "these changes"} of yours (
        {status ? "the status subresource saves only status" : "a subresource, pruning or a webhook decided so"}
        ); your value → what the server has:
      </p>
      <ChangeList changes={changes} label="Changes the server did not keep" empty="" />
    </div>
  );
}
