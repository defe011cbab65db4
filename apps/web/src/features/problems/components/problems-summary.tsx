import { Link } from "react-router";
import { HealthBadge, verdictLabel } from "../../../components/ui/health-badge.tsx";
import { count } from "../../../lib/format.ts";
import { problemsUrl } from "../../../lib/resource-path.ts";
import type { ProblemsState } from "../utils/problems-state.ts";
import { kindCounts, verdictCounts } from "../utils/problems-state.ts";
import { VERDICTS } from "./problems-view.tsx";

/** Objects held across the kinds of a Problems state (what the cluster home calls "objects watched"). */
export function objectsWatched(state: ProblemsState): number | undefined {
  if (!state.loaded) return undefined;
  let total = 0;
  for (const kind of state.kinds.values()) total += kind.objects;
  return total;
}

/**
 * "Is anything wrong?": the problem counts of the whole cluster by verdict, and by group and kind (most first),
 * each linked to the Problems view narrowed to it.
 */
export function ProblemsSummary({ context, state }: { context: string; state: ProblemsState }) {
  const verdicts = verdictCounts(state);
  const kinds = kindCounts(state);
  const withProblems = [...state.kinds.values()].filter((k) => k.problems > 0).sort((a, b) => b.problems - a.problems);
  return (
    <section className="card" aria-labelledby="home-problems-heading">
      <h2 id="home-problems-heading">
        <Link to={problemsUrl(context)}>Problems</Link>
      </h2>
      {!state.loaded ? <p className="muted">Listing every kind…</p> : null}
      {state.loaded ? (
        <p className="problems-summary" role="status" aria-label="Problem counts">
          <strong data-testid="home-problems-total">
            {count(state.total)} {state.total === 1 ? "object" : "objects"} not healthy
          </strong>
          {VERDICTS.filter((v) => verdicts[v] > 0).map((v) => (
            <Link key={v} to={problemsUrl(context, { verdict: v })}>
              {count(verdicts[v])} {verdictLabel(v).toLowerCase()}
            </Link>
          ))}
        </p>
      ) : null}
      {withProblems.length > 0 ? (
        <table className="problem-table" aria-label="Problems by kind">
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Group</th>
              <th scope="col">Not healthy</th>
              <th scope="col">Objects</th>
            </tr>
          </thead>
          <tbody>
            {withProblems.slice(0, 12).map((k) => (
              <tr key={k.id}>
                <td>
                  <Link to={problemsUrl(context, { group: k.group })}>{k.kind}</Link>
                </td>
                <td className="muted">{k.group || "core"}</td>
                <td>{count(k.problems)}</td>
                <td>{count(k.objects)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : state.loaded && kinds.syncing === 0 ? (
        <p>
          <HealthBadge health={{ verdict: "Current", reason: "", message: "", rule: "" }} /> Every watched object is
          healthy.
        </p>
      ) : null}
      {kinds.error.length > 0 || kinds.forbidden > 0 ? (
        <p className="muted">
          {kinds.error.length > 0 ? `${kinds.error.length} kinds cannot be listed. ` : ""}
          {kinds.forbidden > 0 ? `${kinds.forbidden} kinds are not allowed to you.` : ""}
        </p>
      ) : null}
    </section>
  );
}
