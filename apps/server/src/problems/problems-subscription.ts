import type { ProblemKind, ProblemRow, ProblemsQuery, WatchState } from "@loupe/protocol";
import type { InventoryKind } from "../inventory/index.ts";
import type { Problem, ProblemChange, ProblemIndex } from "./problem-index.ts";
import { collect, ProblemFilter, problemKind, toRow } from "./problems-snapshot.ts";

/** Pending row changes past which a subscription drops them for a fresh snapshot. */
const MAX_PENDING = 5_000;

type EventType = "ADDED" | "MODIFIED" | "DELETED";

/**
 * One client's Problems query over a shared {@link ProblemIndex}: filters it (group, category, verdicts), keeps
 * per-kind counts, and turns changes into protocol messages (problems.ts), coalesced per object while the socket
 * is busy (latest wins; an ADDED then DELETED never reaches the client) and bounded: past {@link MAX_PENDING}
 * pending changes it sends a fresh snapshot instead. Rows stop at the query's limit; counts never do.
 * `next()` is pulled by the socket's outbox; `wake` asks it to pull.
 */
export class ProblemsSubscription {
  readonly #id: string;
  readonly #index: ProblemIndex;
  readonly #filter: ProblemFilter;
  readonly #limit: number;
  readonly #wake: () => void;
  readonly #unlisten: () => void;
  /** Rows the client holds, by kind id then key (their last state sent, to remove them by). */
  #sent = new Map<string, Map<string, Problem>>();
  #sentCount = 0;
  /** Matching problems per kind id (exact, whatever the limit). */
  #counts = new Map<string, number>();
  #pending = new Map<string, { type: EventType; problem: Problem }>();
  #pendingKinds = new Set<string>();
  #removedKinds = new Set<string>();
  #statuses: { state: WatchState; message?: string }[] = [];
  #snapshotDue = true;
  #state: WatchState | undefined;
  #closed = false;

  constructor(id: string, index: ProblemIndex, query: ProblemsQuery, wake: () => void) {
    this.#id = id;
    this.#index = index;
    this.#filter = new ProblemFilter(query);
    this.#limit = this.#filter.limit;
    this.#wake = wake;
    this.#unlisten = index.listen({
      onKindReset: (kind) => this.#kindReset(kind),
      onChanges: (changes) => this.#changes(changes),
      onKindStatus: (status) => {
        if (this.#covers(status.kind)) this.#touchKind(status.kind.id);
        this.#updateState();
      },
      onKindsChanged: (kinds) => this.#kindsChanged(kinds),
    });
    this.#setState("syncing", "listing every kind");
    void index.settled().then(() => this.#updateState());
  }

