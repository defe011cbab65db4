/**
 * Pure diffing for objects seen at two moments: which fields changed (the activity view, the history) and a line
 * diff of their YAML (the history's side-by-side view). No DOM, no React: unit-tested on its own.
 */

/** Fields that change on every write and say nothing about what the write did. */
export const NOISY_PATHS = ["metadata.resourceVersion", "metadata.managedFields"];

/** A path segment for display: `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `items[2]`. */
function join(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path === "" ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The paths of the leaves that differ between `before` and `after`, in document order of `after` (then removed keys),
 * skipping `ignore` (exact paths or their prefixes). An added or removed subtree is reported once, at its root.
 */
export function changedPaths(before: unknown, after: unknown, ignore: readonly string[] = NOISY_PATHS): string[] {
  const out: string[] = [];
  const skip = (path: string) => ignore.some((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  const walk = (a: unknown, b: unknown, path: string) => {
    if (path !== "" && skip(path)) return;
    if (Object.is(a, b)) return;
    if (isObject(a) && isObject(b)) {
      for (const key of Object.keys(b)) walk(a[key], b[key], join(path, key));
      for (const key of Object.keys(a)) if (!(key in b)) walk(a[key], undefined, join(path, key));
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const length = Math.max(a.length, b.length);
      for (let i = 0; i < length; i++) walk(a[i], b[i], join(path, i));
      return;
    }
    if (a === undefined && b === undefined) return;
    out.push(path === "" ? "(root)" : path);
  };
  walk(before, after, "");
  return out;
}

/** One line of a line diff: kept (" "), removed ("-") or added ("+"), with 1-based line numbers on each side. */
export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
  /** Line number in the old text (kept and removed lines). */
  oldLine?: number;
  /** Line number in the new text (kept and added lines). */
  newLine?: number;
}

/**
 * A shortest line diff (Myers' O(ND) algorithm). Past `maxEdits` differences it gives up on minimality and reports
 * the whole old text removed and the new added, so a pathological input cannot freeze the tab.
 */
export function lineDiff(oldLines: readonly string[], newLines: readonly string[], maxEdits = 4000): DiffLine[] {
  const n = oldLines.length;
  const m = newLines.length;
  const max = Math.min(n + m, maxEdits);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0))) x = v[offset + k + 1] ?? 0;
      else x = (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && oldLines[x] === newLines[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  if (found < 0) {
    return [
      ...oldLines.map((text, i) => ({ op: "-" as const, text, oldLine: i + 1 })),
      ...newLines.map((text, i) => ({ op: "+" as const, text, newLine: i + 1 })),
    ];
  }
  // Walk the trace back from (n, m) to (0, 0), collecting the script in reverse.
  const reversed: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const vd = trace[d] as Int32Array;
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      reversed.push({ op: " ", text: oldLines[x - 1] as string, oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (down) reversed.push({ op: "+", text: newLines[y - 1] as string, newLine: y });
    else reversed.push({ op: "-", text: oldLines[x - 1] as string, oldLine: x });
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    reversed.push({ op: " ", text: oldLines[x - 1] as string, oldLine: x, newLine: y });
    x--;
    y--;
  }
  return reversed.reverse();
}

/** A run of diff lines to show: changes with `context` kept lines around them; `skipped` kept lines hidden before. */
export interface DiffHunk {
  skipped: number;
  lines: DiffLine[];
}

/** Folds long runs of unchanged lines away, keeping `context` lines around each change. */
export function diffHunks(lines: readonly DiffLine[], context = 3): DiffHunk[] {
  const keep = new Array<boolean>(lines.length).fill(false);
  lines.forEach((line, i) => {
    if (line.op === " ") return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const hunks: DiffHunk[] = [];
  let skipped = 0;
  let current: DiffHunk | null = null;
  lines.forEach((line, i) => {
    if (!keep[i]) {
      skipped++;
      current = null;
      return;
    }
    if (!current) {
      current = { skipped, lines: [] };
      hunks.push(current);
      skipped = 0;
    }
    current.lines.push(line);
  });
  if (skipped > 0 && hunks.length > 0) hunks.push({ skipped, lines: [] });
  return hunks;
}
