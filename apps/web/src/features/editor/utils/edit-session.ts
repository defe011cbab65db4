import type { FieldChange } from "./changes.ts";
import type { Draft } from "./drafts.ts";
import {
  type KubeObject,
  parseEditorText,
  toEditorText,
  toggleManagedFields,
  withoutManagedFields,
} from "./object-text.ts";
import type { Failure } from "./save-errors.ts";
import { applyPicks, type MergeConflict, type Pick, rebase } from "./three-way.ts";

/**
 * The state of one editing session of an existing object, as a typed reducer (more than three states, STYLE.md).
 * Its one promise: no action ever drops the user's text unless the user asked for it (discard) or it was saved.
 * Failures, conflicts and dry runs leave `text` as it was. Pure: the page runs the requests and dispatches.
 */

/** What the user started from: the object as loaded (or as the server returned it after a save or rebase). */
export interface Base {
  text: string;
  object: KubeObject;
  resourceVersion: string;
}

export type Outcome =
  | { kind: "saved"; resourceVersion: string; notKept: FieldChange[] }
  | { kind: "dry-run"; object: KubeObject; notKept: FieldChange[] }
  | { kind: "failed"; failure: Failure; dryRun: boolean; force: boolean }
  | { kind: "conflict"; theirs: KubeObject; theirsText: string };

export interface Rebased {
  conflicts: MergeConflict[];
  from: string;
  to: string;
  merged: KubeObject;
  picks: Record<string, Pick>;
}

export type Phase = "loading" | "edit" | "review" | "conflict";

export interface SessionState {
  phase: Phase;
  base: Base | null;
  /** The latest object read from the server, managedFields included (the managedFields toggle takes them here). */
  server: KubeObject | null;
  text: string;
  showManagedFields: boolean;
  /** A request in flight, said in words ("Applying…"); the buttons wait. */
  busy: string | null;
  outcome: Outcome | null;
  /**
   * After a rebase: the fields both sides changed, the merge (the user's value in each), and the user's pick per
   * conflict (the review lets them take the server's value instead, field by field).
   */
  rebased: Rebased | null;
  /** A draft found for this object when it was opened, offered back until restored or dismissed. */
  offer: Draft | null;
}

export type SessionAction =
  | { type: "loaded"; object: KubeObject; draft: Draft | undefined }
  | { type: "edited"; text: string }
  | { type: "review" }
  | { type: "back" }
  | { type: "busy"; what: string }
  | { type: "saved"; object: KubeObject; notKept?: FieldChange[] }
  | { type: "dry-run"; object: KubeObject; notKept?: FieldChange[] }
  | { type: "failed"; failure: Failure; dryRun: boolean; force?: boolean }
  | { type: "conflict"; theirs: KubeObject }
  | { type: "rebase" }
  | { type: "pick"; path: string; pick: Pick }
  | { type: "discard"; latest?: KubeObject }
  | { type: "toggle-managed-fields" }
  | { type: "restore-draft" }
  | { type: "dismiss-draft" }
  | { type: "dismiss-outcome" };

export const initialSession: SessionState = {
  phase: "loading",
  base: null,
  server: null,
  text: "",
  showManagedFields: false,
  busy: null,
  outcome: null,
  rebased: null,
  offer: null,
};

/** The object in the editor's current form (managedFields shown or not). */
function view(object: KubeObject, show: boolean): KubeObject {
  return show ? object : withoutManagedFields(object);
}

