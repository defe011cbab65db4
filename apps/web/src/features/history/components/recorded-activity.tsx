import type { HistoryChange } from "@loupe/protocol";
import { useMemo } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ApiError } from "../../../lib/api.ts";
import { qualifiedName, viewUrl } from "../../../lib/resource-path.ts";
import { type HistoryFilters, useHistory } from "../api/list-history.ts";
import { pointerLabel } from "../utils/restorable.ts";

/** A kind the filter offers. */
export interface RecordedKind {
  group: string;
  version: string;
  resource: string;
  kind: string;
}

const RANGES = [
  ["15m", "Last 15 minutes", 15 * 60_000],
  ["1h", "Last hour", 3_600_000],
  ["6h", "Last 6 hours", 6 * 3_600_000],
  ["24h", "Last 24 hours", 86_400_000],
  ["7d", "Last 7 days", 7 * 86_400_000],
  ["all", "Everything recorded", 0],
] as const;
const TYPES = ["ADDED", "MODIFIED", "DELETED"] as const;

/**
 * The recorded past of the cluster (Loupe's history), newest first: the last hour by default, a time range, filters
 * by kind, namespace, name, type and field manager, and paging back in time. The first page refreshes every few
 * seconds, so it goes on live at the top. Filters live in the URL (`range`, `kind`, `name`, `type`, `manager`; the
 * namespace is the page's `ns`). A deleted object links to its last state, from which it can be re-created.
 */
export function RecordedActivity({
  context,
  kinds,
  namespace,
}: {
  context: string;
  kinds: readonly RecordedKind[];
  namespace: string | undefined;
}) {
  const [params, setParams] = useSearchParams();
  const range = RANGES.find(([key]) => key === params.get("range")) ?? RANGES[1];
  const kindKey = params.get("kind") ?? "";
  const kind = kinds.find((k) => `${k.group}/${k.resource}` === kindKey);
  const type = TYPES.find((t) => t === params.get("type"));
  const name = params.get("name") ?? "";
  const manager = params.get("manager") ?? "";
  // The range's start moves only when the range changes: "last hour" as of opening, extended by the refresh.
  const since = useMemo(() => (range[2] ? new Date(Date.now() - range[2]).toISOString() : undefined), [range[0]]);
  const filters: HistoryFilters = {
    since,
    ...(kind ? { group: kind.group, resource: kind.resource } : {}),
    ...(namespace ? { namespace } : {}),
    ...(name ? { name } : {}),
    ...(type ? { type } : {}),
    ...(manager ? { manager } : {}),
    limit: 100,
  };
  const history = useHistory(context, filters, { refetchInterval: 5_000 });
  const items: HistoryChange[] = useMemo(() => history.data?.pages.flatMap((p) => p.items) ?? [], [history.data]);
  const kindOf = useMemo(() => new Map(kinds.map((k) => [`${k.group}/${k.resource}`, k])), [kinds]);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  if (history.error instanceof ApiError && history.error.body.code === "LOUPE_HISTORY_OFF") {
    return <p className="muted">History is off on this server: only changes seen while this page is open show.</p>;
  }
  return (
    <section className="recorded-activity" aria-labelledby="recorded-activity-heading">
      <h3 id="recorded-activity-heading">Recorded</h3>
      <div className="toolbar">
        <label className="field">
          <span>Time</span>
          <select value={range[0]} onChange={(e) => set("range", e.target.value === "1h" ? "" : e.target.value)}>
            {RANGES.map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Kind</span>
          <select value={kindKey} onChange={(e) => set("kind", e.target.value)}>
            <option value="">Every kind</option>
            {kinds.map((k) => (
              <option key={`${k.group}/${k.resource}`} value={`${k.group}/${k.resource}`}>
                {k.kind} ({qualifiedName(k)})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Name</span>
          <input
            type="search"
            defaultValue={name}
            maxLength={253}
            placeholder="exact name"
            onKeyDown={(e) => {
              if (e.key === "Enter") set("name", e.currentTarget.value.trim());
            }}
            onBlur={(e) => set("name", e.currentTarget.value.trim())}
          />
        </label>
        <label className="field">
          <span>Type</span>
          <select value={type ?? ""} onChange={(e) => set("type", e.target.value)}>
            <option value="">Any</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {t === "DELETED" ? "DELETED (deleted objects)" : t}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Manager</span>
          <input
            type="search"
            defaultValue={manager}
            maxLength={128}
            placeholder="field manager"
            onKeyDown={(e) => {
              if (e.key === "Enter") set("manager", e.currentTarget.value.trim());
            }}
            onBlur={(e) => set("manager", e.currentTarget.value.trim())}
          />
        </label>
      </div>
      {history.error ? (
        <ErrorNote error={history.error} action="read the recorded history" onRetry={() => void history.refetch()} />
      ) : null}
      {history.isPending ? <p className="muted">Loading the recorded changes…</p> : null}
      {!history.isPending && items.length === 0 && !history.error ? (
        <p className="empty" role="status">
          No recorded change matches ({range[1].toLowerCase()}).
        </p>
      ) : null}
      <ol className="activity-log" aria-label="Recorded changes">
        {items.map((c) => {
          const k = kindOf.get(`${c.group}/${c.resource}`);
          const target = {
            group: c.group,
            version: k?.version ?? c.version,
            resource: c.resource,
            namespace: c.namespace || undefined,
            name: c.name,
          };
          return (
            <li key={c.id} className={`activity-entry activity-${c.type.toLowerCase()}`}>
              <span className={`badge badge-${c.type.toLowerCase()}`}>{c.type}</span>
              <time dateTime={c.time} className="muted" title={new Date(c.time).toLocaleString()}>
                {new Date(c.time).toLocaleString()}
              </time>
              <span className="activity-kind">{k?.kind ?? c.resource}</span>
              <Link to={viewUrl(context, target, { tab: "history" })}>
                {c.namespace ? `${c.namespace}/` : ""}
                {c.name}
              </Link>
              {c.managers[0] ? (
                <span className="muted small">by {c.managers.map((m) => m.manager).join(", ")}</span>
              ) : null}
              {c.gap ? <span className="tag">after a gap</span> : null}
              {c.type === "MODIFIED" ? (
                <span className="activity-changed">
                  {c.changes.slice(0, 6).map((f) => (
                    <code key={f.path}>{pointerLabel(f.path)}</code>
                  ))}
                  {c.changes.length > 6 ? <span className="muted"> +{c.changes.length - 6} more</span> : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {history.hasNextPage ? (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage}>
          {history.isFetchingNextPage ? "Loading…" : "Older changes"}
        </button>
      ) : null}
    </section>
  );
}
