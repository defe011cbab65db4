import type { HealthVerdict, ProblemKind, ProblemRow, ProblemsQuery } from "@loupe/protocol";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { ConnectionIndicator, type ConnectionStatus } from "../../../components/ui/connection-indicator.tsx";
import { HealthBadge, verdictLabel } from "../../../components/ui/health-badge.tsx";
import { useNow } from "../../../hooks/use-now.ts";
import { ageOf, count } from "../../../lib/format.ts";
import { viewUrl } from "../../../lib/resource-path.ts";
import { useProblems } from "../hooks/use-problems.ts";
import { groupByKind, kindCounts, type ProblemsState, verdictCounts } from "../utils/problems-state.ts";

export const VERDICTS: readonly Exclude<HealthVerdict, "Current">[] = [
  "Failed",
  "InProgress",
  "Terminating",
  "Unknown",
];
/** Rows shown per kind before "Show all". */
const PER_KIND = 100;

export interface ProblemsFilters {
  namespace: string | undefined;
  group: string | undefined;
  category: string | undefined;
  verdicts: readonly Exclude<HealthVerdict, "Current">[];
}

/**
 * Every object that is not healthy, across custom resources and the built-in workload kinds, live (DESIGN §12):
 * grouped by kind with counts, filtered by namespace, API group, category and verdict (the filters are the
 * subscription's key, kept in the URL by the route), each object linked to its page.
 */
export function ProblemsView({
  context,
  filters,
  onFilters,
  groups,
  categories,
  namespacePicker,
}: {
  context: string;
  filters: ProblemsFilters;
  onFilters: (next: ProblemsFilters) => void;
  /** API groups and categories to offer (from the catalog). */
  groups: readonly string[];
  categories: readonly string[];
  namespacePicker: ReactNode;
}) {
  const query: Omit<ProblemsQuery, "kind"> = {};
  if (filters.namespace) query.namespace = filters.namespace;
  if (filters.group !== undefined) query.group = filters.group;
  if (filters.category) query.category = filters.category;
  if (filters.verdicts.length > 0 && filters.verdicts.length < VERDICTS.length) query.verdicts = [...filters.verdicts];
  const state = useProblems(context, query);
  const now = useNow(10_000);
  const kinds = kindCounts(state);
  const groupsShown = groupByKind(state);
  const status: ConnectionStatus = state.error
    ? { state: "error", message: state.error }
    : { state: state.state, message: state.message };

  return (
    <section className="problems-view" aria-labelledby="problems-heading">
      <header className="view-header">
        <div>
          <h2 id="problems-heading">Problems</h2>
          <p className="muted subtitle">Every object that is not healthy, across custom resources and workloads</p>
        </div>
        <ConnectionIndicator status={status} />
      </header>
      <div className="toolbar">
        {namespacePicker}
        <label className="field">
          <span>API group</span>
          <select
            value={filters.group ?? "*"}
            onChange={(e) => onFilters({ ...filters, group: e.target.value === "*" ? undefined : e.target.value })}
          >
            <option value="*">All groups</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g === "" ? "core" : g}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Category</span>
          <select
            value={filters.category ?? ""}
            onChange={(e) => onFilters({ ...filters, category: e.target.value || undefined })}
          >
            <option value="">Any</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="field verdicts">
          <legend>Verdict</legend>
          {VERDICTS.map((v) => (
            <label key={v} className="checkbox">
              <input
                type="checkbox"
                checked={filters.verdicts.includes(v)}
                onChange={(e) => {
                  const next = e.target.checked ? [...filters.verdicts, v] : filters.verdicts.filter((x) => x !== v);
                  if (next.length > 0) onFilters({ ...filters, verdicts: VERDICTS.filter((x) => next.includes(x)) });
                }}
              />
              <span>{verdictLabel(v)}</span>
            </label>
          ))}
        </fieldset>
      </div>
      <Summary state={state} kinds={kinds} />
      {state.error ? (
        <p role="alert" className="error-note">
          {state.error}
        </p>
      ) : null}
      {kinds.error.length > 0 ? <FailingKinds kinds={kinds.error} /> : null}
      {state.loaded && state.total === 0 && kinds.syncing === 0 && !state.error ? (
        <p className="empty" role="status">
          Nothing is unhealthy{filters.namespace ? ` in namespace ${filters.namespace}` : ""}.
        </p>
      ) : null}
      {groupsShown.map(({ kind, rows }) => (
        <KindGroup key={kind.id} context={context} kind={kind} rows={rows} now={now} />
      ))}
      {state.total > state.rows.size ? (
        <p className="muted" role="status">
          Showing {count(state.rows.size)} of {count(state.total)} problems: narrow the filters to see the rest.
        </p>
      ) : null}
    </section>
  );
}

