import { useMemo } from "react";
import type { Problem } from "../monaco/yaml-editor.tsx";
import { fieldChanges, shortValue } from "../utils/changes.ts";
import { parseEditorText } from "../utils/object-text.ts";
import type { MergeConflict, Pick } from "../utils/three-way.ts";
import { ChangeList } from "./change-list.tsx";
import { DiffView } from "./lazy-monaco.tsx";

/**
 * Review before a write: the diff of what the user started from against their edit, the changed fields in words,
 * how it will be written, the editor's open problems (a save may still be forced: the server has the last word),
 * and after a rebase the fields both sides changed. Apply, dry run, or go back.
 */
export function ReviewPanel({
  baseText,
  text,
  baseLabel,
  how,
  problems,
  rebased,
  onPick,
  busy,
  applyLabel,
  heading = "Review your change",
  modifiedLabel = "Your edit",
  onApply,
  onDryRun,
  onBack,
}: {
  baseText: string;
  text: string;
  baseLabel: string;
  /** How Apply writes, e.g. "Replace (PUT) at resourceVersion 41". */
  how: string;
  problems: readonly Problem[];
  rebased: { conflicts: MergeConflict[]; from: string; to: string; picks?: Record<string, Pick> } | null;
  /** Picks, for one conflict, the user's value or the server's (the text follows). */
  onPick?: (path: string, pick: Pick) => void;
  busy: string | null;
  applyLabel: string;
  heading?: string;
  modifiedLabel?: string;
  onApply: () => void;
  onDryRun: () => void;
  onBack: () => void;
}) {
  const changes = useMemo(() => {
    // An empty base is a new object: every field is added.
    const before = baseText === "" ? { ok: true as const, object: {} } : parseEditorText(baseText);
    const after = parseEditorText(text);
    return before.ok && after.ok ? fieldChanges(before.object, after.object) : null;
  }, [baseText, text]);
  const errors = problems.filter((p) => p.severity === "error");
  return (
    <section className="review-panel" aria-labelledby="review-heading" data-testid="review-panel">
      <h3 id="review-heading">{heading}</h3>
      {rebased ? (
        <div role="status" className="outcome rebased">
          <strong>
            Rebased your change onto the latest version (resourceVersion {rebased.from} → {rebased.to}).
          </strong>
          {rebased.conflicts.length === 0 ? (
            <p>No field was changed by both you and the server.</p>
          ) : (
            <>
              <p>
                Both you and the server changed {rebased.conflicts.length === 1 ? "this field" : "these fields"}: pick
                the value to keep for each (yours by default). The text and the diff below follow your picks.
              </p>
              <table className="conflict-table" aria-label="Rebase conflicts">
                <thead>
                  <tr>
                    <th scope="col">Field</th>
                    <th scope="col">Was</th>
                    <th scope="col">Server's value</th>
                    <th scope="col">Your value</th>
                    <th scope="col">Keep</th>
                  </tr>
                </thead>
                <tbody>
                  {rebased.conflicts.map((c) => {
                    const pick = rebased.picks?.[c.path] ?? "mine";
                    return (
                      <tr key={c.path} data-path={c.path}>
                        <td>
                          <code>{c.path}</code>
                        </td>
                        <td className="muted">{shortValue(c.base)}</td>
                        <td className={pick === "theirs" ? "picked" : undefined}>{shortValue(c.theirs)}</td>
                        <td className={pick === "mine" ? "picked" : undefined}>{shortValue(c.mine)}</td>
                        <td>
                          <fieldset className="pick" disabled={!onPick || busy !== null}>
                            <legend className="visually-hidden">Keep for {c.path}</legend>
                            <label>
                              <input
                                type="radio"
                                name={`pick-${c.path}`}
                                checked={pick === "mine"}
                                onChange={() => onPick?.(c.path, "mine")}
                              />
                              Yours
                            </label>
                            <label>
                              <input
                                type="radio"
                                name={`pick-${c.path}`}
                                checked={pick === "theirs"}
                                onChange={() => onPick?.(c.path, "theirs")}
                              />
                              Server's
                            </label>
                          </fieldset>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </>
          )}
        </div>
      ) : null}
      <p className="muted">{how}</p>
      {changes ? (
        <ChangeList
          changes={changes}
          label="Changed fields"
          empty="No field changed: applying would write the same object."
        />
      ) : (
        <p className="muted">The text does not parse as YAML: the server will refuse it.</p>
      )}
      {errors.length > 0 ? (
        <p role="alert" className="warning">
          The editor found {errors.length} {errors.length === 1 ? "problem" : "problems"} (first: line {errors[0]?.line}
          , {errors[0]?.message}). You can still apply: the server decides, and says why if it refuses.
        </p>
      ) : null}
      <DiffView original={baseText} modified={text} originalLabel={baseLabel} modifiedLabel={modifiedLabel} />
      <div className="actions">
        <button type="button" className="primary" onClick={onApply} disabled={busy !== null}>
          {applyLabel}
        </button>
        <button type="button" onClick={onDryRun} disabled={busy !== null}>
          Dry run
        </button>
        <button type="button" onClick={onBack} disabled={busy !== null}>
          Back to editing
        </button>
        {busy ? <span className="muted">{busy}</span> : null}
      </div>
    </section>
  );
}
