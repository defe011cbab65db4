import type { Counter, Gauge, MetricsRegistry } from "../metrics.ts";

/** The history's counters and gauges at `/metrics`. */
export interface HistoryMetrics {
  /** Changes stored (duplicates another replica stored first not counted). */
  recorded: Counter;
  /** Changes dropped because the store could not keep up or was down past the queue's bound. */
  dropped: Counter;
  /** Batches written, and the seconds they took all together (mean write latency = sum / count). */
  writes: Counter;
  writeSeconds: Counter;
  /** The slowest write of the last minute, in seconds. */
  writeMaxSeconds: Gauge;
  /** Changes seen and not yet written. */
  queued: Gauge;
  /** Bytes the history database takes (updated at each retention pass). */
  databaseBytes: Gauge;
  /** Changes removed by retention. */
  pruned: Counter;
  /** 1 when the last write or probe failed, else 0. */
  failing: Gauge;
}

export function createHistoryMetrics(registry: MetricsRegistry): HistoryMetrics {
  return {
    recorded: registry.counter("loupe_history_changes_recorded_total", "Changes stored in the history."),
    dropped: registry.counter(
      "loupe_history_changes_dropped_total",
      "Changes dropped before they were stored (the history database too slow or down).",
    ),
    writes: registry.counter("loupe_history_write_duration_seconds_count", "Batches written to the history."),
    writeSeconds: registry.counter(
      "loupe_history_write_duration_seconds_sum",
      "Seconds spent writing batches to the history.",
    ),
    writeMaxSeconds: registry.gauge(
      "loupe_history_write_duration_seconds_max",
      "The slowest history write of the last minute, in seconds.",
    ),
    queued: registry.gauge("loupe_history_queued_changes", "Changes seen and not yet written to the history."),
    databaseBytes: registry.gauge("loupe_history_database_bytes", "Bytes the history database takes."),
    pruned: registry.counter("loupe_history_changes_pruned_total", "Changes removed by retention (age or size)."),
    failing: registry.gauge("loupe_history_failing", "1 when the last history write or probe failed."),
  };
}
