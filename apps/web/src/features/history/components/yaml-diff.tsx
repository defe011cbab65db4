import { useMemo } from "react";
import { stringify } from "yaml";
import { DiffHunks } from "../../../components/ui/diff-hunks.tsx";
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
  return <DiffHunks hunks={hunks} label={label} />;
}
