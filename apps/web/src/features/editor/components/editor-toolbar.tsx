/** How Apply writes: a conflict-checked replace (PUT) or a server-side apply as field manager `loupe`. */
export type SaveMode = "replace" | "apply";

/** The editor's toolbar: save mode, the managedFields toggle, revert, dry run and review. */
export function EditorToolbar({
  mode,
  onMode,
  showManagedFields,
  onToggleManagedFields,
  changed,
  busy,
  onRevert,
  onDryRun,
  onReview,
}: {
  mode: SaveMode;
  onMode: (mode: SaveMode) => void;
  showManagedFields: boolean;
  onToggleManagedFields: () => void;
  /** The text differs from what the user started from. */
  changed: boolean;
  /** A request in flight, in words; the buttons wait. */
  busy: string | null;
  onRevert: () => void;
  onDryRun: () => void;
  onReview: () => void;
}) {
  return (
    <div className="editor-toolbar">
      <fieldset className="save-mode">
        <legend>Save with</legend>
        <label title="PUT the whole object at the resourceVersion you started from: a change made meanwhile is refused (409) and you can rebase onto it">
          <input type="radio" name="save-mode" checked={mode === "replace"} onChange={() => onMode("replace")} />
          Replace
        </label>
        <label title="PATCH as server-side apply with field manager loupe: fields other managers own are refused (409) unless you force">
          <input type="radio" name="save-mode" checked={mode === "apply"} onChange={() => onMode("apply")} />
          Server-side apply (as "loupe")
        </label>
      </fieldset>
      <label className="checkbox">
        <input type="checkbox" checked={showManagedFields} onChange={onToggleManagedFields} />
        Show managedFields
      </label>
      <span className="spacer" />
      <button type="button" onClick={onRevert} disabled={!changed || busy !== null}>
        Revert my changes
      </button>
      <button type="button" onClick={onDryRun} disabled={busy !== null}>
        Dry run
      </button>
      <button
        type="button"
        className="primary"
        onClick={onReview}
        disabled={busy !== null}
        title="Ctrl+S in the editor"
      >
        Review changes
      </button>
      {busy ? <span className="muted">{busy}</span> : null}
    </div>
  );
}
