import type { Draft } from "../utils/drafts.ts";

/** The unsaved draft found for this object, offered back (restore) or thrown away (discard). */
export function DraftOffer({
  draft,
  currentResourceVersion,
  onRestore,
  onDiscard,
}: {
  draft: Draft;
  /** The object's resourceVersion now; undefined for a new object. */
  currentResourceVersion: string | undefined;
  onRestore: () => void;
  onDiscard: () => void;
}) {
  const when = new Date(draft.savedAt).toLocaleString();
  const moved =
    currentResourceVersion !== undefined &&
    draft.baseResourceVersion !== "" &&
    draft.baseResourceVersion !== currentResourceVersion;
  return (
    <div role="alert" className="outcome draft" data-testid="draft-offer">
      <strong>You have an unsaved edit of this object from {when}.</strong>
      <p>
        It was kept in this browser.
        {moved
          ? ` The object has changed on the server since (resourceVersion ${draft.baseResourceVersion} → ${currentResourceVersion}): saving it will show the conflict and let you rebase.`
          : null}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={onRestore}>
          Restore my unsaved edit
        </button>
        <button type="button" onClick={onDiscard}>
          Discard it
        </button>
      </div>
    </div>
  );
}
