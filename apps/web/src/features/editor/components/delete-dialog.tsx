import type { CatalogResource } from "@loupe/protocol";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import { qualifiedName, type ResourceTarget } from "../../../lib/resource-path.ts";
import { deleteObject, type PropagationPolicy } from "../api/write-object.ts";
import type { KubeObject } from "../utils/object-text.ts";
import "../editor.css";

const POLICIES: Array<{ value: PropagationPolicy; label: string; hint: string }> = [
  {
    value: "Background",
    label: "Background",
    hint: "Delete the object now; the garbage collector deletes its dependents afterwards.",
  },
  {
    value: "Foreground",
    label: "Foreground",
    hint: "Dependents first: the object stays, marked for deletion (finalizer foregroundDeletion), until the garbage collector has deleted them.",
  },
  {
    value: "Orphan",
    label: "Orphan",
    hint: "Keep the dependents: the garbage collector removes their owner references (finalizer orphan), then the object goes.",
  },
];

/** How a delete ended: gone, or held by finalizers (Foreground and Orphan always add one). */
export type DeleteResult = { gone: true } | { gone: false; finalizers: string[] };

/**
 * Deleting one object: the user types its name to confirm and picks the propagation policy. Modal (a native
 * `<dialog>`); the server's answer is said as it is — deleted, or waiting for finalizers.
 */
export function DeleteDialog({
  context,
  resource,
  target,
  onClose,
  onDeleted,
}: {
  context: string;
  resource: CatalogResource;
  target: ResourceTarget & { name: string };
  onClose: () => void;
  onDeleted: (result: DeleteResult) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState("");
  const [policy, setPolicy] = useState<PropagationPolicy>("Background");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<DeleteResult | null>(null);
  const inputId = useId();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const answer: KubeObject = await deleteObject(context, target, policy);
      const finalizers = answer.kind === "Status" ? [] : ((answer.metadata?.finalizers as string[] | undefined) ?? []);
      const next: DeleteResult =
        answer.kind === "Status" || finalizers.length === 0 ? { gone: true } : { gone: false, finalizers };
      setResult(next);
      onDeleted(next);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const where = target.namespace ? ` in namespace "${target.namespace}"` : "";
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${inputId}-title`} onClose={onClose}>
      <h2 id={`${inputId}-title`}>
        Delete {resource.kind} {target.name}
      </h2>
      {result ? (
        <div role="status">
          {result.gone ? (
            <p>
              <strong>Deleted.</strong> {resource.kind} {target.name} is gone.
            </p>
          ) : (
            <p>
              <strong>Deletion started.</strong> {resource.kind} {target.name} is marked for deletion and waits for its
              finalizers: {result.finalizers.join(", ")}. It disappears once they are removed.
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === target.name) void submit();
          }}
        >
          <p>
            This deletes {qualifiedName(resource)} "{target.name}"{where}. It cannot be undone.
          </p>
          <fieldset>
            <legend>Dependents (propagation policy)</legend>
            {POLICIES.map((p) => (
              <label key={p.value}>
                <input
                  type="radio"
                  name="propagation"
                  value={p.value}
                  checked={policy === p.value}
                  onChange={() => setPolicy(p.value)}
                />
                <span>
                  {p.label} <span className="hint">— {p.hint}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <label htmlFor={inputId} className="confirm-label">
            Type <code>{target.name}</code> to confirm
          </label>
          <input id={inputId} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          {error ? (
            <ErrorNote error={error} action={`delete ${qualifiedName(resource)} "${target.name}"${where}`} />
          ) : null}
          <div className="actions">
            <button type="submit" className="danger" disabled={typed !== target.name || busy}>
              {busy ? "Deleting…" : `Delete ${target.name}`}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
