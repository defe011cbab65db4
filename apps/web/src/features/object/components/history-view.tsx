import { useMemo, useState } from "react";
import { DiffHunks } from "../../../components/ui/diff-hunks.tsx";
import { changedPaths, diffHunks, lineDiff } from "../../../lib/diff.ts";
import type { HistoryEntry } from "../utils/history.ts";
import { toYaml, withoutManagedFields } from "../utils/object-yaml.ts";

/**
 * The versions of the object seen while this page has been open, newest first, and for the chosen one the fields
 * that changed and a line diff of its YAML against the version before it.
 */
export function HistoryView({ entries }: { entries: readonly HistoryEntry[] }) {
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen ?? entries.length - 1;
  if (entries.length === 0) return <p className="empty">No version seen yet.</p>;
  return (
    <div className="history">
      <section className="card" aria-labelledby="versions-heading">
        <h3 id="versions-heading">Versions seen</h3>
        <p className="muted small">Recorded since this page opened; they are not kept after you leave it.</p>
        <ol className="versions" reversed>
          {entries
            .map((entry, i) => ({ entry, i }))
            .reverse()
            .map(({ entry, i }) => (
              <li key={`${entry.resourceVersion}-${i}`}>
                <button
                  type="button"
                  aria-pressed={i === index}
                  className={i === index ? "version active" : "version"}
                  onClick={() => setChosen(i)}
                >
                  <span>{entry.object ? `resourceVersion ${entry.resourceVersion}` : "deleted"}</span>
                  <span className="muted small">{new Date(entry.seenAt).toLocaleTimeString()}</span>
                </button>
              </li>
            ))}
        </ol>
      </section>
      <VersionDiff before={entries[index - 1]} after={entries[index] as HistoryEntry} />
    </div>
  );
}

function VersionDiff({ before, after }: { before: HistoryEntry | undefined; after: HistoryEntry }) {
  const { paths, hunks } = useMemo(() => {
    if (!before) return { paths: [], hunks: [] };
    const a = before.object ? withoutManagedFields(before.object) : {};
    const b = after.object ? withoutManagedFields(after.object) : {};
    const lines = lineDiff(toYaml(a).split("\n"), toYaml(b).split("\n"));
    return { paths: changedPaths(a, b), hunks: diffHunks(lines, 3) };
  }, [before, after]);
  const title = after.object ? `resourceVersion ${after.resourceVersion}` : "deletion";
  return (
    <section className="card diff-card" aria-labelledby="diff-heading">
      <h3 id="diff-heading">Changes in {title}</h3>
      {!before ? (
        <p className="empty">
          The first version seen: nothing to compare it with yet. Changes appear here as they happen.
        </p>
      ) : (
        <>
          <p className="muted small">Compared with resourceVersion {before.resourceVersion}.</p>
          <ul className="changed-fields" aria-label="Changed fields">
            {paths.length === 0 ? <li className="muted">No field changed (metadata only).</li> : null}
            {paths.map((p) => (
              <li key={p}>
                <code>{p}</code>
              </li>
            ))}
          </ul>
          <DiffHunks hunks={hunks} label="YAML diff" />
        </>
      )}
    </section>
  );
}
