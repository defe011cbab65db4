import type {
  ErrorMessage,
  QueryMessage,
  QuerySpec,
  ServerMessage,
  SubscribeMessage,
  WatchTarget,
} from "@loupe/protocol";
// The constants entry, not the package's index: the index builds every zod schema at load, which the page never uses.
import { WATCH_PATH } from "@loupe/protocol/constants";
import { isSecretsResource, maskSecrets } from "./secret-mask.ts";

/** What a subscription hears: the server's messages for its id, plus `status` the client makes up itself. */
export type SubscriptionMessage = Exclude<ServerMessage, ErrorMessage> | (ErrorMessage & { id: string });
export type SubscriptionListener = (message: SubscriptionMessage) => void;

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

/** Options of a {@link WatchSocket}. */
export interface WatchSocketOptions {
  /** Default: `/api/v1/watch` on the page's origin, `wss:` under https. */
  url?: string;
  /** Default: the browser's `WebSocket`. */
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay in ms (default 500); doubles per failed attempt up to `maxDelayMs` (default 30 000). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** Jitter source (default Math.random): each delay is uniform in [d/2, d]. */
  random?: () => number;
}

const OPEN = 1;

interface Subscription {
  /** The message that (re)starts it, for its id. */
  start: (id: string) => SubscribeMessage | QueryMessage;
  /** Whether what it hears may hold Secret values (masked before any listener sees them). */
  secrets: boolean;
  listener: SubscriptionListener;
}

/**
 * One WebSocket per tab multiplexing every watch (DESIGN §6). Connects on the first subscription; when the
 * connection drops it tells every subscription `reconnecting`, reconnects with capped exponential backoff and
 * jitter, and subscribes everything again (the server then sends fresh snapshots). Errors without an id (the
 * server refusing a message of ours) are a bug here, reported on the console.
 */
export class WatchSocket {
  readonly #url: string;
  readonly #create: (url: string) => WebSocketLike;
  readonly #minDelay: number;
  readonly #maxDelay: number;
  readonly #random: () => number;
  readonly #subscriptions = new Map<string, Subscription>();
  #socket: WebSocketLike | undefined;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #serial = 0;
  #closed = false;

  constructor(options: WatchSocketOptions = {}) {
    this.#url = options.url ?? watchUrl(globalThis.location);
    this.#create = options.createSocket ?? ((url) => new WebSocket(url) as unknown as WebSocketLike);
    this.#minDelay = options.minDelayMs ?? 500;
    this.#maxDelay = options.maxDelayMs ?? 30_000;
    this.#random = options.random ?? Math.random;
  }

  /** Starts watching `target`; returns the function that stops it. The listener hears `syncing` at once. */
  subscribe(target: WatchTarget, listener: SubscriptionListener): () => void {
    return this.#add(`w${++this.#serial}`, {
      start: (id) => ({ type: "subscribe", id, ...target }),
      secrets: isSecretsResource(target),
      listener,
    });
  }

  /**
   * Starts a cross-kind query (search or CEL) on `context`; returns the function that stops it. Its hits arrive as
   * a snapshot and events, with `progress` messages; it is started again after a reconnect, like a watch.
   */
  subscribeQuery(context: string, query: QuerySpec, listener: SubscriptionListener): () => void {
    // Hits are slim objects (no data, no spec): nothing to mask.
    return this.#add(`q${++this.#serial}`, {
      start: (id) => ({ type: "query", id, context, query }),
      secrets: false,
      listener,
    });
  }

  #add(id: string, subscription: Subscription): () => void {
    this.#subscriptions.set(id, subscription);
    subscription.listener({ type: "status", id, state: "syncing" });
    if (this.#socket?.readyState === OPEN) this.#send(subscription.start(id));
    else this.#connect();
    return () => {
      if (!this.#subscriptions.delete(id)) return;
      if (this.#socket?.readyState === OPEN) this.#socket.send(JSON.stringify({ type: "unsubscribe", id }));
    };
  }

  /** Closes the socket for good. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
    this.#socket = undefined;
  }

  #connect(): void {
    if (this.#closed || this.#socket || this.#timer) return;
    const socket = this.#create(this.#url);
    this.#socket = socket;
    socket.onopen = () => {
      for (const [id, { start }] of this.#subscriptions) this.#send(start(id));
    };
    socket.onmessage = (event) => {
      this.#failures = 0;
      this.#receive(event.data);
    };
    socket.onclose = () => this.#lost(socket);
    socket.onerror = () => socket.close();
  }

  #lost(socket: WebSocketLike): void {
    if (this.#socket !== socket) return;
    this.#socket = undefined;
    if (this.#closed) return;
    for (const [id, { listener }] of this.#subscriptions) {
      listener({ type: "status", id, state: "reconnecting", message: "the connection to Loupe was lost" });
    }
    const base = Math.min(this.#maxDelay, this.#minDelay * 2 ** this.#failures);
    this.#failures++;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (this.#subscriptions.size > 0) this.#connect();
      },
      base * (0.5 + 0.5 * this.#random()),
    );
  }

  #send(message: SubscribeMessage | QueryMessage): void {
    this.#socket?.send(JSON.stringify(message));
  }

  #receive(data: unknown): void {
    let message: ServerMessage;
    try {
      message = JSON.parse(String(data)) as ServerMessage;
    } catch {
      console.error("loupe watch: a message that is not JSON", data);
      return;
    }
    if (message.type === "error" && message.id === undefined) {
      console.error(`loupe watch: the server refused a message: ${message.code}: ${message.message}`);
      return;
    }
    const id = message.id as string;
    const subscription = this.#subscriptions.get(id);
    if (!subscription) return;
    // Secret values are masked before any listener (watch cache, activity) holds them: DESIGN §7.
    const masked = maskSecrets(message, { secrets: subscription.secrets });
    subscription.listener(masked as SubscriptionMessage);
  }
}

/** `ws(s)://<host>/api/v1/watch` for the page at `location`. */
export function watchUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${WATCH_PATH}`;
}

let shared: WatchSocket | undefined;

/** The tab's one watch socket, made on first use. */
export function watchSocket(): WatchSocket {
  shared ??= new WatchSocket();
  return shared;
}
