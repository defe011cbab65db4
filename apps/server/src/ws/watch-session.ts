import {
  CLIENT_MESSAGE_TYPES,
  ClientMessage,
  type ErrorMessage,
  type QueryMessage,
  type SubscribeMessage,
  SubscriptionId,
  WATCH_MAX_MESSAGE_BYTES,
  WATCH_MAX_SUBSCRIPTIONS,
  WatchErrorCode,
} from "@loupe/protocol";
import type { RawData, WebSocket } from "ws";
import { socketFlow } from "../cluster/flow.ts";
import { FairLimiter } from "../cluster/rate-limiter.ts";
import { CustomColumnsView } from "../columns/custom-columns.ts";
import { toErrorBody } from "../errors.ts";
import type { QuerySessions } from "../query/query-service.ts";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.ts";
import { type WatchKey, watchKey } from "../watch/watch-key.ts";
import type { WatchMetrics } from "../watch/watch-metrics.ts";
import { Outbox, type OutboxOptions } from "./outbox.ts";
import type { QueryHandlers } from "./query-handlers.ts";

/** Options of every {@link WatchSession}. */
export interface WatchSessionOptions extends OutboxOptions {
  /** Largest inbound message, in bytes (default 16 KiB, the protocol's WATCH_MAX_MESSAGE_BYTES). */
  maxMessageBytes?: number;
  /** Subscriptions one socket may hold (default 100, WATCH_MAX_SUBSCRIPTIONS). */
  maxSubscriptions?: number;
  /**
   * Of those, cross-kind queries (default 10): each may cover hundreds of kinds, and queries of different
   * namespaces or users do not share their kinds' watches.
   */
  maxQueries?: number;
  /** Keep-alive: a ping every this many ms; a socket that did not answer the previous one is dropped (default 30 000). */
  pingIntervalMs?: number;
  /**
   * New reflectors (upstream list+watch) one socket may start: `burst` at once (default 100, WATCH_MAX_SUBSCRIPTIONS,
   * so a page re-subscribing everything after a reconnect never waits), then `perSecond` (default 5). A subscribe
   * past it waits its turn, told `syncing` meanwhile; one to a key that is already watched never waits.
   */
  reflectorStarts?: { perSecond?: number; burst?: number };
}

/** Serial numbers of sockets, for their rate-limit flows. */
let sockets = 0;

/**
 * One browser tab's WebSocket: validates what the client sends (a bad message gets an `error`, never a close),
 * holds its subscriptions to the hub, and writes what they hear through its {@link Outbox}. Closing the socket
 * unsubscribes everything.
 */
export class WatchSession {
  readonly #socket: WebSocket;
  readonly #identity: string;
  readonly #hub: WatchHub;
  readonly #outbox: Outbox;
  readonly #maxMessageBytes: number;
  readonly #maxSubscriptions: number;
  readonly #subscriptions = new Map<string, { close(): void }>();
  readonly #queries: QuerySessions | undefined;
  /** Handlers of the query kinds features register (Problems), and the user's token they act with. */
  readonly #handlers: { handlers: QueryHandlers; token: string | undefined } | undefined;
  readonly #queryIds = new Set<string>();
  readonly #maxQueries: number;
  /** Subscriptions waiting for a reflector start, by id. */
  readonly #waiting = new Map<string, AbortController>();
  readonly #starts: FairLimiter;
  readonly #startsPerSecond: number;
  /** This socket's rate-limit flow: the upstream requests of every reflector it starts queue there. */
  readonly #flow = socketFlow(++sockets);
  readonly #ping: ReturnType<typeof setInterval>;
  #alive = true;

