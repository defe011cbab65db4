import { useMemo } from "react";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ageOf } from "../../../lib/format.ts";
import { useWatch } from "../../../lib/watch.ts";
import { type KubeEvent, lastSeen, useEvents } from "../api/list-events.ts";

/**
 * The Events whose involvedObject is this object (by uid), newest first, live: a watch on
 * `involvedObject.uid=<uid>` keeps them current; the REST list answers first (and is re-read every 5 s should
 * the watch be refused).
 */
export function EventsTable({
  context,
  uid,
  namespace,
  now,
}: {
  context: string;
  uid: string | undefined;
  namespace: string | undefined;
  now: number;
}) {
  const watch = useWatch(
    uid
      ? { context, group: "", version: "v1", resource: "events", namespace, fieldSelector: `involvedObject.uid=${uid}` }
      : null,
  );
  const watchFailed = watch.status.state === "error";
  const events = useEvents(context, uid, namespace, { refetchInterval: watchFailed ? 5_000 : undefined });
  const watched = watch.data?.mode === "objects" && !watchFailed ? (watch.data.items as KubeEvent[]) : undefined;
  const items = useMemo(
    () => (watched ? [...watched].sort((a, b) => lastSeen(b).localeCompare(lastSeen(a))) : (events.data ?? [])),
    [watched, events.data],
  );
  return (
    <section className="card" aria-labelledby="events-heading">
      <h3 id="events-heading">
        Events <span className="count">{items.length}</span>
      </h3>
      {events.isPending && uid ? <p className="muted">Loading events…</p> : null}
      {events.isError ? (
        <ErrorNote
          error={events.error}
          onRetry={() => void events.refetch()}
          action={`list events${namespace ? ` in namespace ${namespace}` : ""}`}
        />
      ) : null}
      {events.isSuccess && items.length === 0 ? <p className="empty">No events about this object.</p> : null}
      {items.length > 0 ? (
        <table className="plain-table" aria-labelledby="events-heading">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Reason</th>
              <th scope="col">Message</th>
              <th scope="col">Count</th>
              <th scope="col">Last seen</th>
              <th scope="col">From</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.metadata.uid ?? e.metadata.name}>
                <td>
                  <span className={e.type === "Warning" ? "cond cond-false" : "cond"}>{e.type}</span>
                </td>
                <td>{e.reason}</td>
                <td className="wrap">{e.message}</td>
                <td className="num">{e.series?.count ?? e.count ?? 1}</td>
                <td title={lastSeen(e)}>{lastSeen(e) ? `${ageOf(lastSeen(e), now)} ago` : ""}</td>
                <td>{e.source?.component ?? e.reportingComponent ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