function baseOf(object: KubeObject, show: boolean): Base {
  return {
    text: toEditorText(object, { showManagedFields: show }),
    object: view(object, show),
    resourceVersion: object.metadata?.resourceVersion ?? "",
  };
}

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case "loaded": {
      const base = baseOf(action.object, state.showManagedFields);
      const offer = action.draft && action.draft.text !== base.text ? action.draft : null;
      return { ...state, phase: "edit", base, server: action.object, text: base.text, offer };
    }
    case "edited":
      return { ...state, text: action.text };
    case "review":
      return { ...state, phase: "review", outcome: state.outcome?.kind === "saved" ? null : state.outcome };
    case "back":
      return { ...state, phase: "edit", rebased: null };
    case "busy":
      return { ...state, busy: action.what };
    case "saved": {
      const base = baseOf(action.object, state.showManagedFields);
      return {
        ...state,
        phase: "edit",
        busy: null,
        base,
        server: action.object,
        text: base.text,
        rebased: null,
        outcome: { kind: "saved", resourceVersion: base.resourceVersion, notKept: action.notKept ?? [] },
      };
    }
    case "dry-run":
      return {
        ...state,
        busy: null,
        outcome: { kind: "dry-run", object: action.object, notKept: action.notKept ?? [] },
      };
    case "failed":
      return {
        ...state,
        phase: "edit",
        busy: null,
        outcome: { kind: "failed", failure: action.failure, dryRun: action.dryRun, force: action.force ?? false },
      };
    case "conflict": {
      const theirsText = toEditorText(action.theirs, { showManagedFields: state.showManagedFields });
      return {
        ...state,
        phase: "conflict",
        busy: null,
        server: action.theirs,
        outcome: { kind: "conflict", theirs: action.theirs, theirsText },
      };
    }
    case "rebase": {
      if (state.outcome?.kind !== "conflict" || !state.base) return state;
      const mine = parseEditorText(state.text);
      if (!mine.ok) return state;
      const theirs = state.outcome.theirs;
      const next = baseOf(theirs, state.showManagedFields);
      const result = rebase(state.base.object, mine.object, next.object);
      return {
        ...state,
        phase: "review",
        base: next,
        text: toEditorText(result.merged, { showManagedFields: true }),
        outcome: null,
        rebased: {
          conflicts: result.conflicts,
          from: state.base.resourceVersion,
          to: next.resourceVersion,
          merged: result.merged,
          picks: Object.fromEntries(result.conflicts.map((c) => [c.path, "mine" as const])),
        },
      };
    }
    case "pick": {
      const rebased = state.rebased;
      if (!rebased?.conflicts.some((c) => c.path === action.path)) return state;
      const picks = { ...rebased.picks, [action.path]: action.pick };
      const object = applyPicks(rebased.merged, rebased.conflicts, picks);
      return { ...state, text: toEditorText(object, { showManagedFields: true }), rebased: { ...rebased, picks } };
    }
    case "discard": {
      const latest = action.latest ?? (state.outcome?.kind === "conflict" ? state.outcome.theirs : undefined);
      const base = latest ? baseOf(latest, state.showManagedFields) : state.base;
      if (!base) return state;
      return {
        ...state,
        phase: "edit",
        base,
        server: latest ?? state.server,
        text: base.text,
        outcome: null,
        rebased: null,
      };
    }
    case "toggle-managed-fields": {
      const show = !state.showManagedFields;
      const fields = show ? ((state.server?.metadata?.managedFields as unknown[] | undefined) ?? undefined) : undefined;
      if (show && fields === undefined) return { ...state, showManagedFields: show };
      const base = state.base && {
        ...state.base,
        text: toggleManagedFields(state.base.text, fields),
        object:
          show && state.server
            ? { ...state.base.object, metadata: { ...state.base.object.metadata, managedFields: fields } }
            : withoutManagedFields(state.base.object),
      };
      return { ...state, showManagedFields: show, base, text: toggleManagedFields(state.text, fields) };
    }
    case "restore-draft": {
      const draft = state.offer;
      if (!draft) return state;
      const parsed = parseEditorText(draft.baseText);
      const base: Base = parsed.ok
        ? { text: draft.baseText, object: parsed.object, resourceVersion: draft.baseResourceVersion }
        : { ...(state.base as Base), text: draft.baseText };
      return { ...state, phase: "edit", base, text: draft.text, offer: null, outcome: null };
    }
    case "dismiss-draft":
      return { ...state, offer: null };
    case "dismiss-outcome":
      return { ...state, outcome: null };
  }
}