  /** The next message for the socket, or undefined. */
  next(): string | undefined {
    if (this.#closed) return undefined;
    // A status before the first snapshot (syncing); after it, statuses wait for the rows and kinds pending before
    // them, so `live` reaches the client after everything that was listed.
    if (this.#snapshotDue && this.#statuses.length > 0 && this.#state !== "live") return this.#status();
    if (this.#snapshotDue) return this.#snapshot();
    if (this.#pending.size > 0) return this.#events();
    if (this.#pendingKinds.size > 0 || this.#removedKinds.size > 0) return this.#kindsMessage();
    if (this.#statuses.length > 0) return this.#status();
    return undefined;
  }

  #status(): string {
    const status = this.#statuses.shift();
    return JSON.stringify({ type: "status", id: this.#id, ...status });
  }

  close(): void {
    this.#closed = true;
    this.#unlisten();
  }

  #covers(kind: InventoryKind): boolean {
    return this.#filter.covers(kind);
  }

  #matches(problem: Problem): boolean {
    return this.#filter.matches(problem);
  }

  #total(): number {
    let total = 0;
    for (const n of this.#counts.values()) total += n;
    return total;
  }

  #snapshot(): string {
    this.#snapshotDue = false;
    this.#pending.clear();
    this.#pendingKinds.clear();
    this.#removedKinds.clear();
    const view = collect(this.#index, this.#filter);
    this.#counts = view.counts;
    this.#sent = new Map();
    this.#sentCount = 0;
    const rows: ProblemRow[] = [];
    for (const [kindId, problems] of view.problems) {
      this.#sent.set(kindId, new Map(problems.map((p) => [p.key, p])));
      this.#sentCount += problems.length;
      for (const problem of problems) rows.push(toRow(problem));
    }
    return JSON.stringify({ type: "problems", id: this.#id, kinds: view.kinds, rows, total: view.total });
  }

  #events(): string {
    const events: { type: EventType; row: ProblemRow }[] = [];
    for (const [key, pending] of this.#pending) {
      this.#pending.delete(key);
      events.push({ type: pending.type, row: toRow(pending.problem) });
      if (events.length >= 500) break;
    }
    return JSON.stringify({ type: "problem-events", id: this.#id, events, total: this.#total() });
  }

  #kindsMessage(): string {
    const statuses = new Map(this.#index.status().map((s) => [s.kind.id, s]));
    const kinds: ProblemKind[] = [];
    for (const kind of this.#index.kinds()) {
      if (this.#pendingKinds.has(kind.id) && this.#covers(kind)) {
        kinds.push(problemKind(kind, statuses.get(kind.id), this.#counts.get(kind.id) ?? 0));
      }
    }
    const removed = [...this.#removedKinds];
    this.#pendingKinds.clear();
    this.#removedKinds.clear();
    return JSON.stringify({ type: "problem-kinds", id: this.#id, kinds, removed, total: this.#total() });
  }

  #kindReset(kind: InventoryKind): void {
    if (!this.#covers(kind) || this.#snapshotDue) return;
    // What the client holds of this kind, against the kind's problems now.
    const held = this.#sent.get(kind.id) ?? new Map<string, Problem>();
    const now = new Map<string, Problem>();
    let count = 0;
    for (const problem of this.#index.problems(kind.id)) {
      if (!this.#matches(problem)) continue;
      count++;
      now.set(problem.key, problem);
    }
    this.#counts.set(kind.id, count);
    for (const key of held.keys()) {
      if (!now.has(key)) this.#forget(kind, key);
    }
    for (const [key, problem] of now) this.#offer(held.has(key) ? "MODIFIED" : "ADDED", problem);
    this.#touchKind(kind.id);
  }

  #changes(changes: readonly ProblemChange[]): void {
    if (this.#snapshotDue) return;
    for (const { type, problem, before } of changes) {
      if (!this.#covers(problem.kind)) continue;
      const held = this.#sent.get(problem.kind.id)?.has(problem.key) ?? false;
      const was = before !== undefined && this.#matches(before);
      const now = type !== "DELETED" && this.#matches(problem);
      if (was !== now) this.#adjust(problem.kind.id, now ? 1 : -1);
      if (now) this.#offer(held ? "MODIFIED" : "ADDED", problem);
      else if (held) this.#forget(problem.kind, problem.key);
    }
  }

  #adjust(kindId: string, by: number): void {
    this.#counts.set(kindId, Math.max(0, (this.#counts.get(kindId) ?? 0) + by));
    this.#touchKind(kindId);
  }

  /** Queues an ADDED / MODIFIED row, if the client holds it or there is room under the limit. */
  #offer(type: "ADDED" | "MODIFIED", problem: Problem): void {
    let sent = this.#sent.get(problem.kind.id);
    if (!sent) {
      sent = new Map();
      this.#sent.set(problem.kind.id, sent);
    }
    if (!sent.has(problem.key)) {
      if (this.#sentCount >= this.#limit) return;
      this.#sentCount++;
    }
    sent.set(problem.key, problem);
    const key = `${problem.kind.id} ${problem.key}`;
    const before = this.#pending.get(key);
    const merged: EventType = before?.type === "ADDED" ? "ADDED" : before?.type === "DELETED" ? "MODIFIED" : type;
    this.#pending.delete(key);
    this.#pending.set(key, { type: merged, problem });
    this.#queued();
  }

  /** Queues a DELETED row for one the client holds (with the last state it was sent). */
  #forget(kind: InventoryKind, key: string): void {
    const sent = this.#sent.get(kind.id);
    const last = sent?.get(key);
    if (!sent || !last) return;
    sent.delete(key);
    this.#sentCount--;
    const pendingKey = `${kind.id} ${key}`;
    const before = this.#pending.get(pendingKey);
    this.#pending.delete(pendingKey);
    // Never told about it: nothing to take back.
    if (before?.type !== "ADDED") this.#pending.set(pendingKey, { type: "DELETED", problem: last });
    this.#queued();
  }

  #queued(): void {
    if (this.#pending.size > MAX_PENDING) {
      this.#pending.clear();
      this.#snapshotDue = true;
    }
    this.#wake();
  }

  #touchKind(id: string): void {
    this.#pendingKinds.add(id);
    this.#wake();
  }

  #kindsChanged(kinds: readonly InventoryKind[]): void {
    const ids = new Set(kinds.map((k) => k.id));
    for (const id of [...this.#sent.keys()]) {
      if (ids.has(id)) continue;
      const kind = { id } as InventoryKind;
      for (const key of [...(this.#sent.get(id)?.keys() ?? [])]) this.#forget(kind, key);
      this.#sent.delete(id);
      this.#counts.delete(id);
      this.#removedKinds.add(id);
    }
    for (const kind of kinds) if (this.#covers(kind) && !this.#counts.has(kind.id)) this.#touchKind(kind.id);
    this.#wake();
  }

  #updateState(): void {
    const statuses = this.#index.status().filter((s) => this.#covers(s.kind));
    const waiting = statuses.filter((s) => s.state === "syncing").length;
    if (waiting > 0) this.#setState("syncing", `listing: ${statuses.length - waiting} of ${statuses.length} kinds`);
    else this.#setState("live", undefined);
  }

  #setState(state: WatchState, message: string | undefined): void {
    if (this.#closed || (state === this.#state && state === "live")) return;
    this.#state = state;
    this.#statuses.push(message === undefined ? { state } : { state, message });
    if (this.#statuses.length > 4) this.#statuses.shift();
    this.#wake();
  }
}
