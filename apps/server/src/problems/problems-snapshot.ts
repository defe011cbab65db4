import {
  type HealthVerdict,
  PROBLEMS_MAX_ROWS,
  type ProblemKind,
  type ProblemRow,
  type ProblemsQuery,
} from "@loupe/protocol";
import type { InventoryKind, KindStatus } from "../inventory/index.ts";
import type { Problem, ProblemIndex } from "./problem-index.ts";

const DEFAULT_VERDICTS: readonly HealthVerdict[] = ["InProgress", "Failed", "Terminating", "Unknown"];

/** A query's filters, resolved: which kinds and verdicts, how many rows. */
export class ProblemFilter {
  readonly #query: ProblemsQuery;
  readonly #verdicts: ReadonlySet<HealthVerdict>;
  readonly limit: number;

  constructor(query: ProblemsQuery) {
    this.#query = query;
    this.#verdicts = new Set(query.verdicts ?? DEFAULT_VERDICTS);
    this.limit = Math.min(query.limit ?? PROBLEMS_MAX_ROWS, PROBLEMS_MAX_ROWS);
  }

  /** The kind passes the group and category filters. */
  covers(kind: InventoryKind): boolean {
    const q = this.#query;
    return (
      (q.group === undefined || kind.group === q.group) &&
      (q.category === undefined || kind.categories.includes(q.category))
    );
  }

  /** The problem's verdict is one asked for. */
  matches(problem: Problem): boolean {
    return this.#verdicts.has(problem.health.verdict);
  }
}

/** A kind as the protocol shows it, with its state and counts. */
export function problemKind(kind: InventoryKind, status: KindStatus | undefined, problems: number): ProblemKind {
  const out: ProblemKind = {
    id: kind.id,
    group: kind.group,
    version: kind.version,
    resource: kind.resource,
    kind: kind.kind,
    namespaced: kind.namespaced,
    custom: kind.custom,
    categories: [...kind.categories],
    state: status?.state ?? "syncing",
    objects: status?.count ?? 0,
    problems,
  };
  if (status?.message !== undefined) out.message = status.message;
  return out;
}

export function toRow(problem: Problem): ProblemRow {
  return { kind: problem.kind.id, object: problem.object, health: problem.health };
}

/** What a query sees in an index now: its kinds with counts, the matching problems up to the limit, the total. */
export interface ProblemsView {
  kinds: ProblemKind[];
  /** The problems sent, by kind id (rows in this order). */
  problems: Map<string, Problem[]>;
  /** Matching problems per kind id, past the limit too. */
  counts: Map<string, number>;
  total: number;
}

/** Reads a query's view of an index (kinds in catalog order, problems by kind). */
export function collect(index: ProblemIndex, filter: ProblemFilter): ProblemsView {
  const statuses = new Map(index.status().map((s) => [s.kind.id, s]));
  const kinds: ProblemKind[] = [];
  const problems = new Map<string, Problem[]>();
  const counts = new Map<string, number>();
  let shown = 0;
  let total = 0;
  for (const kind of index.kinds()) {
    if (!filter.covers(kind)) continue;
    let count = 0;
    const rows: Problem[] = [];
    for (const problem of index.problems(kind.id)) {
      if (!filter.matches(problem)) continue;
      count++;
      if (shown < filter.limit) {
        rows.push(problem);
        shown++;
      }
    }
    counts.set(kind.id, count);
    problems.set(kind.id, rows);
    total += count;
    kinds.push(problemKind(kind, statuses.get(kind.id), count));
  }
  return { kinds, problems, counts, total };
}
