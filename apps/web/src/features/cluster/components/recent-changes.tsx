import { Link } from "react-router";
import { useNow } from "../../../hooks/use-now.ts";
import { ApiError } from "../../../lib/api.ts";
import { ageOf } from "../../../lib/format.ts";
import { activityUrl, viewUrl } from "../../../lib/resource-path.ts";
import { useHistoryEnabled, useRecentChanges } from "../api/get-recent-changes.ts";

/**
 * "What changed": the latest changes Loupe's history recorded (only what the user may see), each linked to its
 * object; the live activity view for more. When the server records no history, says so.
 */
export function RecentChanges({ context }: { context: string }) {
  const enabled = useHistoryEnabled();
  const changes = useRecentChanges(context, enabled.data === true);
  const now = useNow(10_000);
  const off = enabled.data === false || (changes.error instanceof ApiError && changes.error.status === 404);
  return (
    <section className="card" aria-labelledby="changes-heading">
      <h2 id="changes-heading">Recent changes</h2>
      {changes.isPending && !off ? <p className="muted">Reading the history…</p> : null}
      {off ? (
        <p className="muted">This server records no history: the activity view shows changes as they happen.</p>
      ) : null}
      {changes.isError && !off ? <p className="error-note">{changes.error.message}</p> : null}
      {changes.data && changes.data.items.length === 0 ? <p className="muted">No changes recorded yet.</p> : null}
      {changes.data && changes.data.items.length > 0 ? (
        <ul className="recent-changes" aria-label="Recent changes">
          {changes.data.items.map((change) => {
            const target = {
              group: change.group,
              version: change.version,
              resource: change.resource,
              namespace: change.namespace || undefined,
              name: change.name,
            };
            const fields = change.changes
              .slice(0, 2)
              .map((c) => c.path.replace(/^\//, "").replaceAll("/", "."))
              .join(", ");
            return (
              <li key={change.id}>
                <span className={`change-type change-${change.type}`}>{change.type}</span>{" "}
                <span className="muted">{change.resource}</span>{" "}
                {change.type === "DELETED" ? (
                  <span>{change.namespace ? `${change.namespace}/${change.name}` : change.name}</span>
                ) : (
                  <Link to={viewUrl(context, target)}>
                    {change.namespace ? `${change.namespace}/${change.name}` : change.name}
                  </Link>
                )}
                {fields ? <span className="muted"> · {fields}</span> : null}
                <span className="muted"> · {ageOf(change.time, now)} ago</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <p>
        <Link to={activityUrl(context)}>Live activity →</Link>
      </p>
    </section>
  );
}
