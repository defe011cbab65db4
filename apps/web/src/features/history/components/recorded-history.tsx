import type { HistoryChange } from "@loupe/protocol";
import { type ReactNode, useMemo, useState } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import type { ResourceTarget } from "../../../lib/resource-path.ts";
import { useHistory } from "../api/list-history.ts";
import { ChangeDetail } from "./change-detail.tsx";

/**
 * The object's recorded life (the server's history: it survives restarts and closed tabs), newest first, a page at
 * a time, refreshed every few seconds; the chosen change in detail. When the server records nothing (history off),
 * `fallback` is shown instead.
 */
export function RecordedHistory({
  context,
  target,
  fallback,
}: {
  context: string;
  target: ResourceTarget & { name: string };
  fallback?: ReactNode;
}) {
  const filters = useMemo(
    () => ({ group: target.group, resource: target.resource, namespace: target.namespace ?? "", name: target.name }),
    [target.group, target.resource, target.namespace, target.name],
  );
  const history = useHistory(context, { ...filters, limit: 50 }, { refetchInterval: 5_000 });
  const [chosen, setChosen] = useState<string | null>(null);
  const items: HistoryChange[] = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);
  if (history.error instanceof ApiError && history.error.body.code === "LOUPE_HISTORY_OFF") return <>{fallback}</>;
  if (history.isPending) return <p className="muted">Loading the recorded history…</p>;
  if (history.error) {
    return (
      <ErrorNote error={history.error} action="read the recorded history" onRetry={() => void history.refetch()} />
    );
  }
  if (items.length === 0) {
    return <p className="empty">Nothing recorded for this object yet. Its changes are recorded from now on.</p>;
  }
  const selected = items.find((c) => c.id === chosen) ?? (items[0] as HistoryChange);
  const deletedNow = items[0]?.type === "DELETED";
  return (
    <div className="history">
      <section className="card" aria-labelledby="recorded-heading">
        <h3 id="recorded-heading">Recorded changes</h3>
        <p className="muted small">Kept by Loupe's server across restarts; newest first.</p>
        <ol className="versions" aria-label="Recorded changes">
          {items.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                aria-pressed={c.id === selected.id}
                className={c.id === selected.id ? "version active" : "version"}
                onClick={() => setChosen(c.id)}
              >
                <span>
                  <span className={`badge badge-${c.type.toLowerCase()}`}>{c.type}</span> {c.managers[0]?.manager ?? ""}
                  {c.gap ? <span className="tag">after a gap</span> : null}
                </span>
                <span className="muted small">
                  {new Date(c.time).toLocaleString()}
                  {c.changes.length > 0 ? ` · ${c.changes.length} field${c.changes.length === 1 ? "" : "s"}` : ""}
                </span>
              </button>
            </li>
          ))}
        </ol>
        {history.hasNextPage ? (
          <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
            Older changes
          </button>
        ) : null}
      </section>
      <ChangeDetail key={selected.id} context={context} target={target} change={selected} deletedNow={deletedNow} />
    </div>
  );
}
