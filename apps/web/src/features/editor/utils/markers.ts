import type { Failure } from "./save-errors.ts";
import { locateFieldPath } from "./yaml-paths.ts";

/** A problem to mark in the editor's text: 1-based lines and columns, end exclusive (Monaco's convention). */
export interface TextMarker {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: "error" | "warning";
}

/**
 * The server's verdict as markers on `text`: each cause with a field path on that field's line (or on its deepest
 * ancestor in the text, saying so), and each field another manager owns as a warning naming the manager. Pure.
 */
export function failureMarkers(text: string, failure: Failure): TextMarker[] {
  const markers: TextMarker[] = [];
  for (const cause of failure.fieldCauses) {
    const at = locateFieldPath(text, cause.field);
    const where = at.exact ? "" : ` (${cause.field} is not in the text)`;
    markers.push({ ...range(at), message: `${cause.message ?? cause.reason ?? "invalid"}${where}`, severity: "error" });
  }
  for (const conflict of failure.managers) {
    const at = locateFieldPath(text, conflict.field);
    markers.push({
      ...range(at),
      message: `${conflict.field} is owned by field manager "${conflict.manager}"`,
      severity: "warning",
    });
  }
  return markers;
}

function range(at: { line: number; column: number; endLine: number; endColumn: number }) {
  return { line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn };
}
