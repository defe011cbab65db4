import type { HistoryChange, KubeObject } from "@loupe/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import { type ResourceTarget, viewUrl } from "../../../lib/resource-path.ts";
import { useHistoryObject } from "../api/get-history-object.ts";
import { getCurrent, recreateObject, restoreObject } from "../api/restore-object.ts";
import { pointerLabel, restorable, valueLabel } from "../utils/restorable.ts";
import { toYaml, YamlDiff } from "./yaml-diff.tsx";

type Mode = "fields" | "as-it-was" | "restore";

/**
 * One recorded change: its fields (before → after), the object as it was then, and restoring that state — a
 * review of the difference with the live object first, then a replace carrying the live resourceVersion the
 * review was made against (a change since is a 409, never overwritten). A deleted object is re-created instead.
 */
export function ChangeDetail({
  context,
  target,
  change,
  deletedNow,
}: {
  context: string;
  target: ResourceTarget & { name: string };
  change: HistoryChange;
  /** The object's last recorded change is a deletion: restoring re-creates it. */
  deletedNow: boolean;
}) {
  const [mode, setMode] = useState<Mode>("fields");
  const at = change.time;
  const state = useHistoryObject(context, target, at, mode !== "fields");
  const when = new Date(change.time).toLocaleString();
  return (
    <section className="card diff-card" aria-labelledby="change-heading">
      <h3 id="change-heading">
        <span className={`badge badge-${change.type.toLowerCase()}`}>{change.type}</span> {when}
      </h3>
      <p className="muted small">
        {change.managers.length > 0
          ? `By ${change.managers.map((m) => `${m.manager} (${m.operation}${m.subresource ? ` /${m.subresource}` : ""})`).join(", ")}`
          : change.type === "DELETED"
            ? "Kubernetes does not record who deletes."
            : "No field manager recorded."}
        {" · "}resourceVersion {change.resourceVersion}
      </p>
      {change.gap ? (
        <p className="hint">
          Seen after a gap: Loupe was not watching when this happened, so the time is when it noticed, and states in
          between are unknown.
        </p>
      ) : null}
      <div className="tabs" role="tablist" aria-label="Change views">
        {(
          [
            ["fields", "Changed fields"],
            ["as-it-was", "View as it was"],
            ["restore", deletedNow ? "Re-create…" : "Restore this version…"],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            className={mode === m ? "tab active" : "tab"}
            onClick={() => setMode(m)}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === "fields" ? <FieldChanges change={change} /> : null}
      {mode !== "fields" && state.isPending ? <p className="muted">Loading the recorded state…</p> : null}
      {mode !== "fields" && state.error ? (
        <ErrorNote error={state.error} action="read the recorded state" onRetry={() => void state.refetch()} />
      ) : null}
      {mode === "as-it-was" && state.data ? (
        <section aria-label={`As it was at ${when}`}>
          <pre className="yaml">{toYaml(state.data.object)}</pre>
        </section>
      ) : null}
      {mode === "restore" && state.data ? (
        deletedNow ? (
          <Recreate context={context} target={target} state={restorable(state.data.object)} />
        ) : (
          <Restore context={context} target={target} state={restorable(state.data.object)} />
        )
      ) : null}
    </section>
  );
}

function FieldChanges({ change }: { change: HistoryChange }) {
  if (change.changes.length === 0) {
    return (
      <p className="muted">
        {change.type === "ADDED"
          ? "Created (or first seen): every field is new."
          : change.type === "DELETED"
            ? "Deleted: see its last state under “View as it was”."
            : "No field changed."}
      </p>
    );
  }
  return (
    <table className="plain-table" aria-label="Changed fields">
      <thead>
        <tr>
          <th>Field</th>
          <th>Before</th>
          <th>After</th>
        </tr>
      </thead>
      <tbody>
        {change.changes.map((c) => (
          <tr key={c.path}>
            <td>
              <code>{pointerLabel(c.path)}</code>
            </td>
            <td className="wrap diff-before">{valueLabel(c.before)}</td>
            <td className="wrap diff-after">{valueLabel(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Restore({ context, target, state }: { context: string; target: ResourceTarget; state: KubeObject }) {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState<KubeObject | undefined>();
  const review = useMutation({ mutationFn: () => getCurrent(context, target), onSuccess: setCurrent });
  const replace = useMutation({
    mutationFn: () => restoreObject(context, target, state, current?.metadata.resourceVersion ?? ""),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["contexts", context] }),
  });
  if (!current) {
    return (
      <div>
        <p>Restoring replaces the live object with this version. Review the difference first.</p>
        <button type="button" onClick={() => review.mutate()} disabled={review.isPending}>
          Review the difference with the live object
        </button>
        {review.error ? <ErrorNote error={review.error} action="read the live object" /> : null}
      </div>
    );
  }
  const conflict = replace.error instanceof ApiError && replace.error.status === 409;
  return (
    <div>
      <p className="muted small">
        Live (resourceVersion {current.metadata.resourceVersion}) → this version; status and server-set metadata are not
        restored.
      </p>
      <YamlDiff before={restorable(current as Record<string, unknown>)} after={state} label="Restore diff" />
      {replace.isSuccess ? (
        <p role="status" className="hint">
          Restored: the object is now at resourceVersion {replace.data.metadata.resourceVersion}.
        </p>
      ) : (
        <button type="button" className="primary" onClick={() => replace.mutate()} disabled={replace.isPending}>
          Replace the live object with this version
        </button>
      )}
      {conflict ? (
        <div role="alert" className="error-note">
          <strong>The object changed since you reviewed it; nothing was overwritten.</strong>
          <button
            type="button"
            onClick={() => {
              replace.reset();
              review.mutate();
            }}
          >
            Review again
          </button>
        </div>
      ) : replace.error ? (
        <ErrorNote error={replace.error} action="replace the object" />
      ) : null}
    </div>
  );
}

function Recreate({ context, target, state }: { context: string; target: ResourceTarget; state: KubeObject }) {
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: () => recreateObject(context, target, state),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["contexts", context] }),
  });
  return (
    <div>
      <p>This object was deleted. Re-create it from this recorded state:</p>
      <section aria-label="Object to re-create">
        <pre className="yaml">{toYaml(state)}</pre>
      </section>
      {create.isSuccess ? (
        <p role="status" className="hint">
          Re-created (uid {create.data.metadata.uid}). <Link to={viewUrl(context, target)}>Open it</Link>
        </p>
      ) : (
        <button type="button" className="primary" onClick={() => create.mutate()} disabled={create.isPending}>
          Re-create
        </button>
      )}
      {create.error ? <ErrorNote error={create.error} action="create the object" /> : null}
    </div>
  );
}
