import { useEffect, useRef } from "react";
import type { DraftStore, DraftTarget } from "../utils/drafts.ts";

/**
 * Keeps the editor's text as a draft in the browser while it differs from what the user started from (and removes
 * it when it no longer does), a short while after each keystroke and at once when the page is hidden or unloaded —
 * so a reload or a closed tab loses nothing. Paused while `enabled` is false (before the object loads, or while a
 * found draft is still being offered, so the offer is not overwritten). `target` must be memoized by the caller.
 */
export function useDraftAutosave(
  store: DraftStore,
  target: DraftTarget,
  state: { text: string; baseText: string; baseResourceVersion: string; enabled: boolean },
  delayMs = 400,
): void {
  const { text, baseText, baseResourceVersion, enabled } = state;
  const pending = useRef<(() => void) | null>(null);

  useEffect(() => {
    if (!enabled) {
      pending.current = null;
      return;
    }
    const flush = () => {
      pending.current = null;
      if (text === baseText) store.clear(target);
      else store.save(target, { text, baseText, baseResourceVersion, savedAt: Date.now() });
    };
    pending.current = flush;
    const timer = setTimeout(flush, delayMs);
    return () => clearTimeout(timer);
  }, [store, target, text, baseText, baseResourceVersion, enabled, delayMs]);

  useEffect(() => {
    const onHide = () => pending.current?.();
    window.addEventListener("pagehide", onHide);
    return () => {
      window.removeEventListener("pagehide", onHide);
      onHide(); // leaving the page inside the app: keep the last keystrokes too
    };
  }, []);
}
