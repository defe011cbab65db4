import { type ReactNode, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { ErrorNote } from "../../../components/error-note.tsx";
import { ConnectionIndicator } from "../../../components/ui/connection-indicator.tsx";
import { useSyncedText } from "../../../hooks/use-synced-text.ts";
import { qualifiedName, viewUrl } from "../../../lib/resource-path.ts";
import { type ActivitySource, useActivity } from "../hooks/use-activity.ts";
import { decodeRef, encodeRef, filterEntries } from "../utils/activity.ts";

/** Kinds followed when the URL names none: the custom resources (custom resources first), up to this many. */
const DEFAULT_KINDS = 12;

/**
 * A live stream of ADDED / MODIFIED / DELETED across the kinds and the namespace the user picks, newest first; each
 * entry links to its object and, for MODIFIED, names the fields that changed. Filter, pause and clear. The picked
 * kinds are in the URL (`?r=<group>/<version>/<resource>`, repeated), with `ns=` and `q=`.
 */
export function ActivityView({
  context,
  kinds,
  namespace,
  namespacePicker,
  recorded,
}: {
  context: string;
  /** Every kind that can be followed (from the catalog). */
  kinds: readonly (ActivitySource & { custom: boolean })[];
  namespace: string | undefined;
  /** The namespace picker, supplied by the route (it owns the namespace in the URL). */
  namespacePicker: ReactNode;
  /** The recorded past (features/history), composed by the route: shown below the live changes. */
  recorded?: ReactNode;
}) {
  const [params, setParams] = useSearchParams();
  const [paused, setPaused] = useState(false);
  const filter = params.get("q") ?? "";
  const [filterText, setFilterText] = useSyncedText(filter, (text) => {
    const p = new URLSearchParams(params);
    if (text) p.set("q", text);
    else p.delete("q");
    setParams(p, { replace: true });
  });
  const picked = useMemo(() => {
    const named = params.getAll("r").map(decodeRef);
    const byKey = new Map(kinds.map((k) => [encodeRef(k.ref), k]));
    if (named.length === 0) return kinds.filter((k) => k.custom).slice(0, DEFAULT_KINDS);
    return named.flatMap((ref) => (ref ? (byKey.get(encodeRef(ref)) ?? []) : []));
  }, [params, kinds]);
  const activity = useActivity(context, picked, namespace, paused);
  const shown = useMemo(() => filterEntries(activity.entries, filter), [activity.entries, filter]);

  const setPicked = (next: readonly ActivitySource[]) => {
    const p = new URLSearchParams(params);
    p.delete("r");
    for (const s of next) p.append("r", encodeRef(s.ref));
    setParams(p);
  };
  const pickedKeys = new Set(picked.map((s) => encodeRef(s.ref)));
  const addable = kinds.filter((k) => !pickedKeys.has(encodeRef(k.ref)));

  return (
    <section className="activity-view" aria-labelledby="activity-heading">
      <header className="view-header">
        <div>
          <h2 id="activity-heading">Activity</h2>
          <p className="muted subtitle">
            Changes as they happen{namespace ? ` in namespace ${namespace}` : " in all namespaces"}, newest first.
          </p>
        </div>
        <ConnectionIndicator status={activity.status} />
      </header>
      <div className="toolbar">
        {namespacePicker}
        <label className="field">
          <span>Follow kind</span>
          <select
            value=""
            onChange={(e) => {
              const add = addable.find((k) => encodeRef(k.ref) === e.target.value);
              if (add) setPicked([...picked, add]);
            }}
          >
            <option value="">Add a kind…</option>
            {addable.map((k) => (
              <option key={encodeRef(k.ref)} value={encodeRef(k.ref)}>
                {k.kind} ({qualifiedName(k.ref)})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Filter</span>
          <input
            type="search"
            value={filterText}
            placeholder="kind, name, type or field"
            onChange={(e) => setFilterText(e.target.value)}
          />
        </label>
        <button type="button" aria-pressed={paused} onClick={() => setPaused((v) => !v)}>
          {paused ? `Resume${activity.waiting ? ` (${activity.waiting} waiting)` : ""}` : "Pause"}
        </button>
        <button type="button" onClick={activity.clear}>
          Clear
        </button>
      </div>
      <ul className="chips" aria-label="Followed kinds">
        {picked.map((s) => (
          <li key={encodeRef(s.ref)} className="chip">
            {s.kind}
            <button
              type="button"
              aria-label={`Stop following ${s.kind}`}
              onClick={() => setPicked(picked.filter((p) => p !== s))}
            >
              ×
            </button>
          </li>
        ))}
        {picked.length === 0 ? <li className="muted">No kind followed: add one above.</li> : null}
      </ul>
      {activity.errors.map(({ source, error }) => (
        <ErrorNote
          key={encodeRef(source.ref)}
          error={error as Error}
          action={`watch ${qualifiedName(source.ref)}${namespace && source.namespaced ? ` in namespace ${namespace}` : ""}`}
        />
      ))}
      {shown.length === 0 ? (
        <p className="empty" role="status">
          {activity.entries.length === 0
            ? recorded
              ? "Live: nothing has changed since this page opened. The recorded past is below."
              : "Nothing has changed since this page opened. Changes to the followed kinds appear here."
            : "No change matches the filter."}
        </p>
      ) : null}
      <ol className="activity-log" aria-label="Changes">
        {shown.map((e) => (
          <li key={e.id} className={`activity-entry activity-${e.type.toLowerCase()}`}>
            <span className={`badge badge-${e.type.toLowerCase()}`}>{e.type}</span>
            <time dateTime={new Date(e.at).toISOString()} className="muted">
              {new Date(e.at).toLocaleTimeString()}
            </time>
            <span className="activity-kind">{e.kind}</span>
            <Link to={viewUrl(context, { ...e.ref, namespace: e.namespace, name: e.name })}>
              {e.namespace ? `${e.namespace}/` : ""}
              {e.name}
            </Link>
            {e.type === "MODIFIED" ? (
              <span className="activity-changed">
                {e.changed.length === 0 ? (
                  <span className="muted">metadata only</span>
                ) : (
                  e.changed.slice(0, 8).map((p) => <code key={p}>{p}</code>)
                )}
                {e.changed.length > 8 ? <span className="muted"> +{e.changed.length - 8} more</span> : null}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
      {recorded}
    </section>
  );
}