  /**
   * `identity`: whose credentials this socket's subscriptions use (see {@link WatchKey.identity}); `queries`: the
   * cross-kind queries `query` messages run (without it they are refused).
   */
  constructor(
    socket: WebSocket,
    hub: WatchHub,
    metrics: WatchMetrics,
    options: WatchSessionOptions = {},
    identity = "",
    queries?: QuerySessions,
    handlers?: { handlers: QueryHandlers; token: string | undefined },
  ) {
    this.#handlers = handlers;
    this.#identity = identity;
    this.#queries = queries;
    this.#maxQueries = options.maxQueries ?? 10;
    this.#socket = socket;
    this.#hub = hub;
    this.#maxMessageBytes = options.maxMessageBytes ?? WATCH_MAX_MESSAGE_BYTES;
    this.#maxSubscriptions = options.maxSubscriptions ?? WATCH_MAX_SUBSCRIPTIONS;
    this.#startsPerSecond = options.reflectorStarts?.perSecond ?? 5;
    this.#starts = new FairLimiter({
      qps: this.#startsPerSecond,
      burst: options.reflectorStarts?.burst ?? WATCH_MAX_SUBSCRIPTIONS,
    });
    this.#outbox = new Outbox(
      {
        get open() {
          return socket.readyState === socket.OPEN;
        },
        get bufferedAmount() {
          return socket.bufferedAmount;
        },
        send: (text) => socket.send(text),
        // Fragments of one text message; ws writes a Buffer fragment to the socket without copying it.
        sendParts: (parts) => {
          parts.forEach((part, i) => {
            socket.send(part, { binary: false, fin: i === parts.length - 1 });
          });
        },
      },
      metrics,
      options,
    );
    socket.on("message", (data, isBinary) => this.#receive(data, isBinary));
    socket.on("pong", () => {
      this.#alive = true;
    });
    socket.once("close", () => this.#close());
    this.#ping = setInterval(() => {
      if (!this.#alive) {
        socket.terminate();
        return;
      }
      this.#alive = false;
      socket.ping();
    }, options.pingIntervalMs ?? 30_000);
  }

  /** Events queued for this socket and not yet sent. */
  get pendingEvents(): number {
    return this.#outbox.pendingEvents;
  }

  /** Bytes sent to the socket and not yet written to the network. */
  get bufferedBytes(): number {
    return this.#socket.bufferedAmount;
  }

  #receive(data: RawData, isBinary: boolean): void {
    const message = this.#parse(data, isBinary);
    if (message.type === "error") this.#outbox.error(message);
    else if (message.type === "unsubscribe") this.#unsubscribe(message.id);
    else if (message.type === "subscribe") {
      const refused = this.#subscribe(message);
      if (refused) this.#outbox.error(refused);
    } else {
      const refused = this.#query(message);
      if (refused) this.#outbox.error(refused);
    }
  }

  /** The client's message, or the error that refuses it. */
  #parse(data: RawData, isBinary: boolean): ClientMessage | ErrorMessage {
    const size = Array.isArray(data) ? data.reduce((n, b) => n + b.length, 0) : data.byteLength;
    if (size > this.#maxMessageBytes) {
      return error(
        WatchErrorCode.MessageTooLarge,
        `message of ${size} bytes refused (at most ${this.#maxMessageBytes})`,
      );
    }
    if (isBinary) return error(WatchErrorCode.BadMessage, "binary frames are not part of the protocol");
    let json: unknown;
    try {
      json = JSON.parse(toText(data));
    } catch {
      return error(WatchErrorCode.BadMessage, "message is not JSON");
    }
    const type = (json as { type?: unknown } | null)?.type;
    if (typeof type !== "string") return error(WatchErrorCode.BadMessage, 'message has no string "type"');
    if (!(CLIENT_MESSAGE_TYPES as readonly string[]).includes(type)) {
      const expected = CLIENT_MESSAGE_TYPES.join(" or ");
      return error(WatchErrorCode.UnknownType, `unknown message type "${type.slice(0, 64)}" (expected ${expected})`);
    }
    const parsed = ClientMessage.safeParse(json);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "message"}: ${i.message}`);
    const id = SubscriptionId.safeParse((json as { id?: unknown }).id);
    return error(WatchErrorCode.BadMessage, `invalid ${type}: ${problems.join("; ")}`, id.data);
  }

  /** Subscribes (at once, or when this socket may start one more reflector), or says why not. */
  #subscribe(message: SubscribeMessage): ErrorMessage | undefined {
    const { id } = message;
    if (this.#subscriptions.has(id) || this.#waiting.has(id)) {
      return error(WatchErrorCode.DuplicateId, `"${id}" is subscribed already`, id);
    }
    if (this.#subscriptions.size + this.#waiting.size >= this.#maxSubscriptions) {
      return error(WatchErrorCode.TooManySubscriptions, `at most ${this.#maxSubscriptions} subscriptions`, id);
    }
    if (message.names && !message.table)
      return error(WatchErrorCode.BadMessage, "invalid subscribe: names need table: true", id);
    if (message.names && (message.columns?.length ?? 0) > 0) {
      return error(WatchErrorCode.BadMessage, "invalid subscribe: names-only rows have no custom columns", id);
    }
    let view: CustomColumnsView | undefined;
    if (message.columns && message.columns.length > 0) {
      if (!message.table) return error(WatchErrorCode.BadMessage, "invalid subscribe: columns need table: true", id);
      const compiled = CustomColumnsView.compile(message.columns, message);
      if (typeof compiled === "string") return error(WatchErrorCode.BadMessage, `invalid subscribe: ${compiled}`, id);
      view = compiled;
    }
    const key = watchKey(message, this.#identity);
    if (this.#hub.has(key) || this.#starts.tryAcquire()) return this.#start(id, key, view);
    // Past this socket's rate of new reflectors: wait for a turn (an unsubscribe meanwhile cancels it).
    const waiting = new AbortController();
    this.#waiting.set(id, waiting);
    this.#outbox.open(id);
    this.#outbox.status(
      id,
      "syncing",
      `waiting: this connection starts new watches faster than ${this.#startsPerSecond} a second`,
    );
    this.#starts.acquire("", waiting.signal).then(
      () => {
        if (waiting.signal.aborted) return;
        this.#waiting.delete(id);
        const refused = this.#start(id, key, view);
        if (refused) this.#outbox.error(refused);
      },
      () => {},
    );
    return undefined;
  }

  /** `view`: the subscription's custom columns, applied to its snapshots and events. */
  #start(id: string, key: WatchKey, view?: CustomColumnsView): ErrorMessage | undefined {
    const outbox = this.#outbox;
    outbox.open(id);
    let subscription: WatchSubscription;
    try {
      subscription = this.#hub.subscribe(
        key,
        {
          onSynced: () => outbox.snapshot(id),
          onEvents: (events) => outbox.events(id, view ? view.events(events) : events),
          onStatus: (state, text) => outbox.status(id, state, text),
        },
        this.#flow,
      );
    } catch (failure) {
      outbox.close(id);
      const body = toErrorBody(failure);
      return error(body.code, body.message, id);
    }
    this.#subscriptions.set(id, subscription);
    outbox.attach(id, view ? view.source(subscription) : subscription);
    return undefined;
  }

  /**
   * Starts a cross-kind query subscription: `syncing` at once, a snapshot of the hits when the query is set up,
   * then events and progress; `live` once every kind is read. An invalid query is an `error` for its id.
   */
  #query(message: QueryMessage): ErrorMessage | undefined {
    const { id } = message;
    if (this.#subscriptions.has(id) || this.#waiting.has(id)) {
      return error(WatchErrorCode.DuplicateId, `"${id}" is subscribed already`, id);
    }
    if (this.#subscriptions.size + this.#waiting.size >= this.#maxSubscriptions) {
      return error(WatchErrorCode.TooManySubscriptions, `at most ${this.#maxSubscriptions} subscriptions`, id);
    }
    if (message.query.kind === "problems") {
      if (this.#handlers?.handlers.has("problems")) return this.#handled(message, this.#handlers);
      return error(WatchErrorCode.BadMessage, "this server runs no problems queries", id);
    }
    const queries = this.#queries;
    if (!queries) return error(WatchErrorCode.BadMessage, "this server runs no queries", id);
    if (this.#queryIds.size >= this.#maxQueries) {
      return error(WatchErrorCode.TooManySubscriptions, `at most ${this.#maxQueries} queries on one connection`, id);
    }
    this.#queryIds.add(id);
    const outbox = this.#outbox;
    const waiting = new AbortController();
    this.#waiting.set(id, waiting);
    outbox.open(id);
    outbox.status(id, "syncing", undefined);
    let live = false;
    queries
      .open(message.context, this.#identity, message.query, {
        onEvents: (events) => outbox.events(id, events),
        onProgress: (progress) => {
          outbox.progress({ type: "progress", id, ...progress });
          if (progress.complete && !live) {
            live = true;
            outbox.status(id, "live", undefined);
          }
        },
        onFailed: (code, text) => {
          this.#unsubscribe(id);
          outbox.error(error(code, text, id));
        },
      })
      .then(
        (handle) => {
          if (waiting.signal.aborted) {
            handle.close();
            return;
          }
          this.#waiting.delete(id);
          this.#subscriptions.set(id, handle);
          outbox.attach(id, handle);
          outbox.snapshot(id);
          const progress = handle.progress();
          outbox.progress({ type: "progress", id, ...progress });
          if (progress.complete && !live) {
            live = true;
            outbox.status(id, "live", undefined);
          }
        },
        (failure: unknown) => {
          if (waiting.signal.aborted) return;
          this.#waiting.delete(id);
          this.#queryIds.delete(id);
          outbox.close(id);
          const body = toErrorBody(failure);
          outbox.error(error(body.code, body.message, id));
        },
      );
    return undefined;
  }

  /**
   * Starts a query of a kind a feature registered (Problems, DESIGN §12): its messages are its own, pulled by the
   * outbox while the socket has room. The id is held (as waiting) while it starts.
   */
  #handled(message: QueryMessage, with_: { handlers: QueryHandlers; token: string | undefined }): undefined {
    const { id } = message;
    const waiting = new AbortController();
    this.#waiting.set(id, waiting);
    with_.handlers
      .open({ id, context: message.context, query: message.query }, { token: with_.token, flow: this.#flow }, () =>
        this.#outbox.wake(),
      )
      .then(
        (query) => {
          if (waiting.signal.aborted) {
            query.close();
            return;
          }
          this.#waiting.delete(id);
          this.#subscriptions.set(id, query);
          this.#outbox.openSource(id, query);
        },
        (failure: unknown) => {
          if (waiting.signal.aborted) return;
          this.#waiting.delete(id);
          const body = toErrorBody(failure);
          this.#outbox.error(error(body.code, body.message, id));
        },
      );
    return undefined;
  }

  /** Idempotent: an unknown id (never subscribed, or refused) is not an error. */
  #unsubscribe(id: string): void {
    this.#queryIds.delete(id);
    this.#waiting.get(id)?.abort();
    this.#waiting.delete(id);
    this.#subscriptions.get(id)?.close();
    this.#subscriptions.delete(id);
    this.#outbox.close(id);
  }

  #close(): void {
    clearInterval(this.#ping);
    for (const waiting of this.#waiting.values()) waiting.abort();
    this.#waiting.clear();
    for (const subscription of this.#subscriptions.values()) subscription.close();
    this.#subscriptions.clear();
    this.#outbox.dispose();
  }
}

function error(code: string, message: string, id?: string): ErrorMessage {
  return { type: "error", ...(id === undefined ? {} : { id }), code, message };
}

function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  return Buffer.isBuffer(data) ? data.toString("utf8") : Buffer.from(data).toString("utf8");
}
