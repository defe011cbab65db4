import { useRef, useState } from "react";
import type { ResourceRef } from "../../../lib/resource-path.ts";
import { useBulkAccess } from "../api/bulk-access.ts";
import { type BulkAction, type BulkItem, type BulkResult, parseChanges, runBulk } from "../api/bulk-actions.ts";

type Kind = BulkAction["kind"];
type Phase = "edit" | "previewing" | "previewed" | "applying" | "done";

const TITLES: Record<Kind, string> = {
  delete: "Delete",
  labels: "Labels",
  annotations: "Annotations",
  scale: "Scale",
};

/**
 * What to do with the selected rows: delete (with a propagation policy), change labels or annotations, scale.
 * Always a dry run first (`dryRun=All`: the API server checks everything, stores nothing) with each object's
 * answer, then the real run on the same objects with each object's result; nothing is skipped silently. Actions
 * RBAC refuses for every selected object are not offered.
 */
export function BulkActions({
  context,
  resource,
  items,
  scalable,
  onClear,
}: {
  context: string;
  resource: ResourceRef;
  items: readonly BulkItem[];
  /** The resource has a `scale` subresource. */
  scalable: boolean;
  onClear: () => void;
}) {
  const [kind, setKind] = useState<Kind | null>(null);
  const [phase, setPhase] = useState<Phase>("edit");
  const [results, setResults] = useState<BulkResult[]>([]);
  const [propagation, setPropagation] = useState<"Background" | "Foreground" | "Orphan">("Background");
  const [changes, setChanges] = useState("");
  const [replicas, setReplicas] = useState("1");
  const abort = useRef<AbortController | null>(null);
  const [mayDelete, mayPatch, mayScale] = useBulkAccess(context, resource, items, [
    { verb: "delete" },
    { verb: "patch" },
    { verb: "patch", subresource: "scale" },
  ]);

  const action = (): BulkAction | { problems: string[] } => {
    if (kind === "delete") return { kind, propagationPolicy: propagation };
    if (kind === "scale") {
      const n = Number(replicas);
      return Number.isInteger(n) && n >= 0 && n <= 100_000
        ? { kind, replicas: n }
        : { problems: ["Replicas: a whole number from 0."] };
    }
    const parsed = parseChanges(changes, kind === "labels" ? "labels" : "annotations");
    return "problems" in parsed ? parsed : { kind: kind as "labels" | "annotations", ...parsed };
  };
  const current = kind ? action() : undefined;
  const problems = current && "problems" in current ? current.problems : [];
  // The objects of the preview are the ones the real run acts on, even if the selection changes meanwhile.
  const planned = useRef<readonly BulkItem[]>([]);

  const run = async (dryRun: boolean) => {
    if (!current || "problems" in current) return;
    if (dryRun) planned.current = [...items];
    const controller = new AbortController();
    abort.current = controller;
    setPhase(dryRun ? "previewing" : "applying");
    setResults([]);
    const collected: BulkResult[] = [];
    let pending = 0;
    const flush = () => setResults([...collected]);
    const all = await runBulk(context, resource, planned.current, current, {
      dryRun,
      signal: controller.signal,
      onResult: (result) => {
        collected.push(result);
        // Repaint every 50 results, not each: 1,000 objects stay one cheap list.
        if (++pending >= 50) {
          pending = 0;
          flush();
        }
      },
    });
    setResults(all);
    setPhase(dryRun ? "previewed" : "done");
  };

  const choose = (next: Kind) => {
    setKind(next);
    setPhase("edit");
    setResults([]);
  };
  const offered: { kind: Kind; allowed: boolean | undefined }[] = [
    { kind: "delete", allowed: mayDelete },
    { kind: "labels", allowed: mayPatch },
    { kind: "annotations", allowed: mayPatch },
    ...(scalable ? [{ kind: "scale" as const, allowed: mayScale }] : []),
  ];
  const failed = results.filter((r) => !r.ok).length;
  const busy = phase === "previewing" || phase === "applying";
  return (
    <section className="bulk-bar" aria-label="Selected rows">
      <div className="bulk-head">
        <strong>{items.length} selected</strong>
        {offered.map((o) => (
          <button
            key={o.kind}
            type="button"
            aria-pressed={kind === o.kind}
            disabled={o.allowed !== true || busy}
            title={o.allowed === false ? "Your permissions do not allow this on the selected objects" : undefined}
            onClick={() => choose(o.kind)}
          >
            {TITLES[o.kind]}…
          </button>
        ))}
        <button type="button" disabled={busy} onClick={onClear}>
          Clear selection
        </button>
      </div>
      {kind ? (
        <form
          className="bulk-form"
          aria-label={`${TITLES[kind]} the selected objects`}
          onSubmit={(e) => {
            e.preventDefault();
            void run(true);
          }}
        >
          {kind === "delete" ? (
            <label className="field">
              <span>Dependents</span>
              <select value={propagation} onChange={(e) => setPropagation(e.target.value as typeof propagation)}>
                <option value="Background">deleted in the background</option>
                <option value="Foreground">deleted first (foreground)</option>
                <option value="Orphan">kept (orphaned)</option>
              </select>
            </label>
          ) : kind === "scale" ? (
            <label className="field">
              <span>Replicas</span>
              <input type="number" min={0} value={replicas} onChange={(e) => setReplicas(e.target.value)} />
            </label>
          ) : (
            <label className="field">
              <span>{TITLES[kind]}</span>
              <input
                value={changes}
                spellCheck={false}
                placeholder="team=web tier- (key=value sets, key- removes)"
                onChange={(e) => {
                  setChanges(e.target.value);
                  setPhase("edit");
                }}
              />
            </label>
          )}
          <button type="submit" disabled={busy || problems.length > 0}>
            Preview (dry run)
          </button>
          {phase === "previewed" ? (
            <button
              type="button"
              className={kind === "delete" ? "danger-button" : undefined}
              onClick={() => void run(false)}
            >
              {TITLES[kind] === "Delete" ? "Delete" : "Apply to"} {planned.current.length} objects
            </button>
          ) : null}
          {busy ? (
            <button type="button" onClick={() => abort.current?.abort()}>
              Cancel
            </button>
          ) : null}
          {problems.length > 0 && (changes !== "" || kind === "scale") ? (
            <ul className="danger small">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : null}
        </form>
      ) : null}
      {results.length > 0 || busy ? (
        <div className="bulk-results">
          <p role="status">
            {phase === "previewing" || phase === "previewed" ? "Dry run: " : ""}
            {results.length} of {planned.current.length} answered
            {results.length > 0 ? `, ${results.length - failed} ok, ${failed} failed` : ""}
            {busy ? "…" : "."}
          </p>
          <ul aria-label={phase === "done" ? "Results" : "Dry run results"}>
            {results.map((r) => (
              <li key={r.key} className={r.ok ? "ok" : "failed"}>
                <span aria-hidden="true">{r.ok ? "✓" : "✗"}</span> {r.namespace ? `${r.namespace}/` : ""}
                {r.name}: {r.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
