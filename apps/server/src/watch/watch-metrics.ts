import type { Counter, Gauge, MetricsRegistry } from "../metrics.ts";

/** The counters and gauges of the watch hub and the WebSocket sessions (exposed at `/metrics`). */
export interface WatchMetrics {
  /** Upstream watch streams open right now (one per live reflector). */
  upstreamWatches: Gauge;
  /** Reflectors running or lingering. */
  reflectors: Gauge;
  /** Subscribers of the hub (one per WebSocket subscription). */
  subscriptions: Gauge;
  /** Open watch WebSockets. */
  sockets: Gauge;
  /** ADDED/MODIFIED/DELETED events received from API servers (bookmarks not counted). */
  eventsIn: Counter;
  /** Events sent to WebSocket clients (one per event per subscription). */
  eventsOut: Counter;
  /** Pending events replaced by a later event of the same object before they were sent. */
  coalesced: Counter;
  /** Subscriptions whose pending events passed the hard limit and were resent as a fresh snapshot. */
  resyncs: Counter;
  /** Re-lists after the API server answered 410 Gone (initial lists not counted). */
  relists: Counter;
}

/** Gauges read at scrape time from the open sockets. */
export interface SocketGauges {
  /** Events queued and not yet sent, over all sockets. */
  pendingEvents(): number;
  /** Bytes handed to sockets and not yet written to the network, over all sockets. */
  bufferedBytes(): number;
}

/** Registers the watch metrics on `registry`. */
export function createWatchMetrics(
  registry: MetricsRegistry,
  sockets: SocketGauges = { pendingEvents: () => 0, bufferedBytes: () => 0 },
): WatchMetrics {
  registry.gauge("loupe_watch_pending_events", "Events queued for WebSocket clients, not yet sent.", () =>
    sockets.pendingEvents(),
  );
  registry.gauge("loupe_watch_buffered_bytes", "Bytes sent to WebSockets, not yet written.", () =>
    sockets.bufferedBytes(),
  );
  return {
    upstreamWatches: registry.gauge("loupe_watch_upstream_watches", "Upstream watch streams open."),
    reflectors: registry.gauge("loupe_watch_reflectors", "Reflectors running or lingering."),
    subscriptions: registry.gauge("loupe_watch_subscriptions", "WebSocket subscriptions."),
    sockets: registry.gauge("loupe_watch_sockets", "Open watch WebSockets."),
    eventsIn: registry.counter("loupe_watch_events_in_total", "Watch events received from API servers."),
    eventsOut: registry.counter("loupe_watch_events_out_total", "Watch events sent to WebSocket clients."),
    coalesced: registry.counter("loupe_watch_coalesced_total", "Pending events replaced by a later one."),
    resyncs: registry.counter("loupe_watch_resyncs_total", "Subscriptions resent as a snapshot after backlog."),
    relists: registry.counter("loupe_watch_relists_total", "Re-lists after 410 Gone."),
  };
}
