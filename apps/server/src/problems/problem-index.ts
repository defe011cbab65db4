import type { Health, KubeObject } from "@loupe/protocol";
import type { InventoryChange, InventoryKind, InventoryView, KindStatus } from "../inventory/index.ts";

/** One object that is not healthy. */
export interface Problem {
  kind: InventoryKind;
  /** uid, or namespace/name when the API server sent none. */
  key: string;
  object: KubeObject;
  health: Health;
}

/** A change of the problem set: `DELETED` when an object recovered or went away (carrying its last problem). */
export interface ProblemChange {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** The problem now (DELETED: its last state). */
  problem: Problem;
  /** The problem before the change (absent for ADDED). */
  before: Problem | undefined;
}

/** Who hears an index; synchronous, in order, must not block. */
export interface ProblemIndexListener {
  /** The kind's problems were replaced (listed, re-listed, refused): read them again with {@link ProblemIndex.problems}. */
  onKindReset(kind: InventoryKind): void;
  onChanges(changes: readonly ProblemChange[]): void;
  onKindStatus(status: KindStatus): void;
  onKindsChanged(kinds: readonly InventoryKind[]): void;
}

/**
 * The objects that are not healthy, by kind, over one inventory view (one scope: context, identity, namespace):
 * shared by every Problems subscription of that scope, so a hundred tabs cost one index (and one set of watches).
 * Holds references to the inventory's slim objects of the unhealthy only.
 */
export class ProblemIndex {
  readonly #view: InventoryView;
  readonly #byKind = new Map<string, Map<string, Problem>>();
  readonly #listeners = new Set<ProblemIndexListener>();
  readonly #unlisten: () => void;

  constructor(view: InventoryView) {
    this.#view = view;
    this.#unlisten = view.listen({
      onReset: (kind) => this.#reset(kind),
      onChanges: (changes) => this.#apply(changes),
      onKindStatus: (status) => {
        for (const l of this.#listeners) l.onKindStatus(status);
      },
      onKindsChanged: (kinds) => {
        const ids = new Set(kinds.map((k) => k.id));
        for (const id of this.#byKind.keys()) if (!ids.has(id)) this.#byKind.delete(id);
        for (const l of this.#listeners) l.onKindsChanged(kinds);
      },
    });
  }

  kinds(): readonly InventoryKind[] {
    return this.#view.kinds();
  }

  status(): KindStatus[] {
    return this.#view.status();
  }

  settled(): Promise<void> {
    return this.#view.settled();
  }

  /** The problems of one kind now. */
  problems(kindId: string): Iterable<Problem> {
    return this.#byKind.get(kindId)?.values() ?? [];
  }

  listen(listener: ProblemIndexListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#unlisten();
    this.#listeners.clear();
    this.#view.close();
  }

  #reset(kind: InventoryKind): void {
    const problems = new Map<string, Problem>();
    for (const item of this.#view.items(kind.id)) {
      if (item.health && item.health.verdict !== "Current") {
        const key = keyOf(item.object);
        problems.set(key, { kind, key, object: item.object, health: item.health });
      }
    }
    this.#byKind.set(kind.id, problems);
    for (const l of this.#listeners) l.onKindReset(kind);
  }

  #apply(changes: readonly InventoryChange[]): void {
    const out: ProblemChange[] = [];
    for (const { type, item } of changes) {
      let problems = this.#byKind.get(item.kind.id);
      if (!problems) {
        problems = new Map();
        this.#byKind.set(item.kind.id, problems);
      }
      const key = keyOf(item.object);
      const before = problems.get(key);
      const unhealthy = type !== "DELETED" && item.health !== undefined && item.health.verdict !== "Current";
      if (unhealthy && item.health) {
        const problem = { kind: item.kind, key, object: item.object, health: item.health };
        problems.set(key, problem);
        out.push({ type: before ? "MODIFIED" : "ADDED", problem, before });
      } else if (before) {
        problems.delete(key);
        out.push({ type: "DELETED", problem: before, before });
      }
    }
    if (out.length > 0) for (const l of this.#listeners) l.onChanges(out);
  }
}

function keyOf(object: KubeObject): string {
  const meta = object.metadata;
  return meta.uid || `${meta.namespace ?? ""}/${meta.name}`;
}
