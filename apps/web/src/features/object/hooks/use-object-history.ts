import type { KubeObject } from "@loupe/protocol";
import { useEffect, useState } from "react";
import { appendVersion, type HistoryEntry } from "../utils/history.ts";

/**
 * Every version of the object seen while the page is open (a new `pageKey` starts afresh). `object` undefined means
 * "not known yet"; `deleted` records that the object went away.
 */
export function useObjectHistory(
  pageKey: string,
  object: KubeObject | undefined,
  deleted: boolean,
): readonly HistoryEntry[] {
  const [state, setState] = useState<{ key: string; entries: readonly HistoryEntry[] }>({ key: pageKey, entries: [] });
  const entries = state.key === pageKey ? state.entries : [];
  useEffect(() => {
    setState((s) => {
      const base = s.key === pageKey ? s.entries : [];
      const next = deleted
        ? appendVersion(base, null, Date.now())
        : object
          ? appendVersion(base, object, Date.now())
          : base;
      return next === s.entries && s.key === pageKey ? s : { key: pageKey, entries: next };
    });
  }, [pageKey, object, deleted]);
  return entries;
}