function Summary({ state, kinds }: { state: ProblemsState; kinds: ReturnType<typeof kindCounts> }) {
  const verdicts = verdictCounts(state);
  const parts = VERDICTS.filter((v) => verdicts[v] > 0).map(
    (v) => `${count(verdicts[v])} ${verdictLabel(v).toLowerCase()}`,
  );
  return (
    <div className="list-status problems-summary" role="status" aria-label="Problems summary">
      <strong data-testid="problems-total">
        {count(state.total)} {state.total === 1 ? "problem" : "problems"}
      </strong>
      {parts.length > 0 ? <span>{parts.join(" · ")}</span> : null}
      <span className="muted">
        {count(kinds.live)} kinds watched
        {kinds.syncing > 0 ? ` · ${count(kinds.syncing)} listing…` : ""}
        {kinds.error.length > 0 ? ` · ${count(kinds.error.length)} cannot be listed` : ""}
        {kinds.forbidden > 0 ? ` · ${count(kinds.forbidden)} not allowed to you` : ""}
      </span>
    </div>
  );
}

function FailingKinds({ kinds }: { kinds: readonly ProblemKind[] }) {
  return (
    <details className="error-note problems-failing">
      <summary>
        {kinds.length} {kinds.length === 1 ? "kind cannot" : "kinds cannot"} be listed: their problems are not shown
      </summary>
      <ul>
        {kinds.map((k) => (
          <li key={k.id}>
            <strong>{k.kind}</strong> <span className="muted">{k.group || "core"}</span>: {k.message ?? "unknown error"}
          </li>
        ))}
      </ul>
    </details>
  );
}

function KindGroup({
  context,
  kind,
  rows,
  now,
}: {
  context: string;
  kind: ProblemKind;
  rows: readonly ProblemRow[];
  now: number;
}) {
  const [all, setAll] = useState(false);
  const shown = all ? rows : rows.slice(0, PER_KIND);
  const headingId = `problems-${kind.id.replace(/[^a-z0-9]/gi, "-")}`;
  const listUrl = viewUrl(
    context,
    { group: kind.group, version: kind.version, resource: kind.resource },
    { health: "unhealthy" },
  );
  return (
    <section className="card problem-group" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={listUrl}>{kind.kind}</Link> <span className="muted">{kind.group || "core"}</span>{" "}
        <span className="count-pill" title={`${kind.problems} of ${kind.objects} objects`}>
          {count(kind.problems)}
        </span>
      </h3>
      <table className="problem-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            {kind.namespaced ? <th scope="col">Namespace</th> : null}
            <th scope="col">Health</th>
            <th scope="col">Reason</th>
            <th scope="col">Message</th>
            <th scope="col">Age</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const meta = row.object.metadata;
            const url = viewUrl(context, {
              group: kind.group,
              version: kind.version,
              resource: kind.resource,
              namespace: meta.namespace,
              name: meta.name,
            });
            return (
              <tr key={meta.uid ?? `${meta.namespace}/${meta.name}`}>
                <td>
                  <Link to={url} className="name-link">
                    {meta.name}
                  </Link>
                </td>
                {kind.namespaced ? <td>{meta.namespace ?? ""}</td> : null}
                <td>
                  <HealthBadge health={row.health} />
                </td>
                <td>{row.health.reason}</td>
                <td className="problem-message">{row.health.message}</td>
                <td>{ageOf(meta.creationTimestamp, now)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length ? (
        <button type="button" onClick={() => setAll(true)}>
          Show all {count(rows.length)}
        </button>
      ) : null}
    </section>
  );
}
