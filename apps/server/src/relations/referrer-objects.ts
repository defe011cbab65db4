import type { CatalogResource } from "@loupe/protocol";
import { type IdentityTokens, identityOf } from "../watch/identity-tokens.ts";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import type { WatchKey } from "../watch/watch-key.ts";
import { type KubeObj, objectPath, type Read, ReadFailed } from "./source.ts";

/** Options of {@link ReferrerObjects}; every field optional. */
export interface ReferrerObjectsOptions {
  /** How long a kind's objects are kept watched after a walk last read them, in ms (default 60 s). */
  keepMs?: number;
  /** Kinds kept watched at most, all users together (default 400); past it the least recently read stop. */
  maxKept?: number;
  /** How long a walk waits for a kind's first list, in ms (default 5 s); then that kind is a warning. */
  waitMs?: number;
  /** How long a kind the user may not list is not asked again, in ms (default 10 s). */
  forbiddenMs?: number;
}

/** Status codes that mean "not this user's kind" (as the inventory reads them). */
const NOT_YOURS = new Set([401, 403, 404, 405]);

interface Kept {
  key: string;
  subscription: WatchSubscription | undefined;
  release: () => void;
  synced: boolean;
  /** Set when the user may not list the kind (kept for `forbiddenMs`). */
  forbiddenAt: number | undefined;
  message: string | undefined;
  waiters: Set<() => void>;
  lastRead: number;
}

/**
 * Whole objects of the kinds that may reference an object (DESIGN §13: incoming references), from the watch hub's
 * shared reflectors instead of a list per request: one reflector per user identity, kind and namespace (the user's
 * own credentials, so RBAC decides what is listed), kept subscribed for a while after a walk read it, so the next
 * panel finds the objects in memory and current (the reflector follows the kind's watch). A kind the user may not
 * list reads as forbidden; one whose first list does not come in time is a warning, as a failed list was.
 */
export class ReferrerObjects {
  readonly #hub: WatchHub;
  readonly #tokens: IdentityTokens;
  readonly #keepMs: number;
  readonly #maxKept: number;
  readonly #waitMs: number;
  readonly #forbiddenMs: number;
  /** In least-recently-read order (re-inserted on each read). */
  readonly #kept = new Map<string, Kept>();
  readonly #sweep: ReturnType<typeof setInterval>;

  constructor(hub: WatchHub, tokens: IdentityTokens, options: ReferrerObjectsOptions = {}) {
    this.#hub = hub;
    this.#tokens = tokens;
    this.#keepMs = options.keepMs ?? 60_000;
    this.#maxKept = options.maxKept ?? 400;
    this.#waitMs = options.waitMs ?? 5_000;
    this.#forbiddenMs = options.forbiddenMs ?? 10_000;
    this.#sweep = setInterval(() => this.#expire(), Math.max(1_000, this.#keepMs / 4));
    this.#sweep.unref?.();
  }

  /** Kinds kept now (for tests and metrics). */
  get size(): number {
    return this.#kept.size;
  }

