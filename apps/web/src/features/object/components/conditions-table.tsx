import { ageOf } from "../../../lib/format.ts";

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  observedGeneration?: number;
}

/** `status.conditions` as a table: type, status, reason, message, when it last changed. */
export function ConditionsTable({ conditions, now }: { conditions: Condition[]; now: number }) {
  return (
    <section className="card" aria-labelledby="conditions-heading">
      <h3 id="conditions-heading">
        Conditions <span className="count">{conditions.length}</span>
      </h3>
      {conditions.length === 0 ? (
        <p className="empty">This object reports no status.conditions.</p>
      ) : (
        <table className="plain-table" aria-labelledby="conditions-heading">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Message</th>
              <th scope="col">Last transition</th>
            </tr>
          </thead>
          <tbody>
            {conditions.map((c) => (
              <tr key={`${c.type}|${c.reason}|${c.lastTransitionTime}`}>
                <td>{c.type}</td>
                <td>
                  <span className={`cond cond-${String(c.status).toLowerCase()}`}>{c.status}</span>
                </td>
                <td>{c.reason}</td>
                <td className="wrap">{c.message}</td>
                <td title={c.lastTransitionTime}>
                  {c.lastTransitionTime ? `${ageOf(c.lastTransitionTime, now)} ago` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The object's `status.conditions` when it has a list of them (any kind), else []. */
export function conditionsOf(object: unknown): Condition[] {
  const conditions = (object as { status?: { conditions?: unknown } } | null)?.status?.conditions;
  return Array.isArray(conditions) ? conditions.filter((c): c is Condition => typeof c === "object" && c !== null) : [];
}
