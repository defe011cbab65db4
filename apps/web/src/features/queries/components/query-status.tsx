import type { QueryStream } from "../../../lib/use-query-stream.ts";

/** How far the running query got: kinds read, hits, failures; or why it was refused. Text only. */
export function QueryStatus({ stream }: { stream: QueryStream }) {
  if (stream.error) {
    return (
      <p className="query-error" role="alert">
        {stream.error.message}
      </p>
    );
  }
  const p = stream.progress;
  if (!p) return <p className="muted query-progress">Starting…</p>;
  return (
    <p className="muted query-progress" aria-live="polite">
      {p.complete ? `${p.kinds} ${p.kinds === 1 ? "kind" : "kinds"}, live` : `Reading ${p.done} of ${p.kinds} kinds…`} ·{" "}
      {p.hits} matching
      {p.truncated ? " (more match: only the first are shown)" : ""}
      {p.failedCount > 0 ? (
        <span title={p.failed.map((f) => `${f.resource}${f.group ? `.${f.group}` : ""}: ${f.message}`).join("\n")}>
          {" "}
          · {p.failedCount} {p.failedCount === 1 ? "kind" : "kinds"} could not be read
        </span>
      ) : null}
      {p.forbidden ? ` · ${p.forbidden} ${p.forbidden === 1 ? "kind" : "kinds"} you may not list left out` : ""}
      {p.evaluationErrors ? (
        <span title={p.evaluationError}>
          {" "}
          · {p.evaluationErrors} objects could not be evaluated (e.g. {p.evaluationError})
        </span>
      ) : null}
    </p>
  );
}
