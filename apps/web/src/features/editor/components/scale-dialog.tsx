import type { CatalogResource } from "@loupe/protocol";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import { k8sPath, qualifiedName, type ResourceTarget } from "../../../lib/resource-path.ts";
import { getScale, putScale } from "../api/write-object.ts";
import "../editor.css";

/**
 * The scale subresource (`.../<name>/scale`): current and desired replicas, and a new desired count written with a
 * replace carrying the Scale's resourceVersion — a change made meanwhile is a 409, said so, and the form re-reads.
 */
export function ScaleDialog({
  context,
  resource,
  target,
  onClose,
}: {
  context: string;
  resource: CatalogResource;
  target: ResourceTarget & { name: string };
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const key = ["contexts", context, "scale", k8sPath(target)];
  const scale = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => getScale(context, target, signal),
    refetchOnMount: "always",
  });
  const [replicas, setReplicas] = useState<string>("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const inputId = useId();

  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  useEffect(() => {
    if (scale.data && replicas === "") setReplicas(String(scale.data.spec.replicas ?? 0));
  }, [scale.data, replicas]);

  async function submit() {
    if (!scale.data) return;
    setBusy(true);
    setError(null);
    try {
      const result = await putScale(context, target, scale.data, Number(replicas));
      queryClient.setQueryData(key, result);
      void queryClient.invalidateQueries({ queryKey: ["contexts", context, "object", k8sPath(target)] });
      setDone(result.spec.replicas ?? Number(replicas));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(e);
      if (e.status === 409) void scale.refetch();
    } finally {
      setBusy(false);
    }
  }

  const valid = /^\d+$/.test(replicas);
  const where = target.namespace ? ` in namespace "${target.namespace}"` : "";
  return (
    <dialog ref={dialog} className="dialog" aria-labelledby={`${inputId}-title`} onClose={onClose}>
      <h2 id={`${inputId}-title`}>
        Scale {resource.kind} {target.name}
      </h2>
      {scale.isError ? (
        <ErrorNote
          error={scale.error}
          action={`get the scale of ${qualifiedName(resource)} "${target.name}"${where}`}
        />
      ) : null}
      {scale.data ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            if (valid) void submit();
          }}
        >
          <p>
            Desired replicas: <strong>{scale.data.spec.replicas ?? 0}</strong> · current:{" "}
            <strong>{scale.data.status?.replicas ?? "unknown"}</strong>
            {scale.data.status?.selector ? (
              <span className="muted"> · selector {scale.data.status.selector}</span>
            ) : null}
          </p>
          <label htmlFor={inputId}>Replicas</label>
          <input
            id={inputId}
            type="number"
            min={0}
            value={replicas}
            onChange={(e) => {
              setReplicas(e.target.value);
              setDone(null);
            }}
          />
          {done !== null ? (
            <p role="status">
              <strong>Scaled.</strong> {resource.kind} {target.name} now wants {done} replicas.
            </p>
          ) : null}
          {error ? (
            <ErrorNote error={error} action={`scale ${qualifiedName(resource)} "${target.name}"${where}`} />
          ) : null}
          {error?.status === 409 ? (
            <p className="hint">It changed meanwhile: the form shows the latest; scale again.</p>
          ) : null}
          <div className="actions">
            <button type="submit" className="primary" disabled={!valid || busy}>
              {busy ? "Scaling…" : "Scale"}
            </button>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        </form>
      ) : scale.isPending ? (
        <p className="muted">Reading the scale subresource…</p>
      ) : null}
    </dialog>
  );
}
