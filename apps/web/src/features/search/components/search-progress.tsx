import type { QueryProgressMessage } from "@loupe/protocol";
import type { QueryStream } from "../../../lib/use-query-stream.ts";

/** "Searched 40 of 52 kinds · 3 found · 1 kind failed", and the error when the query was refused. */
export function SearchProgress({ stream, noun = "found" }: { stream: QueryStream; noun?: string }) {
  if (stream.error) {
    return (
      <p className="query-error" role="alert">
        {stream.error.message}
      </p>
    );
  }
  const p: QueryProgressMessage | undefined = stream.progress;
  if (!p) return <p className="muted query-progress">Starting…</p>;
  return (
    <p className="muted query-progress" aria-live="polite">
      {p.complete ? `Read ${p.kinds} ${p.kinds === 1 ? "kind" : "kinds"}` : `Reading ${p.done} of ${p.kinds} kinds…`} ·{" "}
      {p.hits} {noun}
      {p.truncated ? " (more match: only the first are shown; narrow the search)" : ""}
      {p.failedCount > 0 ? (
        <span title={p.failed.map((f) => `${f.resource}${f.group ? `.${f.group}` : ""}: ${f.message}`).join("\n")}>
          {" "}
          · {p.failedCount} {p.failedCount === 1 ? "kind" : "kinds"} could not be read
        </span>
      ) : null}
      {p.forbidden ? ` · ${p.forbidden} ${p.forbidden === 1 ? "kind" : "kinds"} you may not list left out` : ""}
      {p.evaluationErrors ? (
        <span title={p.evaluationError}> · {p.evaluationErrors} objects could not be evaluated</span>
      ) : null}
    </p>
  );
}
