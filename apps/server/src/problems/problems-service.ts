import type { ProblemsQuery } from "@loupe/protocol";
import type { Inventory } from "../inventory/index.ts";
import { identityOf } from "../watch/identity-tokens.ts";
import { ProblemIndex } from "./problem-index.ts";
import { PROBLEM_KINDS } from "./problem-kinds.ts";
import { ProblemsSubscription } from "./problems-subscription.ts";

interface Shared {
  index: ProblemIndex;
  users: number;
}

/**
 * Problems (DESIGN §12): one {@link ProblemIndex} per scope (context, identity, namespace), opened on the inventory
 * with {@link PROBLEM_KINDS} and shared by every subscription of that scope; the last one leaving closes it.
 */
export class ProblemsService {
  readonly #inventory: Inventory;
  readonly #shared = new Map<string, Promise<Shared>>();

  constructor(inventory: Inventory) {
    this.#inventory = inventory;
  }

  /** Indexes open (tests, metrics). */
  get indexes(): number {
    return this.#shared.size;
  }

  /**
   * Starts a subscription; rejects when the context does not exist or its catalog cannot be read. `wake` is called
   * whenever it has messages for the socket.
   */
  async subscribe(
    id: string,
    context: string,
    query: ProblemsQuery,
    token: string | undefined,
    flow: string | undefined,
    wake: () => void,
  ): Promise<ProblemsSubscription> {
    const { index, release } = await this.acquire(context, query.namespace ?? "", token, flow);
    const subscription = new ProblemsSubscription(id, index, query, wake);
    const close = subscription.close.bind(subscription);
    subscription.close = () => {
      close();
      release();
    };
    return subscription;
  }

  /** The shared index of a scope, and the function that gives it back (idempotent). */
  async acquire(
    context: string,
    namespace: string,
    token: string | undefined,
    flow: string | undefined,
  ): Promise<{ index: ProblemIndex; release: () => void }> {
    const key = JSON.stringify([context, identityOf(token), namespace]);
    let entry = this.#shared.get(key);
    if (!entry) {
      entry = this.#inventory
        .open({ context, token, namespace, select: PROBLEM_KINDS, flow })
        .then((view) => ({ index: new ProblemIndex(view), users: 0 }));
      this.#shared.set(key, entry);
      entry.catch(() => this.#shared.delete(key));
    }
    const shared = await entry;
    // Closed by its last user while this one waited for it: open a new one.
    if (this.#shared.get(key) !== entry) return this.acquire(context, namespace, token, flow);
    shared.users++;
    let released = false;
    return {
      index: shared.index,
      release: () => {
        if (released) return;
        released = true;
        if (--shared.users > 0) return;
        this.#shared.delete(key);
        shared.index.close();
      },
    };
  }
}
