/** Limits of a {@link Lingering} set. */
export interface LingeringLimits {
  /** Lingering items at most, all flows together. */
  total: number;
  /** Lingering items one flow may leave behind at most. */
  perFlow: number;
}

/**
 * The reflectors that linger (no subscriber left, kept a while for a quick return), bounded: each is charged to
 * the flow (the socket) whose leaving started its linger, and past a flow's limit, or the total one, the oldest
 * lingering ones must stop now. So a socket that subscribes and leaves many keys leaves at most `perFlow`
 * reflectors behind, and all sockets together at most `total`.
 */
export class Lingering<T> {
  readonly #limits: LingeringLimits;
  /** Every lingering item and its flow, oldest first. */
  readonly #all = new Map<T, string>();
  /** The same by flow, oldest first. */
  readonly #byFlow = new Map<string, Set<T>>();

  constructor(limits: LingeringLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#all.size;
  }

  /** `item` starts lingering, charged to `flow`; returns the items (possibly `item` itself) to stop now. */
  add(item: T, flow: string): T[] {
    this.delete(item);
    this.#all.set(item, flow);
    let mine = this.#byFlow.get(flow);
    if (!mine) {
      mine = new Set();
      this.#byFlow.set(flow, mine);
    }
    mine.add(item);
    const evicted: T[] = [];
    while (mine.size > this.#limits.perFlow) evicted.push(this.#evict(mine.values().next().value as T));
    while (this.#all.size > this.#limits.total) evicted.push(this.#evict(this.#all.keys().next().value as T));
    return evicted;
  }

  /** `item` no longer lingers (a subscriber came back, or it stopped); unknown items are ignored. */
  delete(item: T): void {
    const flow = this.#all.get(item);
    if (flow === undefined) return;
    this.#all.delete(item);
    const mine = this.#byFlow.get(flow);
    mine?.delete(item);
    if (mine?.size === 0) this.#byFlow.delete(flow);
  }

  #evict(item: T): T {
    this.delete(item);
    return item;
  }
}
