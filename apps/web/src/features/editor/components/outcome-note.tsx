import type { ReactNode } from "react";
import type { Failure } from "../utils/save-errors.ts";
import { managerNames } from "../utils/save-errors.ts";

/**
 * What the server said about a save, dry run or create, in plain words: success with the new resourceVersion, a
 * dry run's verdict, or a failure with the server's message and causes. Every failure says that the text is kept.
 * Field-manager conflicts list the fields and their managers and offer "force" — the explicit second step.
 */
export function FailureNote({
  failure,
  what,
  dryRun,
  onForce,
  onDismiss,
  busy,
  drafted = true,
}: {
  failure: Failure;
  /** What was attempted, e.g. `update crontabs.stable.example.com "x" in namespace "y"`. */
  what: string;
  dryRun: boolean;
  /** Offered for field-manager conflicts: repeat the apply with `force=true`. */
  onForce?: (() => void) | undefined;
  onDismiss: () => void;
  busy: boolean;
  /** The text is kept as a draft in the browser (never for a Secret). */
  drafted?: boolean;
}) {
  const reason = failure.status ? `HTTP ${failure.status}` : failure.kind === "network" ? "network" : "";
  return (
    <div role="alert" className={`outcome failed ${failure.kind}`} data-testid="save-failure">
      <strong>{headline(failure, what, dryRun)}</strong>
      <p className="error-message">
        {failure.message} {reason ? <span className="muted">({reason})</span> : null}
      </p>
      {failure.fieldCauses.length > 0 ? (
        <ul className="causes" aria-label="Fields the server refused">
          {failure.fieldCauses.map((c) => (
            <li key={`${c.field}:${c.message}`}>
              <code>{c.field}</code>: {c.message ?? c.reason}
            </li>
          ))}
        </ul>
      ) : null}
      {failure.otherCauses.length > 0 ? (
        <ul className="causes">
          {failure.otherCauses.map((c) => (
            <li key={`${c.reason}:${c.message}`}>{c.message ?? c.reason}</li>
          ))}
        </ul>
      ) : null}
      {failure.kind === "managers" ? <ManagerTable failure={failure} /> : null}
      <p className="kept">
        {dryRun ? "Dry run: nothing was saved." : "Nothing was saved."} Your text is still in the editor
        {failure.kind === "syntax" || failure.kind === "masked" || !drafted
          ? "."
          : ", and kept as a draft in this browser."}
      </p>
      <div className="actions">
        {failure.kind === "managers" && onForce ? (
          <button type="button" className="danger" disabled={busy} onClick={onForce}>
            Force apply: take these fields from {managerNames(failure.managers).join(", ")}
          </button>
        ) : null}
        <button type="button" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

function ManagerTable({ failure }: { failure: Failure }) {
  const names = managerNames(failure.managers);
  return (
    <>
      <p>
        These fields are owned by {names.length === 1 ? "the field manager" : "the field managers"}{" "}
        {names.map((n, i) => (
          <span key={n}>
            {i > 0 ? ", " : ""}
            <strong className="manager">{n}</strong>
          </span>
        ))}
        . Server-side apply refuses to change them unless Loupe ("loupe") takes them over. Change them back to the
        owner's values, or force the apply to become their owner (the other manager may change them again).
      </p>
      <table className="manager-table">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Owned by</th>
          </tr>
        </thead>
        <tbody>
          {failure.managers.map((m) => (
            <tr key={`${m.manager}:${m.field}`}>
              <td>
                <code>{m.field}</code>
              </td>
              <td>
                {m.manager}
                {m.apiVersion ? <span className="muted"> (using {m.apiVersion})</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function headline(failure: Failure, what: string, dryRun: boolean): string {
  const prefix = dryRun ? "Dry run: " : "";
  switch (failure.kind) {
    case "syntax":
      return "The text is not one valid YAML object: nothing was sent";
    case "masked":
      return "The text holds masked Secret values: nothing was sent";
    case "invalid":
      return `${prefix}The server refused the object: it is invalid`;
    case "forbidden":
      return `${prefix}Permission denied: you may not ${what}`;
    case "not-found":
      return `${prefix}Not found: the object (or its namespace) does not exist any more`;
    case "exists":
      return `${prefix}An object with this name already exists`;
    case "network":
      return "Loupe's server cannot be reached";
    case "managers":
      return `${prefix}Conflict: other field managers own fields this apply changes`;
    case "stale":
      return `${prefix}Conflict: the object changed on the server`;
    default:
      return `${prefix}Could not ${what}`;
  }
}

/** A success line (saved, created, dry run accepted), with optional details and actions. */
export function SuccessNote({ children, onDismiss }: { children: ReactNode; onDismiss: () => void }) {
  return (
    <div role="status" className="outcome ok" data-testid="save-success">
      <div>{children}</div>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
