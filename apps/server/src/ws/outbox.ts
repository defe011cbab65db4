import type { ErrorMessage, QueryProgressMessage, StatusMessage, WatchEvent, WatchState } from "@loupe/protocol";
import type { WatchMetrics } from "../watch/watch-metrics.ts";

/** Options of an {@link Outbox}. */
export interface OutboxOptions {
  /** Sending pauses while more than this many bytes wait in the socket's send buffer (default 1 MiB). */
  highWaterBytes?: number;
  /**
   * Hard limit of distinct objects with pending events, per subscription (default 1 000). Past it the pending
   * events are dropped and the subscription gets a fresh snapshot when the socket has room again.
   */
  maxPendingEvents?: number;
  /** Events per `events` message at most (default 500). */
  maxEventsPerMessage?: number;
  /** How often a backed-up socket is checked for room, in ms (default 25). */
  retryMs?: number;
}

/** Where an outbox writes: a WebSocket. */
export interface Sink {
  readonly open: boolean;
  /** Bytes accepted by send() but not yet written to the network. */
  readonly bufferedAmount: number;
  send(text: string): void;
  /**
   * Sends one message made of `parts` in order (as WebSocket fragments): a shared buffer is written as it is,
   * not copied per socket.
   */
  sendParts(parts: readonly (string | Buffer)[]): void;
}

/** What a subscription's snapshot is read from, at the moment it is sent. */
export interface SnapshotSource {
  /** The snapshot as UTF-8 JSON (a WatchSnapshot object), shared by every socket that sends it. */
  snapshotBytes(): Buffer | undefined;
}

interface Lane {
  id: string;
  source: SnapshotSource | undefined;
  /** A snapshot must be sent before anything else; pending events are dropped meanwhile (it will hold them). */
  snapshotDue: boolean;
  /** Pending events by object (namespace/name/uid): latest wins. */
  events: Map<string, WatchEvent>;
  statuses: StatusMessage[];
  /** A query's latest progress (serialized), sent after its events; latest wins. */
  progress: string | undefined;
}

const MAX_CONTROL = 64;
const MAX_STATUSES = 8;

/** Serialized events, shared by every socket that sends the same event object. */
const serialized = new WeakMap<WatchEvent, string>();

/**
 * The send queue of one WebSocket (client-go's processorListener, one per consumer): what the hub hands it is
 * queued at once, never blocking the hub or other sockets, and written once per tick while the socket's send
 * buffer is below the high-water mark. While it is not, pending events of one object coalesce (latest wins);
 * past the hard limit a subscription's events are dropped for a snapshot taken when there is room again. Memory
 * per socket is thus bounded by subscriptions × maxPendingEvents references plus highWaterBytes plus one message.
 */
export class Outbox {
  readonly #sink: Sink;
  readonly #metrics: WatchMetrics;
  readonly #highWater: number;
  readonly #maxPending: number;
  readonly #maxPerMessage: number;
  readonly #retryMs: number;
  readonly #lanes = new Map<string, Lane>();
  #control: string[] = [];
  #pending = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;
  #disposed = false;

  constructor(sink: Sink, metrics: WatchMetrics, options: OutboxOptions = {}) {
    this.#sink = sink;
    this.#metrics = metrics;
    this.#highWater = options.highWaterBytes ?? 1024 * 1024;
    this.#maxPending = options.maxPendingEvents ?? 1_000;
    this.#maxPerMessage = options.maxEventsPerMessage ?? 500;
    this.#retryMs = options.retryMs ?? 25;
  }

  /** Events queued and not yet sent, over all subscriptions. */
  get pendingEvents(): number {
    return this.#pending;
  }

