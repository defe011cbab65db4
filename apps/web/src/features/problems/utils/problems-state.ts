import type { HealthVerdict, ProblemKind, ProblemRow, WatchState } from "@loupe/protocol";
import type { SubscriptionMessage } from "../../../lib/socket.ts";

/** What the Problems view holds: the server's rows and kinds, merged from its messages. */
export interface ProblemsState {
  /** Rows by `kind uid` (or `kind namespace/name`). */
  rows: ReadonlyMap<string, ProblemRow>;
  kinds: ReadonlyMap<string, ProblemKind>;
  /** Problems matching in all (rows stop at the server's limit). */
  total: number;
  /** A snapshot arrived: the rows are the server's. */
  loaded: boolean;
  state: WatchState;
  message: string | undefined;
  /** The server refused the query (its words). */
  error: string | undefined;
}

export const EMPTY: ProblemsState = {
  rows: new Map(),
  kinds: new Map(),
  total: 0,
  loaded: false,
  state: "syncing",
  message: undefined,
  error: undefined,
};

export function rowKey(row: ProblemRow): string {
  const meta = row.object.metadata;
  return `${row.kind} ${meta.uid ?? `${meta.namespace ?? ""}/${meta.name}`}`;
}

/** Applies one message of a Problems subscription (problems.ts in the protocol) without mutating `state`. */
export function reduceProblems(state: ProblemsState, message: SubscriptionMessage): ProblemsState {
  switch (message.type) {
    case "status":
      return { ...state, state: message.state, message: message.message, error: undefined };
    case "error":
      return { ...state, state: "error", error: message.message, message: message.message };
    case "problems":
      return {
        ...state,
        rows: new Map(message.rows.map((r) => [rowKey(r), r])),
        kinds: new Map(message.kinds.map((k) => [k.id, k])),
        total: message.total,
        loaded: true,
      };
    case "problem-events": {
      const rows = new Map(state.rows);
      for (const event of message.events) {
        if (event.type === "DELETED") rows.delete(rowKey(event.row));
        else rows.set(rowKey(event.row), event.row);
      }
      return { ...state, rows, total: message.total };
    }
    case "problem-kinds": {
      const kinds = new Map(state.kinds);
      for (const kind of message.kinds) kinds.set(kind.id, kind);
      for (const id of message.removed) kinds.delete(id);
      return { ...state, kinds, total: message.total };
    }
    default:
      return state;
  }
}

/** One kind's problems, for display: the kind, its rows (worst first, then by namespace/name). */
export interface ProblemGroup {
  kind: ProblemKind;
  rows: ProblemRow[];
}

const RANK: Record<HealthVerdict, number> = { Failed: 0, Unknown: 1, Terminating: 2, InProgress: 3, Current: 4 };

/** Groups rows by kind: kinds with the most problems first, then by kind name. Kinds without rows are left out. */
export function groupByKind(state: ProblemsState): ProblemGroup[] {
  const byKind = new Map<string, ProblemRow[]>();
  for (const row of state.rows.values()) {
    const rows = byKind.get(row.kind);
    if (rows) rows.push(row);
    else byKind.set(row.kind, [row]);
  }
  const groups: ProblemGroup[] = [];
  for (const [id, rows] of byKind) {
    const kind = state.kinds.get(id);
    if (!kind) continue;
    rows.sort(
      (a, b) =>
        RANK[a.health.verdict] - RANK[b.health.verdict] ||
        (a.object.metadata.namespace ?? "").localeCompare(b.object.metadata.namespace ?? "") ||
        a.object.metadata.name.localeCompare(b.object.metadata.name),
    );
    groups.push({ kind, rows });
  }
  return groups.sort((a, b) => b.kind.problems - a.kind.problems || a.kind.kind.localeCompare(b.kind.kind));
}

/** Rows per verdict (of the rows held). */
export function verdictCounts(state: ProblemsState): Record<HealthVerdict, number> {
  const counts: Record<HealthVerdict, number> = { Current: 0, InProgress: 0, Failed: 0, Terminating: 0, Unknown: 0 };
  for (const row of state.rows.values()) counts[row.health.verdict]++;
  return counts;
}

/** Kinds by state, for the summary line: how many listed, failing, forbidden, still listing. */
export function kindCounts(state: ProblemsState): {
  live: number;
  error: ProblemKind[];
  forbidden: number;
  syncing: number;
} {
  let live = 0;
  let forbidden = 0;
  let syncing = 0;
  const error: ProblemKind[] = [];
  for (const kind of state.kinds.values()) {
    if (kind.state === "forbidden") forbidden++;
    else if (kind.state === "error") error.push(kind);
    else if (kind.state === "syncing") syncing++;
    else live++;
  }
  return { live, error, forbidden, syncing };
}
