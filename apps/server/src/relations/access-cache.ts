/** Options of an {@link AccessCache}. */
export interface AccessCacheOptions {
  /** How long an answer is reused, in ms (default 10 s): an RBAC change shows after at most this long. */
  ttlMs?: number;
  /** Answers kept at most (default 20,000); past it the oldest are forgotten. */
  maxEntries?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * SelfSubjectAccessReview answers ("may this user get this resource in this namespace?") kept briefly across
 * relations requests, keyed by context, the user's identity (a hash of their token, never the token) and what was
 * asked. A walk asks one review per kind and namespace it shows; a panel opened again, or the next node's panel,
 * asks the same ones. Only answers are kept: a review that failed is asked again next time.
 */
export class AccessCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #answers = new Map<string, { allowed: boolean; at: number }>();

  constructor(options: AccessCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 10_000;
    this.#max = options.maxEntries ?? 20_000;
    this.#now = options.now ?? Date.now;
  }

  /** The answer kept for `key`, if it is fresh. */
  get(key: string): boolean | undefined {
    const kept = this.#answers.get(key);
    if (!kept) return undefined;
    if (this.#now() - kept.at >= this.#ttlMs) {
      this.#answers.delete(key);
      return undefined;
    }
    return kept.allowed;
  }

  set(key: string, allowed: boolean): void {
    this.#answers.delete(key);
    this.#answers.set(key, { allowed, at: this.#now() });
    // Insertion order is age order: forget the oldest.
    for (const oldest of this.#answers.keys()) {
      if (this.#answers.size <= this.#max) break;
      this.#answers.delete(oldest);
    }
  }

  get size(): number {
    return this.#answers.size;
  }
}