  /** Starts a subscription's lane; `attach` its snapshot source once the hub returned it. */
  open(id: string): void {
    this.#lanes.set(id, {
      id,
      source: undefined,
      snapshotDue: false,
      events: new Map(),
      statuses: [],
      progress: undefined,
    });
  }

  attach(id: string, source: SnapshotSource): void {
    const lane = this.#lanes.get(id);
    if (lane) lane.source = source;
    this.#schedule();
  }

  /** Drops a subscription and whatever it had pending: nothing more is sent for `id`. */
  close(id: string): void {
    const lane = this.#lanes.get(id);
    if (!lane) return;
    this.#pending -= lane.events.size;
    this.#lanes.delete(id);
  }

  /** Sends a fresh snapshot of `id` before anything else pending for it (the store was replaced). */
  snapshot(id: string): void {
    const lane = this.#lanes.get(id);
    if (!lane) return;
    this.#pending -= lane.events.size;
    lane.events.clear();
    lane.snapshotDue = true;
    this.#schedule();
  }

  events(id: string, events: readonly WatchEvent[]): void {
    const lane = this.#lanes.get(id);
    if (!lane || lane.snapshotDue) return;
    for (const event of events) {
      const key = eventKey(event);
      if (lane.events.delete(key)) {
        this.#metrics.coalesced.inc();
        this.#pending--;
      }
      lane.events.set(key, event);
      this.#pending++;
    }
    if (lane.events.size > this.#maxPending) {
      this.#metrics.resyncs.inc();
      this.snapshot(id);
      return;
    }
    this.#schedule();
  }

  status(id: string, state: WatchState, message: string | undefined): void {
    const lane = this.#lanes.get(id);
    if (!lane) return;
    lane.statuses.push({ type: "status", id, state, ...(message === undefined ? {} : { message }) });
    if (lane.statuses.length > MAX_STATUSES) lane.statuses.shift();
    this.#schedule();
  }

  /** A query's progress, sent after its pending events; a newer one replaces one not sent yet. */
  progress(message: QueryProgressMessage): void {
    const lane = this.#lanes.get(message.id);
    if (!lane) return;
    lane.progress = JSON.stringify(message);
    this.#schedule();
  }

  /** Queues an error ahead of everything else. Past 64 unsent errors (a client spamming) more are dropped. */
  error(message: ErrorMessage): void {
    if (this.#control.length >= MAX_CONTROL) return;
    this.#control.push(JSON.stringify(message));
    this.#schedule();
  }

  /** Stops sending and forgets everything (the socket closed). */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#timer);
    if (this.#immediate) clearImmediate(this.#immediate);
    for (const id of [...this.#lanes.keys()]) this.close(id);
    this.#control = [];
  }

  #schedule(backedUp = false): void {
    if (this.#disposed || this.#timer || this.#immediate) return;
    if (backedUp) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#flush();
      }, this.#retryMs);
    } else {
      this.#immediate = setImmediate(() => {
        this.#immediate = undefined;
        this.#flush();
      });
    }
  }

  #full(): boolean {
    return this.#sink.bufferedAmount > this.#highWater;
  }

  #flush(): void {
    if (this.#disposed || !this.#sink.open) return;
    if (this.#full()) {
      this.#schedule(true);
      return;
    }
    for (const text of this.#control.splice(0)) this.#sink.send(text);
    for (const lane of this.#lanes.values()) {
      if (this.#full()) {
        this.#schedule(true);
        return;
      }
      if (lane.snapshotDue && lane.source) {
        lane.snapshotDue = false;
        const snapshot = lane.source.snapshotBytes();
        // `{"resourceVersion":…}` → `{"type":"snapshot","id":…,"resourceVersion":…}`: a head of its own, then the
        // shared bytes after their `{`, neither parsed nor copied again.
        if (snapshot) {
          this.#sink.sendParts([`{"type":"snapshot","id":${JSON.stringify(lane.id)},`, snapshot.subarray(1)]);
        }
      }
      while (lane.events.size > 0) {
        if (this.#full()) {
          this.#schedule(true);
          return;
        }
        this.#sendEvents(lane);
      }
      if (lane.progress !== undefined && !lane.snapshotDue) {
        this.#sink.send(lane.progress);
        lane.progress = undefined;
      }
      for (const status of lane.statuses.splice(0)) this.#sink.send(JSON.stringify(status));
    }
  }

  #sendEvents(lane: Lane): void {
    const parts: string[] = [];
    for (const [key, event] of lane.events) {
      lane.events.delete(key);
      let text = serialized.get(event);
      if (text === undefined) {
        text = JSON.stringify(event);
        serialized.set(event, text);
      }
      parts.push(text);
      if (parts.length >= this.#maxPerMessage) break;
    }
    this.#pending -= parts.length;
    this.#metrics.eventsOut.inc(parts.length);
    this.#sink.send(`{"type":"events","id":${JSON.stringify(lane.id)},"events":[${parts.join(",")}]}`);
  }
}

/**
 * The object an event is about: `namespace/name/uid`. The uid keeps a deletion and a re-creation under the same
 * name apart, so the client still hears DELETED of the old object before ADDED of the new one.
 */
export function eventKey(event: WatchEvent): string {
  const meta = "row" in event ? event.row.object.metadata : event.object.metadata;
  return `${meta.namespace ?? ""}/${meta.name}/${meta.uid ?? ""}`;
}
