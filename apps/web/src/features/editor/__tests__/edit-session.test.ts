import { describe, expect, it } from "vitest";
import type { Draft } from "../utils/drafts.ts";
import { initialSession, type SessionState, sessionReducer } from "../utils/edit-session.ts";
import { classifyFailure } from "../utils/save-errors.ts";

const object = (rv: string, replicas: number, image = "a") => ({
  apiVersion: "v1",
  kind: "K",
  metadata: { name: "x", resourceVersion: rv, managedFields: [{ manager: "m" }] },
  spec: { replicas, image },
});

const loaded = (draft?: Draft): SessionState =>
  sessionReducer(initialSession, { type: "loaded", object: object("1", 3), draft });

describe("sessionReducer", () => {
  it("loads the object without managedFields and offers a different draft", () => {
    const s = loaded();
    expect(s.phase).toBe("edit");
    expect(s.text).not.toContain("managedFields");
    expect(s.base?.resourceVersion).toBe("1");
    expect(s.offer).toBeNull();
    const draft: Draft = { text: "x: 1\n", baseText: s.text, baseResourceVersion: "1", savedAt: 1 };
    expect(loaded(draft).offer).toBe(draft);
    expect(loaded({ ...draft, text: s.text }).offer).toBeNull();
  });

  it("never drops the text on a failure", () => {
    const edited = sessionReducer(loaded(), { type: "edited", text: "mine" });
    const failure = classifyFailure({ statusCode: 403, code: "x", error: "x", message: "no" });
    const failed = sessionReducer({ ...edited, phase: "review" }, { type: "failed", failure, dryRun: false });
    expect(failed.text).toBe("mine");
    expect(failed.phase).toBe("edit");
    expect(failed.outcome).toMatchObject({ kind: "failed", dryRun: false });
  });

  it("rebases onto the server's version after a conflict, then reviews", () => {
    const s = loaded();
    const edited = sessionReducer(s, { type: "edited", text: s.text.replace("replicas: 3", "replicas: 4") });
    const conflict = sessionReducer(edited, { type: "conflict", theirs: object("2", 3, "b") });
    expect(conflict.phase).toBe("conflict");
    expect(conflict.text).toBe(edited.text);
    const rebased = sessionReducer(conflict, { type: "rebase" });
    expect(rebased.phase).toBe("review");
    expect(rebased.base?.resourceVersion).toBe("2");
    expect(rebased.text).toContain("replicas: 4");
    expect(rebased.text).toContain("image: b");
    expect(rebased.text).toContain('resourceVersion: "2"');
    expect(rebased.text).not.toContain("managedFields");
    expect(rebased.rebased).toMatchObject({ conflicts: [], from: "1", to: "2", picks: {} });
  });

  it("lets the user pick the server's value or their own per conflicting field, the text following", () => {
    const s = loaded();
    const edited = sessionReducer(s, {
      type: "edited",
      text: s.text.replace("replicas: 3", "replicas: 4").replace("image: a", "image: mine"),
    });
    const conflict = sessionReducer(edited, { type: "conflict", theirs: object("2", 9, "theirs") });
    const rebased = sessionReducer(conflict, { type: "rebase" });
    expect(rebased.rebased?.conflicts.map((c) => c.path)).toEqual(["spec.replicas", "spec.image"]);
    expect(rebased.rebased?.picks).toEqual({ "spec.replicas": "mine", "spec.image": "mine" });
    expect(rebased.text).toContain("replicas: 4");
    const picked = sessionReducer(rebased, { type: "pick", path: "spec.replicas", pick: "theirs" });
    expect(picked.text).toContain("replicas: 9");
    expect(picked.text).toContain("image: mine");
    const back = sessionReducer(picked, { type: "pick", path: "spec.replicas", pick: "mine" });
    expect(back.text).toContain("replicas: 4");
    // A path that is not a conflict changes nothing.
    expect(sessionReducer(picked, { type: "pick", path: "spec.other", pick: "theirs" })).toBe(picked);
  });

  it("discards for the latest only when asked", () => {
    const edited = sessionReducer(loaded(), { type: "edited", text: "mine" });
    const conflict = sessionReducer(edited, { type: "conflict", theirs: object("2", 5) });
    const discarded = sessionReducer(conflict, { type: "discard" });
    expect(discarded.text).toContain("replicas: 5");
    expect(discarded.base?.resourceVersion).toBe("2");
    expect(discarded.outcome).toBeNull();
  });

  it("restores a draft with the base it was started from", () => {
    const s = loaded();
    const draft: Draft = {
      text: "draft",
      baseText: s.text.replace('"1"', '"0"'),
      baseResourceVersion: "0",
      savedAt: 1,
    };
    const restored = sessionReducer(loaded(draft), { type: "restore-draft" });
    expect(restored.text).toBe("draft");
    expect(restored.base?.resourceVersion).toBe("0");
    expect(restored.offer).toBeNull();
  });

  it("shows and hides managedFields in both texts, keeping the user's edit", () => {
    const edited = sessionReducer(loaded(), {
      type: "edited",
      text: loaded().text.replace("replicas: 3", "replicas: 4"),
    });
    const shown = sessionReducer(edited, { type: "toggle-managed-fields" });
    expect(shown.text).toContain("managedFields");
    expect(shown.text).toContain("replicas: 4");
    expect(shown.base?.text).toContain("managedFields");
    const hidden = sessionReducer(shown, { type: "toggle-managed-fields" });
    expect(hidden.text).toBe(edited.text);
  });

  it("after a save, starts again from what the server stored", () => {
    const saved = sessionReducer(sessionReducer(loaded(), { type: "edited", text: "x" }), {
      type: "saved",
      object: object("7", 4),
    });
    expect(saved.base?.resourceVersion).toBe("7");
    expect(saved.text).toContain("replicas: 4");
    expect(saved.outcome).toEqual({ kind: "saved", resourceVersion: "7", notKept: [] });
  });
});
