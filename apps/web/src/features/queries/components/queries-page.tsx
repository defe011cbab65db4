import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import { useQueryStream } from "../../../lib/use-query-stream.ts";
import {
  deleteQuery,
  EXAMPLE,
  loadSaved,
  queryFromParams,
  queryToParams,
  type SavedQuery,
  saveQuery,
  toCelQuery,
} from "../utils/saved-queries.ts";
import { QueryEditor } from "./query-editor.tsx";
import { QueryResults } from "./query-results.tsx";
import { QueryStatus } from "./query-status.tsx";

/**
 * `/c/<context>/queries?expr=&kinds=&col=...`: saved CEL queries. The URL holds the query being run (share it
 * to share the query); Save keeps it in this browser. Results are live: objects enter and leave the table as they
 * start or stop matching.
 */
export function QueriesPage({ context }: { context: string }) {
  const [params, setParams] = useSearchParams();
  const running = useMemo(() => queryFromParams(params), [params]);
  const [draft, setDraft] = useState<SavedQuery>(() => running ?? EXAMPLE);
  const [saved, setSaved] = useState(() => loadSaved());
  const [copied, setCopied] = useState(false);
  const spec = useMemo(() => (running ? toCelQuery(running) : undefined), [running]);
  const stream = useQueryStream(context, spec);
  const run = (query: SavedQuery) => setParams(queryToParams(query));

  return (
    <section className="queries-page">
      <h2>Queries</h2>
      <div className="queries-layout">
        <nav aria-label="Saved queries" className="saved-queries">
          <h3>Saved in this browser</h3>
          {saved.length === 0 ? <p className="muted">None yet.</p> : null}
          <ul>
            {saved.map((q) => (
              <li key={q.name}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setDraft(q);
                    run(q);
                  }}
                >
                  {q.name || "(unnamed)"}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="query-main">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              run(draft);
            }}
          >
            <QueryEditor query={draft} onChange={setDraft} />
            <div className="query-actions">
              <button type="submit" className="primary">
                Run
              </button>
              <button type="button" disabled={!draft.name.trim()} onClick={() => setSaved(saveQuery(draft))}>
                Save
              </button>
              {saved.some((q) => q.name === draft.name) ? (
                <button type="button" onClick={() => setSaved(deleteQuery(draft.name))}>
                  Delete
                </button>
              ) : null}
              <button
                type="button"
                onClick={() => {
                  const url = `${location.origin}${location.pathname}?${queryToParams(draft)}`;
                  void navigator.clipboard?.writeText(url).then(() => setCopied(true));
                }}
              >
                {copied ? "Link copied" : "Copy link"}
              </button>
            </div>
          </form>
          {running ? <QueryStatus stream={stream} /> : <p className="muted">Run the query to see what matches.</p>}
          {running ? (
            <QueryResults context={context} hits={stream.hits} columns={spec?.columns?.map((c) => c.name) ?? []} />
          ) : null}
        </div>
      </div>
    </section>
  );
}
