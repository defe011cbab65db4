import { useMemo } from "react";
import { stringify } from "yaml";
import { diffHunks, lineDiff } from "../../../lib/diff.ts";

/** YAML the way kubectl prints it. */
export const toYaml = (object: unknown) => stringify(object, { lineWidth: 0, aliasDuplicateObjects: false });

/** A line diff of two objects' YAML, unchanged runs folded; text rendered as text. */
export function YamlDiff({ before, after, label }: { before: unknown; after: unknown; label: string }) {
  const hunks = useMemo(
    () => diffHunks(lineDiff(toYaml(before).split("\n"), toYaml(after).split("\n")), 3),
    [before, after],
  );
  if (hunks.length === 0) return <p className="muted">No difference.</p>;
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
