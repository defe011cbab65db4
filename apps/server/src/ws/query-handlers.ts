import type { AnyQuery } from "@loupe/protocol";
import { ApiError } from "../errors.ts";
import type { MessageSource } from "./outbox.ts";

/** A running cross-kind query: the outbox pulls its messages; `close` ends it (idempotent). */
export interface QuerySubscription extends MessageSource {
  close(): void;
}

/** Who asks: the socket's user (their token in user-token mode) and the socket's rate-limit flow. */
export interface QueryCaller {
  token: string | undefined;
  flow: string;
}

/**
 * Starts one kind of query for subscription `id` of a socket; `wake` tells the socket it has messages. Rejects
 * (an ApiError) when it cannot start at all (unknown context); per-kind failures are the query's own messages.
 */
export type QueryHandler<Q extends AnyQuery = AnyQuery> = (
  request: { id: string; context: string; query: Q },
  caller: QueryCaller,
  wake: () => void,
) => Promise<QuerySubscription>;

/**
 * The handlers of `query` messages, by `query.kind` (DESIGN §12: cross-kind views stream over the watch
 * socket as subscriptions whose key is the query). Features register theirs at start (Problems: "problems").
 */
export class QueryHandlers {
  readonly #handlers = new Map<string, QueryHandler>();

  register<K extends AnyQuery["kind"]>(kind: K, handler: QueryHandler<Extract<AnyQuery, { kind: K }>>): void {
    this.#handlers.set(kind, handler as QueryHandler);
  }

  /** Whether queries of `kind` are served. */
  has(kind: string): boolean {
    return this.#handlers.has(kind);
  }

  open(
    request: { id: string; context: string; query: AnyQuery },
    caller: QueryCaller,
    wake: () => void,
  ): Promise<QuerySubscription> {
    const handler = this.#handlers.get(request.query.kind);
    if (!handler) {
      return Promise.reject(
        new ApiError(400, "LOUPE_WS_UNKNOWN_QUERY", `queries of kind "${request.query.kind}" are not served here`),
      );
    }
    return handler(request, caller, wake);
  }
}