  /**
   * The objects of `resource` in `namespace` (undefined: every namespace) as the user reads them. Rejects with a
   * {@link ReadFailed} when the first list does not come within the wait or `signal` aborts.
   */
  async list(
    request: { context: string; token?: string; flow?: string },
    resource: CatalogResource,
    namespace: string | undefined,
    signal?: AbortSignal,
  ): Promise<Read<KubeObj[]>> {
    const identity = identityOf(request.token);
    const watchKey: WatchKey = {
      context: request.context,
      identity,
      group: resource.group,
      version: resource.version,
      resource: resource.resource,
      namespace: resource.namespaced ? (namespace ?? "") : "",
      labelSelector: "",
      fieldSelector: "",
      table: false,
    };
    const key = JSON.stringify([
      watchKey.context,
      identity,
      watchKey.group,
      watchKey.version,
      watchKey.resource,
      watchKey.namespace,
    ]);
    let kept = this.#kept.get(key);
    if (kept?.forbiddenAt !== undefined && Date.now() - kept.forbiddenAt >= this.#forbiddenMs) {
      this.#drop(kept);
      kept = undefined;
    }
    if (!kept) kept = this.#start(key, watchKey, request);
    else {
      // Most recently read last.
      this.#kept.delete(key);
      this.#kept.set(key, kept);
    }
    kept.lastRead = Date.now();
    if (this.#kept.size > this.#maxKept) {
      for (const oldest of this.#kept.values()) {
        if (this.#kept.size <= this.#maxKept || oldest === kept) break;
        this.#drop(oldest);
      }
    }
    const path = objectPath(resource, watchKey.namespace || undefined);
    if (!kept.synced && kept.forbiddenAt === undefined) await this.#wait(kept, path, signal);
    if (kept.forbiddenAt !== undefined) return { forbidden: true };
    const snapshot = kept.subscription?.snapshot();
    if (!snapshot || !("items" in snapshot)) throw new ReadFailed(path, new Error(kept.message ?? "not listed"));
    return { ok: snapshot.items as unknown as KubeObj[] };
  }

  /** Stops every kept kind (app shutdown). */
  close(): void {
    clearInterval(this.#sweep);
    for (const kept of [...this.#kept.values()]) this.#drop(kept);
  }

  #start(key: string, watchKey: WatchKey, request: { token?: string; flow?: string }): Kept {
    const release = request.token ? this.#tokens.hold(watchKey.identity, request.token) : () => {};
    const kept: Kept = {
      key,
      subscription: undefined,
      release,
      synced: false,
      forbiddenAt: undefined,
      message: undefined,
      waiters: new Set(),
      lastRead: Date.now(),
    };
    this.#kept.set(key, kept);
    const wake = () => {
      for (const waiter of kept.waiters) waiter();
      kept.waiters.clear();
    };
    try {
      kept.subscription = this.#hub.subscribe(
        watchKey,
        {
          onSynced: () => {
            kept.synced = true;
            wake();
          },
          onEvents: () => {},
          onStatus: (state, message, statusCode) => {
            kept.message = message;
            if (
              (state === "error" || state === "reconnecting") &&
              statusCode !== undefined &&
              NOT_YOURS.has(statusCode)
            ) {
              kept.forbiddenAt = Date.now();
              kept.synced = false;
              // Leave the hub key, so its reflector stops retrying; the entry remembers the refusal a while.
              queueMicrotask(() => {
                kept.subscription?.close();
                kept.subscription = undefined;
              });
              wake();
            }
          },
        },
        request.flow ?? "",
      );
    } catch (error) {
      kept.message = (error as Error).message;
    }
    return kept;
  }

  #wait(kept: Kept, path: string, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", aborted);
        kept.waiters.delete(done);
        resolve();
      };
      const aborted = () => {
        clearTimeout(timer);
        kept.waiters.delete(done);
        reject(new ReadFailed(path, signal?.reason ?? new Error("aborted")));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", aborted);
        kept.waiters.delete(done);
        reject(
          new ReadFailed(path, new Error(kept.message ? `still being listed (${kept.message})` : "still being listed")),
        );
      }, this.#waitMs);
      if (signal?.aborted) return aborted();
      signal?.addEventListener("abort", aborted, { once: true });
      kept.waiters.add(done);
    });
  }

  #expire(): void {
    const now = Date.now();
    for (const kept of [...this.#kept.values()]) if (now - kept.lastRead >= this.#keepMs) this.#drop(kept);
  }

  #drop(kept: Kept): void {
    if (this.#kept.get(kept.key) === kept) this.#kept.delete(kept.key);
    kept.subscription?.close();
    kept.subscription = undefined;
    kept.release();
    for (const waiter of kept.waiters) waiter();
    kept.waiters.clear();
  }
}
