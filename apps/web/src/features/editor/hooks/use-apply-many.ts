import { useCallback, useRef, useState } from "react";
import { ApiError } from "../../../lib/api.ts";
import { applyObject, readObject } from "../api/write-object.ts";
import { type FieldChange, fieldChanges, NOISE } from "../utils/changes.ts";
import type { PlannedDocument } from "../utils/documents.ts";
import { type KubeObject, withoutManagedFields } from "../utils/object-text.ts";
import { classifyFailure, type Failure } from "../utils/save-errors.ts";

/** What a dry run says one document would do, or why it would fail. */
export type Preview =
  | { state: "checking" }
  | { state: "create"; result: KubeObject }
  | { state: "change"; current: KubeObject; result: KubeObject; changes: FieldChange[] }
  | { state: "unchanged"; current: KubeObject; result: KubeObject }
  | { state: "failed"; failure: Failure; current: KubeObject | null };

/** What applying one document did. */
export type Outcome =
  | { state: "applying" }
  | { state: "created" | "configured" | "unchanged"; result: KubeObject; forced: boolean }
  | { state: "failed"; failure: Failure; forced: boolean };

/** Bookkeeping a dry run changes on every call, left out of "would change". */
const IGNORED = [...NOISE, "metadata.creationTimestamp", "metadata.uid"];

/** Requests in flight at once: a hundred objects do not open a hundred connections. */
const CONCURRENCY = 4;

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

function failureOf(error: unknown): Failure {
  if (error instanceof ApiError) return classifyFailure(error.body);
  return classifyFailure({ statusCode: 0, code: "NETWORK", error: "Network", message: String(error) });
}

/**
 * `kubectl apply --server-side -f` in the browser: a preview (per object: read it, then a dry-run apply as field
 * manager `loupe`: created, changed with which fields, unchanged, or refused and why), then the apply itself with
 * per-object results; conflicts with other managers can then be forced, as a second explicit step, for those only.
 * Every request goes through Loupe's proxy with the user's credentials: RBAC decides per object.
 */
export function useApplyMany(context: string) {
  const [previews, setPreviews] = useState<Record<number, Preview>>({});
  const [outcomes, setOutcomes] = useState<Record<number, Outcome>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const generation = useRef(0);

  const preview = useCallback(
    async (documents: readonly PlannedDocument[]) => {
      const run = ++generation.current;
      const ok = documents.filter((d) => d.ok);
      setOutcomes({});
      setPreviews(Object.fromEntries(ok.map((d) => [d.index, { state: "checking" } as Preview])));
      setBusy(`Checking ${ok.length} ${ok.length === 1 ? "object" : "objects"} (dry run)…`);
      await pool(ok, async (doc) => {
        let current: KubeObject | null = null;
        let result: Preview;
        try {
          current = withoutManagedFields(await readObject(context, doc.target));
        } catch {
          current = null; // absent (404), or not readable: the dry run below says whether it can be applied
        }
        try {
          const dry = withoutManagedFields(await applyObject(context, doc.target, doc.object, { dryRun: true }));
          if (!current) result = { state: "create", result: dry };
          else {
            const changes = fieldChanges(current, dry, IGNORED);
            result =
              changes.length === 0
                ? { state: "unchanged", current, result: dry }
                : { state: "change", current, result: dry, changes };
          }
        } catch (error) {
          result = { state: "failed", failure: failureOf(error), current };
        }
        if (run === generation.current) setPreviews((p) => ({ ...p, [doc.index]: result }));
      });
      if (run === generation.current) setBusy(null);
    },
    [context],
  );

  const apply = useCallback(
    async (documents: readonly PlannedDocument[], options: { force: boolean }) => {
      const run = ++generation.current;
      const ok = documents.filter((d) => d.ok);
      setOutcomes((o) => ({ ...o, ...Object.fromEntries(ok.map((d) => [d.index, { state: "applying" } as Outcome])) }));
      setBusy(
        `${options.force ? "Force-applying" : "Applying"} ${ok.length} ${ok.length === 1 ? "object" : "objects"}…`,
      );
      await pool(ok, async (doc) => {
        let outcome: Outcome;
        try {
          const before = previews[doc.index];
          const result = withoutManagedFields(
            await applyObject(context, doc.target, doc.object, { force: options.force }),
          );
          const existed =
            before && before.state !== "create" && !(before.state === "failed" && before.current === null);
          const unchanged =
            existed && before.state !== "failed" && before.state !== "checking"
              ? fieldChanges(before.current, result, IGNORED).length === 0
              : false;
          outcome = {
            state: !existed ? "created" : unchanged ? "unchanged" : "configured",
            result,
            forced: options.force,
          };
        } catch (error) {
          outcome = { state: "failed", failure: failureOf(error), forced: options.force };
        }
        if (run === generation.current) setOutcomes((o) => ({ ...o, [doc.index]: outcome }));
      });
      if (run === generation.current) setBusy(null);
    },
    [context, previews],
  );

  const reset = useCallback(() => {
    generation.current++;
    setPreviews({});
    setOutcomes({});
    setBusy(null);
  }, []);

  return { previews, outcomes, busy, preview, apply, reset };
}
