import { ErrorNote } from "../../../components/error-note.tsx";
import type { RevealedSecret } from "../hooks/use-revealed-secret.ts";
import "../secrets.css";

/**
 * Says whether a Secret's values are hidden or shown, with the one button that changes it. Hidden is the default;
 * Reveal reads the Secret as the user, so a refusal (403) is shown here, naming what was refused.
 */
export function RevealBar({
  secret,
  what,
  revealLabel = "Reveal values",
  hideable = true,
  shownAt,
}: {
  secret: RevealedSecret;
  /** What the reveal does, for an error: `get secrets "x" in namespace "y"`. */
  what: string;
  revealLabel?: string;
  /** False where hiding again makes no sense (the editor, once revealed to edit). */
  hideable?: boolean;
  /** The resourceVersion the shown values are of, when the page moved past the revealed read (an editor's save). */
  shownAt?: string | undefined;
}) {
  const shown = secret.revealed && secret.object !== undefined;
  return (
    <section className={shown ? "reveal-bar shown" : "reveal-bar"} aria-label="Secret values">
      {shown ? (
        <span>
          <strong>Values shown.</strong> Read as you at resourceVersion{" "}
          {shownAt ?? secret.object?.metadata.resourceVersion}, kept only while this page shows them.
        </span>
      ) : (
        <span>
          <strong>Values hidden.</strong> Each value shows as <code>•••• masked (size, hash)</code>: a changed value
          changes its hash. Loupe never records the values.
        </span>
      )}
      {shown ? (
        hideable ? (
          <button type="button" onClick={secret.hide}>
            Hide values
          </button>
        ) : null
      ) : (
        <button type="button" onClick={secret.reveal} disabled={secret.pending} className="reveal-button">
          {secret.pending ? "Revealing…" : revealLabel}
        </button>
      )}
      {secret.error ? <ErrorNote error={secret.error} action={what} /> : null}
    </section>
  );
}
