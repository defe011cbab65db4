import type { QueryHit } from "@loupe/protocol";
import { useMemo } from "react";
import { Link } from "react-router";
import { HealthVerdict } from "../../../components/ui/health-verdict.tsx";
import { useNow } from "../../../hooks/use-now.ts";
import { ageOf, cellText } from "../../../lib/format.ts";
import { viewUrl } from "../../../lib/resource-path.ts";
import { hitKey } from "../../../lib/use-query-stream.ts";

/** A CEL query's hits as a table: kind, namespace, name, health, the query's columns, age; links to objects. */
export function QueryResults({ context, hits, columns }: { context: string; hits: QueryHit[]; columns: string[] }) {
  const now = useNow(10_000);
  const sorted = useMemo(
    () =>
      [...hits].sort(
        (a, b) =>
          (a.kind ?? "").localeCompare(b.kind ?? "") ||
          (a.metadata.namespace ?? "").localeCompare(b.metadata.namespace ?? "") ||
          a.metadata.name.localeCompare(b.metadata.name),
      ),
    [hits],
  );
  if (sorted.length === 0) return null;
  return (
    <table className="query-table" aria-label="Query results">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Namespace</th>
          <th>Name</th>
          <th>Health</th>
          {columns.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a name.
            <th key={i}>{c}</th>
          ))}
          <th>Age</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((hit) => (
          <tr key={hitKey(hit)}>
            <td title={`${hit.hit.resource}${hit.hit.group ? `.${hit.hit.group}` : ""}`}>{hit.kind}</td>
            <td>{hit.metadata.namespace ?? ""}</td>
            <td>
              <Link
                to={viewUrl(context, {
                  group: hit.hit.group,
                  version: hit.hit.version,
                  resource: hit.hit.resource,
                  ...(hit.metadata.namespace ? { namespace: hit.metadata.namespace } : {}),
                  name: hit.metadata.name,
                })}
              >
                {hit.metadata.name}
              </Link>
            </td>
            <td>
              <HealthVerdict health={hit.hit.health} />
            </td>
            {columns.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells follow the columns' order.
              <td key={i}>{cell(hit.hit.cells?.[i])}</td>
            ))}
            <td>{ageOf(hit.metadata.creationTimestamp, now)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function cell(value: unknown) {
  if (value && typeof value === "object" && "error" in value) {
    return (
      <span className="muted" title={String((value as { error: unknown }).error)}>
        —
      </span>
    );
  }
  return typeof value === "object" && value !== null ? JSON.stringify(value) : cellText(value);
}
