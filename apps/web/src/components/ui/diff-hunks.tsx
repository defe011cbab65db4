import type { DiffHunk } from "../../lib/diff.ts";

/** A line diff's hunks (lib/diff.ts), unchanged runs folded; text rendered as text. */
export function DiffHunks({ hunks, label }: { hunks: readonly DiffHunk[]; label: string }) {
  return (
    <section className="diff" aria-label={label}>
      {hunks.map((hunk, h) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: hunks have no identity beyond their position.
        <div key={h}>
          {hunk.skipped > 0 ? <div className="diff-skip">⋯ {hunk.skipped} unchanged lines</div> : null}
          {hunk.lines.map((line, i) => (
            <div
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no identity beyond their position.
              key={i}
              className={line.op === "+" ? "diff-line add" : line.op === "-" ? "diff-line del" : "diff-line"}
            >
              <span className="diff-op" aria-hidden="true">
                {line.op}
              </span>
              <span className="visually-hidden">
                {line.op === "+" ? "added: " : line.op === "-" ? "removed: " : ""}
              </span>
              {line.text}
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
