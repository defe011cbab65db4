import { useSyncExternalStore } from "react";

/**
 * Kinds the user pinned and kinds recently visited, per context, kept in the browser (localStorage), so that at
 * 1,500 CRDs the few kinds someone works with are one click away. A kind is `<group>/<resource>` (the group "" for
 * the core group), the same for every version. Storage failures (private mode, quota) never throw: the lists are
 * then kept for the page's life only.
 */

/** Recent kinds kept per context. */
export const RECENT_LIMIT = 8;
/** Pinned kinds kept per context. */
export const PIN_LIMIT = 50;

interface Memory {
  pinned: string[];
  recent: string[];
}

const EMPTY: Memory = { pinned: [], recent: [] };
const listeners = new Set<() => void>();
const cache = new Map<string, Memory>();

const storageKey = (context: string) => `loupe:kinds:${context}`;

function storage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

function read(context: string): Memory {
  const cached = cache.get(context);
  if (cached) return cached;
  let memory = EMPTY;
  try {
    const text = storage()?.getItem(storageKey(context));
    if (text) {
      const parsed = JSON.parse(text) as Partial<Memory>;
      const list = (v: unknown, limit: number) =>
        Array.isArray(v) ? v.filter((s): s is string => typeof s === "string" && s.length < 600).slice(0, limit) : [];
      memory = { pinned: list(parsed.pinned, PIN_LIMIT), recent: list(parsed.recent, RECENT_LIMIT) };
    }
  } catch {
    memory = EMPTY;
  }
  cache.set(context, memory);
  return memory;
}

function write(context: string, memory: Memory): void {
  cache.set(context, memory);
  try {
    storage()?.setItem(storageKey(context), JSON.stringify(memory));
  } catch {
    // Kept in memory only.
  }
  for (const listener of listeners) listener();
}

/** `<group>/<resource>` */
export const kindKey = (ref: { group: string; resource: string }) => `${ref.group}/${ref.resource}`;

/** Records a visit: the kind moves to the front of the recent list. */
export function rememberVisit(context: string, key: string): void {
  const memory = read(context);
  if (memory.recent[0] === key) return;
  write(context, { ...memory, recent: [key, ...memory.recent.filter((k) => k !== key)].slice(0, RECENT_LIMIT) });
}

export function setPinned(context: string, key: string, pinned: boolean): void {
  const memory = read(context);
  const rest = memory.pinned.filter((k) => k !== key);
  write(context, { ...memory, pinned: pinned ? [...rest, key].slice(-PIN_LIMIT) : rest });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key?.startsWith("loupe:kinds:")) {
      cache.clear();
      listener();
    }
  };
  globalThis.addEventListener?.("storage", onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.("storage", onStorage);
  };
}

/** The context's pinned and recent kinds, re-rendering when they change (in this tab or another). */
export function useKindMemory(context: string): Memory {
  return useSyncExternalStore(
    subscribe,
    () => read(context),
    () => EMPTY,
  );
}
