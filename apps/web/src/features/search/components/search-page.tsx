import { useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { HealthVerdict } from "../../../components/ui/health-verdict.tsx";
import { useNow } from "../../../hooks/use-now.ts";
import { ageOf } from "../../../lib/format.ts";
import { hitKey, useQueryStream } from "../../../lib/use-query-stream.ts";
import { rankHits, searchFromParams } from "../utils/search-params.ts";
import { hitUrl } from "./search-dialog.tsx";
import { SearchProgress } from "./search-progress.tsx";

/**
 * `/c/<context>/search?q=&ns=&labelSelector=`: every hit of a search across kinds, live, as a table (kind,
 * namespace, name, health, what matched, age) with links to the objects, and the kinds that could not be read.
 */
export function SearchPage({ context }: { context: string }) {
  const [params, setParams] = useSearchParams();
  const spec = useMemo(() => searchFromParams(params), [params]);
  const stream = useQueryStream(context, spec);
  const hits = useMemo(() => rankHits(stream.hits, spec?.text ?? ""), [stream.hits, spec]);
  const now = useNow(10_000);
  const [text, setText] = useState(params.get("q") ?? "");
  const [ns, setNs] = useState(params.get("ns") ?? "");
  const [selector, setSelector] = useState(params.get("labelSelector") ?? "");
  const failed = stream.progress?.failed ?? [];

  return (
    <section className="search-page">
      <h2>Search</h2>
      <form
        className="search-form"
        onSubmit={(e) => {
          e.preventDefault();
          const next = new URLSearchParams();
          if (text.trim()) next.set("q", text.trim());
          if (ns.trim()) next.set("ns", ns.trim());
          if (selector.trim()) next.set("labelSelector", selector.trim());
          setParams(next);
        }}
      >
        <input
          aria-label="Search names, labels and kinds"
          placeholder="Names, labels or kinds"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
        />
        <input
          aria-label="Namespace"
          placeholder="Namespace (all)"
          value={ns}
          onChange={(e) => setNs(e.target.value)}
          spellCheck={false}
        />
        <input
          aria-label="Label selector"
          placeholder="Label selector (app=web,tier!=db)"
          value={selector}
          onChange={(e) => setSelector(e.target.value)}
          spellCheck={false}
        />
        <button type="submit">Search</button>
      </form>
      {spec ? (
        <SearchProgress stream={stream} />
      ) : (
        <p className="muted">Search the objects of every kind you may list.</p>
      )}
      {hits.length > 0 ? (
        <table className="query-table">
          <thead>
            <tr>
              <th>Kind</th>
              <th>Namespace</th>
              <th>Name</th>
              <th>Health</th>
              <th>Matched</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit) => (
              <tr key={hitKey(hit)}>
                <td title={`${hit.hit.resource}${hit.hit.group ? `.${hit.hit.group}` : ""}`}>{hit.kind}</td>
                <td>{hit.metadata.namespace ?? ""}</td>
                <td>
                  <Link to={hitUrl(context, hit)}>{hit.metadata.name}</Link>
                </td>
                <td>
                  <HealthVerdict health={hit.hit.health} />
                </td>
                <td className="muted">{(hit.hit.matched ?? []).join(", ")}</td>
                <td>{ageOf(hit.metadata.creationTimestamp, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {failed.length > 0 ? (
        <details className="query-failed">
          <summary>
            {stream.progress?.failedCount} {stream.progress?.failedCount === 1 ? "kind" : "kinds"} could not be read
          </summary>
          <ul>
            {failed.map((f) => (
              <li key={`${f.group}/${f.resource}`}>
                <code>
                  {f.resource}
                  {f.group ? `.${f.group}` : ""}
                </code>
                : {f.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
