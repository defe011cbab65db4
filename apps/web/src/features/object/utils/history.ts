import type { KubeObject } from "@loupe/protocol";

/** One version of an object seen while its page was open; `object` null marks its deletion. */
export interface HistoryEntry {
  resourceVersion: string;
  seenAt: number;
  object: KubeObject | null;
}

/** How many versions a page keeps (the oldest go first). */
export const HISTORY_LIMIT = 100;

/**
 * The history with `object` appended when it is a version not yet recorded (resourceVersion is opaque: compared for
 * equality only, never ordered). `null` records a deletion once. Returns the same array when nothing is new.
 */
export function appendVersion(
  entries: readonly HistoryEntry[],
  object: KubeObject | null,
  now: number,
  limit = HISTORY_LIMIT,
): readonly HistoryEntry[] {
  const last = entries.at(-1);
  if (object === null) {
    if (!last || last.object === null) return entries;
    return [...entries, { resourceVersion: `${last.resourceVersion} (deleted)`, seenAt: now, object: null }].slice(
      -limit,
    );
  }
  const rv = object.metadata.resourceVersion ?? "";
  if (last && last.object !== null && last.resourceVersion === rv) return entries;
  return [...entries, { resourceVersion: rv, seenAt: now, object }].slice(-limit);
}
