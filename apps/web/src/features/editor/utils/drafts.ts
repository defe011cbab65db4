import { isSecretsK8sPath } from "../../../lib/secret-mask.ts";

/**
 * Unsaved edits kept in the browser (localStorage), one per context and object, so that a reload, a crash or a
 * closed tab loses nothing: the editor offers the draft back when the same object is opened again. A draft is
 * removed when its edit is saved or the user discards it. Secrets never get a draft (their values must not be
 * stored in the browser): saving one is refused, and one found (from an older Loupe) is removed unread. Pure apart
 * from the `Storage` passed in.
 */

/** What a draft holds: the text being edited and what it was started from (to rebase or review it later). */
export interface Draft {
  text: string;
  /** The text the user started from (the object as loaded, in the editor's form). */
  baseText: string;
  /** The resourceVersion the user started from; "" for a new object. */
  baseResourceVersion: string;
  /** When it was last written, ms since the epoch. */
  savedAt: number;
}

/** Which editor a draft belongs to: an object (`status` for the status mode) or a new object of a collection. */
export interface DraftTarget {
  context: string;
  /** The Kubernetes path of the object, or of the collection for a new object. */
  path: string;
  /** `status` when editing through the status subresource, `new` for a create. */
  mode?: "object" | "status" | "new";
}

const PREFIX = "loupe:draft:v1:";

/**
 * The storage key of a draft. Every part is URI-encoded, so a context name containing `:` cannot make two targets
 * share a key. Example: `loupe:draft:v1:loupe-local:object:apis%2Fstable.example.com%2Fv1%2F...`.
 */
export function draftKey(target: DraftTarget): string {
  return `${PREFIX}${encodeURIComponent(target.context)}:${target.mode ?? "object"}:${encodeURIComponent(target.path)}`;
}

function isDraft(value: unknown): value is Draft {
  const d = value as Draft | null;
  return (
    typeof d === "object" &&
    d !== null &&
    typeof d.text === "string" &&
    typeof d.baseText === "string" &&
    typeof d.baseResourceVersion === "string" &&
    typeof d.savedAt === "number"
  );
}

/** Drafts in one `Storage` (localStorage in the app, an in-memory one in tests). Storage failures never throw. */
export class DraftStore {
  readonly #storage: Storage | undefined;

  constructor(storage: Storage | undefined) {
    this.#storage = storage;
  }

  /** The draft of `target`, or undefined when there is none or it is unreadable (an unreadable one is removed). */
  load(target: DraftTarget): Draft | undefined {
    if (isSecretsK8sPath(target.path)) {
      this.clear(target);
      return undefined;
    }
    const key = draftKey(target);
    let raw: string | null | undefined;
    try {
      raw = this.#storage?.getItem(key);
    } catch {
      return undefined;
    }
    if (!raw) return undefined;
    try {
      const value: unknown = JSON.parse(raw);
      if (isDraft(value)) return value;
    } catch {
      // fall through: a corrupt entry is dropped
    }
    this.clear(target);
    return undefined;
  }

  /** Writes the draft; false when storage refused (quota, privacy mode), so the UI can say it is not kept. */
  save(target: DraftTarget, draft: Draft): boolean {
    if (isSecretsK8sPath(target.path)) return false;
    try {
      this.#storage?.setItem(draftKey(target), JSON.stringify(draft));
      return this.#storage !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * Removes drafts last written more than `maxAgeMs` before `now` (and unreadable ones), so edits of objects never
   * opened again do not pile up in the browser. Returns how many were removed.
   */
  prune(maxAgeMs: number, now: number = Date.now()): number {
    const storage = this.#storage;
    if (!storage) return 0;
    const stale: string[] = [];
    try {
      for (let i = 0; i < storage.length; i++) {
        const key = storage.key(i);
        if (!key?.startsWith(PREFIX)) continue;
        let draft: unknown;
        try {
          draft = JSON.parse(storage.getItem(key) ?? "");
        } catch {
          draft = undefined;
        }
        if (!isDraft(draft) || now - draft.savedAt > maxAgeMs) stale.push(key);
      }
      for (const key of stale) storage.removeItem(key);
    } catch {
      return 0;
    }
    return stale.length;
  }

  clear(target: DraftTarget): void {
    try {
      this.#storage?.removeItem(draftKey(target));
    } catch {
      // nothing to do: the draft will be offered again and can be discarded then
    }
  }
}

/** How long an untouched draft is kept: 30 days. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

let shared: DraftStore | undefined;

/** The app's store: the browser's localStorage when it is usable, pruned of old drafts when first asked for. */
export function browserDrafts(): DraftStore {
  if (shared) return shared;
  try {
    shared = new DraftStore(globalThis.localStorage);
  } catch {
    shared = new DraftStore(undefined);
  }
  shared.prune(DRAFT_MAX_AGE_MS);
  return shared;
}
