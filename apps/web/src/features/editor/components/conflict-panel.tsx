import { useMemo } from "react";
import { fieldChanges } from "../utils/changes.ts";
import { type KubeObject, parseEditorText } from "../utils/object-text.ts";
import { ChangeList } from "./change-list.tsx";
import { DiffView } from "./lazy-monaco.tsx";

/**
 * The 409 view of a replace: the object changed on the server after the user started. Shows what changed there
 * (the version they started from → the server's current one), what the user changed, and offers to rebase their
 * change onto the latest (then review again), to discard it for the latest, or to go back to the editor.
 * Nothing is overwritten from here.
 */
export function ConflictPanel({
  name,
  baseText,
  baseObject,
  baseResourceVersion,
  theirs,
  theirsText,
  text,
  onRebase,
  onDiscard,
  onBack,
}: {
  name: string;
  baseText: string;
  baseObject: KubeObject;
  baseResourceVersion: string;
  theirs: KubeObject;
  theirsText: string;
  text: string;
  onRebase: () => void;
  onDiscard: () => void;
  onBack: () => void;
}) {
  const serverChanges = useMemo(() => fieldChanges(baseObject, parseOrUndefined(theirsText)), [baseObject, theirsText]);
  const mine = useMemo(() => parseOrUndefined(text), [text]);
  const myChanges = useMemo(() => (mine ? fieldChanges(baseObject, mine) : []), [baseObject, mine]);
  const theirVersion = theirs.metadata?.resourceVersion ?? "?";
  return (
    <section className="conflict-panel" aria-labelledby="conflict-heading" data-testid="conflict-panel">
      <div role="alert" className="outcome failed stale">
        <strong id="conflict-heading">
          Conflict: {name} changed on the server since you started editing (resourceVersion {baseResourceVersion} →{" "}
          {theirVersion}).
        </strong>
        <p>Nothing was saved and nothing was overwritten. Your edit is kept.</p>
      </div>
      <div className="conflict-columns">
        <div>
          <h3>What changed on the server</h3>
          <ChangeList changes={serverChanges} label="Changes on the server" empty="Only bookkeeping fields changed." />
        </div>
        <div>
          <h3>Your change</h3>
          {mine ? (
            <ChangeList changes={myChanges} label="Your changes" empty="You changed nothing." />
          ) : (
            <p className="muted">Your text does not parse as YAML; fix it before rebasing.</p>
          )}
        </div>
      </div>
      <DiffView
        original={baseText}
        modified={theirsText}
        originalLabel={`You started from (resourceVersion ${baseResourceVersion})`}
        modifiedLabel={`The server now (resourceVersion ${theirVersion})`}
        height={360}
      />
      <div className="actions">
        <button type="button" className="primary" onClick={onRebase} disabled={!mine}>
          Rebase my change onto the latest
        </button>
        <button type="button" className="danger" onClick={onDiscard}>
          Discard my change and load the latest
        </button>
        <button type="button" onClick={onBack}>
          Back to the editor
        </button>
      </div>
    </section>
  );
}

function parseOrUndefined(text: string): KubeObject | undefined {
  const parsed = parseEditorText(text);
  return parsed.ok ? parsed.object : undefined;
}
